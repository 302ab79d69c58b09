"""A reference for `bench/promises.py`: the promise made from the simulated shop's true parameters.

An estimator that knows the simulation's *true* parameters (each person's speed, each case type's true
median and spread, the afternoon slowdown, the look time, how breaks are drawn) and everything that has
happened so far (the cases the person holds, how long each has been worked on, the breaks taken today,
whether they are on one now), but not the future draws. For each new case it replays the person's
first-in-first-out queue many times with fresh draws of what is still unknown (the rest of each case's
handling, given how long it has already run; the looks; the rest of the day's breaks) and promises the
``confidence`` quantile of the simulated waits, rounded as the product rounds.

It answers one question: with this much randomness left, what kept rate and promised/actual does a
promise reach that is calibrated for each customer and knows everything but the future? Where it lands
well over 1.5 at 0.9, a promise that holds for 9 customers in 10 cannot be sharper on that scenario
without being wrong more often for some of them. It is not a bound on the median ratio itself: an
estimate that pools its spread over customers can trade one customer's margin for another's.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

from _promise_shop import Worker, after_breaks, worked_between, worked_until

__all__ = ["OracleState", "OracleWorld", "oracle_promise", "state_of"]

_DAY = 24 * 60.0
_STANDARD = NormalDist()


@dataclass(frozen=True, slots=True, kw_only=True)
class OracleState:
    """What has happened by ``now`` (minutes since the simulation's start) for the person the case reached."""

    now: float
    capacity: int
    in_progress: tuple[tuple[float, float], ...]  # (median handling of the case, minutes already worked)
    queued: tuple[tuple[float, float], ...]  # (handed at, median handling before 13:00) of each case not begun
    breaks_begun: tuple[tuple[float, float], ...]  # today's breaks that began by now (begin, end: known if past)
    day: float  # the day's start, minutes since the simulation's start


@dataclass(frozen=True, slots=True, kw_only=True)
class OracleWorld:
    """The simulation's true parameters the oracle may use."""

    sigma: float
    look_minutes: float
    afternoon_slowdown: float
    afternoon_minute: float
    open_minute: float
    close_minute: float
    break_chance: float
    breaks_stop_work: bool


def state_of(worker: Worker, *, minute: float, day: float, median_of: Callable[[str, float], float],
             capacity: int, pauses: list[tuple[float, float]]) -> OracleState:
    """What has happened to ``worker`` by ``minute``: the cases begun (how long worked) and those waiting.
    ``median_of(case type, start minute)`` is the true median handling of that person."""
    open_cases = [c for c in worker.cases if c[2] > minute]
    return OracleState(
        now=minute, capacity=capacity, day=day,
        in_progress=tuple((median_of(case, started), worked_between(started, minute, pauses))
                          for _, started, _, case in open_cases if started <= minute),
        queued=tuple((handed, median_of(case, day)) for handed, started, _, case in open_cases if started > minute),
        breaks_begun=tuple(b for b in worker.breaks if b[0] <= minute))


def _remaining(rng: random.Random, median: float, sigma: float, worked: float) -> float:
    """The rest of a log-normal handling time that has already lasted ``worked`` minutes."""
    floor = _STANDARD.cdf((math.log(max(worked, 1e-9)) - math.log(median)) / sigma) if worked > 0 else 0.0
    u = min(1 - 1e-12, floor + rng.random() * (1 - floor))
    return max(0.0, median * math.exp(sigma * _STANDARD.inv_cdf(max(u, 1e-12))) - worked)


def _future_breaks(rng: random.Random, state: OracleState, world: OracleWorld) -> list[tuple[float, float]]:
    """Today's breaks in one possible future: the known past ones, the current one's end, the undrawn rest."""
    breaks: list[tuple[float, float]] = []
    for begin, end in state.breaks_begun:
        if end <= state.now:
            breaks.append((begin, end))
        else:  # on a break now: only how long it has lasted is known
            lasted = state.now - begin
            breaks.append((begin, begin + rng.uniform(max(15.0, lasted), 40.0)))
    opening, closing = state.day + world.open_minute, state.day + world.close_minute
    left = max(0.0, min(1.0, (closing - state.now) / (closing - opening)))
    later = world.break_chance * left / max(1e-9, 1 - world.break_chance * (1 - left))
    for _ in range(max(0, 3 - len(state.breaks_begun))):
        if rng.random() < later:
            begin = rng.uniform(max(state.now, opening), closing)
            breaks.append((begin, begin + rng.uniform(15, 40)))
    return sorted(breaks)



def _one_wait(rng: random.Random, state: OracleState, world: OracleWorld) -> float:
    breaks = _future_breaks(rng, state, world)
    pauses = breaks if world.breaks_stop_work else []
    slots = [worked_until(state.now, _remaining(rng, median, world.sigma, worked), pauses)
             for median, worked in state.in_progress]
    slots += [state.now] * max(0, state.capacity - len(slots))
    look = world.look_minutes
    for handed, median in state.queued:
        i = min(range(len(slots)), key=slots.__getitem__)
        start = after_breaks(max(handed + rng.lognormvariate(math.log(look), 0.5), slots[i]), breaks)
        slow = world.afternoon_slowdown if start % _DAY >= world.afternoon_minute else 1.0
        slots[i] = worked_until(start, rng.lognormvariate(math.log(median * slow), world.sigma), pauses)
    start = after_breaks(max(state.now + rng.lognormvariate(math.log(look), 0.5), min(slots)), breaks)
    return start - state.now


def oracle_promise(rng: random.Random, state: OracleState, world: OracleWorld, *, confidence: float,
                   draws: int = 300) -> float:
    """The ``confidence`` quantile of the new case's wait over ``draws`` possible futures (unrounded)."""
    waits = sorted(_one_wait(rng, state, world) for _ in range(draws))
    return waits[min(draws - 1, math.ceil(confidence * draws) - 1)]
