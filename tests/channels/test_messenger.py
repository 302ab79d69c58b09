"""Messenger: parsing Meta's documented ``page`` events, and replies through the Send API (recorded by the
fake Graph server) under the 24-hour / 7-day HUMAN_AGENT window rules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from warmline.channels import CustomerChannel
from warmline.channels.meta import MessengerChannel, MetaWebhook
from warmline.domain import ContentKind, DeliveryError, InboundMessage, OutboundMessage

from .fake_graph import TIME_MS, FakeGraph, messaging_event, messaging_payload, running_fake_graph, signed_request

SECRET = "s3cret"
EVENT_TIME = datetime.fromtimestamp(TIME_MS / 1000, tz=UTC)


class Clock:
    """A settable clock for the messaging window."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    async with running_fake_graph(tokens=("page-token", "p")) as fake:
        yield fake


@pytest.fixture
def clock() -> Clock:
    return Clock(EVENT_TIME + timedelta(minutes=5))


@pytest.fixture
async def channel(graph: FakeGraph, clock: Clock) -> AsyncIterator[MessengerChannel]:
    messenger = MessengerChannel(page_token="page-token", api_url=graph.url, clock=clock)
    await messenger.start()
    yield messenger
    await messenger.close()


async def parse(*events: dict[str, Any]) -> list[InboundMessage]:
    webhook = MetaWebhook(app_secret=SECRET, verify_token="v")
    result = await webhook.handle_webhook(signed_request(SECRET, messaging_payload("page", list(events))))
    return list(result.messages)


def reply(text: str = "Thanks for waiting!", *, choices: tuple[str, ...] = (), author: str | None = None,
          to: str = "psid-1") -> OutboundMessage:
    return OutboundMessage(channel="messenger", recipient_id=to, conversation_id="conv-1", text=text,
                           choices=choices, author_name=author)


# --- parsing ------------------------------------------------------------------------------------------------


async def test_a_text_message() -> None:
    (message,) = await parse(messaging_event("psid-1", message={"mid": "m_AbC", "text": "Do you ship to Oslo?"}))
    assert message == InboundMessage(channel="messenger", sender_id="psid-1", text="Do you ship to Oslo?",
                                     platform_message_id="m_AbC", kind=ContentKind.TEXT, received_at=EVENT_TIME)


async def test_a_quick_reply_we_sent_comes_back_as_the_full_choice() -> None:
    (message,) = await parse(messaging_event("psid-1", message={
        "mid": "m_2", "text": "Email me when it's…",
        "quick_reply": {"payload": "warmline.choice:Email me when it's done"}}))
    assert (message.text, message.kind) == ("Email me when it's done", ContentKind.TEXT)


async def test_someone_elses_quick_reply_comes_back_as_its_title() -> None:
    (message,) = await parse(messaging_event("psid-1", message={
        "mid": "m_3", "text": "Red", "quick_reply": {"payload": "COLOR_RED"}}))
    assert message.text == "Red"


async def test_a_postback_comes_back_as_its_title() -> None:
    (message,) = await parse(messaging_event("psid-1", postback={
        "mid": "m_pb", "title": "Get Started", "payload": "GET_STARTED"}))
    assert (message.text, message.platform_message_id, message.kind) == ("Get Started", "m_pb", ContentKind.TEXT)


async def test_a_postback_without_mid_gets_a_stable_id() -> None:
    event = messaging_event("psid-1", postback={"title": "Talk to Maya", "payload": "x"})
    first, second = (await parse(event))[0], (await parse(event))[0]
    assert first.platform_message_id == second.platform_message_id
    assert first.platform_message_id
    assert "psid-1" in first.platform_message_id


@pytest.mark.parametrize(("attachment", "kind", "text"), [
    ({"type": "image", "payload": {"url": "https://cdn/x.jpg"}}, ContentKind.IMAGE, "[photo]"),
    ({"type": "image", "payload": {"url": "https://cdn/s.png", "sticker_id": 369239263222822}},
     ContentKind.STICKER, "[sticker]"),
    ({"type": "audio", "payload": {"url": "https://cdn/a.mp4"}}, ContentKind.AUDIO, "[voice message]"),
    ({"type": "video", "payload": {"url": "https://cdn/v.mp4"}}, ContentKind.OTHER, "[video]"),
    ({"type": "file", "payload": {"url": "https://cdn/f.pdf"}}, ContentKind.OTHER, "[file]"),
    ({"type": "location", "payload": {"coordinates": {"lat": 59.91, "long": 10.75}}},
     ContentKind.LOCATION, "[location: 59.91, 10.75]"),
    ({"type": "fallback", "payload": {"url": "https://example.com"}}, ContentKind.OTHER, "[shared a link]"),
    ({"type": "hologram"}, ContentKind.OTHER, "[attachment]"),
])
async def test_attachments_become_a_kind_and_a_placeholder(attachment: dict[str, Any], kind: ContentKind,
                                                           text: str) -> None:
    (message,) = await parse(messaging_event("psid-1", message={"mid": "m_att", "attachments": [attachment]}))
    assert (message.kind, message.text, message.platform_message_id) == (kind, text, "m_att")


