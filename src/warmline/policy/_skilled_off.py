"""When the only people with a case's skill are off but others are on shift: say so plainly and offer the
choice ("Amara handles payments and is back tomorrow around noon, or Maya can take a first look now"),
never "the team is back on Monday" while three people are working."""

from __future__ import annotations

from datetime import datetime

from warmline.domain import Bot, CaseType, Customer, Reply, StaffMember, TeamSnapshot

from ._choices import choice_labels, now_label, wait_for_label
from ._phrases import fill
from ._replies import capitalised
from ._time_words import back_at as back_at_words
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


# The same choice in the shop's other languages, after "I'm sorry" when upset ({opening}) and before why ({why}).
_CHOICE_IN = {
    "nl": "{opening}{comma_name_start}hier is iemand van ons team voor nodig.{why} {first} doet dit en is er weer "
          "{when}, of {helper} kan er nu al naar kijken. Wat heb je liever?",
    "de": "{opening}{comma_name_start}dafür braucht es jemanden aus unserem Team.{why} {first} kümmert sich darum und "
          "ist {when} wieder da, oder {helper} wirft jetzt schon einen ersten Blick darauf. Was ist dir lieber?",
    "es": "{opening}{comma_name_start}esto lo tiene que ver una persona del equipo.{why} {first} se encarga de esto "
          "y vuelve {when}, o {helper} puede echarle un primer vistazo ahora. ¿Qué prefieres?",
    "fr": "{opening}{comma_name_start}il faut quelqu'un de l'équipe pour cela.{why} {first} s'en occupe et est de "
          "retour {when}, ou {helper} peut y jeter un premier coup d'œil maintenant. Que préférez-vous ?",
}


def skilled_off_reply(*, customer: Customer, opening: str, skilled: StaffMember, helper: StaffMember,
                      back_at: datetime, now: datetime, bot: Bot, language: str = "en", why: str = "") -> Reply:
    """The plain truth and the choice between waiting for the skilled person and a first look now, after
    ``opening`` (the person first, then what has to happen). In another ``language``, ``opening`` is only the
    "I'm sorry" of an upset customer (or empty) and ``why`` the shop's own words for what happens."""
    if language in _CHOICE_IN:
        today = bot.business_hours.local(now).date()
        name = "" if opening else customer.first_name
        text = fill(_CHOICE_IN[language], {
            "opening": opening, "comma_name_start": f"{name}, " if name else "", "why": why,
            "first": skilled.first_name, "helper": helper.first_name,
            "when": back_at_words(bot.business_hours.local(back_at), language=language, today=today)})
        return Reply(text=capitalised(text), choices=(
            wait_for_label(skilled.first_name, language=language), now_label(helper.first_name, language=language),
            *choice_labels((KEEP_CHATTING,), language=language)))
    when = human_time(back_at, now=now, timezone=customer_timezone(customer, default=bot.business_hours.timezone))
    when = f"at {when.removeprefix('by ')}" if when.startswith("by ") else when
    text = (f"{opening} {skilled.first_name} handles this and is "
            f"back {when}, or {helper.first_name} can take a first look now. Which would you prefer?")
    return Reply(text=capitalised(text), choices=(f"Wait for {skilled.first_name}", first_look_choice(helper),
                                                  KEEP_CHATTING))


def first_look_choice(member: StaffMember) -> str:
    """The button for a first look by someone on shift now."""
    return f"{member.first_name}{_FIRST_LOOK}"
