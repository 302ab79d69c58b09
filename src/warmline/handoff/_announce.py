"""Telling the customer who will help and when: a named person, a time, and choices."""

from __future__ import annotations

from dataclasses import replace

from warmline.domain import Assignee, Bot, Customer, Decision, Mode, Reply
from warmline.policy import back_at, choice_labels, duration_in, duration_phrase, phrase, wait_for_label, when_phrase

from ._routing import Routing

__all__ = ["announce"]

_PERSONAL_MARK = "personal help"


def _opening(decision: Decision, customer: Customer) -> str:
    name = customer.first_name
    if decision.mode is Mode.FAST_LANE:
        return f"I'm sorry about this, {name}. " if name else "I'm sorry about this. "
    return f"Thanks, {name}. " if name else ""


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
        when = back_at(bot.business_hours.local(routing.back_at), language=language)
        text = phrase("handoff_back", language=language, bot=bot, first=first, when=when)
    elif routing.eta_minutes is not None:
        text = phrase("handoff_eta", language=language, bot=bot, first=first,
                      eta=duration_in(routing.eta_minutes, language=language))
    else:
        text = phrase("handoff_soon", language=language, bot=bot, first=first)
    reply = Reply(text=opening + text, choices=(wait_for_label(first, language=language), *later))
    return replace(decision, reasons=reasons, replies=(reply, *decision.replies),
                   assignee=Assignee(id=member.id, name=member.name), eta_minutes=routing.eta_minutes)


def announce(decision: Decision, routing: Routing, *, customer: Customer, bot: Bot,
             language: str | None = None) -> Decision:
    """``decision`` with the assignee, the ETA and a first reply that names the person and the time.

    ``language``: the customer's, when it is not the one the shop's knowledge is written in.
    """
    if language is not None and language != bot.knowledge_language:
        return _announce_in(decision, routing, customer=customer, bot=bot, language=language)
    reasons = tuple(dict.fromkeys((*decision.reasons, *routing.reasons)))
    member = routing.assignee
    opening = _opening(decision, customer)
    if member is None:
        text = (f"{opening}I've passed this to the team with everything you told me, so you won't have to "
                "repeat yourself. Someone will reply here as soon as they can.")
        reply = Reply(text=text.strip(), choices=("Wait here", "Email me when it's done", "Keep chatting"))
        return replace(decision, reasons=reasons, replies=(reply, *decision.replies),
                       eta_minutes=routing.eta_minutes)
    first = member.first_name
    if routing.back_at is not None:
        when = when_phrase(routing.back_at, now=routing.decided_at or routing.back_at, bot=bot)
        text = (f"{opening}I've asked {first} to take this personally. {first} is back at {when} and will "
                "pick it up first thing. I've passed on everything, so you won't have to repeat yourself.")
    elif routing.promise is not None:
        text = (f"{opening}I've asked {first}, who'll be with you {routing.promise}. "
                "I've passed on everything, so you won't have to repeat yourself.")
    elif routing.eta_minutes is not None:
        text = (f"{opening}I've asked {first}, who'll be with you in {duration_phrase(routing.eta_minutes)}. "
                "I've passed on everything, so you won't have to repeat yourself.")
    else:
        text = f"{opening}I've asked {first}, who'll be with you as soon as possible."
    text += _thanks_for_loyalty(decision, customer)
    reply = Reply(text=text, choices=(f"Wait for {first}", "Email me when it's done", "Keep chatting"))
    return replace(decision, reasons=reasons, replies=(reply, *decision.replies),
                   assignee=Assignee(id=member.id, name=member.name), eta_minutes=routing.eta_minutes)
