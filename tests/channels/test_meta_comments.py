"""Comments under posts: parsed from Instagram ``comments`` and Page ``feed`` webhooks, answered by private reply.

The webhooks go through the real ``/webhooks/meta`` handler (signed); replies go to the local fake Graph API.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from warmline.channels.messenger import SendApiChannel
from warmline.channels.meta import MetaWebhook, build_meta_channels
from warmline.domain import ContentKind, DeliveryError, InboundMessage, OutboundMessage, PostComment

from . import fake_graph
from .fake_graph import FakeGraph, private_replies

APP_SECRET = "comments-app-secret"
COMMENT_TIME = datetime.fromtimestamp(fake_graph.TIME_MS // 1000, tz=UTC)


class Clock:
    """A settable clock for the private-reply and messaging windows."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    async with fake_graph.running_fake_graph() as running:
        yield running


@pytest.fixture
def clock() -> Clock:
    return Clock(COMMENT_TIME + timedelta(minutes=5))


@pytest.fixture
async def meta(graph: FakeGraph, clock: Clock) -> AsyncIterator[tuple[MetaWebhook, dict[str, SendApiChannel]]]:
    webhook, senders = build_meta_channels(app_secret=APP_SECRET, verify_token="verify-me", page_token="PAGE",
                                           api_url=graph.url, public_comment_reply="Sent you a DM 💌")
    channels = {name: sender for name, sender in senders.items() if isinstance(sender, SendApiChannel)}
    for channel in channels.values():
        channel._clock = clock  # the same clock for both windows
        await channel.start()
    yield webhook, channels
    for channel in channels.values():
        await channel.close()


async def receive(webhook: MetaWebhook, payload: dict[str, Any]) -> list[InboundMessage]:
    return list((await webhook.handle_webhook(fake_graph.signed_request(APP_SECRET, payload))).messages)


def answer(channel: str, text: str = "The size guide: S 36-38, M 40-42, L 44-46.") -> OutboundMessage:
    return OutboundMessage(channel=channel, recipient_id="ig-ana", conversation_id="c-1", text=text)


async def test_an_instagram_comment_is_a_message_that_knows_its_post(meta: Any) -> None:
    webhook, _ = meta

    [message] = await receive(webhook, fake_graph.instagram_comment_payload(
        "ig-ana", "size guide?", "17858893269000001", media_product_type="REELS"))

    assert message.channel == "instagram"
    assert message.sender_id == "ig-ana"  # the same id as their DMs: one customer
    assert message.sender_name == "ana.makes"
    assert message.text == "size guide?"
    assert message.platform_message_id == "comment:17858893269000001"
    assert message.received_at == COMMENT_TIME
    assert message.comment == PostComment(comment_id="17858893269000001", post_id="17900000000000001",
                                          media_type="REELS")


async def test_a_reply_in_a_comment_thread_names_its_parent(meta: Any) -> None:
    webhook, _ = meta

    [message] = await receive(webhook, fake_graph.instagram_comment_payload(
        "ig-ana", "and in blue?", "c-2", parent_id="c-1"))

    assert message.comment is not None
    assert message.comment.parent_id == "c-1"


async def test_our_own_public_replies_coming_back_are_skipped(meta: Any) -> None:
    webhook, _ = meta

    assert await receive(webhook, fake_graph.instagram_comment_payload(
        fake_graph.IG_ACCOUNT_ID, "Sent you a DM 💌", "c-3")) == []
    assert await receive(webhook, fake_graph.page_comment_payload(fake_graph.PAGE_ID, "Sent you a DM", "c-4")) == []


async def test_a_page_comment_carries_the_posts_permalink(meta: Any) -> None:
    webhook, _ = meta

    [message] = await receive(webhook, fake_graph.page_comment_payload("fb-ana", "price?", "5550001_901"))

    assert message.channel == "messenger"
    assert (message.sender_id, message.sender_name, message.text) == ("fb-ana", "Ana Silva", "price?")
    assert message.comment == PostComment(
        comment_id="5550001_901", post_id=f"{fake_graph.PAGE_ID}_5550001", parent_id=None,
        permalink=f"https://www.facebook.com/{fake_graph.PAGE_ID}/posts/5550001", media_type="added_photos")


@pytest.mark.parametrize(("verb", "kind", "text", "mid"), [
    ("edited", ContentKind.EDIT, "price in EUR?", f"comment:5550001_901:edit:{fake_graph.TIME_MS // 1000}"),
    ("remove", ContentKind.DELETE, "[deleted a comment]", "comment:5550001_901:deleted"),
])
async def test_edited_and_removed_page_comments(meta: Any, verb: str, kind: ContentKind, text: str, mid: str) -> None:
    webhook, _ = meta

    [message] = await receive(webhook, fake_graph.page_comment_payload("fb-ana", "price in EUR?", "5550001_901",
                                                                       verb=verb))

    assert (message.kind, message.text, message.platform_message_id) == (kind, text, mid)


async def test_other_feed_items_are_skipped(meta: Any) -> None:
    webhook, _ = meta
    payload = fake_graph.page_comment_payload("fb-ana", "x", "c")
    payload["entry"][0]["changes"][0]["value"]["item"] = "reaction"

    assert await receive(webhook, payload) == []


