"""The context packet a person gets with a handoff: who the customer is, what they want, and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from warmline.domain import Author, ConversationOrder, Customer, Decision, Message, Order, Retrieval
from warmline.policy import find_emails, find_order_numbers

__all__ = ["HandoffContext", "build_context", "order_lines"]

_LINE_LIMIT = 160
_KNOWLEDGE_LIMIT = 300


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoffContext:
    """Everything staff need so the customer never repeats themselves."""

    customer_lines: tuple[str, ...]
    wants: tuple[str, ...]  # two lines at most: the latest ask, and what came before
    reasons: tuple[str, ...]
    identifiers: tuple[str, ...]  # order numbers and emails spotted in the transcript
    knowledge: tuple[str, ...]  # what the knowledge base says, with where it came from
    suggested_reply: str
    orders: tuple[str, ...] = ()  # the order the conversation is about first, then the customer's latest


def _trim(text: str, limit: int = _LINE_LIMIT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _customer_lines(customer: Customer) -> tuple[str, ...]:
    who = " · ".join(part for part in (customer.display_name or "name unknown", customer.email, customer.phone)
                     if part)
    facts: list[str] = []
    if customer.customer_since is not None:
        facts.append(f"customer since {customer.customer_since.year}")
    else:
        facts.append("new customer")
    if customer.orders_count:
        facts.append(f"{customer.orders_count} order{'s' if customer.orders_count != 1 else ''}")
    if customer.lifetime_value:
        symbol = str(customer.attributes.get("currency_symbol", "€"))
        facts.append(f"{symbol}{customer.lifetime_value:,.0f}")
    if customer.tier:
        facts.append(customer.tier)
    if customer.payments_on_time or customer.payments_late:
        late = f"{customer.payments_late} late" if customer.payments_late else "none late"
        facts.append(f"{customer.payments_on_time} payments on time, {late}")
    return (who, " · ".join(facts))


def _wants(history: Sequence[Message]) -> tuple[str, ...]:
    asked = [m.text for m in history if m.author is Author.CUSTOMER and m.text.strip()]
    if not asked:
        return ()
    latest = f"Latest: “{_trim(asked[-1])}”"
    earlier = next((text for text in reversed(asked[:-1]) if text.strip() != asked[-1].strip()), None)
    return (latest, f"Before that: “{_trim(earlier)}”") if earlier else (latest,)


def _knowledge(retrieval: Retrieval | None) -> tuple[str, ...]:
    if retrieval is None or retrieval.best is None:
        return ()
    best = retrieval.best
    text = retrieval.answer_text or best.passage.text
    verdict = "" if retrieval.in_scope else " (not confident: check before using)"
    return (f"{best.passage.citation}{verdict}: {_trim(text, _KNOWLEDGE_LIMIT)}",)


def _suggested_reply(customer: Customer, identifiers: Sequence[str], retrieval: Retrieval | None) -> str:
    hello = f"Hi {customer.first_name}, " if customer.first_name else "Hi, "
    order = next((item for item in identifiers if item.startswith("#")), None)
    about = f"I have order {order} in front of me" if order else "I've read through everything you wrote"
    if retrieval is not None and retrieval.in_scope and retrieval.answer_text:
        return f"{hello}thanks for waiting. {about}. {_trim(retrieval.answer_text, _KNOWLEDGE_LIMIT)}"
    return f"{hello}thanks for waiting. {about}, and I'm on it now."


def _date(moment: datetime) -> str:
    return f"{moment.day} {moment.strftime('%b %Y')}"


def _order_line(order: Order, *, about: ConversationOrder | None) -> str:
    parts = [f"{order.number}: {order.stage.value}"]
    for label, moment in (("ordered", order.created_at), ("shipped", order.fulfilled_at),
                          ("expected", order.expected_at), ("delivered", order.delivered_at)):
        if moment is not None:
            parts.append(f"{label} {_date(moment)}")
    tracking = " ".join(p for p in (order.carrier, order.tracking_number, order.tracking_url) if p)
    if tracking:
        parts.append(tracking)
    items = ", ".join(i.title + (f" ({i.variant})" if i.variant else "") for i in order.items[:3])
    if items:
        parts.append(items)
    parts.append(f"{order.currency} {order.total:,.2f}" + (" (paid late)" if order.paid_late else ""))
    if about is not None and about.order_key == order.key:
        parts.append("this conversation's order, " + (f"verified by {about.verified_by}" if about.verified_by
                                                       else "NOT verified: the customer has not proved it is theirs"))
    return " · ".join(parts)


def order_lines(orders: Sequence[Order], *, about: ConversationOrder | None) -> tuple[str, ...]:
    """One line per order for the person taking over: where it is, carrier and tracking, what, how much; the
    order the conversation is about first, saying whether the customer proved it is theirs."""
    first = sorted(orders, key=lambda o: about is None or o.key != about.order_key)
    return tuple(_order_line(order, about=about) for order in first)


def build_context(*, customer: Customer, history: Sequence[Message], decisions: Sequence[Decision],
                  retrieval: Retrieval | None, orders: Sequence[Order] = (),
                  about: ConversationOrder | None = None) -> HandoffContext:
    """The packet for the person taking over (pure: built from what the store already holds)."""
    said = "\n".join(m.text for m in history if m.author is Author.CUSTOMER)
    identifiers = (*find_order_numbers(said), *find_emails(said))
    reasons = tuple(dict.fromkeys(reason for decision in reversed(decisions) for reason in decision.reasons))
    return HandoffContext(customer_lines=_customer_lines(customer), wants=_wants(history), reasons=reasons,
                          identifiers=identifiers, knowledge=_knowledge(retrieval),
                          suggested_reply=_suggested_reply(customer, identifiers, retrieval),
                          orders=order_lines(orders, about=about))
