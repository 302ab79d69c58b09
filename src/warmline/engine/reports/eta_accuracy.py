"""How the promised waits held, per case type and per person, in the period and in the week before it.

Pure: reads the dashboard's ``WaitRow`` s (one per handoff that is not a re-route). Only *settled* promises
count — a person replied, or the customer is still waiting past the promised time; a customer still
waiting within the promise has not been kept or broken yet. For a settled promise:

- **kept** = a person replied within the promised minutes;
- **promised** and **waited** medians are over the settled promises; a customer still waiting past the
  promise counts with the wait so far (at least that long), so late cases are not dropped from the median;
- **promised/actual** = median promised ÷ median waited: near 1 is a tight estimate, 3 means customers were
  told three times the usual wait.

"Last week" is the seven days before the shown period began, with the same channel filter.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence

from warmline.domain import Bot
from warmline.engine.reports._model import EtaAccuracy, WaitRow, WeekAccuracy

__all__ = ["EtaAccuracy", "WeekAccuracy", "eta_accuracy"]

NO_CASE_TYPE = "(none)"


def _settled(rows: Sequence[WaitRow]) -> list[WaitRow]:
    return [r for r in rows if r.promised_minutes is not None and (r.replied or r.late)]


def _accuracy(rows: Sequence[WaitRow]) -> WeekAccuracy:
    settled = _settled(rows)
    if not settled:
        return WeekAccuracy(settled=0, kept=0, kept_rate=None, promised_median_minutes=None,
                            waited_median_minutes=None, promised_over_actual=None)
    kept = sum(1 for r in settled if r.replied and not r.late)
    promised = statistics.median(r.promised_minutes or 0.0 for r in settled)
    waited = statistics.median(r.waited_minutes for r in settled)
    return WeekAccuracy(settled=len(settled), kept=kept, kept_rate=kept / len(settled),
                        promised_median_minutes=promised, waited_median_minutes=waited,
                        promised_over_actual=promised / waited if waited > 0 else None)


def _grouped(period: Sequence[WaitRow], last_week: Sequence[WaitRow], *, key: Callable[[WaitRow], str],
             label: Callable[[str], str]) -> tuple[EtaAccuracy, ...]:
    now: dict[str, list[WaitRow]] = defaultdict(list)
    before: dict[str, list[WaitRow]] = defaultdict(list)
    for row in period:
        now[key(row)].append(row)
    for row in last_week:
        before[key(row)].append(row)
    groups = [EtaAccuracy(key=k, label=label(k), period=_accuracy(now[k]), last_week=_accuracy(before[k]))
              for k in set(now) | set(before)]
    shown = [g for g in groups if g.period.settled or g.last_week.settled]
    return tuple(sorted(shown, key=lambda g: (-g.period.settled, -g.last_week.settled, g.label)))


def eta_accuracy(period: Sequence[WaitRow], *, last_week: Sequence[WaitRow],
                 bot: Bot) -> tuple[tuple[EtaAccuracy, ...], tuple[EtaAccuracy, ...]]:
    """The groups by case type and by person (busiest first); groups with no settled promise are left out."""

    def case_label(name: str) -> str:
        return "Other conversations" if name == NO_CASE_TYPE else name.replace("_", " ").capitalize()

    def person_label(staff_id: str) -> str:
        member = bot.staff_member(staff_id)
        return member.name if member else staff_id

    by_case = _grouped(period, last_week, key=lambda r: r.case_type or NO_CASE_TYPE, label=case_label)
    by_person = _grouped(period, last_week, key=lambda r: r.assignee_id, label=person_label)
    return by_case, by_person
