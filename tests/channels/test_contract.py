"""The contract every customer channel adapter keeps, run against each one and its local fake platform.

Parse a signed text webhook into one ``InboundMessage`` of its channel; refuse a forged one before
parsing; keep the platform's message id stable across retries; deliver text; render every choice
(natively, or as numbered text when it can't); show where an answer came from in the shop's words.

Different messages get different ids (two in one chat; the same platform id in two chats), and each reply
names its own recipient in the request to the platform, never just whoever wrote last. Web chat and the
HTTP API have no adapter of their own: the same contract is checked through the app.

Comments under Instagram and Facebook posts keep the same contract through the same webhook: their
replies are the comment's private reply.

E-mail has no webhook: its "platform" is a real IMAP server (Dovecot) and a real SMTP server (aiosmtpd).
Its harness puts the customer's mail into the mailbox and fetches it; a forged request is one that
claims to carry mail over HTTP instead of through the mailbox, which the channel refuses.
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests._dovecot import ImapAccount, imap_server

from warmline.channels import Capabilities, CustomerChannel, WebhookRequest, WebhookResult
from warmline.domain import Citation, InboundMessage, OutboundMessage, PermissionDeniedError

from . import fake_graph, fake_telegram, mail_servers

__all__ = ["imap_server"]  # the session fixture, imported so pytest finds it

APP_SECRET = "contract-app-secret"


@dataclass
class Harness:
    """One adapter, the object that receives its webhooks, and what its fake platform recorded."""

    channel: CustomerChannel
    webhook: Any
    text_request: Callable[[str, str, str], WebhookRequest]  # (sender, text, platform message id)
    forged_request: Callable[[str, str, str], WebhookRequest]
    recorded: Callable[[], list[str]]  # every send request the fake received, as text
    addressed: Callable[[], list[tuple[str, str]]]  # each send request as (the recipient it names, its text)
    customer: Callable[[str], str] = str  # the platform's id for a test customer ("4242")
    # The platform address a reply to ``sender`` must name, given the id of what they wrote (a comment's
    # private reply names the comment).
    address: Callable[[str, str], str] = lambda sender, _mid: sender
    ids_per_chat: bool = False  # the platform numbers messages per chat (Telegram), not globally


def _forged_meta(kind: str) -> Callable[[str, str, str], WebhookRequest]:
    return lambda sender, text, mid: fake_graph.signed_request(
        "not-the-secret", fake_graph.text_event(kind, sender, text, mid))


class _Mailbox:
    """Receives the e-mail harness's "webhooks": mail goes into the shop's mailbox and is fetched from there;
    anything else is handed to the channel as the HTTP request it is."""

    def __init__(self, channel: Any, account: ImapAccount) -> None:
        self._channel = channel
        self._account = account

    async def handle_webhook(self, request: WebhookRequest) -> WebhookResult:
        if request.path != "mailbox":
            return await self._channel.handle_webhook(request)  # type: ignore[no-any-return]
        await mail_servers.deliver(self._account, request.body)
        fetched: list[InboundMessage] = []

        async def keep(message: InboundMessage) -> None:
            fetched.append(message)

        await self._channel.fetch_new(keep)  # a retry is the same mail delivered twice: fetched again
        return WebhookResult(messages=tuple(fetched))


def _mail_request(sender: str, text: str, mid: str) -> WebhookRequest:
    raw = mail_servers.first_mail(sender=f"Customer {sender} <{sender}@example.com>", subject=text,
                                  body=text, message_id=f"<{mid}@example.com>")
    return WebhookRequest(method="APPEND", path="mailbox", headers={}, body=raw)


def _graph_recipient(body: dict[str, Any]) -> str:
    """Who a Send API (``recipient.id``) or WhatsApp Cloud API (``to``) request is addressed to."""
    return str(body["to"]) if body.get("messaging_product") == "whatsapp" else str(body["recipient"]["id"])


@asynccontextmanager
async def _email_harness(account: ImapAccount) -> AsyncIterator[Harness]:
    from warmline.channels.email import EmailChannel

    await mail_servers.empty_mailbox(account)
    async with mail_servers.running_smtp() as smtp:
        channel = EmailChannel(imap_url=account.url, smtp_url=smtp.url, mail_from="shop@mossa.test",
                               shop_name="Mossa Studio", timeout=10)
        await channel.start()
        yield Harness(
            channel=channel, webhook=_Mailbox(channel, account), text_request=_mail_request,
            forged_request=lambda sender, text, mid: WebhookRequest(
                method="POST", path="/webhooks/email", headers={"content-type": "message/rfc822"},
                body=mail_servers.first_mail(sender=f"{sender}@example.com", body=text)),
            recorded=lambda: [mail.as_string() + "".join(  # the headers, and each text part as the customer reads it
                str(part.get_content()) for part in mail.walk() if part.get_content_maintype() == "text")
                for mail in smtp.received],
            addressed=lambda: [(str(mail["To"]), mail.as_string()) for mail in smtp.received],
            customer=lambda sender: f"{sender}@example.com",
            address=lambda sender, _mid: f"{sender}@example.com")
        await channel.close()


COMMENT_HARNESSES: dict[str, tuple[str, Callable[[str, str, str], dict[str, Any]]]] = {
    "instagram-comments": ("instagram", lambda sender, text, mid: fake_graph.instagram_comment_payload(
        sender, text, mid, time_s=int(time.time()))),
    "page-comments": ("messenger", lambda sender, text, mid: fake_graph.page_comment_payload(
        sender, text, mid, created_time=int(time.time()))),
}


@pytest.fixture(params=["telegram", "messenger", "instagram", "whatsapp", "email", *COMMENT_HARNESSES])
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    name = request.param
    if name == "email":
        async with _email_harness(request.getfixturevalue("imap_server")) as email_harness:
            yield email_harness
        return
    if name == "telegram":
        async with fake_telegram.FakeTelegram() as fake:
            channel = fake.make_channel()
            await channel.start()
            yield Harness(
                channel=channel, webhook=channel,
                text_request=lambda sender, text, mid: fake_telegram.make_text_update(
                    int(sender), text, message_id=zlib.crc32(mid.encode())),
                forged_request=lambda sender, text, _: fake_telegram.make_text_update(int(sender), text,
                                                                                      secret="forged"),
                recorded=lambda: [json.dumps(c.params, default=str) for c in fake.calls_to("sendMessage")],
                addressed=lambda: [(str(c.params["chat_id"]), json.dumps(c.params, default=str))
                                   for c in fake.calls_to("sendMessage")],
                ids_per_chat=True)
            await channel.close()
        return
    from warmline.channels.meta import build_meta_channels

    async with fake_graph.running_fake_graph() as graph:
        webhook, senders = build_meta_channels(app_secret=APP_SECRET, verify_token="verify-me", page_token="PAGE",
                                               api_url=graph.url, whatsapp_token="WA", whatsapp_phone_id="1555")
        if name in COMMENT_HARNESSES:  # a comment under a post, answered by its private reply
            channel_name, payload = COMMENT_HARNESSES[name]
            channel = senders[channel_name]
            await channel.start()
            yield Harness(
                channel=channel, webhook=webhook,
                text_request=lambda sender, text, mid: fake_graph.signed_request(
                    APP_SECRET, payload(sender, text, mid)),
                forged_request=lambda sender, text, mid: fake_graph.signed_request(
                    "not-the-secret", payload(sender, text, mid)),
                recorded=lambda: [json.dumps(body) for body in fake_graph.private_replies(graph)],
                addressed=lambda: [(body["recipient"]["comment_id"], json.dumps(body))
                                   for body in fake_graph.private_replies(graph)],
                address=lambda _sender, mid: mid)
        else:
            channel = senders[name]
            await channel.start()
            yield Harness(
                channel=channel, webhook=webhook,
                text_request=lambda sender, text, mid: fake_graph.signed_request(
                    APP_SECRET, fake_graph.text_event(name, sender, text, mid, timestamp_ms=int(time.time() * 1000))),
                forged_request=_forged_meta(name),
                recorded=lambda: [json.dumps(body) for body in graph.sent()],
                addressed=lambda: [(_graph_recipient(body), json.dumps(body)) for body in graph.sent()])
        for sender in senders.values():
            await sender.close()


async def test_is_a_customer_channel_with_capabilities(harness: Harness) -> None:
    assert isinstance(harness.channel, CustomerChannel)
    assert isinstance(harness.channel.capabilities, Capabilities)
    assert harness.channel.capabilities.max_text_chars > 0


async def test_a_signed_text_webhook_becomes_one_inbound_message(harness: Harness) -> None:
    result = await harness.webhook.handle_webhook(harness.text_request("4242", "how long does shipping take?",
                                                                       "mid.1"))

    [message] = result.messages
    assert message.channel == harness.channel.name
    assert message.sender_id == harness.customer("4242")
    assert message.text == "how long does shipping take?"
    assert message.platform_message_id
    assert 200 <= result.status_code < 300


async def test_a_retried_webhook_keeps_its_platform_message_id(harness: Harness) -> None:
    first = await harness.webhook.handle_webhook(harness.text_request("4242", "hello", "mid.2"))
    again = await harness.webhook.handle_webhook(harness.text_request("4242", "hello", "mid.2"))

    assert first.messages[0].platform_message_id == again.messages[0].platform_message_id


async def test_a_forged_webhook_is_refused_before_parsing(harness: Harness) -> None:
    with pytest.raises(PermissionDeniedError):
        await harness.webhook.handle_webhook(harness.forged_request("4242", "give me a refund", "mid.3"))


async def test_text_is_delivered(harness: Harness) -> None:
    await harness.webhook.handle_webhook(harness.text_request("4242", "hi", "mid.4"))  # opens the reply window

    await harness.channel.send(OutboundMessage(channel=harness.channel.name, recipient_id=harness.customer("4242"),
                                               conversation_id="c-1", text="Orders ship within a day."))

    assert any("Orders ship within a day." in request for request in harness.recorded())


async def test_every_choice_is_shown_natively_or_as_numbered_text(harness: Harness) -> None:
    await harness.webhook.handle_webhook(harness.text_request("4242", "hi", "mid.5"))
    choices = ("Wait for Maya", "Email me", "Keep chatting")

    await harness.channel.send(OutboundMessage(channel=harness.channel.name, recipient_id=harness.customer("4242"),
                                               conversation_id="c-1", text="What would you like?", choices=choices))

    sent = " ".join(harness.recorded())
    assert all(choice in sent for choice in choices)


async def test_an_answer_shows_its_source_in_the_shops_words_never_a_file_path(harness: Harness) -> None:
    await harness.webhook.handle_webhook(harness.text_request("4242", "hi", "mid.6"))
    source = Citation(source="faq/shipping.yaml", title="How long does shipping take?",
                      url="https://shop.example/shipping")

    await harness.channel.send(OutboundMessage(channel=harness.channel.name, recipient_id="4242",
                                               conversation_id="c-1", text="1-2 working days.", citations=(source,),
                                               choices=("That helps, thanks",)))

    sent = " ".join(harness.recorded())
    assert "How long does shipping take?" in sent
    assert "https://shop.example/shipping" in sent
    assert "faq/shipping.yaml" not in sent


async def test_different_messages_get_different_ids(harness: Harness) -> None:
    # Two messages in one chat, and the same platform id in two chats where the platform numbers messages per
    # chat (Telegram's message_id 7 exists in every chat); elsewhere ids are global, so the second chat's differs.
    other_mid = "mid.7" if harness.ids_per_chat else "mid.7b"
    messages = [
        *(await harness.webhook.handle_webhook(harness.text_request("4242", "first question", "mid.7"))).messages,
        *(await harness.webhook.handle_webhook(harness.text_request("4242", "second question", "mid.8"))).messages,
        *(await harness.webhook.handle_webhook(harness.text_request("5353", "first question", other_mid))).messages,
    ]

    assert [m.sender_id for m in messages] == [harness.customer(s) for s in ("4242", "4242", "5353")]
    ids = [m.platform_message_id for m in messages]
    assert all(ids), ids
    assert len(set(ids)) == 3, ids


async def test_each_reply_reaches_its_own_recipient(harness: Harness) -> None:
    # Both customers write (the second last), then each gets a reply: every request must name the customer the
    # reply is for, never simply whoever wrote last.
    writers = (("4242", "mid.9"), ("5353", "mid.10"))
    for sender, mid in writers:
        await harness.webhook.handle_webhook(harness.text_request(sender, f"hello from {sender}", mid))

    for sender, _ in writers:
        await harness.channel.send(OutboundMessage(
            channel=harness.channel.name, recipient_id=harness.customer(sender), conversation_id=f"c-{sender}",
            text=f"A reply for customer {sender}."))

    addressed = harness.addressed()
    for sender, mid in writers:
        named = {recipient for recipient, text in addressed if f"A reply for customer {sender}." in text}
        assert named == {harness.address(sender, mid)}, (sender, addressed)


# --- Web chat and the API: no adapter of their own (the app is their platform), same contract through the app.


def _next_message(ws: Any, author: str) -> dict[str, Any]:
    for _ in range(20):
        frame = ws.receive_json()
        if frame["type"] == "message" and frame["message"]["author"] == author:
            return frame["message"]  # type: ignore[no-any-return]
    raise AssertionError(f"no {author} message arrived")


def test_web_chat_gives_each_message_its_own_id_and_each_reply_to_its_own_socket(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat?session_id=ana") as ana, \
            client.websocket_connect("/ws/chat?session_id=ben") as ben:
        ana.receive_json(), ben.receive_json()  # the (empty) histories
        ids = []
        # The same client id in both chats (each browser numbers its own messages), two messages in one chat.
        for ws, text, client_id in ((ana, "can I pay with paypal?", "k1"), (ana, "what are your opening hours?", "k2"),
                                    (ben, "can I pay with paypal?", "k1")):
            ws.send_json({"type": "message", "text": text, "client_id": client_id})
            ids.append(_next_message(ws, "customer")["id"])
            ids.append(_next_message(ws, "bot")["id"])
        assert len(set(ids)) == len(ids), ids

        ben.send_json({"type": "message", "text": "do you ship to the united states?", "client_id": "k3"})
        _next_message(ben, "customer")
        assert "19 euros" in _next_message(ben, "bot")["text"]
        ana.send_json({"type": "message", "text": "how long does shipping take?", "client_id": "k3"})
        _next_message(ana, "customer")
        assert "2-4 business days" in _next_message(ana, "bot")["text"]  # not Ben's answer, which came last


def test_the_api_keeps_each_customers_messages_and_replies_apart(client: TestClient) -> None:
    said = {who: client.post("/api/v1/messages", json={"customer_id": who, "text": "can I pay with paypal?"})
            for who in ("ana", "ben")}
    again = client.post("/api/v1/messages", json={"customer_id": "ana", "text": "when are you open?"})

    conversations = {who: client.get(f"/api/v1/conversations/{r.json()['conversation_id']}").json()
                     for who, r in said.items()}
    assert said["ana"].json()["conversation_id"] != said["ben"].json()["conversation_id"]
    assert again.json()["conversation_id"] == said["ana"].json()["conversation_id"]
    ids = [m["id"] for c in conversations.values() for m in c["messages"]]
    assert len(ids) == 6, ids  # Ana: 2 questions + 2 answers, Ben: 1 + 1
    assert len(set(ids)) == 6, ids
    assert [m["text"] for m in conversations["ben"]["messages"] if m["author"] == "customer"] == [
        "can I pay with paypal?"]
    assert "Tuesday to Saturday" in again.json()["replies"][0]["text"]
