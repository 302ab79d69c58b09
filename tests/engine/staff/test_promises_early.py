"""The early update (DESIGN principle 8, issue 20): when the queue stops moving so that the bot's ETA is now
unlikely to hold, the customer hears a new time once, with the reason, before it breaks. Time travel with
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
