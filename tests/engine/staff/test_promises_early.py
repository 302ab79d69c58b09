"""The early update (DESIGN principle 8, issue 20): when the queue stops moving, or the person goes quiet while
the customer waits, so that the bot's ETA is now unlikely to hold, the customer hears a new time once, with
the reason, before it breaks. Time travel with
the manual clock; the estimator is fitted on a made-up history of the demo shop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from tests._clock import ManualClock

from warmline.config import Settings
from warmline.domain import (
    Author,
    ChannelIdentity,
    ConversationState,
    FinishedCase,
    Handoff,
    Message,
    Promise,
    PromiseStatus,
    new_id,
)
from warmline.policy import fit_eta_model
from warmline.runtime.services import Services

WEDNESDAY_10 = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam: Maya is on shift
MAYA_CAPACITY = 6


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(WEDNESDAY_10)


@pytest.fixture
async def services(settings: Settings, clock: ManualClock) -> AsyncIterator[Services]:
    started = await Services.start(settings, clock=clock)
    for name in ("promises", "eta"):  # the test drives the keeper's rounds and sets the estimator itself
        await started.background[name].close()
    assert started.estimates is not None
    # Maya's history: with two cases queued beyond her capacity, a first reply takes 30–40 minutes.
    history = [FinishedCase(handed_at=WEDNESDAY_10 - timedelta(days=7, minutes=3 * i), owner_id="maya",
                            case_type=None, ahead=MAYA_CAPACITY + 1, first_reply_minutes=30 + i % 11,
                            resolve_minutes=50 + i % 11) for i in range(60)]
    started.estimates.current = fit_eta_model(history, bot=started.bot)
    yield started
    await started.stop()


async def _queued_for_maya(services: Services, sender: str, *, at: datetime) -> str:
    store = services.store
    customer = await store.customer_for_identity(ChannelIdentity(channel="api", external_id=sender), name="Anna")
    conversation = await store.current_conversation(customer_id=customer.id, channel="api")
    await store.add_handoff(Handoff(id=new_id(), conversation_id=conversation.id, assignee_id="maya",
                                    reasons=("asked for a person",), created_at=at))
    await store.set_state(conversation.id, state=ConversationState.QUEUED, assignee_id="maya",
                          expected={ConversationState.BOT})
    return conversation.id


async def test_a_promise_the_queue_no_longer_supports_is_updated_once_before_it_breaks(
        services: Services, clock: ManualClock) -> None:
    for i in range(MAYA_CAPACITY + 1):  # already with Maya, handed over before Anna
        await _queued_for_maya(services, f"earlier-{i}", at=clock.now - timedelta(minutes=10))
    anna = await _queued_for_maya(services, "anna", at=clock.now)
    promise = await services.store.add_promise(Promise(
        id=new_id(), conversation_id=anna, owner_id="maya", text="Maya replies", created_at=clock.now,
        due_at=clock.now + timedelta(minutes=45), source=Author.BOT))

    clock.advance(minutes=5)  # 40 minutes left, two queued ahead: still likely to hold
    assert await services.keeper.update_early() == 0
    clock.advance(minutes=30)  # nobody ahead finished: 10 minutes left, but the queue needs 30–40
    assert await services.keeper.update_early() == 1

    told = [m for m in await services.store.messages(anna) if m.author is Author.BOT]
    assert len(told) == 1
    assert "quick update before it's due" in told[0].text
    assert "seven people are ahead of you, so Maya won't make it by" in told[0].text
    assert clock.now < promise.due_at  # before it broke, not after
    promises = {p.status: p for p in await services.store.promises(conversation_id=anna)}
    assert set(promises) == {PromiseStatus.REVISED, PromiseStatus.OPEN}
    assert promises[PromiseStatus.OPEN].due_at > promise.due_at

    clock.advance(minutes=5)  # still unlikely, but the customer has had their one update
    assert await services.keeper.update_early() == 0
    assert len([m for m in await services.store.messages(anna) if m.author is Author.BOT]) == 1


def _breaks_history() -> list[FinishedCase]:
    """Maya at work first replies in 2–6 minutes; quiet while holding cases (on a break), in 30–45."""
    at_work = [FinishedCase(handed_at=WEDNESDAY_10 - timedelta(days=7, minutes=7 * i), owner_id="maya",
                            case_type=None, ahead=i % 2, first_reply_minutes=2 + i % 5, resolve_minutes=20 + i % 5,
                            quiet_minutes=1.0) for i in range(80)]
    away = [FinishedCase(handed_at=WEDNESDAY_10 - timedelta(days=8, minutes=7 * i), owner_id="maya",
                         case_type=None, ahead=1, first_reply_minutes=30 + i % 16, resolve_minutes=50 + i % 16,
                         quiet_minutes=20.0) for i in range(40)]
    return at_work + away


async def _maya_replies_elsewhere(services: Services, *, at: datetime) -> None:
    """A reply of Maya's in another customer's conversation: the store's record that she is at work."""
    other = await _queued_for_maya(services, f"other-{new_id()}", at=at)
    await services.store.add_message(Message(id=new_id(), conversation_id=other, author=Author.STAFF, staff_id="maya",
                                             text="Here you go!", channel="api", created_at=at))


@pytest.mark.parametrize("replied_since", [False, True], ids=["quiet", "at-work"])
async def test_an_owner_gone_quiet_while_the_customer_waits_brings_an_early_update(
        services: Services, clock: ManualClock, replied_since: bool) -> None:
    assert services.estimates is not None
    services.estimates.current = fit_eta_model(_breaks_history(), bot=services.bot)
    await _maya_replies_elsewhere(services, at=clock.now)
    anna = await _queued_for_maya(services, "anna", at=clock.now)
    await services.store.add_promise(Promise(
        id=new_id(), conversation_id=anna, owner_id="maya", text="Maya replies", created_at=clock.now,
        due_at=clock.now + timedelta(minutes=20), source=Author.BOT))

    clock.advance(minutes=5)  # quiet for 5 minutes: still at work
    assert await services.keeper.update_early() == 0
    clock.advance(minutes=9)
    if replied_since:
        await _maya_replies_elsewhere(services, at=clock.now - timedelta(minutes=1))
    updated = await services.keeper.update_early()  # 14 minutes without a word from Maya, or 1

    told = [m.text for m in await services.store.messages(anna) if m.author is Author.BOT]
    if replied_since:
        assert (updated, told) == (0, [])
    else:
        assert updated == 1
        assert told == [told[0]]
        assert "quick update before it's due: Maya has stepped away for a moment" in told[0]
