"""The promise ledger at work (DESIGN principle 8): owners are nudged before a promise falls due; a broken
promise is told to the customer first, honestly, with a new time, and a lead hears; staff replies keep
promises and their own commitments go on the ledger; two keepers never nudge or apologise twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from tests._clock import ManualClock

from warmline.config import Settings
from warmline.domain import Author, InboundMessage, Promise, PromiseStatus
from warmline.engine.staff.alerts import StaffAlert
from warmline.engine.staff.promises import PromiseKeeper
from warmline.runtime.services import Services


class RecordingSink:
    """Stands in for Slack: records each alert, and what the customer had been told by then."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.alerts: list[tuple[StaffAlert, list[str]]] = []

    async def alert(self, alert: StaffAlert) -> None:
        told = [m.text for m in await self.services.store.messages(alert.conversation_id)]
        self.alerts.append((alert, told))


@pytest.fixture
async def services(settings: Settings, clock: ManualClock) -> AsyncIterator[Services]:
    started = await Services.start(settings, clock=clock)
    await started.background["promises"].close()  # the test runs the keeper's rounds itself
    yield started
    await started.stop()


@pytest.fixture
def sink(services: Services) -> RecordingSink:
    recording = RecordingSink(services)
    services.alerts.sinks.append(recording)
    return recording


async def hand_off(services: Services, sender: str = "c-1") -> tuple[str, Promise]:
    result = await services.pipeline.handle(InboundMessage(channel="api", sender_id=sender,
                                                           text="Can I talk to a person?"))
    [promise] = await services.store.promises(conversation_id=result.conversation.id)
    return result.conversation.id, promise


def promise_metric(services: Services, source: str, outcome: str) -> float:
    return services.metrics.registry.get_sample_value(
        "warmline_promises_total", {"source": source, "outcome": outcome}) or 0.0


def keeper(services: Services) -> PromiseKeeper:
    return services.keeper


async def test_the_owner_is_nudged_once_before_the_promise_falls_due(services: Services, clock: ManualClock,
                                                                     sink: RecordingSink) -> None:
    conversation_id, promise = await hand_off(services)
    span = promise.due_at - clock.now
    assert span > timedelta(minutes=2)

    clock.now = promise.due_at - span / 2
    assert await keeper(services).check() == (0, 0), "too early to nudge"
    clock.now = promise.due_at - timedelta(seconds=30)
    assert await keeper(services).check() == (1, 0)
    assert await keeper(services).check() == (0, 0), "nudged once only"

    [(alert, _)] = sink.alerts
    assert (alert.kind, alert.staff_ids, alert.conversation_id) == ("nudge", (promise.owner_id,), conversation_id)
    assert "Reminder" in alert.text
    [stored] = await services.store.promises(conversation_id=conversation_id)
    assert (stored.status, stored.nudged_at) == (PromiseStatus.OPEN, clock.now)


async def test_a_broken_promise_is_told_to_the_customer_first_with_a_new_time_and_a_lead_hears(
        services: Services, clock: ManualClock, sink: RecordingSink) -> None:
    conversation_id, promise = await hand_off(services)
    owner = services.bot.staff_member(promise.owner_id)
    assert owner is not None

    clock.now = promise.due_at + timedelta(minutes=1)
    assert await keeper(services).check() == (0, 1)
    assert await keeper(services).check() == (0, 0)

    apology = (await services.store.messages(conversation_id))[-1]
    assert apology.author is Author.BOT
    assert "sorry" in apology.text.lower()
    assert owner.first_name in apology.text
    [broken, renewed] = await services.store.promises(conversation_id=conversation_id)
    assert (broken.id, broken.status, broken.settled_at) == (promise.id, PromiseStatus.BROKEN, clock.now)
    assert renewed.status is PromiseStatus.OPEN
    assert renewed.due_at > clock.now
    assert renewed.owner_id == promise.owner_id
    [(alert, told)] = sink.alerts
    assert alert.kind == "broken_promise"
    assert apology.text in told, "the customer hears before staff are alerted"
    leads = [m.id for m in services.bot.staff if m.lead]
    assert set(leads) <= set(alert.staff_ids)
    assert promise_metric(services, "bot", "broken") == 1


async def test_a_staff_reply_keeps_the_promise_and_records_the_staff_members_own_commitment(
        services: Services, clock: ManualClock) -> None:
    conversation_id, promise = await hand_off(services)
    await services.desk.reply(conversation_id, staff_id=promise.owner_id, text=(
        "Thanks for waiting! I'll check with the warehouse and get back to you within 2 hours."))

    kept, commitment = await services.store.promises(conversation_id=conversation_id)
    assert (kept.id, kept.status) == (promise.id, PromiseStatus.KEPT)
    assert commitment.source is Author.STAFF
    assert commitment.status is PromiseStatus.OPEN
    assert commitment.owner_id == promise.owner_id
    assert commitment.due_at == clock.now + timedelta(hours=2)
    assert "within 2 hours" in commitment.text
    assert promise_metric(services, "bot", "kept") == 1

    clock.now += timedelta(hours=1)
    await services.desk.reply(conversation_id, staff_id=promise.owner_id, text="Good news: it ships today.")
    [_, settled] = await services.store.promises(conversation_id=conversation_id)
    assert settled.status is PromiseStatus.KEPT
    assert promise_metric(services, "staff", "kept") == 1


