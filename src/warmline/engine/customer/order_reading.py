"""What one customer message says about orders, read from the store once per turn, and the rules for whether
it proves an order is the writer's (the email or postcode on the order, now or remembered from earlier).

The pipeline takes the reading before linking the channel identity and hands the same reading to the order
answer, so a verified order question costs one read transaction however many steps look at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from warmline.domain import Conversation, Order, OrderLookup, normalize_order_number
from warmline.policy import find_emails, mentions_postcode, read_order_question

__all__ = ["OrderReading", "order_like", "part_of_postcode", "proof_in", "still_proves"]


def proof_in(order: Order, text: str) -> str | None:
    """The email or postcode on ``order`` that ``text`` carries, if any."""
    if order.email and order.email.lower() in (e.lower() for e in find_emails(text)):
        return order.email.lower()
    if order.postcode and mentions_postcode(text, order.postcode):
        return normalize_order_number(order.postcode)  # compact upper case, spaces ignored
    return None


def order_like(text: str, numbers: tuple[str, ...]) -> bool:
    """Whether ``text`` may ask about an order or prove one: an order number, an order question, or a digit
    or "@" (a postcode, an email address)."""
    return bool(numbers) or any(ch.isdigit() or ch == "@" for ch in text) or read_order_question(text) is not None


def part_of_postcode(number: str, order: Order, text: str) -> bool:
    """Whether ``number`` is only the start of ``order``'s postcode typed in ``text`` ("1021" of "1021 AB"
    fits a loose order-number pattern too)."""
    if not order.postcode or not mentions_postcode(text, order.postcode):
        return False
    return normalize_order_number(number) in normalize_order_number(order.postcode)


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderReading:
    """What the store says about one customer message, read once per turn: the conversation's order and the
    stored orders the message names (and the remembered one). Linking the identity and answering both look
    at it, so a verified order question costs one read transaction, not one per step."""

    conversation_id: str
    text: str
    numbers: tuple[str, ...]
    lookup: OrderLookup = field(default_factory=OrderLookup)

    def fits(self, conversation: Conversation, text: str) -> bool:
        """Whether this reading was taken for this conversation and this exact text."""
        return self.conversation_id == conversation.id and self.text == text

    def proven_owner(self) -> str | None:
        """The customer id of an order the conversation proves (its number, now or earlier, with the email or
        postcode on it in the message, or proven earlier), so the channel identity can join that customer."""
        remembered = self.lookup.remembered
        numbers = [*self.numbers, *((remembered.order_key,) if remembered is not None else ())]
        for number in dict.fromkeys(numbers):
            order = self.lookup.order(number)
            if order is None or order.customer_id is None:
                continue
            earlier = (remembered.verified_by if remembered is not None
                       and remembered.order_key == normalize_order_number(number) else None)
            if proof_in(order, self.text) is not None or still_proves(order, earlier):
                return order.customer_id
        return None


def still_proves(order: Order, verified_by: str | None) -> bool:
    """A proof remembered on the conversation still matches the order as it is now."""
    if verified_by is None:
        return False
    postcode = normalize_order_number(order.postcode) if order.postcode else None
    return verified_by in (order.email, postcode)
