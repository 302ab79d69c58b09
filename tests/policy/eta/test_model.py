"""The learned wait-time estimator, fitted (`eta._fit`) and forecasting (`eta._model`): prior from the bot file,
shrinkage, calibration and plain reasons."""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from warmline.domain import Bot, CaseType, FinishedCase, OpenCase, Shift, StaffMember
from warmline.policy import EtaModel, WaitForecast, fit_eta_model

MONDAY_10 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
WEEKDAYS = Shift(days=(0, 1, 2, 3, 4), start=time(9), end=time(17))


def _bot() -> Bot:
    staff = (StaffMember(id="maya", name="Maya Lind", shifts=(WEEKDAYS,), capacity=1),
             StaffMember(id="tom", name="Tom", shifts=(WEEKDAYS,), capacity=1))
    case = CaseType(name="damaged_item", description="broken", what_happens="we check", handling_minutes=30)
    return Bot(name="t", display_name="T", knowledge_dir=Path("."), staff=staff, case_types=(case,))


def _history(rng: random.Random, *, owner: str, handling: float, n: int, sigma: float = 0.4,
             start: datetime = MONDAY_10) -> list[FinishedCase]:
    """Cases with one case ahead: the wait is about one handling time plus a 3-minute look."""
    cases = []
    for i in range(n):
        wait = 3 + rng.lognormvariate(math.log(handling), sigma)
        cases.append(FinishedCase(handed_at=start + timedelta(minutes=7 * (i % 60)), owner_id=owner,
                                  case_type="damaged_item", ahead=1,
                                  first_reply_minutes=wait, resolve_minutes=wait + rng.lognormvariate(
                                      math.log(handling), sigma)))
    return cases


def test_without_history_the_bot_file_is_the_estimate() -> None:
    model = fit_eta_model((), bot=_bot())
    assert model.handling_minutes("maya", "damaged_item") == pytest.approx(30)
    forecast = model.forecast(owner_id="maya", owner_name="Maya", case_type="damaged_item", ahead=1,
                              at=MONDAY_10, confidence=0.9)
    assert forecast.promise_minutes > forecast.median_minutes > 30


def test_history_moves_the_estimate_per_person_and_shrinks_little_of_it() -> None:
    rng = random.Random(3)
    history = _history(rng, owner="maya", handling=10, n=200) + _history(rng, owner="tom", handling=10, n=1)
    model = fit_eta_model(history, bot=_bot())
    assert model.handling_minutes("maya", "damaged_item") == pytest.approx(10, rel=0.15)
    # One case of Tom's says little: his estimate stays between his case and the shop-wide one.
    tom = model.handling_minutes("tom", "damaged_item")
    assert 9 < tom < 30


@pytest.mark.parametrize("confidence", [0.5, 0.8, 0.9])
def test_promises_at_a_confidence_hold_that_often_on_fresh_cases(confidence: float) -> None:
    rng = random.Random(7)
    model = fit_eta_model(_history(rng, owner="maya", handling=20, n=600), bot=_bot())
    fresh = _history(rng, owner="maya", handling=20, n=600)
    promise = model.forecast(owner_id="maya", owner_name="Maya", case_type="damaged_item", ahead=1,
                             at=MONDAY_10, confidence=confidence).promise_minutes
    kept = sum(c.first_reply_minutes <= promise for c in fresh) / len(fresh)
    assert kept == pytest.approx(confidence, abs=0.05)


def test_more_cases_ahead_means_a_longer_promise() -> None:
    model = fit_eta_model(_history(random.Random(1), owner="maya", handling=20, n=100), bot=_bot())
    waits = [model.forecast(owner_id="maya", owner_name="Maya", case_type=None, ahead=ahead, at=MONDAY_10,
                            confidence=0.9).promise_minutes for ahead in (0, 1, 3)]
    assert waits == sorted(waits)
    assert waits[0] < waits[2]


def test_reasons_say_who_is_ahead_and_how_long_the_person_usually_needs() -> None:
    model = fit_eta_model(_history(random.Random(2), owner="maya", handling=20, n=300, sigma=0.1), bot=_bot())
    forecast = model.forecast(owner_id="maya", owner_name="Maya", case_type="damaged_item", ahead=2,
                              at=MONDAY_10, confidence=0.9)
    assert forecast.reasons == ("two people are ahead of you",
                                "Maya usually needs about 20 minutes for a damaged item")


def test_cases_handed_over_while_their_person_was_off_shift_are_not_learned_from() -> None:
    night = datetime(2026, 1, 5, 23, 0, tzinfo=UTC)
    history = _history(random.Random(4), owner="maya", handling=5, n=50, start=night)
    model = fit_eta_model(history, bot=_bot())
    assert model.cases_seen == 0
    assert model.handling_minutes("maya", "damaged_item") == pytest.approx(30)


def test_probability_within_grows_with_the_time_allowed() -> None:
    model = fit_eta_model(_history(random.Random(5), owner="maya", handling=20, n=300), bot=_bot())
    chances = [model.probability_within(owner_id="maya", ahead=1, at=MONDAY_10, minutes=m) for m in (5, 20, 60)]
    assert chances[0] < chances[1] < chances[2] <= 1.0


