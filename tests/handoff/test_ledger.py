"""The promise ledger's rules: when the owner is nudged, the early update (a shift ending, an owner gone quiet),
and the honest new time after a broken promise."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from warmline.domain import Author, Bot, FinishedCase, Promise, Shift, StaffMember
from warmline.handoff.ledger import (
    EarlyUpdate,
    broken_promise,
    early_update,
    kept_on_time,
    lead_alert,
    nudge_at,
    nudge_text,
)
from warmline.policy import fit_eta_model

NOW = datetime(2025, 7, 2, 10, 0, tzinfo=UTC)  # a Wednesday
BOT = Bot(name="shop", display_name="Shop", knowledge_dir=Path("knowledge"))
MAYA = StaffMember(id="maya", name="Maya Lindqvist")


def promise(minutes: float, *, source: Author = Author.BOT) -> Promise:
    return Promise(id="p", conversation_id="c", owner_id="maya", text="Maya replies", created_at=NOW,
                   due_at=NOW + timedelta(minutes=minutes), source=source)


def test_the_nudge_comes_a_quarter_of_the_wait_before_due_within_limits() -> None:
    assert nudge_at(promise(20)) == NOW + timedelta(minutes=15)
    assert nudge_at(promise(2)) == NOW + timedelta(minutes=1), "at least a minute's warning"
    assert nudge_at(promise(24 * 60)) == NOW + timedelta(minutes=24 * 60 - 15), "at most fifteen minutes"


def test_kept_on_time_means_by_the_due_time() -> None:
    assert kept_on_time(promise(20), now=NOW + timedelta(minutes=20))
    assert not kept_on_time(promise(20), now=NOW + timedelta(minutes=20, seconds=1))


def test_a_broken_promise_gets_an_apology_and_a_realistic_new_time() -> None:
    late = NOW + timedelta(minutes=21)
    plan = broken_promise(promise(20), owner=MAYA, bot=BOT, now=late, customer_first_name="ada")
    assert plan.new_due_at == late + timedelta(minutes=15)
    assert plan.customer_text.startswith("Ada, I'm sorry")
    assert "Maya will get back to you by 10:36 today" in plan.customer_text
    long_wait = broken_promise(promise(8 * 60), owner=MAYA, bot=BOT, now=NOW + timedelta(hours=8))
    assert long_wait.new_due_at == NOW + timedelta(hours=9), "never more than an hour more"


def test_an_owner_off_shift_promises_a_time_in_their_next_shift() -> None:
    early = StaffMember(id="maya", name="Maya Lindqvist",
                        shifts=(Shift(days=(0, 1, 2, 3, 4), start=time(6), end=time(9)),))
    plan = broken_promise(promise(20), owner=early, bot=BOT, now=NOW + timedelta(minutes=21))
    assert plan.new_due_at == datetime(2025, 7, 3, 6, 30, tzinfo=UTC)
    assert "tomorrow" in plan.customer_text


def test_staff_hear_the_promise_and_the_new_time() -> None:
    nudge = nudge_text(promise(20, source=Author.STAFF), customer_name="Ada", bot=BOT,
                       now=NOW + timedelta(minutes=15))
    assert "Ada" in nudge
    assert "in 5 min" in nudge
    told = lead_alert(promise(20), owner=MAYA, customer_name="Ada", new_due_at=NOW + timedelta(minutes=40),
                      bot=BOT, now=NOW + timedelta(minutes=21))
    assert "Maya Lindqvist" in told
    assert "10:40 today" in told
    untold = lead_alert(promise(20), owner=MAYA, customer_name="Ada", new_due_at=None, bot=BOT, now=NOW)
    assert "not written to" in untold


def _eta(*, created: datetime, due: datetime) -> Promise:
    return Promise(id="p", conversation_id="c", owner_id="maya", text="Maya replies", due_at=due, created_at=created)


def test_a_shift_ending_before_the_promised_time_brings_an_early_update_with_the_reason() -> None:
    day = StaffMember(id="maya", name="Maya Lindqvist", shifts=(Shift(days=(0, 1, 2, 3, 4), start=time(9),
                                                                       end=time(17)),))
    promise = _eta(created=NOW.replace(hour=16, minute=30), due=NOW.replace(hour=17, minute=30))
    update = early_update(promise, owner=day, bot=BOT, now=NOW.replace(hour=17, minute=5), ahead=0, eta_model=None,
                          customer_first_name="Anna")
    assert update is not None
    assert update.new_due_at == (NOW + timedelta(days=1)).replace(hour=9, minute=30)
    assert update.reason == "Maya's shift has ended and Maya is back at 9:00 tomorrow"
    assert update.customer_text.startswith("Anna, a quick update before it's due: Maya's shift has ended")
    assert "Maya will be with you by 9:30 tomorrow" in update.customer_text


def test_no_early_update_for_a_promise_that_already_counted_the_return_or_is_a_staff_commitment() -> None:
    day = StaffMember(id="maya", name="Maya Lindqvist", shifts=(Shift(days=(0, 1, 2, 3, 4), start=time(9),
                                                                       end=time(17)),))
    evening = NOW.replace(hour=20)
    made_off_shift = _eta(created=evening, due=(NOW + timedelta(days=1)).replace(hour=9, minute=10))
    assert early_update(made_off_shift, owner=day, bot=BOT, now=evening + timedelta(minutes=5), ahead=0,
                        eta_model=None) is None
    staff_said = Promise(id="p", conversation_id="c", owner_id="maya", text="Maya: by 17:30", source=Author.STAFF,
                         due_at=NOW.replace(hour=17, minute=30), created_at=NOW.replace(hour=16))
    assert early_update(staff_said, owner=day, bot=BOT, now=NOW.replace(hour=17, minute=5), ahead=0,
                        eta_model=None) is None


def _history_with_breaks() -> list[FinishedCase]:
    """Maya's month: at work she first replies in 2–6 minutes; quiet while holding cases (a break), in 30–45."""
    at_work = [FinishedCase(handed_at=NOW - timedelta(days=7, minutes=7 * i), owner_id="maya", case_type=None,
                            ahead=i % 2, first_reply_minutes=2 + i % 5, resolve_minutes=20 + i % 5,
                            quiet_minutes=1.0) for i in range(80)]
    away = [FinishedCase(handed_at=NOW - timedelta(days=8, minutes=7 * i), owner_id="maya", case_type=None,
                         ahead=1, first_reply_minutes=30 + i % 16, resolve_minutes=50 + i % 16, quiet_minutes=20.0)
            for i in range(40)]
    return at_work + away


def test_an_owner_gone_quiet_while_holding_the_case_brings_an_early_update() -> None:
    model = fit_eta_model(_history_with_breaks(), bot=replace(BOT, staff=(MAYA,)))  # five cases at once
    promise = _eta(created=NOW - timedelta(minutes=4), due=NOW + timedelta(minutes=6))

    def update(quiet: float | None) -> EarlyUpdate | None:
        return early_update(promise, owner=MAYA, bot=BOT, now=NOW, ahead=0, eta_model=model,
                            customer_first_name="Anna", quiet_minutes=quiet)

    assert update(2.0) is None, "at work, six minutes left is plenty"
    assert update(None) is None, "no action on record says nothing"
    away = update(14.0)
    assert away is not None
    assert away.reason == "Maya has stepped away for a moment"
    assert away.customer_text.startswith("Anna, a quick update before it's due: Maya has stepped away for a moment")
    assert away.new_due_at >= NOW + timedelta(minutes=30), "the new time covers a break, as past breaks lasted"
