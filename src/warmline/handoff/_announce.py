"""Telling the customer who will help and when: a named person, a time, and choices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from warmline.domain import Assignee, Bot, Customer, Decision, Mode, Reply
from warmline.policy import (
    Feeling,
    acknowledgement,
    back_at,
    choice_labels,
    duration_in,
    duration_phrase,
    now_label,
    phrase,
    pick_line,
    wait_for_label,
    when_phrase,
)

from ._routing import Routing

__all__ = ["announce"]

_PERSONAL_MARK = "personal help"


def _opening(decision: Decision, customer: Customer, *, feeling: Feeling | None, bot: Bot,
             said: Sequence[str]) -> str:
    """The person first: what they feel (the present, the third time, the anger), else a short thanks."""
    name = customer.first_name
    if feeling is None:  # the caller did not read the message: the plain version by mode
        feeling = Feeling.ANGRY if decision.mode is Mode.FAST_LANE else Feeling.RELAXED
    if feeling is Feeling.RELAXED and not name:
        return ""
    said_it = acknowledgement(feeling, bot=bot, said=said, first_name=name)
    return f"{said_it} " if said_it else ""


def _passed_on(*, bot: Bot, said: Sequence[str], told_us_something: bool, who: str) -> str:
    """ "I've passed on everything" only when there was something to pass on; else ask what it is about."""
    if not told_us_something:
        return f" Tell me here what it's about, and {who} will read it before replying."
    line = pick_line("passed_on", bot=bot, said=said)
    return f" {line}" if line else ""


def _thanks_for_loyalty(decision: Decision, customer: Customer) -> str:
    if customer.customer_since is None or not any(_PERSONAL_MARK in reason for reason in decision.reasons):
        return ""
    return f" Thank you for being with us since {customer.customer_since.year}."


def _announce_in(decision: Decision, routing: Routing, *, customer: Customer, bot: Bot, language: str) -> Decision:
    """The same announcement in another of the shop's languages (the shop's own wording when it has one)."""
    reasons = tuple(dict.fromkeys((*decision.reasons, *routing.reasons)))
    member = routing.assignee
    name = customer.first_name
    opening = phrase("sorry" if decision.mode is Mode.FAST_LANE else "thanks_short", language=language, bot=bot,
                     first_name=name) if (name or decision.mode is Mode.FAST_LANE) else ""
    later = choice_labels(("Email me when it's done", "Keep chatting"), language=language)
    if member is None:
        reply = Reply(text=opening + phrase("handoff_team", language=language, bot=bot),
                      choices=(*choice_labels(("Wait here",), language=language), *later))
        return replace(decision, reasons=reasons, replies=(reply, *decision.replies), eta_minutes=routing.eta_minutes)
    first = member.first_name
    if routing.back_at is not None:
        today = bot.business_hours.local(routing.decided_at).date() if routing.decided_at else None
        when = back_at(bot.business_hours.local(routing.back_at), language=language, today=today)
        text = phrase("handoff_back", language=language, bot=bot, first=first, when=when)
    elif routing.eta_minutes is not None:
        text = phrase("handoff_eta", language=language, bot=bot, first=first,
                      eta=duration_in(routing.eta_minutes, language=language))
    else:
        text = phrase("handoff_soon", language=language, bot=bot, first=first)
    instead_text, instead_choice = _instead(routing, bot=bot, language=language)
    reply = Reply(text=opening + text + instead_text,
                  choices=(wait_for_label(first, language=language), *instead_choice, *later))
    return replace(decision, reasons=reasons, replies=(reply, *decision.replies),
                   assignee=Assignee(id=member.id, name=member.name), eta_minutes=routing.eta_minutes)


def _instead(routing: Routing, *, bot: Bot, language: str) -> tuple[str, tuple[str, ...]]:
    """The sentence and the button offering someone else when the person asked for is off: " Maya is here
    now." with "Maya now", or " Maya is back at 9:00 on Monday." with "Wait for Maya"."""
    if routing.instead is None:
        return "", ()
    first = routing.instead.first_name
    if routing.instead_back_at is None:
        return " " + phrase("handoff_instead", language=language, bot=bot, first=first), (
            now_label(first, language=language),)
    if language == "en":  # the English handoff's own clock words ("9:00 on Monday")
        when = "at " + when_phrase(routing.instead_back_at, now=routing.decided_at or routing.instead_back_at, bot=bot)
    else:
        today = bot.business_hours.local(routing.decided_at).date() if routing.decided_at else None
        when = back_at(bot.business_hours.local(routing.instead_back_at), language=language, today=today)
    return " " + phrase("handoff_instead_back", language=language, bot=bot, first=first, when=when), (
        wait_for_label(first, language=language),)


def announce(decision: Decision, routing: Routing, *, customer: Customer, bot: Bot,
             language: str | None = None, feeling: Feeling | None = None, said: Sequence[str] = (),
             told_us_something: bool = True) -> Decision:
    """``decision`` with the assignee, the ETA and a first reply that names the person and the time.

    ``language``: the customer's, when it is not the one the shop's knowledge is written in. ``feeling``: what
    the first sentence answers; ``said``: the bot's earlier messages (no sentence twice);
    ``told_us_something``: whether there is anything to pass on beyond "a person, please".
    """
    if language is not None and language != bot.knowledge_language:
        return _announce_in(decision, routing, customer=customer, bot=bot, language=language)
    reasons = tuple(dict.fromkeys((*decision.reasons, *routing.reasons)))
    member = routing.assignee
    opening = _opening(decision, customer, feeling=feeling, bot=bot, said=said)
    if member is None:
        text = f"{opening}I've passed this to the team"
        text += (" with everything you told me, so you won't have to repeat yourself." if told_us_something
                 else ". Tell me here what it's about, so they can read it first.")
        text += " Someone will reply here as soon as they can."
        reply = Reply(text=text.strip(), choices=("Wait here", "Email me when it's done", "Keep chatting"))
        return replace(decision, reasons=reasons, replies=(reply, *decision.replies),
                       eta_minutes=routing.eta_minutes)
    first = member.first_name
    passed_on = _passed_on(bot=bot, said=said, told_us_something=told_us_something, who=first)
    if routing.back_at is not None:
        when = when_phrase(routing.back_at, now=routing.decided_at or routing.back_at, bot=bot)
        text = (f"{opening}I've asked {first} to take this personally. {first} is back at {when} and will "
                f"pick it up first thing.{passed_on}")
    elif routing.promise is not None:
        text = f"{opening}I've asked {first}, who'll be with you {routing.promise}.{passed_on}"
    elif routing.eta_minutes is not None:
        text = (f"{opening}I've asked {first}, who'll be with you in {duration_phrase(routing.eta_minutes)}."
                f"{passed_on}")
    else:
        text = f"{opening}I've asked {first}, who'll be with you as soon as possible.{passed_on}"
    instead_text, instead_choice = _instead(routing, bot=bot, language="en")
    text += instead_text + _thanks_for_loyalty(decision, customer)
    reply = Reply(text=text, choices=(f"Wait for {first}", *instead_choice, "Email me when it's done", "Keep chatting"))
    return replace(decision, reasons=reasons, replies=(reply, *decision.replies),
                   assignee=Assignee(id=member.id, name=member.name), eta_minutes=routing.eta_minutes)