async def test_a_reply_after_the_due_time_counts_the_promise_as_broken(services: Services, clock: ManualClock) -> None:
    conversation_id, promise = await hand_off(services)
    clock.now = promise.due_at + timedelta(seconds=1)
    await services.desk.reply(conversation_id, staff_id=promise.owner_id, text="Sorry for the wait!")
    [settled] = await services.store.promises(conversation_id=conversation_id)
    assert settled.status is PromiseStatus.BROKEN
    assert promise_metric(services, "bot", "broken") == 1


async def test_two_keepers_never_nudge_or_apologise_twice(services: Services, clock: ManualClock,
                                                         sink: RecordingSink) -> None:
    twin = PromiseKeeper(bot=services.bot, store=services.store, outbound=services.outbound,
                         ledger=keeper(services)._ledger, alerts=services.alerts, clock=clock)
    conversations = [await hand_off(services, sender=f"c-{n}") for n in range(3)]
    moments = sorted(t for _, p in conversations for t in (p.due_at - timedelta(seconds=10), p.due_at))

    nudged = broken = 0
    for moment in moments:  # both keepers race at each moment: just before, and at, each due time
        clock.now = moment
        for n, b in await asyncio.gather(keeper(services).check(), twin.check()):
            nudged, broken = nudged + n, broken + b
    assert (nudged, broken) == (3, 3)

    for conversation_id, _ in conversations:
        apologies = [m for m in await services.store.messages(conversation_id) if "sorry" in m.text.lower()]
        assert len(apologies) == 1
    kinds = [alert.kind for alert, _ in sink.alerts]
    assert (kinds.count("nudge"), kinds.count("broken_promise")) == (3, 3)


async def test_the_inbox_shows_promises(services: Services, clock: ManualClock) -> None:
    conversation_id, promise = await hand_off(services)
    from warmline.web.views import detail_json

    detail = detail_json(await services.desk.detail(conversation_id), bot=services.bot)
    [shown] = detail["promises"]
    assert (shown["id"], shown["status"], shown["source"]) == (promise.id, "open", "bot")
    assert shown["due_at"] == promise.due_at.isoformat()
    assert detail["parked"] == []


async def test_resolving_keeps_no_promise_by_itself(services: Services, clock: ManualClock) -> None:
    conversation_id, promise = await hand_off(services)
    await services.desk.reply(conversation_id, staff_id=promise.owner_id,
                              text="I'll send you the tracking link by 3pm tomorrow.")
    [_, commitment] = await services.store.promises(conversation_id=conversation_id)

    await services.desk.resolve(conversation_id, staff_id=promise.owner_id)

    [kept, still_open] = await services.store.promises(conversation_id=conversation_id)
    assert kept.status is PromiseStatus.KEPT, "the reply in time kept 'a person replies'"
    assert (still_open.id, still_open.status) == (commitment.id, PromiseStatus.OPEN), "nothing was sent"
    assert promise_metric(services, "staff", "kept") == 0


async def test_a_commitment_confirmed_done_at_resolve_time_is_kept(services: Services) -> None:
    conversation_id, promise = await hand_off(services)
    await services.desk.reply(conversation_id, staff_id=promise.owner_id,
                              text="I'll send you the tracking link by 3pm tomorrow.")
    [commitment] = await services.desk.open_commitments(conversation_id)

    await services.desk.resolve(conversation_id, staff_id=promise.owner_id, done=[commitment.id])

    [_, settled] = await services.store.promises(conversation_id=conversation_id)
    assert settled.status is PromiseStatus.KEPT
    assert promise_metric(services, "staff", "kept") == 1


async def test_resolving_without_any_reply_leaves_the_reply_promise_to_be_judged_at_its_time(
        services: Services, clock: ManualClock) -> None:
    conversation_id, promise = await hand_off(services)

    await services.desk.resolve(conversation_id, staff_id=promise.owner_id)
    assert (await services.store.promises(conversation_id=conversation_id))[0].status is PromiseStatus.OPEN
    clock.now = promise.due_at + timedelta(minutes=1)
    await services.keeper.check()

    [broken] = await services.store.promises(conversation_id=conversation_id)
    assert broken.status is PromiseStatus.BROKEN
    assert promise_metric(services, "bot", "kept") == 0
