"""Routing a handoff to a named person who is on shift (or, outside hours, the one back first)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from warmline.domain import Bot, CaseType, Customer, StaffMember, TeamSnapshot
from warmline.policy import (
    FIRST_LOOK_MINUTES,
    EtaModel,
    eligible_staff,
    person_wait_minutes,
    promise_phrase,
    round_eta,
    seems_away,
    when_phrase,
)

__all__ = ["Routing", "route"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Routing:
    """Who takes the conversation, how soon, and why (``back_at`` is set when nobody is on shift)."""

    assignee: StaffMember | None
    eta_minutes: float | None
    back_at: datetime | None = None
    reasons: tuple[str, ...] = ()
    decided_at: datetime | None = None  # lets the announcement say "tomorrow" rather than a date
    promise: str | None = None  # the learned ETA as a person says it ("within the hour"), when there is one
    # Offered when the person asked for by name is off: someone on shift now, or (nobody on shift) whoever is
    # back on an earlier day, with ``instead_back_at`` saying when.
    instead: StaffMember | None = None
    instead_back_at: datetime | None = None

    def due_at(self, now: datetime) -> datetime | None:
        """The time the customer is told: when the person is back (out of hours), else ``now`` plus the ETA.

        Out of hours the customer hears "back at 9:00 on Monday", so the promise falls due then, not at the
        rounded ETA (which can be up to an hour later).
        """
        if self.back_at is not None:
            return self.back_at
        return now + timedelta(minutes=self.eta_minutes) if self.eta_minutes is not None else None


def _continuity(bot: Bot, customer: Customer, team: TeamSnapshot,
                available: Sequence[StaffMember]) -> tuple[StaffMember, str] | None:
    """The account owner, else whoever helped last, when they are on shift with room for one more."""
    who = customer.first_name or "the customer"
    for staff_id, relation in ((customer.account_owner, f"{who}'s account owner"),
                               (team.last_helper_id, f"helped {who} last time")):
        member = bot.staff_member(staff_id) if staff_id else None
        if member is not None and member in available:
            return member, f"{member.name} is {relation} and on shift"
    return None


def _at_work(available: Sequence[StaffMember], team: TeamSnapshot, now: datetime) -> list[StaffMember]:
    """Those with room who are not quiet while holding open cases (a person on a break stops acting), or
    everyone with room when all of them seem away: a case goes to someone who is there to take it."""
    present = [m for m in available
               if not seems_away(quiet_minutes=team.quiet_minutes(m.id, now), holding=team.load(m.id))]
    return present or list(available)


def _away_note(pool: Sequence[StaffMember], chosen_from: Sequence[StaffMember], team: TeamSnapshot,
               now: datetime) -> str:
    """Why people in ``pool`` were passed over: ``" (Tom has not replied for 25 minutes)"``, or nothing."""
    skipped = [f"{m.name} has not replied for {round(team.quiet_minutes(m.id, now) or 0)} minutes"
               for m in pool if m not in chosen_from]
    return f" ({'; '.join(skipped)})" if skipped else ""


def _least_loaded(pool: Sequence[StaffMember], team: TeamSnapshot, roster: Sequence[StaffMember]) -> StaffMember:
    return min(pool, key=lambda m: (team.load(m.id) / max(1, m.capacity), team.load(m.id), roster.index(m)))


def _skilled(pool: Sequence[StaffMember], case: CaseType | None) -> list[StaffMember]:
    if case is None or not case.skills:
        return []
    return [m for m in pool if set(m.skills) & set(case.skills)]


def _on_shift_routing(member: StaffMember, *, reasons: list[str], bot: Bot, case: CaseType | None,
                      team: TeamSnapshot, on_shift: int, now: datetime, eta_model: EtaModel | None) -> Routing:
    share = team.queue_length / max(1, on_shift)
    load = team.load(member.id)
    reasons.append(f"{load} open conversation{'s' if load != 1 else ''} of {member.capacity}")
    if eta_model is None:
        wait = round_eta(person_wait_minutes(member, team=team, case=case, queue_share=share))
        return Routing(assignee=member, eta_minutes=wait, reasons=tuple(reasons), decided_at=now)
    confidence = bot.thresholds.promise_confidence
    forecast = eta_model.forecast(owner_id=member.id, owner_name=member.first_name, ahead=load + share, at=now,
                                  case_type=case.name if case else None, confidence=confidence,
                                  ahead_cases=team.cases_of(member.id),
                                  quiet_minutes=team.quiet_minutes(member.id, now))
    wait = round_eta(forecast.promise_minutes)
    reasons += [*forecast.reasons, f"promised at {confidence:.0%} confidence from the shop's own history"]
    return Routing(assignee=member, eta_minutes=wait, reasons=tuple(reasons), decided_at=now,
                   promise=promise_phrase(wait, now=now, bot=bot))


def _back(member: StaffMember, *, bot: Bot, case: CaseType | None, team: TeamSnapshot, now: datetime,
          reason: str, first: bool = False) -> Routing | None:
    """``member``, off shift now, from when they are back (``None`` when they have no shift ahead); ``first``:
    they are the first of the team back."""
    back_at = bot.next_on_shift(member, now)
    if back_at is None:
        return None
    wait = (back_at - now).total_seconds() / 60 + FIRST_LOOK_MINUTES
    wait += (case.handling_minutes if case else 15) * team.queue_length / max(1, len(eligible_staff(bot, case)))
    return Routing(assignee=member, eta_minutes=round_eta(wait), back_at=back_at, decided_at=now,
                   reasons=(f"{reason}; {member.name} is back{' first,' if first else ''} at "
                            f"{when_phrase(back_at, now=now, bot=bot)}",))


def _back_first(*, bot: Bot, customer: Customer, case: CaseType | None, team: TeamSnapshot,
                now: datetime) -> Routing:
    pool = eligible_staff(bot, case)
    returns = [(back, m) for m in pool if (back := bot.next_on_shift(m, now)) is not None]
    if not returns:
        return Routing(assignee=None, eta_minutes=None, reasons=("nobody on the roster has shifts",),
                       decided_at=now)
    preferred = {customer.account_owner, team.last_helper_id}
    # Back first wins; among people back at the same time, continuity, then roster order.
    _, member = min(returns, key=lambda pair: (pair[0], pair[1].id not in preferred, bot.staff.index(pair[1])))
    routing = _back(member, bot=bot, case=case, team=team, now=now, reason="nobody on shift now", first=True)
    assert routing is not None  # ``returns`` holds only people with a shift ahead
    return routing


def _sooner(asked: Routing, *, bot: Bot, customer: Customer, case: CaseType | None, team: TeamSnapshot,
            now: datetime) -> Routing:
    """The person asked for, off tonight, with whoever is back on an earlier day offered too ("Ines is back
    on Wednesday. If you'd rather not wait that long, Maya is back at 9:00 on Monday."). A few hours earlier
    on the same day is not worth a second name."""
    first = _back_first(bot=bot, customer=customer, case=case, team=team, now=now)
    if first.assignee is None or first.assignee == asked.assignee or first.back_at is None or asked.back_at is None:
        return asked
    if bot.business_hours.local(first.back_at).date() >= bot.business_hours.local(asked.back_at).date():
        return asked
    return replace(asked, instead=first.assignee, instead_back_at=first.back_at)


def route(*, bot: Bot, customer: Customer, case_type: str | None, team: TeamSnapshot,
          now: datetime, eta_model: EtaModel | None = None, asked_for: StaffMember | None = None) -> Routing:
    """A real person from the roster: the one the customer asked for by name ("let me talk to Ines"), on
    shift or when they are back; else continuity, then skills, then least loaded — among those on shift,
    preferring those at work over those quiet while holding open cases (when the snapshot says who last
    acted when).

    With an ``eta_model`` (learned from the shop's history) the wait promised for someone on shift is its
    forecast at the bot file's ``promise_confidence``; without one, the bot file's handling times.
    """
    if not bot.staff:
        return Routing(assignee=None, eta_minutes=None, reasons=("nobody is on the roster",), decided_at=now)
    case = bot.case_type(case_type)
    on_shift = [m for m in bot.staff if bot.on_shift(m, now)]

    def chosen(member: StaffMember, reason: str) -> Routing:
        return _on_shift_routing(member, reasons=[reason], bot=bot, case=case, team=team,
                                 on_shift=len(on_shift), now=now, eta_model=eta_model)

    if asked_for is not None and asked_for in bot.staff:
        if asked_for in on_shift:
            return chosen(asked_for, f"the customer asked for {asked_for.name} by name, who is on shift")
        if (back := _back(asked_for, bot=bot, case=case, team=team, now=now,
                          reason=f"the customer asked for {asked_for.name} by name")) is not None:
            if not on_shift:
                return _sooner(back, bot=bot, customer=customer, case=case, team=team, now=now)
            here = route(bot=bot, customer=customer, case_type=case_type, team=team, now=now, eta_model=eta_model)
            return replace(back, instead=here.assignee if here.back_at is None else None)
    if not on_shift:
        return _back_first(bot=bot, customer=customer, case=case, team=team, now=now)
    available = [m for m in on_shift if team.load(m.id) < m.capacity]

    if (kept := _continuity(bot, customer, team, available)) is not None:
        return chosen(*kept)
    at_work = _at_work(available, team, now)
    if skilled := _skilled(at_work, case) or _skilled(available, case):
        member = _least_loaded(skilled, team, bot.staff)
        skills = ", ".join(sorted(set(member.skills) & set(case.skills if case else ())))
        note = _away_note(_skilled(available, case), skilled, team, now)
        return chosen(member, f"{member.name} is on shift and knows {skills}{note}")
    if at_work:
        member = _least_loaded(at_work, team, bot.staff)
        note = _away_note(available, at_work, team, now)
        return chosen(member, f"{member.name} is on shift and least busy{note}")
    member = _least_loaded(on_shift, team, bot.staff)
    return chosen(member, f"everyone on shift is at capacity; {member.name} is least busy")
