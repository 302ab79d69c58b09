"""Who seems away (quiet while holding open cases), and the away spread shrunk toward the others'."""

from __future__ import annotations

import pytest

from warmline.policy.eta._activity import QUIET_MINUTES, seems_away, shrunk_quantile, shrunk_share_below


def test_quiet_while_holding_cases_seems_away() -> None:
    assert seems_away(quiet_minutes=QUIET_MINUTES + 5, holding=1)
    assert not seems_away(quiet_minutes=QUIET_MINUTES - 1, holding=2)  # just replied: at work
    assert not seems_away(quiet_minutes=120, holding=0)  # nothing to do: silence says nothing
    assert not seems_away(quiet_minutes=None, holding=3)  # nothing on record


def test_a_few_away_cases_move_the_quantile_a_little_many_set_it() -> None:
    others = [i / 100 for i in range(100)]  # 0.00 … 0.99, median about 0.5
    few = shrunk_quantile([5.0] * 3, others, 0.5)
    many = shrunk_quantile([5.0] * 3000, others, 0.5)
    assert few == pytest.approx(0.55, abs=0.03)
    assert many == 5.0
    assert shrunk_quantile([], others, 0.9) == pytest.approx(0.9, abs=0.02)  # no away history: the others'


def test_share_below_is_the_same_mixture() -> None:
    others = [i / 100 for i in range(100)]
    assert shrunk_share_below([], others, 0.5) == pytest.approx(0.5, abs=0.02)
    # 30 away values all above: they weigh as much as the 100 others together (AWAY_PRIOR_WEIGHT 30).
    assert shrunk_share_below([9.0] * 30, others, 0.5) == pytest.approx(0.25, abs=0.02)
    with pytest.raises(ValueError, match="at least one"):
        shrunk_share_below([], [], 0.5)