async def test_several_attachments_in_one_message() -> None:
    (message,) = await parse(messaging_event("psid-1", message={"mid": "m_4", "attachments": [
        {"type": "image", "payload": {"url": "a"}}, {"type": "image", "payload": {"url": "b"}}]}))
    assert (message.kind, message.text) == (ContentKind.IMAGE, "[photo] [photo]")


async def test_echoes_delivery_and_read_receipts_are_skipped() -> None:
    messages = await parse(
        messaging_event("page-id", message={"mid": "m_echo", "text": "our reply", "is_echo": True, "app_id": 1}),
        messaging_event("psid-1", delivery={"mids": ["m_echo"], "watermark": TIME_MS}),
        messaging_event("psid-1", read={"watermark": TIME_MS}),
        messaging_event("psid-1", optin={"ref": "x"}),
        messaging_event("psid-1", message={"mid": "m_real", "text": "and a real one"}),
    )
    assert [(m.platform_message_id, m.text) for m in messages] == [("m_real", "and a real one")]


async def test_a_reaction_gets_its_own_id() -> None:
    (message,) = await parse(messaging_event("psid-1", reaction={
        "mid": "m_target", "action": "react", "reaction": "love", "emoji": "\u2764"}))
    assert (message.kind, message.text) == (ContentKind.REACTION, "[reacted \u2764]")
    assert message.platform_message_id != "m_target"
    assert message.platform_message_id
    assert message.platform_message_id.startswith("m_target:")


async def test_an_edit_carries_the_new_text() -> None:
    (message,) = await parse(messaging_event("psid-1", message_edit={
        "mid": "m_orig", "text": "Actually size M", "num_edit": 1}))
    assert (message.kind, message.text, message.platform_message_id) == (
        ContentKind.EDIT, "Actually size M", "m_orig:edit:1")


# --- sending ------------------------------------------------------------------------------------------------


def test_the_channel_meets_the_interface(channel: MessengerChannel) -> None:
    assert isinstance(channel, CustomerChannel)
    caps = channel.capabilities
    assert (caps.buttons, caps.max_buttons, caps.max_button_chars, caps.author_names, caps.max_text_chars) == (
        True, 13, 20, False, 2000)


async def test_plain_text_reply(channel: MessengerChannel, graph: FakeGraph) -> None:
    await channel.send(reply("Your order ships today."))
    (request,) = graph.requests
    assert (request.method, request.path) == ("POST", "/v21.0/me/messages")
    assert request.headers["authorization"] == "Bearer page-token"
    assert request.json == {"recipient": {"id": "psid-1"}, "messaging_type": "RESPONSE",
                            "message": {"text": "Your order ships today."}}


async def test_choices_become_quick_replies(channel: MessengerChannel, graph: FakeGraph) -> None:
    choices = ("Wait for Maya", "Email me when it's done", "Keep chatting")
    await channel.send(reply("Maya can look at it in 20 minutes.", choices=choices))
    (body,) = graph.sent()
    quick = body["message"]["quick_replies"]
    assert [q["content_type"] for q in quick] == ["text"] * 3
    assert [q["title"] for q in quick] == ["Wait for Maya", "Email me when it's…", "Keep chatting"]
    assert all(len(q["title"]) <= 20 for q in quick)
    assert [q["payload"] for q in quick] == [f"warmline.choice:{c}" for c in choices]


async def test_more_than_13_choices_fall_back_to_numbered_text(channel: MessengerChannel, graph: FakeGraph) -> None:
    choices = tuple(f"Size {n}" for n in range(14))
    await channel.send(reply("Which size?", choices=choices))
    (body,) = graph.sent()
    assert "quick_replies" not in body["message"]
    assert "14. Size 13" in body["message"]["text"]


async def test_long_text_is_split_and_quick_replies_ride_on_the_last_piece(channel: MessengerChannel,
                                                                          graph: FakeGraph) -> None:
    text = " ".join(f"word{n}" for n in range(700))  # ~5,500 characters
    await channel.send(reply(text, choices=("Yes", "No")))
    bodies = graph.sent()
    assert len(bodies) == 3
    assert all(len(b["message"]["text"]) <= 2000 for b in bodies)
    assert " ".join(b["message"]["text"] for b in bodies) == text
    assert ["quick_replies" in b["message"] for b in bodies] == [False, False, True]


async def test_a_staff_reply_is_prefixed_with_the_name(channel: MessengerChannel, graph: FakeGraph) -> None:
    await channel.send(reply("I've refunded it.", author="Maya"))
    assert graph.sent()[0]["message"]["text"] == "Maya: I've refunded it."


async def test_typing_indicator(channel: MessengerChannel, graph: FakeGraph) -> None:
    await channel.typing("psid-1")
    assert graph.sent() == [{"recipient": {"id": "psid-1"}, "sender_action": "typing_on"}]


async def test_typing_failure_is_not_raised(channel: MessengerChannel, graph: FakeGraph) -> None:
    graph.fail_next(500)
    await channel.typing("psid-1")
    assert len(graph.requests) == 1


