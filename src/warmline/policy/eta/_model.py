"""A wait-time estimator learned from the shop's own finished cases, and promises at a chosen confidence.

Pure statistics, no I/O. The wait until a person first replies is modelled as

    median wait = look + queued × handling(person) × slowdown(hour) / capacity(person)

where ``queued`` is how many of the cases the person already holds must finish before a slot of their
``capacity`` frees up (``ahead - capacity + 1``, at least 0), ``look`` is how long a person takes to
get to a case when a slot is free, ``handling(person)`` is
that person's usual handling time (log-mean, shrunk toward the bot file's ``handling_minutes`` when there
is little history: each estimate counts the prior as ``PRIOR_WEIGHT`` cases), and ``slowdown(hour)`` is
how much slower the team is at that local hour (shrunk toward 1). What the formula misses is learned as
the spread of ``log(actual / median)`` per number of cases queued: the promised wait is the median times
that spread's ``confidence`` quantile, so a 0.9 promise holds for about nine cases in ten of a history
like the one it was fitted on. With no history at all the spread is a log-normal with ``PRIOR_SIGMA``.

When the cases ahead are known one by one (``ahead_cases``: their types and whether and when the person
took them up, as the store records them), the median is sharper: each case's remaining handling is
conditioned on how long it has run, and the new case waits first-in-first-out behind them (see
``_eta_queue``). That path has its own spreads, learned from history that recorded the cases ahead.

When the store says how long the person has been quiet (``quiet_minutes``: since their last reply,
take-up or resolve), a person quiet for a while though they hold open cases seems away (``_eta_activity``):
their cases get a spread of their own, learned from past cases that reached someone in that state and
shrunk toward the others'; the cases of people at work are learned without that tail.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from statistics import NormalDist
from zoneinfo import ZoneInfo

from warmline.domain import OpenCase

from ._activity import seems_away, shrunk_quantile, shrunk_share_below
from ._queue import HeldCase, slot_free_minutes

__all__ = ["EtaModel", "WaitForecast"]

PRIOR_WEIGHT = 5.0  # a default counts as this many cases of history
HOUR_PRIOR_WEIGHT = 20.0
PRIOR_SIGMA = 0.6  # spread of log(wait) before any history: a 0.9 promise is ~2.2× the median
MIN_BUCKET = 30  # residuals needed before a bucket's own spread replaces the pooled one
MAX_AHEAD_BUCKET = 4
DEFAULT_LOOK_MINUTES = 5.0
DEFAULT_HANDLING_MINUTES = 15.0


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitForecast:
    """A forecast wait until a person first replies: its median, the promise at ``confidence``, and why."""

    median_minutes: float
    promise_minutes: float
    confidence: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class EtaModel:
    """A fitted estimator; build it with :func:`fit_eta_model` (an empty history gives the bot-file prior)."""

    look_minutes: float
    person_log_handling: Mapping[str, float]
    person_case_log_handling: Mapping[tuple[str, str], float]
    case_log_handling: Mapping[str, float]
    default_log_handling: float
    hour_log_slowdown: Mapping[int, float]
    residuals: Mapping[int, tuple[float, ...]]  # ahead bucket → sorted log(actual / median)
    pooled_residuals: tuple[float, ...] = ()
    handling_log_sigma: float = PRIOR_SIGMA  # spread of one case's handling around its person × type median
    queue_residuals: Mapping[int, tuple[float, ...]] = field(default_factory=dict)  # the same, case by case
    queue_pooled_residuals: tuple[float, ...] = ()
    away_residuals: tuple[float, ...] = ()  # sorted, cases that reached someone who seemed away
    queue_away_residuals: tuple[float, ...] = ()
    cases_seen: int = 0
    timezone_of: Mapping[str, str] = field(default_factory=dict)  # staff id → their own time zone
    capacity_of: Mapping[str, int] = field(default_factory=dict)  # staff id → conversations in parallel
    shop_timezone: str = "UTC"

    def local_hour(self, owner_id: str, at: datetime) -> int:
        """The hour of day at ``at`` where ``owner_id`` works (the shop's zone when unknown)."""
        return at.astimezone(ZoneInfo(self.timezone_of.get(owner_id) or self.shop_timezone)).hour

    def handling_minutes(self, owner_id: str, case_type: str | None) -> float:
        """The person's usual (median) handling time for this kind of case."""
        if case_type is not None and (owner_id, case_type) in self.person_case_log_handling:
            return math.exp(self.person_case_log_handling[(owner_id, case_type)])
        if case_type is not None and case_type in self.case_log_handling:
            return math.exp(self.case_log_handling[case_type])
        return math.exp(self.person_log_handling.get(owner_id, self.default_log_handling))

    def median_wait(self, *, owner_id: str, ahead: float, at: datetime,
                    ahead_cases: Sequence[OpenCase] | None = None) -> float:
        """The structural median wait (minutes) for a new case reaching ``owner_id`` at ``at``."""
        if ahead_cases is not None:
            return self._queue_median(owner_id, ahead_cases, at)
        speed = math.exp(self.person_log_handling.get(owner_id, self.default_log_handling)
                         + self.hour_log_slowdown.get(self.local_hour(owner_id, at), 0.0))
        return self.look_minutes + self.queued(owner_id, ahead) * speed / self.capacity_of.get(owner_id, 1)

    def _queue_median(self, owner_id: str, ahead_cases: Sequence[OpenCase], at: datetime) -> float:
        slowdown = self.hour_log_slowdown.get(self.local_hour(owner_id, at), 0.0)
        held = [HeldCase(log_median=math.log(self.handling_minutes(owner_id, c.case_type)) + slowdown,
                         elapsed=None if c.claimed_at is None or c.claimed_at > at
                         else (at - c.claimed_at).total_seconds() / 60) for c in ahead_cases]
        return slot_free_minutes(held, capacity=self.capacity_of.get(owner_id, 1), look=self.look_minutes,
                                 log_sigma=self.handling_log_sigma)

    def queued(self, owner_id: str, ahead: float) -> float:
        """How many of the cases ahead must finish before the person has a free slot."""
        return max(0.0, ahead - self.capacity_of.get(owner_id, 1) + 1)

    def _residuals_for(self, owner_id: str, ahead: float, ahead_cases: Sequence[OpenCase] | None
                       ) -> tuple[float, ...]:
        if ahead_cases is not None:
            bucket = self.queue_residuals.get(_bucket(self.queued(owner_id, len(ahead_cases))), ())
            return bucket if len(bucket) >= MIN_BUCKET else self.queue_pooled_residuals
        bucket = self.residuals.get(_bucket(self.queued(owner_id, ahead)), ())
        return bucket if len(bucket) >= MIN_BUCKET else self.pooled_residuals

    def knows_cases(self, ahead_cases: Sequence[OpenCase] | None) -> Sequence[OpenCase] | None:
        """``ahead_cases`` when the history taught the case-by-case path enough to use it, else ``None``."""
        return ahead_cases if len(self.queue_pooled_residuals) >= MIN_BUCKET else None

    def _away_residuals(self, ahead_cases: Sequence[OpenCase] | None) -> tuple[float, ...]:
        return self.queue_away_residuals if ahead_cases is not None else self.away_residuals

    def spread(self, *, owner_id: str, ahead: float, confidence: float,
               ahead_cases: Sequence[OpenCase] | None = None, away: bool = False) -> float:
        """The factor on the median wait that ``confidence`` of past waits stayed under (``away``: of
        past waits for someone who seemed away, shrunk toward the others)."""
        q = min(0.99, max(0.01, confidence))
        sample = self._residuals_for(owner_id, ahead, ahead_cases)
        if len(sample) < MIN_BUCKET:
            return math.exp(NormalDist(0.0, PRIOR_SIGMA).inv_cdf(q))
        if away:
            return math.exp(shrunk_quantile(self._away_residuals(ahead_cases), sample, q))
        return math.exp(_quantile(sample, q))

    def forecast(self, *, owner_id: str, owner_name: str, case_type: str | None, ahead: float, at: datetime,
                 confidence: float, ahead_cases: Sequence[OpenCase] | None = None,
                 quiet_minutes: float | None = None, holding: float | None = None) -> WaitForecast:
        """The wait for a new case reaching ``owner_id`` now, promised at ``confidence``, with plain reasons.

        With ``ahead_cases`` (and history that recorded them) the cases ahead are weighed one by one; with
        ``quiet_minutes`` (since the person last acted) a person who seems away gets the away spread.
        ``holding``: the open cases they hold (default ``ahead``: a new case is not theirs yet)."""
        cases = self.knows_cases(ahead_cases)
        median = self.median_wait(owner_id=owner_id, ahead=ahead, at=at, ahead_cases=cases)
        away = seems_away(quiet_minutes=quiet_minutes, holding=ahead if holding is None else holding)
        promise = median * self.spread(owner_id=owner_id, ahead=ahead, confidence=confidence, ahead_cases=cases,
                                       away=away)
        reasons = [_ahead_phrase(ahead)]
        if away:
            reasons.append(f"{owner_name} has not replied for {round(quiet_minutes or 0)} minutes")
        if case_type is not None:
            usual = self.handling_minutes(owner_id, case_type)
            reasons.append(f"{owner_name} usually needs {_about(usual)} for {_case_phrase(case_type)}")
        return WaitForecast(median_minutes=median, promise_minutes=promise, confidence=confidence,
                            reasons=tuple(reasons))

    def probability_within(self, *, owner_id: str, ahead: float, at: datetime, minutes: float,
                           ahead_cases: Sequence[OpenCase] | None = None,
                           quiet_minutes: float | None = None, holding: float | None = None) -> float:
        """How likely the first reply comes within ``minutes`` (the share of past spreads under it); ``quiet_minutes``
        and ``holding`` as for ``forecast``."""
        cases = self.knows_cases(ahead_cases)
        median = self.median_wait(owner_id=owner_id, ahead=ahead, at=at, ahead_cases=cases)
        if minutes <= 0:
            return 0.0
        log_ratio = math.log(minutes / median)
        sample = self._residuals_for(owner_id, ahead, cases)
        if len(sample) < MIN_BUCKET:
            return NormalDist(0.0, PRIOR_SIGMA).cdf(log_ratio)
        if seems_away(quiet_minutes=quiet_minutes, holding=ahead if holding is None else holding):
            return shrunk_share_below(self._away_residuals(cases), sample, log_ratio)
        return bisect_left(sample, log_ratio) / len(sample)


def _bucket(ahead: float) -> int:
    return min(MAX_AHEAD_BUCKET, max(0, round(ahead)))


def _quantile(ordered: Sequence[float], q: float) -> float:
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _about(minutes: float) -> str:
    if minutes < 10:
        return f"about {max(2, round(minutes))} minutes"
    if minutes < 60:
        return f"about {5 * round(minutes / 5)} minutes"
    hours = round(minutes / 30) / 2
    return "about an hour" if hours == 1 else f"about {hours:g} hours"


_NUMBER_WORDS = ("nobody", "one person", *(f"{n} people" for n in (
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")))


def _ahead_phrase(ahead: float) -> str:
    count = max(0, round(ahead))
    if count == 0:
        return "nobody is ahead of you"
    words = _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else f"{count} people"
    return f"{words} {'is' if count == 1 else 'are'} ahead of you"


def _case_phrase(case_type: str) -> str:
    words = case_type.replace("_", " ").replace("-", " ")
    return f"{'an' if words[:1] in 'aeiou' else 'a'} {words}"
