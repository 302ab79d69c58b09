"""ETA: when a person will be with the customer, and when a case will be done.

From who is on shift now (business hours and time zones in the bot file), their open conversations,
the unclaimed queue, and the case type's usual handling time. Outside hours: when someone is back.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from warmline.domain import Bot, CaseType, StaffMember, TeamSnapshot

__all__ = ["FIRST_LOOK_MINUTES", "Eta", "eligible_staff", "estimate_eta", "person_wait_minutes", "round_eta"]

FIRST_LOOK_MINUTES = 5.0  # a free person on shift needs a few minutes to notice and read the context
DEFAULT_HANDLING_MINUTES = 15


@dataclass(frozen=True, slots=True, kw_only=True)
class Eta:
    """How long until a person replies (``first_reply_minutes``) and until the case is done."""

    first_reply_minutes: float
    done_minutes: float
    back_at: datetime | None = None  # set when nobody who can help is on shift now
    on_shift: tuple[StaffMember, ...] = ()


SHORTEST_PROMISE_MINUTES = 2  # "within a minute" is a promise nobody can keep on purpose


def round_eta(minutes: float) -> float:
    """Round up to what people say, adding little: whole minutes up to 20 ("within 7 minutes"), then
    5-minute steps to the hour, quarter hours to three hours, then hours.

    Each step is at most about a quarter of the wait it rounds, so a calibrated estimate stays close to
    its confidence instead of being padded (5-minute steps on a 3-minute wait would promise 5).
    """
    step = 1 if minutes <= 20 else 5 if minutes <= 60 else 15 if minutes <= 180 else 60
    return float(max(SHORTEST_PROMISE_MINUTES, math.ceil(minutes / step - 1e-9) * step))


_ON_THE_CLOCK_AFTER = 180  # minutes: past three hours a promise is a time of day ("around 17:00"), not a duration


def _minutes_until(now: datetime, moment: datetime) -> float:
    """Minutes from ``now`` to ``moment`` as promised: rounded as people say a wait (``round_eta``), or, for
    a long one, up to the next quarter hour of the clock. Whole hours counted from now would move the
    moment itself: "back at 16:00, then about 45 minutes" must not become a promise for 17:18."""
    minutes = _minutes_between(now, moment)
    if minutes <= _ON_THE_CLOCK_AFTER:
        return round_eta(minutes)
    past_the_quarter = moment.minute % 15 + moment.second / 60 + moment.microsecond / 60_000_000
    return minutes + (-past_the_quarter) % 15


def _waits(now: datetime, wait: float, handling: float) -> tuple[float, float]:
    """The first reply and the end of a case ``wait`` minutes from now and ``handling`` after, as promised."""
    first = now + timedelta(minutes=wait)
    return _minutes_until(now, first), _minutes_until(now, first + timedelta(minutes=handling))


def handling_minutes(case: CaseType | None) -> int:
    """The case type's usual handling time, or a default for a plain conversation."""
    return case.handling_minutes if case is not None else DEFAULT_HANDLING_MINUTES


def eligible_staff(bot: Bot, case: CaseType | None) -> tuple[StaffMember, ...]:
    """Who can take this case: those with one of its skills, or everyone when nobody has them."""
    if case is not None and case.skills:
        skilled = tuple(m for m in bot.staff if set(m.skills) & set(case.skills))
        if skilled:
            return skilled
    return bot.staff


def person_wait_minutes(member: StaffMember, *, team: TeamSnapshot, case: CaseType | None,
                        queue_share: float = 0.0) -> float:
    """Minutes until ``member`` (on shift) gets to a new conversation, given what they already hold."""
    backlog = team.load(member.id) + queue_share
    return FIRST_LOOK_MINUTES + handling_minutes(case) * backlog / max(1, member.capacity)


def _minutes_between(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() / 60)


def estimate_eta(*, bot: Bot, case: CaseType | None, team: TeamSnapshot, now: datetime,
                 candidates: Sequence[StaffMember] | None = None) -> Eta:
    """The ETA for a new case now: the quickest on-shift person, or when the first one is back."""
    pool = tuple(candidates) if candidates is not None else eligible_staff(bot, case)
    handling = handling_minutes(case)
    if not pool:  # no roster: the shop's hours are all we know
        opens = bot.business_hours.next_open(now) or now
        wait = _minutes_between(now, opens) + FIRST_LOOK_MINUTES
        back_at = opens if opens > now else None
        first_reply, done_in = _waits(now, wait, handling)
        return Eta(first_reply_minutes=first_reply, done_minutes=done_in, back_at=back_at)
    on_shift = tuple(m for m in pool if bot.on_shift(m, now))
    if on_shift:
        share = team.queue_length / len(on_shift)
        wait = min(person_wait_minutes(m, team=team, case=case, queue_share=share) for m in on_shift)
        # A backlog past the end of today's shift carries over to the next one.
        first = _after_working(bot, pool, now, wait)
        done = _after_working(bot, pool, first, handling)
        return Eta(first_reply_minutes=_minutes_until(now, first),
                   done_minutes=_minutes_until(now, done), on_shift=on_shift)
    returns = [back for m in pool if (back := bot.next_on_shift(m, now)) is not None]
    if not returns:  # nobody has a shift ahead: the shop's hours are all we know
        back_at = bot.business_hours.next_open(now) or now
        wait = _minutes_between(now, back_at) + FIRST_LOOK_MINUTES + handling * team.queue_length / len(pool)
        first_reply, done_in = _waits(now, wait, handling)
        return Eta(first_reply_minutes=first_reply, done_minutes=done_in, back_at=back_at)
    back_at = min(returns)
    # The queue is worked off in working time: a long one carries over to the next shift, not into the night.
    first = _after_working(bot, pool, back_at, FIRST_LOOK_MINUTES + handling * team.queue_length / len(pool))
    done = _after_working(bot, pool, first, handling)
    return Eta(first_reply_minutes=_minutes_until(now, first),
               done_minutes=_minutes_until(now, done), back_at=back_at)


_STEP_MINUTES = 15  # how finely working time is walked: a shift ends within a quarter hour of its real end


def _after_working(bot: Bot, pool: Sequence[StaffMember], start: datetime, minutes: float) -> datetime:
    """The moment ``minutes`` of working time (someone of ``pool`` on shift) have passed from ``start``."""
    moment, left = start, minutes
    for _ in range(10_000):  # a bound: two weeks of quarter hours, far beyond any promise
        if left <= 0:
            return moment
        if any(bot.on_shift(member, moment) for member in pool):
            step = min(left, _STEP_MINUTES)
            moment, left = moment + timedelta(minutes=step), left - step
            continue
        returns = [back for member in pool if (back := bot.next_on_shift(member, moment)) is not None]
        if not returns:
            break
        moment = min(returns)
    return moment + timedelta(minutes=max(0.0, left))