async def test_empty_text_is_a_permanent_error(channel: MessengerChannel, graph: FakeGraph) -> None:
    with pytest.raises(DeliveryError) as caught:
        await channel.send(reply("   "))
    assert caught.value.permanent
    assert graph.requests == []


# --- the messaging window -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("hours", "author", "expected"), [
    (1, None, {"messaging_type": "RESPONSE"}),
    (23.9, None, {"messaging_type": "RESPONSE"}),
    (1, "Maya", {"messaging_type": "RESPONSE"}),
    (30, "Maya", {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}),
    (24 * 6.9, "Maya", {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}),
])
async def test_window_rules_allow(channel: MessengerChannel, graph: FakeGraph, clock: Clock, hours: float,
                                  author: str | None, expected: dict[str, str]) -> None:
    channel.note_inbound("psid-1", EVENT_TIME)
    clock.now = EVENT_TIME + timedelta(hours=hours)
    await channel.send(reply(author=author))
    (body,) = graph.sent()
    assert {k: v for k, v in body.items() if k in ("messaging_type", "tag")} == expected


@pytest.mark.parametrize(("hours", "author", "rule"), [
    (24.1, None, "24-hour window"),
    (24 * 8, None, "24-hour window"),
    (24 * 7.1, "Maya", "7-day human-agent window"),
])
async def test_window_rules_refuse_without_calling_meta(channel: MessengerChannel, graph: FakeGraph, clock: Clock,
                                                        hours: float, author: str | None, rule: str) -> None:
    channel.note_inbound("psid-1", EVENT_TIME)
    clock.now = EVENT_TIME + timedelta(hours=hours)
    with pytest.raises(DeliveryError, match=rule) as caught:
        await channel.send(reply(author=author))
    assert caught.value.permanent
    assert graph.requests == []


async def test_a_newer_message_reopens_the_window(channel: MessengerChannel, graph: FakeGraph, clock: Clock) -> None:
    channel.note_inbound("psid-1", EVENT_TIME)
    channel.note_inbound("psid-1", EVENT_TIME + timedelta(hours=40))
    channel.note_inbound("psid-1", EVENT_TIME + timedelta(hours=2))  # an older one arriving late changes nothing
    clock.now = EVENT_TIME + timedelta(hours=50)
    await channel.send(reply())
    assert graph.sent()[0]["messaging_type"] == "RESPONSE"


async def test_parsed_messages_feed_the_window(graph: FakeGraph, clock: Clock) -> None:
    webhook = MetaWebhook(app_secret=SECRET, verify_token="v")
    channel = MessengerChannel(page_token="p", api_url=graph.url, clock=clock)
    webhook.attach(channel)
    await channel.handle_webhook(signed_request(SECRET, messaging_payload("page", [
        messaging_event("psid-1", message={"mid": "m_1", "text": "hi"})])))
    clock.now = EVENT_TIME + timedelta(hours=25)
    with pytest.raises(DeliveryError, match="24-hour window"):
        await channel.send(reply())
    await channel.close()


async def test_meta_refusing_outside_the_window_is_permanent(channel: MessengerChannel, graph: FakeGraph) -> None:
    graph.fail_next(400, code=10, subcode=2018278, message="(#10) This message is sent outside of allowed window.")
    with pytest.raises(DeliveryError, match="24-hour messaging window") as caught:
        await channel.send(reply(to="never-seen"))
    assert caught.value.permanent


async def test_a_retry_after_a_partial_failure_resumes_without_repeating(channel: MessengerChannel,
                                                                         graph: FakeGraph) -> None:
    text = "\n\n".join(["a" * 1500, "b" * 1500, "c" * 1500])
    message = OutboundMessage(channel="messenger", recipient_id="psid-1", conversation_id="c", text=text,
                              message_id="out-1")
    graph.requests.clear()
    # the first piece goes out, the second hits a rate limit: the outbox will retry the whole message
    graph.fail_next(200, body={"recipient_id": "psid-1", "message_id": "m_1"})
    graph.fail_next(429, code=613, headers={"Retry-After": "1"})
    with pytest.raises(DeliveryError):
        await channel.send(message)
    await channel.send(message)
    texts = [b["message"]["text"][0] for b in graph.sent()]
    assert texts == ["a", "b", "b", "c"]  # "a" once; "b" attempted twice (the first was refused)
    await channel.send(message)  # a completed message sent again (a new outbox item) goes out whole
    assert [b["message"]["text"][0] for b in graph.sent()][4:] == ["a", "b", "c"]


async def test_a_chat_plugin_guest_is_answered_by_user_ref(channel: MessengerChannel, graph: FakeGraph) -> None:
    (message,) = await parse(messaging_event("ignored", postback={"title": "Get Started", "payload": "GET_STARTED"})
                             | {"sender": {"user_ref": "guest-42"}})

    await channel.send(reply("Hi! How can I help?", to=message.sender_id))

    assert message.sender_id == "user_ref:guest-42"
    (body,) = graph.sent()
    assert body["recipient"] == {"user_ref": "guest-42"}
