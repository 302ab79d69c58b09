"""When the only people with a case's skill are off but others are on shift: say so plainly and offer the
choice ("Amara handles payments and is back tomorrow around noon, or Maya can take a first look now"),
never "the team is back on Monday" while three people are working."""

from __future__ import annotations

from datetime import datetime

from warmline.domain import Bot, CaseType, Customer, Reply, StaffMember, TeamSnapshot

from ._replies import capitalised
from ._time_words import human_time
from ._waiting import KEEP_CHATTING, customer_timezone

__all__ = ["first_look_choice", "skilled_off_but_team_on", "skilled_off_reply"]

_FIRST_LOOK = " now"  # "Maya now": the choice of a first look by whoever is on shift


def skilled_off_but_team_on(*, bot: Bot, case: CaseType, team: TeamSnapshot,
                            now: datetime) -> tuple[StaffMember, StaffMember, datetime] | None:
    """(the skilled person back first, the least busy person on shift, when the first is back) — or ``None``
    when someone with the skill is on shift, nobody has it, or nobody at all is working."""
    skilled = [m for m in bot.staff if set(m.skills) & set(case.skills)]
    if not skilled or any(bot.on_shift(m, now) for m in skilled):
        return None
    on_shift = [m for m in bot.staff if bot.on_shift(m, now)]
    returns = [(back, m) for m in skilled if (back := bot.next_on_shift(m, now)) is not None]
    if not on_shift or not returns:
        return None
    back_at, member = min(returns, key=lambda pair: (pair[0], bot.staff.index(pair[1])))
    helper = min(on_shift, key=lambda m: (team.load(m.id) / max(1, m.capacity), bot.staff.index(m)))
    return member, helper, back_at


def skilled_off_reply(*, customer: Customer, opening: str, skilled: StaffMember, helper: StaffMember,
                      back_at: datetime, now: datetime, bot: Bot) -> Reply:
    """The plain truth and the choice between waiting for the skilled person and a first look now, after
    ``opening`` (the person first, then what has to happen)."""
    when = human_time(back_at, now=now, timezone=customer_timezone(customer, default=bot.business_hours.timezone))
    when = f"at {when.removeprefix('by ')}" if when.startswith("by ") else when
    text = (f"{opening} {skilled.first_name} handles this and is "
            f"back {when}, or {helper.first_name} can take a first look now. Which would you prefer?")
    return Reply(text=capitalised(text), choices=(f"Wait for {skilled.first_name}", first_look_choice(helper),
                                                  KEEP_CHATTING))


def first_look_choice(member: StaffMember) -> str:
    """The button for a first look by someone on shift now."""
    return f"{member.first_name}{_FIRST_LOOK}"
