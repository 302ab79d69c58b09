"""``warmline eval eta``: how the learned ETA would have done on the shop's own recent history.

The finished cases of the last ``days`` come from the store. The estimator is fitted on all but the
last ``test_days`` (a split by time: it never sees the period it is judged on), then scored per case type
and person on that last period: promised (at ``promise_confidence``) vs actual first-reply waits, the
share of promises kept, the median error of its median estimate — and the kept rate of what the
customers were actually told then.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from warmline.config import Settings, load_bot
from warmline.domain import Bot, FinishedCase, ValidationError
from warmline.policy import fit_eta_model, round_eta
from warmline.store import create_store

__all__ = ["EtaGroup", "EtaResult", "evaluate_eta", "format_eta", "read_finished_cases"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EtaGroup:
    """The test period's figures for one case type and person (``"all"`` for the whole shop)."""

    case_type: str
    person: str
    cases: int
    promised_median: float
    actual_median: float
    kept_rate: float
    median_error_minutes: float  # |estimated median − actual|, the median over the cases
    told_kept_rate: float | None  # what the customers were told at the time, when recorded


@dataclass(frozen=True, slots=True, kw_only=True)
class EtaResult:
    """Train/test sizes, the split moment and the per-group figures (the shop-wide row first)."""

    confidence: float
    split_at: datetime
    train_cases: int
    test_cases: int
    groups: tuple[EtaGroup, ...]


def _group(case_type: str, person: str, rows: Sequence[tuple[FinishedCase, float, float]]) -> EtaGroup:
    actual = [c.first_reply_minutes for c, _, _ in rows]
    told = [c for c, _, _ in rows if c.promised_minutes is not None]
    return EtaGroup(
        case_type=case_type, person=person, cases=len(rows), actual_median=statistics.median(actual),
        promised_median=statistics.median(p for _, p, _ in rows),
        kept_rate=sum(c.first_reply_minutes <= p for c, p, _ in rows) / len(rows),
        median_error_minutes=statistics.median(abs(m - c.first_reply_minutes) for c, _, m in rows),
        told_kept_rate=(sum(c.first_reply_minutes <= (c.promised_minutes or 0) for c in told) / len(told)
                        if told else None))


def evaluate_eta(cases: Sequence[FinishedCase], *, bot: Bot, split_at: datetime) -> EtaResult:
    """Fit on cases handed over before ``split_at``, score on the rest (``ValidationError`` if either is empty)."""
    train = [c for c in cases if c.handed_at < split_at]
    test = [c for c in cases if c.handed_at >= split_at]
    if not train or not test:
        raise ValidationError(f"{len(train)} finished cases before the split and {len(test)} after it",
                              field="--days/--test-days", expected="finished handoffs on both sides of the split")
    model = fit_eta_model(train, bot=bot)
    confidence = bot.thresholds.promise_confidence
    scored = []
    for case in test:
        member = bot.staff_member(case.owner_id)
        forecast = model.forecast(owner_id=case.owner_id, owner_name=member.first_name if member else case.owner_id,
                                  case_type=case.case_type, ahead=case.ahead, at=case.handed_at,
                                  confidence=confidence, ahead_cases=case.ahead_cases)
        scored.append((case, round_eta(forecast.promise_minutes), forecast.median_minutes))
    groups: dict[tuple[str, str], list[tuple[FinishedCase, float, float]]] = defaultdict(list)
    for row in scored:
        groups[(row[0].case_type or "(none)", row[0].owner_id)].append(row)
    return EtaResult(confidence=confidence, split_at=split_at, train_cases=len(train), test_cases=len(test),
                     groups=(_group("all", "all", scored),
                             *(_group(kind, who, rows) for (kind, who), rows in sorted(groups.items()))))


async def read_finished_cases(settings: Settings, *, now: datetime, days: int) -> tuple[Bot, list[FinishedCase]]:
    """The bot and the finished cases of the last ``days`` from the configured store."""
    if days < 2:
        raise ValidationError(f"--days {days}", field="--days", expected="at least 2")
    bot = load_bot(settings.bot)
    store = create_store(settings.resolved_database_url)
    await store.start()
    try:
        return bot, await store.finished_cases(since=now - timedelta(days=days), until=now)
    finally:
        await store.close()


def format_eta(result: EtaResult) -> str:
    """A plain table, one line per case type and person."""
    lines = [f"fitted on {result.train_cases} cases before {result.split_at:%Y-%m-%d %H:%M} UTC, "
             f"scored on {result.test_cases} after; promises at {result.confidence:g}",
             f"{'case type':<18}{'person':<10}{'cases':>6}{'promised':>10}{'actual':>8}{'kept':>7}"
             f"{'error':>8}{'told kept':>11}"]
    for g in result.groups:
        told = f"{g.told_kept_rate:.0%}" if g.told_kept_rate is not None else "–"
        lines.append(f"{g.case_type:<18}{g.person:<10}{g.cases:>6}{g.promised_median:>7.0f} min"
                     f"{g.actual_median:>5.0f} min{g.kept_rate:>6.0%}{g.median_error_minutes:>5.0f} min{told:>11}")
    return "\n".join(lines)
