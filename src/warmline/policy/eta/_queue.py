"""When a person's next slot frees up, from the cases they hold: each one's type and how far along it is.

Pure arithmetic on log-normal handling times, no I/O. A case taken up ``elapsed`` minutes ago has its
*remaining* median from the handling distribution conditioned on having lasted that long already (a
case that usually takes 20 minutes and has run 18 is nearly done; one that has run 40 is a long one and
will likely run on); a case not yet taken up needs its whole handling time once a slot frees. The cases
are placed first-in-first-out on the person's ``capacity`` parallel slots, and a new case starts when
the first slot is free after all of them — or after the usual look, whichever is later.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

__all__ = ["HeldCase", "remaining_median", "slot_free_minutes"]

_STANDARD = NormalDist()
_LEAST_SURVIVAL = 1e-6  # beyond this a case has run "forever": its remaining time stays finite


@dataclass(frozen=True, slots=True, kw_only=True)
class HeldCase:
    """A case ahead as the queue arithmetic sees it: its log-median handling, and minutes since it was
    taken up (``None``: still waiting to be taken up)."""

    log_median: float
    elapsed: float | None


def remaining_median(*, log_median: float, log_sigma: float, elapsed: float) -> float:
    """Median minutes left of a log-normal handling time that has already lasted ``elapsed`` minutes."""
    if elapsed <= 0:
        return math.exp(log_median)
    survival = 1.0 - _STANDARD.cdf((math.log(elapsed) - log_median) / max(log_sigma, 1e-3))
    half_of_rest = 1.0 - 0.5 * max(survival, _LEAST_SURVIVAL)
    total = math.exp(log_median + max(log_sigma, 1e-3) * _STANDARD.inv_cdf(half_of_rest))
    return max(0.0, total - elapsed)


def slot_free_minutes(cases: Sequence[HeldCase], *, capacity: int, look: float, log_sigma: float) -> float:
    """Median minutes until a new case is started: first-in-first-out behind ``cases`` (oldest first)."""
    slots = sorted(remaining_median(log_median=c.log_median, log_sigma=log_sigma, elapsed=c.elapsed)
                   for c in cases if c.elapsed is not None)
    slots += [0.0] * max(0, capacity - len(slots))
    for case in cases:
        if case.elapsed is None:
            slots.sort()
            slots[0] = max(slots[0], look) + math.exp(case.log_median)
    slots.sort()
    # More cases running than slots (someone juggling): the new one waits for the surplus to finish.
    return max(look, slots[len(slots) - max(1, capacity)])
