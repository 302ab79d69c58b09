"""The store contract: finished cases for the wait-time estimator, rebuilt from handoffs."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from warmline.domain import Author, ChannelIdentity, Handoff, HandoffStatus, OpenCase, new_id
from warmline.store import SqlStore

from .conftest import Clock
from .helpers import make_message, open_conversation


async def _handed(store: SqlStore, name: str, assignee: str, *, case_type: str | None = None) -> Handoff:
    _, conversation = await open_conversation(store, ChannelIdentity(channel="telegram", external_id=name))
    return await store.add_handoff(Handoff(id=new_id(), conversation_id=conversation.id, assignee_id=assignee,
                                           reasons=("asked for a person",), case_type=case_type, eta_minutes=20.0))


async def test_finished_cases_say_what_was_ahead_and_how_long_it_took(store: SqlStore, clock: Clock) -> None:
    start = clock.now
    first = await _handed(store, "a", "maya", case_type="refund")
    clock.advance(minutes=5)
    second = await _handed(store, "b", "maya", case_type="damaged_item")
    await _handed(store, "c", "leo")  # never taken up: no first reply to learn from
    await store.update_handoff(replace(first, status=HandoffStatus.CLAIMED, claimed_at=clock.advance(minutes=1)))
    await store.update_handoff(replace(first, status=HandoffStatus.RESOLVED, claimed_at=first.created_at
                                       + timedelta(minutes=6), resolved_at=clock.advance(minutes=20)))
    await store.update_handoff(replace(second, status=HandoffStatus.CLAIMED, claimed_at=clock.advance(minutes=2)))
    cases = await store.finished_cases(since=start, until=clock.now)

    assert [(c.owner_id, c.case_type, c.ahead) for c in cases] == [("maya", "refund", 0.0),
                                                                  ("maya", "damaged_item", 1.0)]
    assert cases[0].first_reply_minutes == pytest.approx(6)
    assert cases[0].resolve_minutes == pytest.approx(26)
    assert cases[1].first_reply_minutes == pytest.approx(23)
    assert cases[1].resolve_minutes is None
    assert cases[1].promised_minutes == 20.0
    # What was ahead, case by case: the refund was handed 5 minutes earlier and not yet taken up then.
    assert cases[0].ahead_cases == ()
    assert cases[1].ahead_cases == (OpenCase(case_type="refund", handed_at=first.created_at, claimed_at=None),)


async def test_finished_cases_keep_to_the_window(store: SqlStore, clock: Clock) -> None:
    early = await _handed(store, "a", "maya")
    await store.update_handoff(replace(early, status=HandoffStatus.CLAIMED, claimed_at=clock.advance(minutes=3)))
    since = clock.advance(hours=1)
    late = await _handed(store, "b", "maya")
    await store.update_handoff(replace(late, status=HandoffStatus.CLAIMED, claimed_at=clock.advance(minutes=3)))
    cases = await store.finished_cases(since=since, until=clock.now)
    assert [c.handed_at for c in cases] == [late.created_at]
    assert cases[0].ahead == 1.0  # the early one was never resolved, so it was still open
    assert await store.finished_cases(since=clock.now, until=clock.now + timedelta(hours=1)) == []


async def test_finished_cases_say_how_long_their_person_had_been_quiet(store: SqlStore, clock: Clock) -> None:
    start = clock.now
    first = await _handed(store, "a", "maya")
    await store.update_handoff(replace(first, status=HandoffStatus.CLAIMED, claimed_at=clock.advance(minutes=2)))
    _, conversation = await open_conversation(store, ChannelIdentity(channel="telegram", external_id="a"))
    reply = replace(make_message(conversation, "On it", created_at=clock.advance(minutes=3), author=Author.STAFF),
                    staff_id="maya")
    await store.add_message(reply)
    clock.advance(minutes=25)  # Maya goes quiet while holding the case
    second = await _handed(store, "b", "maya")
    await store.update_handoff(replace(second, status=HandoffStatus.CLAIMED, claimed_at=clock.advance(minutes=30)))
    cases = await store.finished_cases(since=start, until=clock.now)

    assert cases[0].quiet_minutes is None  # nothing of hers on record before the first case
    assert cases[1].quiet_minutes == pytest.approx(25)  # since her reply, not her take-up 28 minutes ago
