"""When a person's next slot frees up: remaining handling of cases under way, first-in-first-out behind them."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from warmline.policy.eta._queue import HeldCase, remaining_median, slot_free_minutes

TWENTY = math.log(20)


@pytest.mark.parametrize("elapsed", [5.0, 18.0, 45.0])
def test_remaining_median_is_the_median_of_what_is_left_of_cases_that_lasted_that_long(elapsed: float) -> None:
    rng = random.Random(4)
    lasted = [x - elapsed for x in (rng.lognormvariate(TWENTY, 0.5) for _ in range(40_000)) if x > elapsed]
    assert remaining_median(log_median=TWENTY, log_sigma=0.5, elapsed=elapsed) == pytest.approx(
        statistics.median(lasted), rel=0.05)


def test_a_case_not_started_has_its_whole_median_left_and_one_nearly_done_little() -> None:
    assert remaining_median(log_median=TWENTY, log_sigma=0.5, elapsed=0) == pytest.approx(20)
    assert remaining_median(log_median=TWENTY, log_sigma=0.5, elapsed=19) < 10


def test_a_free_slot_means_only_the_look() -> None:
    assert slot_free_minutes((), capacity=1, look=3, log_sigma=0.5) == 3
    under_way = (HeldCase(log_median=TWENTY, elapsed=2.0),)
    assert slot_free_minutes(under_way, capacity=2, look=3, log_sigma=0.5) == 3


def test_the_wait_follows_the_progress_and_the_queue_of_the_cases_ahead() -> None:
    def wait(*cases: HeldCase) -> float:
        return slot_free_minutes(cases, capacity=1, look=3, log_sigma=0.5)

    nearly_done = wait(HeldCase(log_median=TWENTY, elapsed=19.0))
    just_started = wait(HeldCase(log_median=TWENTY, elapsed=1.0))
    behind_a_waiting_one = wait(HeldCase(log_median=TWENTY, elapsed=1.0), HeldCase(log_median=TWENTY, elapsed=None))
    assert 3 <= nearly_done < just_started < behind_a_waiting_one
    assert behind_a_waiting_one == pytest.approx(just_started + 20)


def test_more_cases_running_than_slots_wait_for_the_surplus_to_finish() -> None:
    quick, slow = HeldCase(log_median=math.log(5), elapsed=0.0), HeldCase(log_median=math.log(50), elapsed=0.0)
    assert slot_free_minutes((quick, slow, slow), capacity=2, look=1, log_sigma=0.5) == pytest.approx(50)
