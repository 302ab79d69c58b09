"""Unclaimed handoffs move to the next person after the bot file's claim timeout, and the customer hears."""

from __future__ import annotations

from datetime import timedelta

from tests._clock import ManualClock

from warmline.domain import Author, ConversationState, HandoffStatus, InboundMessage
from warmline.runtime.services import Services


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


async def test_re_routing_moves_the_one_live_promise_to_the_new_person_with_a_time_in_words(
        services: Services, clock: ManualClock) -> None:
    conversation_id, first = await hand_off(services)
    [before] = await services.store.promises(conversation_id=conversation_id, open_only=True)
    assert before.owner_id == first

    clock.now += timedelta(minutes=11)
    assert await services.watcher.reroute_overdue() == 1

    [after] = await services.store.promises(conversation_id=conversation_id, open_only=True)
    conversation = await services.store.get_conversation(conversation_id)
    assert after.id == before.id, "the same promise moved; no second one"
    assert after.owner_id == conversation.assignee_id != first
    assert after.due_at > clock.now
    update = (await services.store.messages(conversation_id))[-1]
    assert "today" in update.text
    assert "minutes" not in update.text


async def test_a_case_never_rotates_to_someone_without_its_skill(services: Services, clock: ManualClock) -> None:
    result = await services.pipeline.handle(InboundMessage(channel="api", sender_id="c-2",
                                                           text="my mug arrived broken"))
    conversation_id = result.conversation.id
    handoff = await services.store.active_handoff(conversation_id)
    assert handoff is not None
    assert handoff.case_type == "damaged_item"
    assert handoff.assignee_id == "maya"  # the only one with the damaged_item skill

    clock.now += timedelta(minutes=11)

    assert await services.watcher.reroute_overdue() == 0, "Leo has no damaged_item skill"
    assert (await services.store.get_conversation(conversation_id)).assignee_id == "maya"
