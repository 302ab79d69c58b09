"""Promised vs actual waits per case type and person, from hand-made wait rows: what counts as settled, kept,
and how the medians and promised ÷ waited come out."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from warmline.domain import Bot, StaffMember
from warmline.engine.reports._model import WaitRow
from warmline.engine.reports.eta_accuracy import eta_accuracy

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BOT = Bot(name="shop", display_name="Shop", knowledge_dir=Path("."),
          staff=(StaffMember(id="maya", name="Maya Lindqvist"), StaffMember(id="leo", name="Leo Park")))


def _row(who: str, case: str | None, *, promised: float | None, waited: float, replied: bool = True) -> WaitRow:
    return WaitRow(conversation_id=f"{who}-{waited}", channel="web", assignee_id=who, created_at=AT,
                   promised_minutes=promised, waited_minutes=waited, replied=replied, case_type=case)


def test_kept_rate_and_medians_count_settled_promises_only() -> None:
    period = [_row("maya", "refund", promised=20, waited=10),
              _row("maya", "refund", promised=20, waited=30),  # replied late
              _row("maya", "refund", promised=20, waited=40, replied=False),  # still waiting, past the promise
              _row("maya", "refund", promised=20, waited=5, replied=False),  # still waiting, within: not settled
              _row("maya", "refund", promised=None, waited=3)]  # nothing was promised

    (refund,), (maya,) = eta_accuracy(period, last_week=[], bot=BOT)

    assert (refund.key, refund.label) == ("refund", "Refund")
    assert (refund.period.settled, refund.period.kept) == (3, 1)
    assert refund.period.kept_rate == 1 / 3
    assert refund.period.promised_median_minutes == 20
    assert refund.period.waited_median_minutes == 30  # the late wait still running counts as at least 40
    assert refund.period.promised_over_actual == 20 / 30
    assert refund.last_week.settled == 0
    assert refund.last_week.kept_rate is None
    assert maya.label == "Maya Lindqvist"
    assert maya.period == refund.period


def test_groups_by_case_type_and_person_with_the_week_before() -> None:
    period = [_row("maya", "refund", promised=30, waited=10), _row("leo", None, promised=10, waited=20),
              _row("leo", "refund", promised=15, waited=5)]
    last_week = [_row("maya", "refund", promised=30, waited=15), _row("ghost", "invoice", promised=10, waited=0)]

    by_case, by_person = eta_accuracy(period, last_week=last_week, bot=BOT)

    assert [g.key for g in by_case] == ["refund", "(none)", "invoice"]  # busiest in the period first
    assert by_case[1].label == "Other conversations"
    assert by_case[0].last_week.promised_over_actual == 2.0
    assert by_case[2].period.settled == 0
    assert by_case[2].last_week.kept == 1
    assert by_case[2].last_week.promised_over_actual is None  # replied at once: no ratio to a zero wait
    assert [(g.key, g.label) for g in by_person] == [("leo", "Leo Park"), ("maya", "Maya Lindqvist"),
                                                      ("ghost", "ghost")]
    assert by_person[0].period.kept_rate == 0.5


def test_nothing_settled_leaves_no_groups() -> None:
    assert eta_accuracy([_row("maya", "refund", promised=20, waited=5, replied=False)], last_week=[],
                        bot=BOT) == ((), ())
