"""Instagram DMs: Meta's documented ``instagram`` events (DMs, story replies and mentions, reactions, shares,
unsends) and replies through the Send API with Instagram's limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from warmline.channels import CustomerChannel
from warmline.channels.meta import InstagramChannel, MetaWebhook
from warmline.domain import ContentKind, DeliveryError, InboundMessage, OutboundMessage

from .fake_graph import TIME_MS, FakeGraph, messaging_event, messaging_payload, running_fake_graph, signed_request

SECRET = "ig-secret"
EVENT_TIME = datetime.fromtimestamp(TIME_MS / 1000, tz=UTC)


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    async with running_fake_graph(tokens=("page-token", "p")) as fake:
        yield fake


async def parse(*events: dict[str, Any]) -> list[InboundMessage]:
    webhook = MetaWebhook(app_secret=SECRET, verify_token="v")
    result = await webhook.handle_webhook(signed_request(SECRET, messaging_payload("instagram", list(events))))
    assert all(m.channel == "instagram" for m in result.messages)
    return list(result.messages)


async def test_a_direct_message() -> None:
    (message,) = await parse(messaging_event("igsid-9", message={"mid": "aWdfZAG", "text": "Is the blue one back?"}))
    assert (message.sender_id, message.text, message.platform_message_id, message.kind, message.received_at) == (
        "igsid-9", "Is the blue one back?", "aWdfZAG", ContentKind.TEXT, EVENT_TIME)


async def test_a_story_reply_keeps_the_text_and_notes_the_story() -> None:
    (message,) = await parse(messaging_event("igsid-9", message={
        "mid": "m_story", "text": "Where can I buy this?",
        "reply_to": {"story": {"url": "https://lookaside.fbsbx.com/story.jpg", "id": "17890012345"}}}))
    assert message.kind is ContentKind.TEXT
    assert message.text == "Where can I buy this? (reply to your story)"


async def test_a_story_mention() -> None:
    (message,) = await parse(messaging_event("igsid-9", message={
        "mid": "m_mention", "attachments": [{"type": "story_mention",
                                             "payload": {"url": "https://lookaside.fbsbx.com/m.jpg"}}]}))
    assert (message.kind, message.text) == (ContentKind.OTHER, "[mentioned you in their story]")


@pytest.mark.parametrize(("reaction", "text"), [
    ({"mid": "m_t", "action": "react", "reaction": "love", "emoji": "\u2764\ufe0f"}, "[reacted \u2764\ufe0f]"),
    ({"mid": "m_t", "action": "unreact"}, "[removed a reaction]"),
])
async def test_reactions(reaction: dict[str, str], text: str) -> None:
    (message,) = await parse(messaging_event("igsid-9", reaction=reaction))
    assert (message.kind, message.text) == (ContentKind.REACTION, text)
    assert message.platform_message_id != "m_t"


@pytest.mark.parametrize(("message_body", "kind", "text"), [
    ({"mid": "m_s", "attachments": [{"type": "share", "payload": {"url": "https://instagram.com/p/x"}}]},
     ContentKind.OTHER, "[shared a post]"),
    ({"mid": "m_r", "attachments": [{"type": "ig_reel", "payload": {"reel_video_id": "1", "title": "t"}}]},
     ContentKind.OTHER, "[shared a reel]"),
    ({"mid": "m_i", "attachments": [{"type": "image", "payload": {"url": "https://cdn/x.jpg"}}]},
     ContentKind.IMAGE, "[photo]"),
    ({"mid": "m_u", "is_unsupported": True}, ContentKind.OTHER, "[unsupported message]"),
    ({"mid": "m_d", "is_deleted": True}, ContentKind.DELETE, "[deleted a message]"),
])
async def test_other_content_never_crashes(message_body: dict[str, Any], kind: ContentKind, text: str) -> None:
    (message,) = await parse(messaging_event("igsid-9", message=message_body))
    assert (message.kind, message.text) == (kind, text)


async def test_an_unsend_does_not_reuse_the_deleted_messages_id() -> None:
    (message,) = await parse(messaging_event("igsid-9", message={"mid": "m_gone", "is_deleted": True}))
    assert message.platform_message_id == "m_gone:deleted"


async def test_echoes_and_reads_are_skipped_and_batches_keep_order() -> None:
    messages = await parse(
        messaging_event("igsid-1", message={"mid": "m_1", "text": "one"}),
        messaging_event("ig-business", message={"mid": "m_e", "text": "echo", "is_echo": True}),
        messaging_event("igsid-1", read={"mid": "m_1"}),
        messaging_event("igsid-2", message={"mid": "m_2", "text": "two"}),
    )
    assert [(m.sender_id, m.text) for m in messages] == [("igsid-1", "one"), ("igsid-2", "two")]


async def test_comment_changes_are_comments_not_dms() -> None:
    webhook = MetaWebhook(app_secret=SECRET, verify_token="v")
    payload = {"object": "instagram", "entry": [{"id": "1", "time": 1, "changes": [
        {"field": "comments", "value": {"id": "c1", "text": "nice", "from": {"id": "u"}, "media": {"id": "m1"}}},
        {"field": "mentions", "value": {"media_id": "m2", "comment_id": "c2"}}]}]}

    [message] = (await webhook.handle_webhook(signed_request(SECRET, payload))).messages

    assert message.comment is not None  # parsed in detail in test_meta_comments.py
    assert (message.text, message.comment.comment_id, message.comment.post_id) == ("nice", "c1", "m1")


# --- sending ------------------------------------------------------------------------------------------------


async def test_reply_with_quick_replies_and_the_1000_character_limit(graph: FakeGraph) -> None:
    channel = InstagramChannel(page_token="page-token", api_url=graph.url)
    assert isinstance(channel, CustomerChannel)
    assert channel.capabilities.max_text_chars == 1000
    text = "x" * 1500
    await channel.send(OutboundMessage(channel="instagram", recipient_id="igsid-9", conversation_id="c",
                                       text=text, choices=("Yes please", "No thanks")))
    await channel.close()
    bodies = graph.sent()
    assert [len(b["message"]["text"]) for b in bodies] == [1000, 500]
    assert all(b["recipient"] == {"id": "igsid-9"} for b in bodies)
    assert [q["title"] for q in bodies[-1]["message"]["quick_replies"]] == ["Yes please", "No thanks"]


async def test_staff_reply_uses_human_agent_tag_after_24_hours(graph: FakeGraph) -> None:
    channel = InstagramChannel(page_token="p", api_url=graph.url, clock=lambda: EVENT_TIME + timedelta(days=2))
    channel.note_inbound("igsid-9", EVENT_TIME)
    await channel.send(OutboundMessage(channel="instagram", recipient_id="igsid-9", conversation_id="c",
                                       text="Found it!", author_name="Maya"))
    with pytest.raises(DeliveryError, match="24-hour window"):
        await channel.send(OutboundMessage(channel="instagram", recipient_id="igsid-9", conversation_id="c",
                                           text="bot text"))
    await channel.close()
    (body,) = graph.sent()
    assert (body["messaging_type"], body["tag"], body["message"]["text"]) == ("MESSAGE_TAG", "HUMAN_AGENT",
                                                                              "Maya: Found it!")


async def test_long_non_latin_text_is_split_by_bytes_too(graph: FakeGraph) -> None:
    channel = InstagramChannel(page_token="p", api_url=graph.url)
    text = " ".join(["спасибо"] * 150)  # 1,199 characters, 2,249 bytes
    await channel.send(OutboundMessage(channel="instagram", recipient_id="igsid-9", conversation_id="c", text=text))
    await channel.close()
    pieces = [b["message"]["text"] for b in graph.sent()]
    assert len(pieces) == 3
    assert all(len(p.encode()) <= 1000 for p in pieces)
    assert " ".join(pieces) == text


async def test_a_photo_sent_in_reply_to_a_story_keeps_both() -> None:
    (message,) = await parse(messaging_event("igsid-9", message={
        "mid": "m_sp", "attachments": [{"type": "image", "payload": {"url": "https://cdn/x.jpg"}}],
        "reply_to": {"story": {"url": "https://lookaside.fbsbx.com/s.jpg", "id": "178"}}}))
    assert (message.kind, message.text) == (ContentKind.IMAGE, "[photo] (reply to your story)")
