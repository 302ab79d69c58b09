"""WhatsApp Cloud API: Meta's documented ``whatsapp_business_account`` webhooks, and replies (text, reply
buttons, lists) recorded by the fake Graph server, under the 24-hour customer-service window."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from warmline.channels import CustomerChannel
from warmline.channels.meta import MetaWebhook, WhatsAppChannel
from warmline.domain import ContentKind, DeliveryError, InboundMessage, OutboundMessage

from .fake_graph import (
    PHONE_NUMBER_ID,
    TIME_MS,
    FakeGraph,
    running_fake_graph,
    signed_request,
    whatsapp_message,
    whatsapp_payload,
)

SECRET = "wa-secret"
EVENT_TIME = datetime.fromtimestamp(TIME_MS // 1000, tz=UTC)
KERRY = {"profile": {"name": "Kerry Fisher"}, "wa_id": "16315551234"}


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    async with running_fake_graph(tokens=("wa-token", "t")) as fake:
        yield fake


@pytest.fixture
async def channel(graph: FakeGraph) -> AsyncIterator[WhatsAppChannel]:
    whatsapp = WhatsAppChannel(token="wa-token", phone_number_id=PHONE_NUMBER_ID, api_url=graph.url,
                               clock=lambda: EVENT_TIME + timedelta(hours=1))
    yield whatsapp
    await whatsapp.close()


async def parse(payload: dict[str, Any]) -> list[InboundMessage]:
    webhook = MetaWebhook(app_secret=SECRET, verify_token="v")
    return list((await webhook.handle_webhook(signed_request(SECRET, payload))).messages)


async def parse_one(kind: str, content: dict[str, Any]) -> InboundMessage:
    (message,) = await parse(whatsapp_payload([whatsapp_message("16315551234", "wamid.HBg", kind, content)],
                                              contacts=[KERRY]))
    return message


def reply(text: str = "It's on its way.", *, choices: tuple[str, ...] = (), author: str | None = None,
          to: str = "16315551234") -> OutboundMessage:
    return OutboundMessage(channel="whatsapp", recipient_id=to, conversation_id="conv-1", text=text, choices=choices,
                           author_name=author)


# --- parsing ------------------------------------------------------------------------------------------------


async def test_a_text_message_with_the_contacts_name() -> None:
    message = await parse_one("text", {"body": "Has my parcel left?"})
    assert message == InboundMessage(channel="whatsapp", sender_id="16315551234", sender_name="Kerry Fisher",
                                     text="Has my parcel left?", platform_message_id="wamid.HBg",
                                     kind=ContentKind.TEXT, received_at=EVENT_TIME)


@pytest.mark.parametrize(("interactive", "text"), [
    ({"type": "button_reply", "button_reply": {"id": "warmline.choice:Email me when it's done",
                                               "title": "Email me when it's…"}}, "Email me when it's done"),
    ({"type": "button_reply", "button_reply": {"id": "other-app-id", "title": "Yes"}}, "Yes"),
    ({"type": "list_reply", "list_reply": {"id": "warmline.choice:Size M", "title": "Size M",
                                           "description": ""}}, "Size M"),
    ({"type": "nfm_reply", "nfm_reply": "not-an-object"}, "[form response]"),
])
async def test_interactive_replies_come_back_as_the_choice(interactive: dict[str, Any], text: str) -> None:
    message = await parse_one("interactive", interactive)
    assert (message.kind, message.text) == (ContentKind.TEXT, text)


@pytest.mark.parametrize(("kind", "content", "expected_kind", "text"), [
    ("image", {"caption": "Is this the one?", "mime_type": "image/jpeg", "sha256": "abc", "id": "1"},
     ContentKind.IMAGE, "Is this the one?"),
    ("image", {"mime_type": "image/jpeg", "id": "1"}, ContentKind.IMAGE, "[photo]"),
    ("audio", {"mime_type": "audio/ogg; codecs=opus", "id": "2", "voice": True}, ContentKind.AUDIO,
     "[voice message]"),
    ("video", {"id": "3"}, ContentKind.OTHER, "[video]"),
    ("document", {"id": "4", "filename": "invoice.pdf"}, ContentKind.OTHER, "[file: invoice.pdf]"),
    ("sticker", {"id": "5", "animated": False}, ContentKind.STICKER, "[sticker]"),
    ("location", {"latitude": 59.91, "longitude": 10.75, "name": "Mossa Studio", "address": "Storgata 1"},
     ContentKind.LOCATION, "[location: Mossa Studio, Storgata 1]"),
    ("location", {"latitude": 59.91, "longitude": 10.75}, ContentKind.LOCATION, "[location: 59.91, 10.75]"),
    ("reaction", {"message_id": "wamid.ours", "emoji": "\U0001f44d"}, ContentKind.REACTION, "[reacted \U0001f44d]"),
    ("contacts", {"x": 1}, ContentKind.OTHER, "[shared a contact]"),
    ("button", {"text": "Track my order", "payload": "TRACK"}, ContentKind.TEXT, "Track my order"),
    ("unsupported", {"x": 1}, ContentKind.OTHER, "[unsupported message]"),
    ("hologram", {"x": 1}, ContentKind.OTHER, "[unsupported message]"),
])
async def test_other_content_gets_a_kind_and_a_placeholder(kind: str, content: dict[str, Any],
                                                           expected_kind: ContentKind, text: str) -> None:
    message = await parse_one(kind, content)
    assert (message.kind, message.text) == (expected_kind, text)


async def test_statuses_are_skipped_and_batches_keep_their_order() -> None:
    payload = whatsapp_payload(
        [whatsapp_message("111", "wamid.1", "text", {"body": "first"}),
         {"from": "111", "id": "wamid.sys", "timestamp": "1", "type": "system", "system": {"body": "changed"}},
         whatsapp_message("222", "wamid.2", "text", {"body": "second"})],
        contacts=[{"profile": {"name": "Ann"}, "wa_id": "111"}, {"profile": {"name": "Bo"}, "wa_id": "222"}],
        statuses=[{"id": "wamid.ours", "status": "read", "timestamp": "1", "recipient_id": "111"}])
    payload["entry"].append({"id": "2", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "statuses": [{"id": "wamid.o", "status": "delivered"}]}}]})
    messages = await parse(payload)
    assert [(m.sender_name, m.text) for m in messages] == [("Ann", "first"), ("Bo", "second")]


async def test_a_status_only_webhook_has_no_messages() -> None:
    payload = whatsapp_payload(statuses=[{"id": "wamid.x", "status": "sent", "timestamp": "1",
                                          "recipient_id": "1"}])
    assert await parse(payload) == []


# --- sending ------------------------------------------------------------------------------------------------


def test_capabilities(channel: WhatsAppChannel) -> None:
    assert isinstance(channel, CustomerChannel)
    caps = channel.capabilities
    assert (caps.buttons, caps.max_buttons, caps.max_button_chars, caps.author_names, caps.max_text_chars) == (
        True, 10, 20, False, 4096)


async def test_text_reply(channel: WhatsAppChannel, graph: FakeGraph) -> None:
    await channel.send(reply("It's on its way."))
    (request,) = graph.requests
    assert (request.path, request.headers["authorization"]) == (f"/v21.0/{PHONE_NUMBER_ID}/messages",
                                                                "Bearer wa-token")
    assert request.json == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "16315551234",
                            "type": "text", "text": {"body": "It's on its way.", "preview_url": False}}


async def test_up_to_three_choices_are_reply_buttons(channel: WhatsAppChannel, graph: FakeGraph) -> None:
    await channel.send(reply("Maya is on it.", choices=("Wait for Maya", "Email me when it's done", "Keep chatting")))
    (body,) = graph.sent()
    assert body["type"] == "interactive"
    interactive = body["interactive"]
    assert (interactive["type"], interactive["body"]) == ("button", {"text": "Maya is on it."})
    buttons = interactive["action"]["buttons"]
    assert [b["reply"]["title"] for b in buttons] == ["Wait for Maya", "Email me when it's…", "Keep chatting"]
    assert [b["reply"]["id"] for b in buttons] == ["warmline.choice:Wait for Maya",
                                                   "warmline.choice:Email me when it's done",
                                                   "warmline.choice:Keep chatting"]
    assert all(b["type"] == "reply" for b in buttons)


async def test_four_to_ten_choices_are_a_list(channel: WhatsAppChannel, graph: FakeGraph) -> None:
    choices = ("XS", "S", "M", "L", "XL", "A very long option name that needs cutting")
    await channel.send(reply("Which size?", choices=choices))
    (body,) = graph.sent()
    interactive = body["interactive"]
    assert interactive["type"] == "list"
    (section,) = interactive["action"]["sections"]
    rows = section["rows"]
    assert [r["title"] for r in rows[:5]] == ["XS", "S", "M", "L", "XL"]
    assert len(rows[5]["title"]) <= 24
    assert rows[5]["description"] == choices[5]
    assert len(interactive["action"]["button"]) <= 20


async def test_more_than_ten_choices_are_numbered_text(channel: WhatsAppChannel, graph: FakeGraph) -> None:
    await channel.send(reply("Pick a day", choices=tuple(f"Day {n}" for n in range(1, 12))))
    (body,) = graph.sent()
    assert body["type"] == "text"
    assert "11. Day 11" in body["text"]["body"]


async def test_long_text_with_buttons_puts_the_tail_in_the_interactive_body(channel: WhatsAppChannel,
                                                                           graph: FakeGraph) -> None:
    text = " ".join(f"w{n:04d}" for n in range(1500))  # 8,999 characters
    await channel.send(reply(text, choices=("Yes", "No")))
    bodies = graph.sent()
    assert [b["type"] for b in bodies] == ["text", "text", "interactive"]  # 7,979 + 1,019 characters
    texts = [b["text"]["body"] for b in bodies[:-1]] + [bodies[-1]["interactive"]["body"]["text"]]
    assert all(len(t) <= 4096 for t in texts)
    assert len(texts[-1]) <= 1024
    assert " ".join(texts) == text


async def test_a_staff_reply_is_prefixed(channel: WhatsAppChannel, graph: FakeGraph) -> None:
    await channel.send(reply("Refunded.", author="Maya"))
    assert graph.sent()[0]["text"]["body"] == "Maya: Refunded."


async def test_outside_the_window_a_template_is_needed(graph: FakeGraph) -> None:
    channel = WhatsAppChannel(token="t", phone_number_id="1", api_url=graph.url,
                              clock=lambda: EVENT_TIME + timedelta(hours=25))
    channel.note_inbound("16315551234", EVENT_TIME)
    for author in (None, "Maya"):
        with pytest.raises(DeliveryError, match="template message") as caught:
            await channel.send(reply(author=author))
        assert caught.value.permanent
    assert graph.requests == []


async def test_the_window_opens_from_a_parsed_message(graph: FakeGraph) -> None:
    clock_now = [EVENT_TIME + timedelta(hours=23)]
    webhook = MetaWebhook(app_secret=SECRET, verify_token="v")
    channel = WhatsAppChannel(token="t", phone_number_id="1", api_url=graph.url, clock=lambda: clock_now[0])
    webhook.attach(channel)
    await webhook.handle_webhook(signed_request(SECRET, whatsapp_payload(
        [whatsapp_message("16315551234", "wamid.A", "text", {"body": "hi"})])))
    await channel.send(reply())
    clock_now[0] = EVENT_TIME + timedelta(hours=24, minutes=1)
    with pytest.raises(DeliveryError, match="template"):
        await channel.send(reply())
    await channel.close()
    assert len(graph.sent()) == 1


@pytest.mark.parametrize(("status", "code", "permanent", "retry_after", "match"), [
    (400, 131047, True, None, "template"),
    (400, 130429, False, 60.0, "rate limited"),
    (400, 131056, False, 60.0, "rate limited"),
    (401, 190, True, None, "access token"),
    (500, 131000, False, None, "temporary"),
])
async def test_cloud_api_errors(channel: WhatsAppChannel, graph: FakeGraph, status: int, code: int,
                                permanent: bool, retry_after: float | None, match: str) -> None:
    graph.fail_next(status, code=code)
    with pytest.raises(DeliveryError, match=match) as caught:
        await channel.send(reply())
    assert (caught.value.permanent, caught.value.retry_after, caught.value.channel) == (
        permanent, retry_after, "whatsapp")


async def test_a_permanent_failure_forgets_progress(channel: WhatsAppChannel, graph: FakeGraph) -> None:
    message = OutboundMessage(channel="whatsapp", recipient_id="1", conversation_id="c", message_id="out-9",
                              text="x " * 2500, choices=("A", "B"))  # a text piece, then the buttons
    graph.fail_next(200, body={"messages": [{"id": "wamid.1"}]})
    graph.fail_next(400, code=100, message="invalid parameter")
    with pytest.raises(DeliveryError) as caught:
        await channel.send(message)
    assert caught.value.permanent
    await channel.send(message)  # e.g. staff fixed something and re-sent: the whole message again
    assert [b["type"] for b in graph.sent()] == ["text", "interactive", "text", "interactive"]


async def test_a_user_known_only_by_username_is_read_and_answered_by_user_id(channel: WhatsAppChannel,
                                                                             graph: FakeGraph) -> None:
    (message,) = await parse(whatsapp_payload(
        [{"from_user_id": "US.1349120865", "id": "wamid.u1", "timestamp": "1764806400", "type": "text",
          "text": {"body": "hi"}}],
        contacts=[{"profile": {"name": "Sheena", "username": "@sheena"}, "user_id": "US.1349120865"}]))

    await channel.send(reply("Hello!", to=message.sender_id))

    assert (message.sender_id, message.sender_name) == ("US.1349120865", "Sheena")
    (request,) = graph.requests
    assert request.json["recipient"] == "US.1349120865"
    assert "to" not in request.json


async def test_one_unusable_message_in_a_batch_is_skipped_and_the_others_are_read() -> None:
    messages = await parse(whatsapp_payload([
        {"from": "1", "id": "w1", "type": "text", "text": "not an object"},
        {"from": "2", "id": "w2", "type": "text", "text": {"body": "hello"}}]))

    assert [(m.sender_id, m.text) for m in messages] == [("2", "hello")]
