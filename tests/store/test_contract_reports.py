"""Contract: the read-only activity report of a period, for every backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from warmline.domain import (
    Action,
    Author,
    ChannelIdentity,
    Decision,
    Feedback,
    Handoff,
    PostComment,
    Promise,
    ValidationError,
    new_id,
)
from warmline.store import SqlStore

from .conftest import Clock
from .helpers import make_message, open_conversation


async def test_comments_are_told_apart_from_dms_in_the_report(store: SqlStore, clock: Clock) -> None:
    start = clock.now
    _, commented = await open_conversation(store, ChannelIdentity(channel="instagram", external_id="rep-c1"))
    _, dm = await open_conversation(store, ChannelIdentity(channel="instagram", external_id="rep-c2"))
    comment = replace(make_message(commented, "price?", created_at=start + timedelta(minutes=1)),
                      post=PostComment(comment_id="c-1", post_id="p-1"))
    later_dm = make_message(commented, "and shipping?", created_at=start + timedelta(minutes=2))
    question = make_message(dm, "price?", created_at=start + timedelta(minutes=1))
    await store.add_messages([comment, later_dm, question])
    for message in (comment, question):
        await store.add_decision(Decision(action=Action.ANSWER, reasons=("faq",), confidence=0.9,
                                          conversation_id=message.conversation_id, message_id=message.id,
                                          created_at=message.created_at))

    activity = await store.activity(since=start, until=start + timedelta(hours=1))

    assert {c.conversation.id: c.started_from_post for c in activity.conversations} == {
        commented.id: True, dm.id: False}
    assert {r.decision.message_id: r.from_comment for r in activity.decisions} == {
        comment.id: True, question.id: False}


async def test_activity_of_a_period_with_reply_times(store: SqlStore, clock: Clock) -> None:
    start = clock.now
    _, web = await open_conversation(store, ChannelIdentity(channel="web", external_id="rep-1"))
    _, telegram = await open_conversation(store, ChannelIdentity(channel="telegram", external_id="rep-2"))
    _, quiet = await open_conversation(store, ChannelIdentity(channel="web", external_id="rep-3"))

    # Before the period: not counted, and not taken for the first message of the period either.
    await store.add_message(make_message(web, "old question", created_at=start - timedelta(hours=1)))
    asked = make_message(web, "how long does shipping take?", created_at=start + timedelta(minutes=1))
    await store.add_message(asked)
    await store.add_messages([make_message(web, "Maya joined", created_at=start + timedelta(minutes=1, seconds=1),
                                           author=Author.SYSTEM),
                              make_message(web, "2-4 days", created_at=start + timedelta(minutes=1, seconds=2),
                                           author=Author.BOT)])
    await store.add_message(make_message(web, "thanks", created_at=start + timedelta(minutes=2)))
    await store.add_decision(Decision(action=Action.ANSWER, reasons=("answered from faq",), confidence=0.9,
                                      conversation_id=web.id, message_id=asked.id,
                                      created_at=start + timedelta(minutes=1)))

    upset = make_message(telegram, "my mug arrived broken", created_at=start + timedelta(minutes=3))
    await store.add_message(upset)
    handoff_at = start + timedelta(minutes=3)
    await store.add_decision(Decision(action=Action.HANDOFF, reasons=("strong anger",), confidence=0.8,
                                      eta_minutes=15, case_type="damaged_item", conversation_id=telegram.id,
                                      message_id=upset.id, created_at=handoff_at))
    handoff = await store.add_handoff(Handoff(id=new_id(), conversation_id=telegram.id, assignee_id="maya",
                                              reasons=("strong anger",), eta_minutes=15, created_at=handoff_at))
    promise = await store.add_promise(Promise(id=new_id(), conversation_id=telegram.id, owner_id="maya",
                                              text="Maya replies", due_at=handoff_at + timedelta(minutes=15),
                                              created_at=handoff_at))
    staff_reply = make_message(telegram, "So sorry!", created_at=start + timedelta(minutes=20), author=Author.STAFF)
    await store.add_messages([replace(staff_reply, staff_id="maya")])
    clock.now = start + timedelta(minutes=30)
    liked = await store.save_feedback(Feedback(id=new_id(), conversation_id=telegram.id, channel="telegram",
                                               liked=True, staff_id="maya"))
    # After the period: left out.
    await store.add_message(make_message(quiet, "hello?", created_at=start + timedelta(hours=5)))

    activity = await store.activity(since=start, until=start + timedelta(hours=1))

    assert [(c.conversation.id, c.first_customer_at, c.customer_messages, c.first_reply_at, c.first_staff_reply_at)
            for c in activity.conversations] == [
        (web.id, start + timedelta(minutes=1), 2, start + timedelta(minutes=1, seconds=2), None),
        (telegram.id, start + timedelta(minutes=3), 1, start + timedelta(minutes=20),
         start + timedelta(minutes=20))]
    assert [(r.decision.action, r.channel, r.question) for r in activity.decisions] == [
        (Action.ANSWER, "web", "how long does shipping take?"),
        (Action.HANDOFF, "telegram", "my mug arrived broken")]
    assert activity.decisions[1].decision.eta_minutes == 15
    [handed] = activity.handoffs
    assert (handed.handoff.id, handed.channel, handed.first_staff_reply_at, handed.first_staff_id) == (
        handoff.id, "telegram", start + timedelta(minutes=20), "maya")
    assert [p.id for p in activity.promises] == [promise.id]
    assert [f.id for f in activity.feedback] == [liked.id]

    only_web = await store.activity(since=start, until=start + timedelta(hours=1), channel="web")
    assert [c.conversation.id for c in only_web.conversations] == [web.id]
    assert [r.channel for r in only_web.decisions] == ["web"]
    assert (only_web.handoffs, only_web.promises, only_web.feedback) == ((), (), ())
    assert await store.channels() == ["telegram", "web"]


async def test_a_handoff_not_answered_yet_has_no_reply_time(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, ChannelIdentity(channel="web", external_id="rep-4"))
    await store.add_message(make_message(conversation, "a person please", created_at=clock.now))
    await store.add_handoff(Handoff(id=new_id(), conversation_id=conversation.id, assignee_id="leo",
                                    reasons=("they asked for a person",), created_at=clock.now))
    activity = await store.activity(since=clock.now, until=clock.now + timedelta(days=1))
    [handed] = activity.handoffs
    assert (handed.first_staff_reply_at, handed.first_staff_id) == (None, None)
    [only] = activity.conversations
    assert (only.first_reply_at, only.first_staff_reply_at) == (None, None)


async def test_an_empty_or_backwards_period(store: SqlStore, clock: Clock) -> None:
    empty = await store.activity(since=clock.now, until=clock.now + timedelta(days=7))
    assert (empty.conversations, empty.decisions, empty.handoffs, empty.promises, empty.feedback) == (
        (), (), (), (), ())
    with pytest.raises(ValidationError) as raised:
        await store.activity(since=clock.now, until=clock.now)
    assert raised.value.field == "until"