async def test_the_answer_to_a_comment_is_one_private_reply_plus_the_public_note(meta: Any, graph: FakeGraph) -> None:
    webhook, channels = meta
    await receive(webhook, fake_graph.instagram_comment_payload("ig-ana", "SIZE", "c-10"))

    await channels["instagram"].send(answer("instagram"))

    assert private_replies(graph) == [{"recipient": {"comment_id": "c-10"},
                                       "message": {"text": "The size guide: S 36-38, M 40-42, L 44-46."}}]
    assert graph.sent("/c-10/replies") == [{"message": "Sent you a DM 💌"}]


async def test_a_page_comments_public_note_goes_to_its_comments_edge(meta: Any, graph: FakeGraph) -> None:
    webhook, channels = meta
    await receive(webhook, fake_graph.page_comment_payload("ig-ana", "price?", "5550001_77"))

    await channels["messenger"].send(answer("messenger", "It is 24 euros."))

    assert [body["recipient"] for body in private_replies(graph)] == [{"comment_id": "5550001_77"}]
    assert graph.sent("/5550001_77/comments") == [{"message": "Sent you a DM 💌"}]


async def test_only_one_private_reply_per_comment(meta: Any, graph: FakeGraph) -> None:
    webhook, channels = meta
    await receive(webhook, fake_graph.instagram_comment_payload("ig-ana", "SIZE", "c-11"))
    await channels["instagram"].send(answer("instagram"))

    with pytest.raises(DeliveryError, match="one private reply per comment, and it was already sent") as raised:
        await channels["instagram"].send(answer("instagram", "One more thing"))
    assert raised.value.permanent

    assert len(private_replies(graph)) == 1


async def test_no_private_reply_after_seven_days(meta: Any, graph: FakeGraph, clock: Clock) -> None:
    webhook, channels = meta
    await receive(webhook, fake_graph.instagram_comment_payload("ig-ana", "SIZE", "c-12"))
    clock.now = COMMENT_TIME + timedelta(days=7, minutes=1)

    with pytest.raises(DeliveryError, match="only allowed within 7 days"):
        await channels["instagram"].send(answer("instagram"))

    assert private_replies(graph) == []


async def test_when_the_customer_answers_the_private_reply_it_is_a_normal_dm(meta: Any, graph: FakeGraph,
                                                                             clock: Clock) -> None:
    webhook, channels = meta
    await receive(webhook, fake_graph.instagram_comment_payload("ig-ana", "SIZE", "c-13"))
    await channels["instagram"].send(answer("instagram"))
    dm_at = int((COMMENT_TIME + timedelta(minutes=10)).timestamp() * 1000)
    await receive(webhook, fake_graph.text_event("instagram", "ig-ana", "thanks! and shipping?", "m-1",
                                                 timestamp_ms=dm_at))
    clock.now = COMMENT_TIME + timedelta(minutes=11)

    await channels["instagram"].send(answer("instagram", "2-3 days."))

    dm = graph.sent()[-1]
    assert dm["recipient"] == {"id": "ig-ana"}
    assert dm["messaging_type"] == "RESPONSE"


async def test_a_new_comment_after_a_dm_gets_its_own_private_reply(meta: Any, graph: FakeGraph,
                                                                   clock: Clock) -> None:
    webhook, channels = meta
    await receive(webhook, fake_graph.text_event("instagram", "ig-ana", "hi", "m-2",
                                                 timestamp_ms=fake_graph.TIME_MS - 60_000))
    await receive(webhook, fake_graph.instagram_comment_payload("ig-ana", "SIZE", "c-14"))

    await channels["instagram"].send(answer("instagram"))

    assert [body["recipient"] for body in private_replies(graph)] == [{"comment_id": "c-14"}]


async def test_choices_in_a_private_reply_are_numbered_text(meta: Any, graph: FakeGraph) -> None:
    webhook, channels = meta
    await receive(webhook, fake_graph.instagram_comment_payload("ig-ana", "I want a refund", "c-15"))

    await channels["instagram"].send(OutboundMessage(channel="instagram", recipient_id="ig-ana",
                                                     conversation_id="c", text="Maya will take this.",
                                                     choices=("Wait for Maya", "Keep chatting")))

    [body] = private_replies(graph)
    assert "1. Wait for Maya\n2. Keep chatting" in body["message"]["text"]
    assert "quick_replies" not in body["message"]


async def test_a_failed_public_note_does_not_fail_the_answer(meta: Any, graph: FakeGraph) -> None:
    webhook, channels = meta
    await receive(webhook, fake_graph.instagram_comment_payload("ig-ana", "SIZE", "c-16"))
    graph.stall_next(0)  # the private reply succeeds…
    graph.fail_next(400, code=100, message="Unsupported post request")  # …the public note does not

    await channels["instagram"].send(answer("instagram"))

    assert len(private_replies(graph)) == 1
    assert graph.sent("/c-16/replies") == [{"message": "Sent you a DM 💌"}]


async def test_a_failed_private_reply_is_retried_on_the_same_comment(meta: Any, graph: FakeGraph) -> None:
    webhook, channels = meta
    await receive(webhook, fake_graph.instagram_comment_payload("ig-ana", "SIZE", "c-17"))
    graph.fail_next(500, code=2, message="temporary")

    with pytest.raises(DeliveryError):
        await channels["instagram"].send(answer("instagram"))
    await channels["instagram"].send(answer("instagram"))

    assert [body["recipient"] for body in private_replies(graph)] == [{"comment_id": "c-17"}] * 2
