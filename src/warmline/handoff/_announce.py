"""Telling the customer who will help and when: a named person, a time, and choices."""

from __future__ import annotations

from dataclasses import replace

from warmline.domain import Assignee, Bot, Customer, Decision, Mode, Reply
from warmline.policy import duration_phrase, when_phrase

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


def announce(decision: Decision, routing: Routing, *, customer: Customer, bot: Bot) -> Decision:
    """``decision`` with the assignee, the ETA and a first reply that names the person and the time."""
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
