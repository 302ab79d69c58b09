"""The store contract, part 3: handoffs, promises, the team snapshot, and the outbox."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from warmline.domain import (
    Action,
    Author,
    ChannelIdentity,
    Citation,
    ConflictError,
    ConversationState,
    Decision,
    Handoff,
    HandoffStatus,
    Message,
    NotFoundError,
    OpenCase,
    OutboundMessage,
    Promise,
    PromiseStatus,
    Reply,
    new_id,
)
from warmline.store import SqlStore, StoredOutboxItem

from .conftest import Clock
from .helpers import open_conversation

TELEGRAM = ChannelIdentity(channel="telegram", external_id="tg-1")
WEB = ChannelIdentity(channel="webchat", external_id="web-1")


def _handoff(conversation_id: str, assignee_id: str, *, status: HandoffStatus = HandoffStatus.OPEN,
             case_type: str | None = None, eta_minutes: float | None = None) -> Handoff:
    return Handoff(id=new_id(), conversation_id=conversation_id, assignee_id=assignee_id,
                   reasons=("asked for a person",), status=status, case_type=case_type,
                   eta_minutes=eta_minutes)


# handoffs ----------------------------------------------------------------------------------------
async def test_handoff_lifecycle(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    assert await store.active_handoff(conversation.id) is None
    added = await store.add_handoff(_handoff(conversation.id, "maya", case_type="refund", eta_minutes=20.0))
    assert added.created_at == clock.now
    assert await store.active_handoff(conversation.id) == added

    claimed_at = clock.advance(minutes=4)
    claimed = await store.update_handoff(Handoff(
        id=added.id, conversation_id=conversation.id, assignee_id="leo", reasons=added.reasons,
        status=HandoffStatus.CLAIMED, case_type="refund", eta_minutes=15.0, claimed_at=claimed_at))
    assert (claimed.status, claimed.assignee_id, claimed.claimed_at) == (HandoffStatus.CLAIMED, "leo",
                                                                         claimed_at)
    assert claimed.created_at == added.created_at
    assert await store.active_handoff(conversation.id) == claimed

    resolved_at = clock.advance(minutes=10)
    await store.update_handoff(replace(claimed, status=HandoffStatus.RESOLVED, resolved_at=resolved_at))
    assert await store.active_handoff(conversation.id) is None
    with pytest.raises(NotFoundError):
        await store.update_handoff(_handoff(conversation.id, "maya"))
    with pytest.raises(NotFoundError):
        await store.add_handoff(_handoff("missing", "maya"))


async def test_handoffs_filter_newest_first(store: SqlStore, clock: Clock) -> None:
    ann, ann_chat = await open_conversation(store, TELEGRAM)
    _, bo_chat = await open_conversation(store, WEB)
    first = await store.add_handoff(_handoff(ann_chat.id, "maya", status=HandoffStatus.RESOLVED))
    clock.advance(minutes=1)
    second = await store.add_handoff(_handoff(bo_chat.id, "maya"))
    clock.advance(minutes=1)
    third = await store.add_handoff(_handoff(ann_chat.id, "leo"))

    assert [h.id for h in await store.handoffs()] == [third.id, second.id, first.id]
    assert [h.id for h in await store.handoffs(assignee_id="maya")] == [second.id, first.id]
    assert [h.id for h in await store.handoffs(statuses={HandoffStatus.OPEN})] == [third.id, second.id]
    assert [h.id for h in await store.handoffs(customer_id=ann.id)] == [third.id, first.id]
    assert await store.handoffs(assignee_id="maya", statuses=[HandoffStatus.CLAIMED]) == []


async def test_team_snapshot_counts_workload_queue_and_last_helper(store: SqlStore, clock: Clock) -> None:
    conversations = []
    for n in range(4):
        _, conversation = await open_conversation(store, ChannelIdentity(channel="telegram",
                                                                         external_id=f"u{n}"))
        conversations.append(conversation)
    states = [(ConversationState.QUEUED, "maya"), (ConversationState.WITH_HUMAN, "maya"),
              (ConversationState.WITH_HUMAN, "leo"), (ConversationState.RESOLVED, "maya")]
    for conversation, (state, staff) in zip(conversations, states, strict=True):
        await store.set_state(conversation.id, state=state, assignee_id=staff)
    mayas = await store.add_handoff(_handoff(conversations[0].id, "maya", case_type="refund"))
    clock.advance(minutes=1)
    await store.add_handoff(_handoff(conversations[0].id, "leo", status=HandoffStatus.CLAIMED))
    leos = await store.add_handoff(_handoff(conversations[2].id, "leo"))
    leos = await store.update_handoff(replace(leos, status=HandoffStatus.CLAIMED, claimed_at=clock.advance(minutes=2)))

    snapshot = await store.team_snapshot(customer_id=conversations[0].customer_id)

    assert dict(snapshot.workload) == {"maya": 2, "leo": 1}
    assert snapshot.queue_length == 1
    # Case by case, for the learned ETA: only handoffs of conversations the person still holds.
    assert snapshot.cases_of("maya") == (OpenCase(case_type="refund", handed_at=mayas.created_at, claimed_at=None),)
    assert snapshot.cases_of("leo") == (OpenCase(case_type=None, handed_at=leos.created_at,
                                                 claimed_at=leos.claimed_at),)
    assert snapshot.cases_of("ines") == ()
    assert snapshot.last_helper_id == "leo"
    assert (await store.team_snapshot(customer_id=conversations[1].customer_id)).last_helper_id is None
    assert (await store.team_snapshot()).last_helper_id is None


async def test_team_snapshot_says_when_each_person_last_acted(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    assert await store.team_snapshot() == replace(await store.team_snapshot(), last_active_at={})
    handed = await store.add_handoff(_handoff(conversation.id, "maya"))
    claimed_at = clock.advance(minutes=2)
    await store.update_handoff(replace(handed, status=HandoffStatus.CLAIMED, claimed_at=claimed_at))
    assert (await store.team_snapshot()).last_active_at == {"maya": claimed_at}  # the take-up

    replied_at = clock.advance(minutes=5)
    await store.add_message(Message(id=new_id(), conversation_id=conversation.id, author=Author.STAFF,
                                    text="Found it", channel="telegram", created_at=replied_at, staff_id="maya"))
    leo = await store.add_handoff(_handoff(conversation.id, "leo"))
    resolved_at = clock.advance(minutes=1)
    await store.update_handoff(replace(leo, status=HandoffStatus.RESOLVED, claimed_at=leo.created_at,
                                       resolved_at=resolved_at))
    clock.advance(minutes=20)  # time passing is no action
    snapshot = await store.team_snapshot()
    assert snapshot.last_active_at == {"maya": replied_at, "leo": resolved_at}
    assert snapshot.quiet_minutes("maya", clock.now) == pytest.approx(21)
    assert snapshot.quiet_minutes("ines", clock.now) is None


# promises ----------------------------------------------------------------------------------------
async def test_promises_filter_earliest_due_first(store: SqlStore, clock: Clock) -> None:
    _, ann_chat = await open_conversation(store, TELEGRAM)
    _, bo_chat = await open_conversation(store, WEB)
    start = clock.now

    def promise(conversation_id: str, due_in: int, *, status: PromiseStatus = PromiseStatus.OPEN,
                settled_at: datetime | None = None) -> Promise:
        return Promise(id=new_id(), conversation_id=conversation_id, owner_id="maya", text="Maya replies",
                       due_at=start + timedelta(minutes=due_in), status=status, settled_at=settled_at)

    late = await store.add_promise(promise(ann_chat.id, 60))
    soon = await store.add_promise(promise(bo_chat.id, 20))
    kept = await store.add_promise(promise(ann_chat.id, 10, status=PromiseStatus.KEPT,
                                           settled_at=start + timedelta(minutes=5)))
    assert late.created_at == start

    assert [p.id for p in await store.promises()] == [kept.id, soon.id, late.id]
    assert [p.id for p in await store.promises(open_only=True)] == [soon.id, late.id]
    assert [p.id for p in await store.promises(conversation_id=ann_chat.id)] == [kept.id, late.id]
    due = await store.promises(due_before=start + timedelta(minutes=20), open_only=True)
    assert [p.id for p in due] == [soon.id]

    broken = await store.update_promise(Promise(
        id=soon.id, conversation_id=bo_chat.id, owner_id="leo", text="Leo replies",
        due_at=start + timedelta(minutes=50), status=PromiseStatus.BROKEN, settled_at=clock.now))
    assert (broken.status, broken.owner_id, broken.settled_at) == (PromiseStatus.BROKEN, "leo", start)
    assert broken.created_at == soon.created_at
    assert [p.id for p in await store.promises(open_only=True)] == [late.id]
    with pytest.raises(NotFoundError):
        await store.update_promise(promise(ann_chat.id, 1))


# outbox ------------------------------------------------------------------------------------------
def _outbound(conversation_id: str, text: str) -> OutboundMessage:
    return OutboundMessage(channel="telegram", recipient_id="tg-1", conversation_id=conversation_id,
                           text=text, choices=("Yes", "No"), author_name="Maya",
                           citations=(Citation(source="faq.yaml", title="Hours"),), message_id=new_id())


async def test_outbox_delivers_retries_and_parks(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    messages = [_outbound(conversation.id, text) for text in ("first", "second", "third")]
    assert await store.enqueue([]) == []
    ids = await store.enqueue(messages)
    assert len(set(ids)) == 3

    assert await store.due_outbox(now=clock.now - timedelta(seconds=1)) == []
    due = await store.due_outbox(now=clock.now, limit=2)
    assert [item.id for item in due] == ids[:2]
    # The third waits behind the first two, leased to whoever took them (order within a conversation).
    assert await store.due_outbox(now=clock.now) == []
    assert due[1].message == messages[1]
    assert due[1].attempts == 0
    assert due[1].next_attempt_at == clock.now
    assert not due[1].parked
    assert isinstance(due[1], StoredOutboxItem)

    retry_at = clock.now + timedelta(minutes=2)
    await store.mark_delivered(ids[0])
    await store.mark_failed(ids[1], error="429 Too Many Requests", retry_at=retry_at)
    await store.mark_failed(ids[2], error="403 bot was blocked", retry_at=None)

    assert await store.due_outbox(now=clock.now) == []
    later = await store.due_outbox(now=retry_at + timedelta(days=365))
    assert [(item.id, item.attempts, item.next_attempt_at) for item in later] == [(ids[1], 1, retry_at)]
    assert later[0].next_attempt_at.tzinfo is UTC

    [parked] = await store.parked_outbox()
    assert (parked.id, parked.parked, parked.last_error, parked.parked_at) == (
        ids[2], True, "403 bot was blocked", clock.now)
    assert await store.parked_outbox(conversation_id="elsewhere") == []
    await store.retry_parked(ids[2])
    assert await store.parked_outbox() == []
    assert await store.due_outbox(now=clock.now) == [], "back in line: behind the second, still undelivered"
    await store.mark_delivered(ids[1])
    assert [item.id for item in await store.due_outbox(now=clock.now)] == [ids[2]]


async def test_outbox_lease_expires_so_a_dead_workers_items_go_out(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    [item_id] = await store.enqueue([_outbound(conversation.id, "hello")])
    assert [i.id for i in await store.due_outbox(now=clock.now, lease_seconds=30)] == [item_id]
    assert await store.due_outbox(now=clock.now + timedelta(seconds=29)) == []
    assert [i.id for i in await store.due_outbox(now=clock.now + timedelta(seconds=30))] == [item_id]


async def test_concurrent_workers_never_lease_one_item_twice(store: SqlStore, clock: Clock) -> None:
    # One item per conversation: items of one conversation go to one worker at a time (in order).
    ids = await store.enqueue([_outbound(f"conversation-{i}", f"m{i}") for i in range(30)])
    batches = await asyncio.gather(*(store.due_outbox(now=clock.now, limit=7) for _ in range(6)))
    leased = [item.id for batch in batches for item in batch]
    assert sorted(leased) == sorted(ids)
    assert len(leased) == len(set(leased))


async def test_messages_and_their_deliveries_are_stored_together(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    replies = [Message(id=new_id(), conversation_id=conversation.id, author=Author.BOT, text=text,
                       channel=TELEGRAM.channel, created_at=clock.now) for text in ("one", "two")]
    deliveries = [replace(_outbound(conversation.id, m.text), message_id=m.id) for m in replies]
    assert await store.add_messages([]) == []
    decision = Decision(action=Action.ANSWER, reasons=("answered from the FAQ",), confidence=0.9,
                        replies=(Reply(text="one"), Reply(text="two")), conversation_id=conversation.id,
                        message_id="m-1", created_at=clock.now)
    stored = await store.add_messages(replies, outbox=deliveries, decision=decision)
    assert [m.text for m in stored] == ["one", "two"]
    assert [d.message_id for d in await store.decisions(conversation.id)] == ["m-1"]
    assert [m.id for m in await store.messages(conversation.id)] == [m.id for m in replies]
    queued = await store.due_outbox(now=clock.now)
    assert [i.message.message_id for i in queued] == [m.id for m in replies]
    for item in queued:
        await store.mark_delivered(item.id)

    broken = [replace(replies[0], id=new_id(), conversation_id="missing")]
    with pytest.raises(NotFoundError):
        await store.add_messages(broken, outbox=[_outbound("missing", "lost")])
    duplicate = [replace(replies[0], text="again")]  # same id: the whole transaction rolls back
    with pytest.raises(ConflictError):
        await store.add_messages(duplicate, outbox=[_outbound(conversation.id, "never queued")],
                                 decision=replace(decision, message_id="m-2"))
    assert [d.message_id for d in await store.decisions(conversation.id)] == ["m-1"]
    assert await store.due_outbox(now=clock.now + timedelta(hours=1)) == []


async def test_outbox_unknown_items_are_not_found(store: SqlStore) -> None:
    with pytest.raises(NotFoundError):
        await store.mark_delivered("missing")
    with pytest.raises(NotFoundError):
        await store.mark_failed("missing", error="x", retry_at=None)
