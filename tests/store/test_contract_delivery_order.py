"""Contract: the outbox keeps a conversation's order across retries and workers, and the promise ledger's
compare-and-set steps (settle, nudge) happen once even when two workers race — for every backend."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from warmline.domain import (
    ChannelIdentity,
    NotFoundError,
    OutboundMessage,
    Promise,
    PromiseStatus,
    ValidationError,
    new_id,
)
from warmline.store import SqlStore

from .conftest import Clock
from .helpers import open_conversation


def _outbound(conversation_id: str, text: str) -> OutboundMessage:
    return OutboundMessage(channel="telegram", recipient_id="tg-1", conversation_id=conversation_id, text=text)


async def _enqueue(store: SqlStore, conversation_id: str, *texts: str) -> list[str]:
    return await store.enqueue([_outbound(conversation_id, t) for t in texts])


# outbox order ------------------------------------------------------------------------------------
async def test_a_later_reply_waits_while_an_earlier_one_is_leased_or_retrying(store: SqlStore,
                                                                               clock: Clock) -> None:
    a1, a2, a3 = await _enqueue(store, "chat-a", "a1", "a2", "a3")
    [b1] = await _enqueue(store, "chat-b", "b1")

    assert [i.id for i in await store.due_outbox(now=clock.now, limit=1)] == [a1]
    assert [i.id for i in await store.due_outbox(now=clock.now)] == [b1], "a2 and a3 wait behind leased a1"
    retry_at = clock.now + timedelta(seconds=30)
    await store.mark_failed(a1, error="500", retry_at=retry_at)
    assert await store.due_outbox(now=clock.now) == [], "a2 must not overtake a1 waiting for its retry"
    assert await store.due_outbox(now=retry_at - timedelta(seconds=1)) == []
    assert [i.id for i in await store.due_outbox(now=retry_at)] == [a1, a2, a3]


async def test_released_items_wait_for_the_earlier_one_then_go(store: SqlStore, clock: Clock) -> None:
    a1, a2, a3 = await _enqueue(store, "chat-a", "a1", "a2", "a3")
    assert [i.id for i in await store.due_outbox(now=clock.now)] == [a1, a2, a3]
    await store.release_outbox([a2, a3, "unknown-id"])
    assert await store.due_outbox(now=clock.now) == [], "a1 is still leased"
    await store.mark_delivered(a1)
    assert [i.id for i in await store.due_outbox(now=clock.now)] == [a2, a3]
    await store.release_outbox([])


async def test_a_parked_reply_does_not_hold_the_conversation_back(store: SqlStore, clock: Clock) -> None:
    a1, a2 = await _enqueue(store, "chat-a", "a1", "a2")
    await store.mark_failed(a1, error="403 blocked", retry_at=None)
    assert [i.id for i in await store.due_outbox(now=clock.now)] == [a2]


async def test_racing_workers_lease_a_conversation_only_in_order(store: SqlStore, clock: Clock) -> None:
    ids = {name: await _enqueue(store, name, *(f"{name}-{n}" for n in range(5))) for name in ("x", "y", "z")}
    leased: list[str] = []
    for _ in range(8):  # rounds of four racing workers, each delivering what it leased
        batches = await asyncio.gather(*(store.due_outbox(now=clock.now, limit=2) for _ in range(4)))
        for batch in batches:
            for item in batch:
                leased.append(item.id)
                await store.mark_delivered(item.id)
    assert sorted(leased) == sorted(i for group in ids.values() for i in group)
    for group in ids.values():
        assert [i for i in leased if i in group] == group, "each conversation leased in its own order"


# promise ledger compare-and-set ------------------------------------------------------------------
async def _promise(store: SqlStore, clock: Clock) -> Promise:
    _, conversation = await open_conversation(store, ChannelIdentity(channel="telegram", external_id="tg-9"))
    return await store.add_promise(Promise(id=new_id(), conversation_id=conversation.id, owner_id="maya",
                                           text="Maya replies", due_at=clock.now + timedelta(minutes=20)))


async def test_settling_a_promise_happens_once(store: SqlStore, clock: Clock) -> None:
    promise = await _promise(store, clock)
    at = clock.advance(minutes=21)
    results = await asyncio.gather(*(store.settle_promise(promise.id, status=PromiseStatus.BROKEN, at=at)
                                     for _ in range(5)))
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    assert (winners[0].status, winners[0].settled_at) == (PromiseStatus.BROKEN, at)
    assert await store.settle_promise(promise.id, status=PromiseStatus.KEPT, at=at) is None
    [stored] = await store.promises(conversation_id=promise.conversation_id)
    assert stored.status is PromiseStatus.BROKEN
    with pytest.raises(NotFoundError):
        await store.settle_promise("missing", status=PromiseStatus.KEPT, at=at)
    with pytest.raises(ValidationError):
        await store.settle_promise(promise.id, status=PromiseStatus.OPEN, at=at)


async def test_nudging_a_promise_happens_once_and_never_after_it_is_settled(store: SqlStore,
                                                                            clock: Clock) -> None:
    promise = await _promise(store, clock)
    at = clock.advance(minutes=15)
    results = await asyncio.gather(*(store.nudge_promise(promise.id, at=at) for _ in range(5)))
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    assert (winners[0].nudged_at, winners[0].status) == (at, PromiseStatus.OPEN)
    assert await store.nudge_promise(promise.id, at=clock.advance(minutes=1)) is None

    other = await store.add_promise(Promise(id=new_id(), conversation_id=promise.conversation_id,
                                            owner_id="leo", text="Leo replies", due_at=clock.now))
    assert await store.settle_promise(other.id, status=PromiseStatus.KEPT, at=clock.now) is not None
    assert await store.nudge_promise(other.id, at=clock.now) is None
    with pytest.raises(NotFoundError):
        await store.nudge_promise("missing", at=at)
