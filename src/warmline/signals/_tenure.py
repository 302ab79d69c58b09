"""Tenure and relationship: how long and how reliably the customer has been with the shop, and whether
this message is unusual for them (years of on-time payments and now a declined card; a first complaint).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from warmline.domain import Author, Bot, Customer, Message, Signal, SignalKind

from ._text import quote

__all__ = ["relationship_strength", "relationship_summary", "tenure_signal"]

_PREMIUM_TIERS = frozenset({"gold", "platinum", "vip", "premium", "diamond", "black"})
_MID_TIERS = frozenset({"silver", "plus", "member"})

_PAYMENT_TROUBLE = re.compile(
    r"\b(?:(?:card|payment|transaction|direct debit)\w* (?:was |got |has been |is |keeps? )?(?:being )?"
    r"(?:declined|rejected|refused|bounced|failed|failing)|declined|payment (?:failed|didn'?t go through|"
    r"did not go through|bounced)|late (?:notice|fee|payment|charge)|overdue|missed (?:a |my |the )?payment|"
    r"(?:payment )?reminder|debt collect\w*|can'?t pay|cannot pay|couldn'?t pay|behind on|arrears|"
    r"(?:will|I'll) (?:be|pay) late|pay (?:a bit |a few days )?late|lost my job|unemployed)\b",
    re.IGNORECASE,
)
_COMPLAINT = re.compile(
    r"\b(?:complain\w*|not happy|unhappy|disappoint\w*|broken|damaged|wrong (?:item|size|order|colou?r)|"
    r"never arrived|terrible|awful|unacceptable|poor quality|faulty|defective|rude)\b",
    re.IGNORECASE,
)


def relationship_strength(customer: Customer, *, now: datetime) -> float:
    """0–1: years with the shop, reliable payments, orders, lifetime value, and tier, blended."""
    years = _years(customer, now)
    paid = customer.payments_on_time + customer.payments_late
    reliability = customer.payments_on_time / paid if paid else 0.0
    score = (0.35 * min(1.0, years / 5)
             + 0.35 * reliability * min(1.0, customer.payments_on_time / 24)
             + 0.15 * min(1.0, customer.orders_count / 20)
             + 0.15 * min(1.0, customer.lifetime_value / 2000))
    tier = (customer.tier or "").lower()
    if tier in _PREMIUM_TIERS:
        score += 0.15
    elif tier in _MID_TIERS:
        score += 0.05
    return round(min(1.0, score), 3)


def _years(customer: Customer, now: datetime) -> float:
    if customer.customer_since is None:
        return 0.0
    return max(0.0, (now.date() - customer.customer_since).days / 365.25)


def relationship_summary(customer: Customer, *, bot: Bot | None = None) -> tuple[str, ...]:
    """Plain facts: "customer since 2017", "62 orders", "62 payments on time, none late", "gold tier"."""
    facts: list[str] = []
    if customer.customer_since is not None:
        facts.append(f"customer since {customer.customer_since.year}")
    if customer.orders_count:
        facts.append(f"{customer.orders_count} order{'s' if customer.orders_count != 1 else ''}")
    if customer.payments_on_time or customer.payments_late:
        late = f"{customer.payments_late} late" if customer.payments_late else "none late"
        facts.append(f"{customer.payments_on_time} payments on time, {late}")
    if customer.tier:
        facts.append(f"{customer.tier} tier")
    if customer.account_owner:
        owner = bot.staff_member(customer.account_owner) if bot else None
        facts.append(f"account owner {owner.name if owner else customer.account_owner}")
    return tuple(facts)


def _past_handoffs(customer: Customer, history: Sequence[Message]) -> int:
    recorded = customer.attributes.get("past_handoffs", 0)
    staff_here = 1 if any(message.author is Author.STAFF for message in history) else 0
    return max(int(recorded) if isinstance(recorded, int | float) else 0, staff_here)


def _unusual(text: str, customer: Customer, history: Sequence[Message], trouble: str | None) -> str | None:
    """What is out of the ordinary for this customer, in plain words, or None.

    ``trouble``: a complaint or payment trouble read by example (any language), with its evidence.
    """
    if (match := _PAYMENT_TROUBLE.search(text)) is not None:
        return f"payment trouble in '{quote(text, *match.span())}'"
    if trouble is not None and trouble.startswith("payment"):
        return trouble
    if customer.attributes.get("last_payment_late"):
        return "their latest payment is late"
    earlier_complaint = any(message.author is Author.CUSTOMER and _COMPLAINT.search(message.text)
                            for message in history)
    past_complaints = customer.attributes.get("complaints", 0)
    if (match := _COMPLAINT.search(text)) is not None and not earlier_complaint and not past_complaints:
        return f"first complaint: '{quote(text, *match.span())}'"
    if trouble is not None and not earlier_complaint and not past_complaints:
        return f"first {trouble}"
    return None


def tenure_signal(*, text: str, history: Sequence[Message], customer: Customer, bot: Bot,
                  now: datetime, trouble: str | None = None) -> Signal:
    """Relationship strength (0–1); label ``unusual_situation`` when this message is out of character."""
    strength = relationship_strength(customer, now=now)
    facts = relationship_summary(customer, bot=bot)
    handoffs = _past_handoffs(customer, history)
    evidence = [", ".join(facts)] if facts else []
    if handoffs:
        evidence.append(f"helped by a person {handoffs} time{'s' if handoffs != 1 else ''} before")
    unusual = _unusual(text, customer, history, trouble) if strength > 0 else None
    if unusual is not None:
        evidence.append(unusual)
        label = "unusual_situation"
    elif strength >= 0.6:
        label = "loyal"
    elif strength >= 0.2:
        label = "regular"
    else:
        label = "new"
    return Signal(kind=SignalKind.TENURE, score=strength, evidence=tuple(evidence), label=label)
