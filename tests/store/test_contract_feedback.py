"""Contract: customers' feedback and the promise ledger's bookkeeping, for every backend."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warmline.domain import Author, ChannelIdentity, Feedback, NotFoundError, Promise, new_id
from warmline.store import SqlStore

from .conftest import Clock
from .helpers import open_conversation


async def test_feedback_is_stored_and_the_optional_word_added_later(store: SqlStore, clock: Clock) -> None:
    _, web = await open_conversation(store, ChannelIdentity(channel="web", external_id="fb-1"))
    _, telegram = await open_conversation(store, ChannelIdentity(channel="telegram", external_id="fb-2"))
    first = await store.save_feedback(Feedback(id=new_id(), conversation_id=web.id, channel="web", liked=True,
                                               staff_id="maya"))
    assert first.created_at == clock.now
    clock.advance(minutes=5)
    second = await store.save_feedback(Feedback(id=new_id(), conversation_id=telegram.id, channel="telegram",
                                                liked=False))

    worded = await store.save_feedback(Feedback(id=first.id, conversation_id=web.id, channel="web", liked=True,
                                                comment="Maya was lovely", staff_id="maya"))
    assert worded.created_at == first.created_at  # the answer's time, not the word's

    assert [(f.id, f.liked, f.comment, f.staff_id) for f in await store.feedback()] == [
        (first.id, True, "Maya was lovely", "maya"), (second.id, False, None, None)]
    assert [f.id for f in await store.feedback(conversation_id=telegram.id)] == [second.id]
    assert [f.id for f in await store.feedback(since=clock.now)] == [second.id]
    assert [f.id for f in await store.feedback(until=clock.now)] == [first.id]


async def test_feedback_for_an_unknown_conversation_is_not_found(store: SqlStore) -> None:
    with pytest.raises(NotFoundError):
        await store.save_feedback(Feedback(id=new_id(), conversation_id="missing", channel="web", liked=True))


async def test_promises_keep_who_made_them_and_when_the_owner_was_nudged(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, ChannelIdentity(channel="web", external_id="pr-1"))
    promise = await store.add_promise(Promise(
        id=new_id(), conversation_id=conversation.id, owner_id="maya", text="Maya checks the warehouse",
        due_at=clock.now + timedelta(hours=2), source=Author.STAFF))
    [stored] = await store.promises(conversation_id=conversation.id)
    assert (stored.source, stored.nudged_at) == (Author.STAFF, None)

    nudged = await store.update_promise(Promise(
        id=promise.id, conversation_id=conversation.id, owner_id="maya", text=promise.text,
        due_at=promise.due_at, source=Author.STAFF, nudged_at=clock.now))
    assert nudged.nudged_at == clock.now
    [stored] = await store.promises(conversation_id=conversation.id)
    assert (stored.source, stored.nudged_at) == (Author.STAFF, clock.now)
