"""Fitting the learned estimator to the shop's finished cases: handling per person and case type (shrunk
toward the bot file's defaults), the afternoon's slowdown, the look, and the spreads of the wait.

Pure statistics, no I/O; ``EtaModel`` (``_model``) holds the result and forecasts from it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from warmline.domain import Bot, FinishedCase

from ._activity import seems_away
from ._model import (
    DEFAULT_HANDLING_MINUTES,
    DEFAULT_LOOK_MINUTES,
    HOUR_PRIOR_WEIGHT,
    PRIOR_SIGMA,
    PRIOR_WEIGHT,
    EtaModel,
    _bucket,
)

__all__ = ["fit_eta_model"]


def _shrunk(values: Sequence[float], prior: float, weight: float) -> float:
    return (sum(values) + weight * prior) / (len(values) + weight)


def _prior_log_handling(bot: Bot) -> tuple[dict[str, float], float]:
    per_case = {case.name: math.log(case.handling_minutes) for case in bot.case_types}
    default = sum(per_case.values()) / len(per_case) if per_case else math.log(DEFAULT_HANDLING_MINUTES)
    return per_case, default


def fit_eta_model(history: Iterable[FinishedCase], *, bot: Bot) -> EtaModel:
    """Fit the estimator to finished cases taken while their person was on shift (others are skipped)."""
    cases = [c for c in history if c.first_reply_minutes > 0 and _was_on_shift(c, bot)]
    case_prior, default_prior = _prior_log_handling(bot)
    timezones = {m.id: m.timezone for m in bot.staff}
    handled = [c for c in cases if c.resolve_minutes is not None and c.resolve_minutes > c.first_reply_minutes]

    def handling_log(c: FinishedCase) -> float:
        return math.log(c.resolve_minutes - c.first_reply_minutes)  # type: ignore[operator]

    by_case: dict[str, list[float]] = defaultdict(list)
    by_person: dict[str, list[float]] = defaultdict(list)
    by_pair: dict[tuple[str, str], list[float]] = defaultdict(list)
    for c in handled:
        by_person[c.owner_id].append(handling_log(c))
        if c.case_type is not None:
            by_case[c.case_type].append(handling_log(c))
            by_pair[(c.owner_id, c.case_type)].append(handling_log(c))
    all_logs = [handling_log(c) for c in handled]
    default_log = _shrunk(all_logs, default_prior, PRIOR_WEIGHT)
    case_log = {name: _shrunk(by_case.get(name, []), prior, PRIOR_WEIGHT)
                for name, prior in {**case_prior, **{k: default_log for k in by_case if k not in case_prior}}.items()}
    person_log = {who: _shrunk(logs, default_log, PRIOR_WEIGHT) for who, logs in by_person.items()}
    pair_log = {pair: _shrunk(logs, case_log[pair[1]], PRIOR_WEIGHT) for pair, logs in by_pair.items()}

    capacity = {m.id: m.capacity for m in bot.staff}
    first_looks = [math.log(c.first_reply_minutes) for c in cases if c.ahead < capacity.get(c.owner_id, 1)]
    model = EtaModel(look_minutes=math.exp(_shrunk(first_looks, math.log(DEFAULT_LOOK_MINUTES), PRIOR_WEIGHT)),
                     person_log_handling=person_log, person_case_log_handling=pair_log, case_log_handling=case_log,
                     default_log_handling=default_log, hour_log_slowdown={}, residuals={},
                     timezone_of=timezones, capacity_of=capacity,
                     shop_timezone=bot.business_hours.timezone)
    by_hour: dict[int, list[float]] = defaultdict(list)
    for c in handled:
        expected = pair_log.get((c.owner_id, c.case_type or ""), person_log.get(c.owner_id, default_log))
        by_hour[model.local_hour(c.owner_id, c.handed_at)].append(handling_log(c) - expected)
    slowdown = {h: _shrunk(r, 0.0, HOUR_PRIOR_WEIGHT) for h, r in by_hour.items()}
    deviations = [x - slowdown[h] for h, r in by_hour.items() for x in r]
    sigma = math.sqrt(_shrunk([d * d for d in deviations], PRIOR_SIGMA ** 2, PRIOR_WEIGHT))
    model = replace(model, hour_log_slowdown=slowdown, handling_log_sigma=sigma)
    residuals, away = _residuals(model, cases, case_by_case=False)
    queue_residuals, queue_away = _residuals(model, [c for c in cases if c.ahead_cases is not None],
                                             case_by_case=True)
    return replace(model, residuals=residuals, pooled_residuals=_pooled(residuals), queue_residuals=queue_residuals,
                   queue_pooled_residuals=_pooled(queue_residuals), away_residuals=away,
                   queue_away_residuals=queue_away, cases_seen=len(cases))


def _residuals(model: EtaModel, cases: Sequence[FinishedCase], *, case_by_case: bool
               ) -> tuple[dict[int, tuple[float, ...]], tuple[float, ...]]:
    """log(actual / structural median) of past first replies: of people at work, by how many cases had to
    finish first; and of people who seemed away, all together (sorted)."""
    by_bucket: dict[int, list[float]] = defaultdict(list)
    away: list[float] = []
    for c in cases:
        ahead_cases = c.ahead_cases if case_by_case else None
        ahead = len(ahead_cases) if ahead_cases is not None else c.ahead
        median = model.median_wait(owner_id=c.owner_id, ahead=c.ahead, at=c.handed_at, ahead_cases=ahead_cases)
        residual = math.log(c.first_reply_minutes / median)
        if seems_away(quiet_minutes=c.quiet_minutes, holding=c.ahead):
            away.append(residual)
        else:
            by_bucket[_bucket(model.queued(c.owner_id, ahead))].append(residual)
    return {b: tuple(sorted(r)) for b, r in by_bucket.items()}, tuple(sorted(away))


def _pooled(residuals: Mapping[int, tuple[float, ...]]) -> tuple[float, ...]:
    return tuple(sorted(x for r in residuals.values() for x in r))


def _was_on_shift(case: FinishedCase, bot: Bot) -> bool:
    member = bot.staff_member(case.owner_id)
    return member is None or bot.on_shift(member, case.handed_at)
