"""Whether a person seems away, from when they last acted, and a spread learned for that case with shrinkage.

A person on a break stops acting: no replies, no take-ups, no resolves, while the cases they hold wait.
The store knows when each person last did any of these, so at promise time "quiet for a while though
they hold open cases" is observable, where the break itself is not announced. A person holding nothing
is not counted as away: with nothing to do, silence says nothing. Pure, no I/O.

Away cases are rare, so their own spread of ``log(actual / median)`` is shrunk toward the spread of the
other cases: the away sample is mixed with the others counted as ``AWAY_PRIOR_WEIGHT`` cases in all,
so a handful of away cases moves the promise a little and hundreds set it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

__all__ = ["AWAY_PRIOR_WEIGHT", "QUIET_MINUTES", "seems_away", "shrunk_quantile", "shrunk_share_below"]

QUIET_MINUTES = 10.0  # working people write every few minutes; this long without a word while holding cases
AWAY_PRIOR_WEIGHT = 30.0  # the other cases' spread counts as this many away cases


def seems_away(*, quiet_minutes: float | None, holding: float) -> bool:
    """True when the person has not acted for ``QUIET_MINUTES`` though they hold ``holding`` > 0 cases."""
    return quiet_minutes is not None and holding > 0 and quiet_minutes >= QUIET_MINUTES


def _weighted(own: Sequence[float], prior: Sequence[float], prior_weight: float) -> list[tuple[float, float]]:
    share = prior_weight / len(prior) if prior else 0.0
    return sorted([(x, 1.0) for x in own] + [(x, share) for x in prior])


def shrunk_quantile(own: Sequence[float], prior: Sequence[float], q: float, *,
                    prior_weight: float = AWAY_PRIOR_WEIGHT) -> float:
    """The ``q`` quantile of ``own`` mixed with ``prior`` (counted as ``prior_weight`` values in all)."""
    points = _weighted(own, prior, prior_weight)
    if not points:
        raise ValueError("a quantile needs at least one value")
    total = sum(weight for _, weight in points)
    running = 0.0
    for value, weight in points:
        running += weight
        if running >= q * total:
            return value
    return points[-1][0]


def shrunk_share_below(own: Sequence[float], prior: Sequence[float], value: float, *,
                       prior_weight: float = AWAY_PRIOR_WEIGHT) -> float:
    """The share of the same mixture that lies below ``value``."""
    own_weight = float(len(own))
    prior_share = prior_weight if prior else 0.0
    if own_weight + prior_share == 0:
        raise ValueError("a share needs at least one value")
    below = bisect_right(sorted(own), value) + (prior_share * bisect_right(prior, value) / len(prior) if prior else 0)
    return below / (own_weight + prior_share)