def _queued_history(rng: random.Random, *, n: int, start: datetime = MONDAY_10) -> list[FinishedCase]:
    """Maya (one case at a time) with one case ahead that she took up a random while ago: the new case
    waits for what is left of it, then a 2-minute look."""
    cases = []
    for i in range(n):
        handed = start + timedelta(minutes=7 * (i % 60))
        elapsed = rng.uniform(0, 25)
        handling = rng.lognormvariate(math.log(20), 0.5)
        while handling <= elapsed:
            handling = rng.lognormvariate(math.log(20), 0.5)
        wait = handling - elapsed + rng.lognormvariate(math.log(2), 0.3)
        ahead = (OpenCase(case_type="damaged_item", handed_at=handed - timedelta(minutes=elapsed + 1),
                          claimed_at=handed - timedelta(minutes=elapsed)),)
        cases.append(FinishedCase(handed_at=handed, owner_id="maya", case_type="damaged_item", ahead=1,
                                  first_reply_minutes=wait, resolve_minutes=wait + rng.lognormvariate(
                                      math.log(20), 0.5), ahead_cases=ahead))
    return cases


def test_the_progress_of_the_case_ahead_sharpens_the_promise_and_keeps_it_calibrated() -> None:
    model = fit_eta_model(_queued_history(random.Random(5), n=600), bot=_bot())
    fresh = _queued_history(random.Random(6), n=600)

    def promise(case: FinishedCase) -> float:
        return model.forecast(owner_id="maya", owner_name="Maya", case_type="damaged_item", ahead=1,
                              at=case.handed_at, confidence=0.9, ahead_cases=case.ahead_cases).promise_minutes

    kept = sum(c.first_reply_minutes <= promise(c) for c in fresh) / len(fresh)
    assert kept == pytest.approx(0.9, abs=0.04)
    nearly_done, just_started = (replace(fresh[0], ahead_cases=(replace(
        fresh[0].ahead_cases[0], claimed_at=fresh[0].handed_at - timedelta(minutes=m)),)) for m in (24, 1))  # type: ignore[index]
    assert promise(nearly_done) < promise(just_started)
    # Told only how many are ahead, the promise for the same cases is wider.
    counted = model.forecast(owner_id="maya", owner_name="Maya", case_type="damaged_item", ahead=1,
                             at=MONDAY_10, confidence=0.9).promise_minutes
    assert statistics.median(promise(c) for c in fresh) < counted


def test_without_case_by_case_history_the_cases_ahead_are_only_counted() -> None:
    model = fit_eta_model(_history(random.Random(1), owner="maya", handling=20, n=100), bot=_bot())
    ahead = (OpenCase(case_type="damaged_item", handed_at=MONDAY_10, claimed_at=MONDAY_10),)
    assert model.knows_cases(ahead) is None
    assert model.forecast(owner_id="maya", owner_name="Maya", case_type=None, ahead=1, at=MONDAY_10,
                          confidence=0.9, ahead_cases=ahead) == model.forecast(
        owner_id="maya", owner_name="Maya", case_type=None, ahead=1, at=MONDAY_10, confidence=0.9)


def _history_with_breaks(rng: random.Random, *, n: int) -> list[FinishedCase]:
    """Maya with one case ahead; one time in eight she has gone quiet holding it (on a break), and the new
    case also waits for the rest of her break."""
    cases = []
    for case in _history(rng, owner="maya", handling=20, n=n, sigma=0.3):
        away = rng.random() < 1 / 8
        wait = case.first_reply_minutes + (rng.uniform(10, 30) if away else 0.0)
        cases.append(replace(case, first_reply_minutes=wait, quiet_minutes=rng.uniform(12, 30) if away
                             else rng.uniform(0, 6)))
    return cases


def test_someone_quiet_while_holding_cases_gets_a_longer_promise_and_the_others_a_sharper_one() -> None:
    history = _history_with_breaks(random.Random(8), n=800)
    model = fit_eta_model(history, bot=_bot())
    blind = fit_eta_model([replace(c, quiet_minutes=None) for c in history], bot=_bot())

    def promise(fitted: EtaModel, quiet: float | None) -> WaitForecast:
        return fitted.forecast(owner_id="maya", owner_name="Maya", case_type=None, ahead=1, at=MONDAY_10,
                               confidence=0.9, quiet_minutes=quiet)

    at_work, away, unknown = promise(model, 2).promise_minutes, promise(model, 20).promise_minutes, promise(
        blind, None).promise_minutes
    assert at_work < unknown < away
    assert promise(model, 20).reasons[-1] == "Maya has not replied for 20 minutes"
    # Calibrated on fresh cases of the same shop, each promised from what was known when it came.
    fresh = _history_with_breaks(random.Random(9), n=800)
    kept = sum(c.first_reply_minutes <= promise(model, c.quiet_minutes).promise_minutes for c in fresh) / len(fresh)
    assert kept == pytest.approx(0.9, abs=0.04)
    assert model.probability_within(owner_id="maya", ahead=1, at=MONDAY_10, minutes=at_work, quiet_minutes=20) < (
        model.probability_within(owner_id="maya", ahead=1, at=MONDAY_10, minutes=at_work, quiet_minutes=2))


def test_quiet_with_nothing_to_do_is_not_away() -> None:
    model = fit_eta_model(_history_with_breaks(random.Random(8), n=400), bot=_bot())
    idle, fresh = (model.forecast(owner_id="maya", owner_name="Maya", case_type=None, ahead=0, at=MONDAY_10,
                                  confidence=0.9, quiet_minutes=q) for q in (60, 1))
    assert idle == fresh
