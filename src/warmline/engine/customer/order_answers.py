"""Order questions answered at once from the shop's own order and product data, and nobody else's.

The pipeline asks this step first; ``None`` means "not an order question I can settle", and the message
goes on to the knowledge answer and the policy as before. Privacy (DESIGN principle 11): an order's
details are shown only when the conversation proved it is the customer's — the order number together with
the email or postcode on the order (remembered on the conversation, never asked again), or, on the
shop's own authenticated API channel, the shop's customer id the order belongs to. Anyone else gets the
same request to verify whether or not the order exists, so they learn nothing, not even that.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from warmline.domain import (
    Action,
    Bot,
    Conversation,
    ConversationOrder,
    Customer,
    Decision,
    Order,
    OrderStage,
    Reply,
    normalize_order_number,
)
from warmline.policy import (
    OrderQuestion,
    arrival_text,
    asks_about_own_order,
    expected_arrival,
    find_emails,
    find_shop_order_numbers,
    mentions_postcode,
    order_citation,
    product_citation,
    read_order_question,
    return_text,
    status_text,
    stock_matches,
    stock_text,
    verify_request,
)
from warmline.store import OrderStore

__all__ = ["OrderAnswers"]

logger = logging.getLogger(__name__)

TRUSTED_CHANNEL = "api"  # the shop's own integration, behind the admin token: its customer ids are the shop's
_OVERDUE_GRACE = timedelta(days=2)  # a parcel this late past its date needs a person, not a tracking link


def _proof(order: Order, text: str) -> str | None:
    """The email or postcode on ``order`` that ``text`` carries, if any."""
    if order.email and order.email.lower() in (e.lower() for e in find_emails(text)):
        return order.email.lower()
    if order.postcode and mentions_postcode(text, order.postcode):
        return normalize_order_number(order.postcode)  # compact upper case, spaces ignored
    return None


def _still_proves(order: Order, verified_by: str | None) -> bool:
    """A proof remembered on the conversation still matches the order as it is now."""
    if verified_by is None:
        return False
    postcode = normalize_order_number(order.postcode) if order.postcode else None
    return verified_by in (order.email, postcode)


class OrderAnswers:
    """Answers "where is my order", "has MS-1042 shipped", "when will it arrive", "can I still return it",
    "is the blue cardigan in M in stock" from the store, citing the record."""

    def __init__(self, *, bot: Bot, store: OrderStore, clock: Callable[[], datetime]) -> None:
        self._bot = bot
        self._store = store
        self._clock = clock

    async def respond(self, *, customer: Customer, conversation: Conversation, text: str) -> Decision | None:
        """The decision for an order or stock question, or None when this is not one this step settles."""
        question = read_order_question(text)
        numbers = find_shop_order_numbers(text, self._bot.orders.number_pattern)
        if question is None and not numbers and not any(ch.isdigit() or ch == "@" for ch in text):
            return None  # most messages: nothing order-like, no database round trip
        if question is OrderQuestion.STOCK:
            return await self._stock(text)
        if not await self._store.has_orders():
            return None  # the shop has not connected its order data: knowledge and policy answer as before
        remembered = await self._store.conversation_order(conversation.id)
        if numbers:
            # A number with no question ("order 1042 arrived broken") is remembered, but only answered
            # when it comes with its proof; otherwise the policy decides as before.
            number = await self._pick(numbers, remembered)
            return await self._about(number, question=question, conversation=conversation, customer=customer,
                                     text=text, remembered=remembered,
                                     only_with_proof=question is None)
        if remembered is not None and (question is not None or remembered.verified_by is None):
            # "and when will it arrive?" about the order named earlier, or the email sent after we asked
            return await self._about(remembered.order_key, question=question, conversation=conversation,
                                     customer=customer, text=text, remembered=remembered,
                                     only_with_proof=question is None)
        if question is None:
            return None
        latest = await self._trusted_latest(customer, conversation)
        if latest is not None:
            return self._answer(latest, question, how="the shop's customer id on its own API")
        if question is OrderQuestion.STATUS and asks_about_own_order(text):
            return self._ask_to_verify(reason="order question without an order number")
        return None  # "when will my order arrive?" in general: the knowledge answers with delivery times

    async def proven_owner(self, *, conversation: Conversation, text: str) -> str | None:
        """The customer id of an order this conversation proves (its number, now or earlier, with the email or
        postcode on it in ``text``, or proven earlier), so the channel identity can join that customer."""
        remembered = await self._store.conversation_order(conversation.id)
        numbers = list(find_shop_order_numbers(text, self._bot.orders.number_pattern))
        if remembered is not None:
            numbers.append(remembered.order_key)
        for number in numbers:
            order = await self._store.find_order(number)
            if order is None or order.customer_id is None:
                continue
            earlier = (remembered.verified_by if remembered is not None
                       and remembered.order_key == normalize_order_number(number) else None)
            if _proof(order, text) is not None or _still_proves(order, earlier):
                return order.customer_id
        return None

    async def _about(self, number: str, *, question: OrderQuestion | None, conversation: Conversation,
                     customer: Customer, text: str, remembered: ConversationOrder | None,
                     only_with_proof: bool = False) -> Decision | None:
        order = await self._store.find_order(number)
        proof = _proof(order, text) if order is not None else None
        await self._store.remember_order(conversation.id, number=number, verified_by=proof)
        same_order = remembered is not None and remembered.order_key == normalize_order_number(number)
        earlier = remembered.verified_by if remembered is not None and same_order else None
        if only_with_proof and proof is None:
            return None  # not a question, and no proof: the message is about something else
        if order is None:
            return self._ask_to_verify(reason="order number not verified")
        if proof is not None or _still_proves(order, earlier):
            return self._answer(order, question, how="order number with the email or postcode on it")
        if conversation.channel == TRUSTED_CHANNEL and order.customer_id == customer.id:
            return self._answer(order, question, how="the shop's customer id on its own API")
        # Same words and reason as for an unknown number: existence must not leak.
        return self._ask_to_verify(reason="order number not verified")

    async def _pick(self, numbers: tuple[str, ...], remembered: ConversationOrder | None) -> str:
        """The number the customer means: the first that is an order, else the one named before (a postcode
        like "1021 AB" looks like a number too), else the first. Every choice gets the same words back."""
        for number in numbers:
            if await self._store.find_order(number) is not None:
                return number
        return remembered.order_key if remembered is not None else numbers[0]

    async def _trusted_latest(self, customer: Customer, conversation: Conversation) -> Order | None:
        if conversation.channel != TRUSTED_CHANNEL:
            return None
        orders = await self._store.customer_orders(customer_id=customer.id, limit=1)
        return orders[0] if orders else None

    def _answer(self, order: Order, question: OrderQuestion | None, *, how: str) -> Decision | None:
        now = self._clock()
        arrival = expected_arrival(order, bot=self._bot)
        if order.stage is OrderStage.SHIPPED and arrival is not None and now > arrival + _OVERDUE_GRACE:
            logger.info("order %s is overdue: leaving it to the policy's hand-off", order.number)
            return None
        if question is OrderQuestion.ARRIVAL:
            text = arrival_text(order, bot=self._bot, now=now)
        elif question is OrderQuestion.RETURN:
            text = return_text(order, bot=self._bot, now=now)
        else:
            text = status_text(order, bot=self._bot)
        citation = order_citation(order)
        return Decision(action=Action.ANSWER, confidence=1.0, citations=(citation,),
                        replies=(Reply(text=text, citations=(citation,)),),
                        reasons=(f"answered from order {order.number} ({order.stage.value}); verified by {how}",))

    def _ask_to_verify(self, *, reason: str) -> Decision:
        return Decision(action=Action.CLARIFY, confidence=1.0, reasons=(reason,),
                        replies=(Reply(text=verify_request(self._bot.orders.number_example or None)),))

    async def _stock(self, text: str) -> Decision | None:
        matches = stock_matches(text, await self._store.products())
        if not matches:
            return None
        product, variant = matches[0]
        citation = product_citation(product)
        return Decision(action=Action.ANSWER, confidence=1.0, citations=(citation,),
                        replies=(Reply(text=stock_text(product, variant), citations=(citation,)),),
                        reasons=(f"answered from the stock of {product.title}",))
