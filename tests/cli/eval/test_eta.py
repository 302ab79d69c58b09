"""``warmline eval eta``: fitted before the split, scored after it, per case type and person."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from warmline.cli.eval.eta import evaluate_eta, format_eta
from warmline.domain import Bot, CaseType, FinishedCase, Shift, StaffMember, ValidationError

MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ALWAYS = Shift(days=(0, 1, 2, 3, 4, 5, 6), start=time(0), end=time(0))
BOT = Bot(name="t", display_name="T", knowledge_dir=Path("."),
          staff=(StaffMember(id="maya", name="Maya", shifts=(ALWAYS,), capacity=1),
                 StaffMember(id="tom", name="Tom", shifts=(ALWAYS,), capacity=1)),
          case_types=(CaseType(name="refund", description="r", what_happens="w", handling_minutes=15),))


def _cases(rng: random.Random, *, days: int) -> list[FinishedCase]:
    cases = []
    for i in range(days * 40):
        owner = "maya" if i % 2 else "tom"
        usual = 10 if owner == "maya" else 30  # one case ahead: the wait is about one handling time
        wait = rng.lognormvariate(math.log(usual), 0.3)
        cases.append(FinishedCase(handed_at=MONDAY + timedelta(minutes=36 * i), owner_id=owner, case_type="refund",
                                  ahead=1, first_reply_minutes=wait, promised_minutes=15,
                                  resolve_minutes=wait + rng.lognormvariate(math.log(usual), 0.3)))
    return cases


def test_scores_only_the_period_after_the_split_per_case_type_and_person() -> None:
    cases = _cases(random.Random(1), days=14)
    split = MONDAY + timedelta(days=10)
    result = evaluate_eta(cases, bot=BOT, split_at=split)
    assert result.train_cases == sum(c.handed_at < split for c in cases)
    assert result.test_cases == len(cases) - result.train_cases
    shop, maya, tom = result.groups
    assert (shop.case_type, shop.person, shop.cases) == ("all", "all", result.test_cases)
    assert (maya.person, tom.person) == ("maya", "tom")
    assert maya.promised_median < tom.promised_median  # learned: Tom is slower
    assert shop.kept_rate >= 0.8
    assert tom.told_kept_rate is not None
    assert tom.told_kept_rate < 0.2  # the fixed 15 minutes told then rarely held for Tom
    assert "tom" in format_eta(result)


def test_a_split_with_nothing_on_one_side_is_a_clear_error() -> None:
    cases = _cases(random.Random(2), days=2)
    with pytest.raises(ValidationError, match="finished cases before the split"):
        evaluate_eta(cases, bot=BOT, split_at=MONDAY + timedelta(days=30))
