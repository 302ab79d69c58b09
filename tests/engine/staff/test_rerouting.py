"""Unclaimed handoffs move to the next person after the bot file's claim timeout, and the customer hears."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from tests._clock import ManualClock

from warmline.config import Settings
from warmline.domain import Author, ConversationState, HandoffStatus, InboundMessage
from warmline.runtime.services import Services


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def services(settings: Settings, clock: ManualClock) -> AsyncIterator[Services]:
    started = await Services.start(settings, clock=clock)
    yield started
    await started.stop()


async def hand_off(services: Services) -> tuple[str, str]:
    result = await services.pipeline.handle(InboundMessage(channel="api", sender_id="c-1",
                                                           text="Can I talk to a person?"))
    assert result.decision.assignee is not None
    return result.conversation.id, result.decision.assignee.id


async def test_an_unclaimed_handoff_goes_to_someone_else_and_the_customer_is_told(
        services: Services, clock: ManualClock) -> None:
    conversation_id, first = await hand_off(services)

    clock.now += timedelta(minutes=5)
    assert await services.watcher.reroute_overdue() == 0
    clock.now += timedelta(minutes=6)
    assert await services.watcher.reroute_overdue() == 1

    conversation = await services.store.get_conversation(conversation_id)
    assert conversation.state is ConversationState.QUEUED
    assert conversation.assignee_id not in (None, first)
    new = services.bot.staff_member(conversation.assignee_id or "")
    assert new is not None
    update = (await services.store.messages(conversation_id))[-1]
    assert update.author is Author.BOT
    assert new.first_name in update.text
    assert "repeat" in update.text


async def test_the_timer_starts_again_for_the_new_person(services: Services, clock: ManualClock) -> None:
    await hand_off(services)
    clock.now += timedelta(minutes=11)
    assert await services.watcher.reroute_overdue() == 1

    clock.now += timedelta(minutes=5)

    assert await services.watcher.reroute_overdue() == 0


async def test_once_everyone_on_shift_was_asked_the_handoff_stops_moving(
        services: Services, clock: ManualClock) -> None:
    _, first = await hand_off(services)
    clock.now += timedelta(minutes=11)
    assert await services.watcher.reroute_overdue() == 1  # the test shop has two people: the other one now

    for _ in range(3):
        clock.now += timedelta(minutes=11)
        assert await services.watcher.reroute_overdue() == 0

    [open_handoff] = await services.store.handoffs(statuses={HandoffStatus.OPEN})
    assert open_handoff.assignee_id != first
    assert open_handoff.reasons.count("not claimed within 10 minutes") == 1


async def test_a_claimed_handoff_stays_with_whoever_claimed_it(services: Services, clock: ManualClock) -> None:
    conversation_id, first = await hand_off(services)
    await services.desk.claim(conversation_id, staff_id=first)

    clock.now += timedelta(hours=1)

    assert await services.watcher.reroute_overdue() == 0
    assert (await services.store.get_conversation(conversation_id)).assignee_id == first
