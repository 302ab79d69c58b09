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
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from warmline.domain import (
    Action,
    Assignee,
    Bot,
    Conversation,
    ConversationOrder,
    Customer,
    Decision,
    Order,
    OrderLookup,
    OrderStage,
    Reply,
    normalize_order_number,
)
from warmline.engine.customer.order_live import LiveOrders
from warmline.engine.customer.order_reading import (
    OrderReading,
    order_like,
    part_of_postcode,
    proof_in,
    still_proves,
)
from warmline.handoff import Routing
from warmline.policy import (
    OrderQuestion,
    arrival_text,
    asks_about_own_order,
    expected_arrival,
    find_shop_order_numbers,
    offers_proof,
    order_citation,
    order_system_down_text,
    overdue_text,
    product_citation,
    read_order_question,
    return_text,
    status_text,
    stock_matches,
    stock_text,
    verify_request,
)
from warmline.shops import ShopUnavailableError
from warmline.store import OrderStore

__all__ = ["OrderAnswers", "Router"]

Router = Callable[[Customer, str | None], Awaitable[Routing]]  # who takes a case of this type, and how soon

logger = logging.getLogger(__name__)

TRUSTED_CHANNEL = "api"  # the shop's own integration, behind the admin token: its customer ids are the shop's
_OVERDUE_GRACE = timedelta(days=2)  # a parcel this late past its date needs a person, not a tracking link


def _verdict(order: Order | None, *, text: str, earlier: str | None, customer: Customer,
             conversation: Conversation) -> tuple[str | None, str | None]:
    """The proof this message carries for ``order``, and why the order may be shown (None: it may not)."""
    if order is None:
        return None, None
    proof = proof_in(order, text)
    if proof is not None or still_proves(order, earlier):
        return proof, "order number with the email or postcode on it"
    if conversation.channel == TRUSTED_CHANNEL and order.customer_id == customer.id:
        return None, "the shop's customer id on its own API"
    return None, None


class OrderAnswers:
    """Answers "where is my order", "has MS-1042 shipped", "when will it arrive", "can I still return it",
    "is the blue cardigan in M in stock" from the store, citing the record."""

    def __init__(self, *, bot: Bot, store: OrderStore, clock: Callable[[], datetime],
                 live: LiveOrders | None = None, router: Router | None = None) -> None:
        self._bot = bot
        self._store = store
        self._clock = clock
        self._live = live  # the shop's platform, asked when the store's copy can't settle a question
        self._router = router  # who checks by hand when the platform can't be reached
        self._has_orders = False  # once the shop has sent an order it keeps having orders: asked until then

    async def _shop_has_orders(self) -> bool:
        if not self._has_orders:
            self._has_orders = await self._store.has_orders()
        return self._has_orders

    async def read(self, *, conversation: Conversation, text: str) -> OrderReading:
        """The order numbers in ``text`` and what the store holds for them and for the conversation: one read
        transaction; none for a message with nothing order-like in it (most messages: it can neither prove an
        order nor ask about one), nor while the shop has no order data."""
        numbers = find_shop_order_numbers(text, self._bot.orders.number_pattern)
        if not order_like(text, numbers) or (not self._live and not await self._shop_has_orders()):
            return OrderReading(conversation_id=conversation.id, text=text, numbers=numbers)
        return OrderReading(conversation_id=conversation.id, text=text, numbers=numbers,
                            lookup=await self._store.order_lookup(conversation.id, numbers=numbers))

    async def respond(self, *, customer: Customer, conversation: Conversation, text: str,
                      reading: OrderReading | None = None, language: str | None = None) -> Decision | None:
        """The decision for an order or stock question, or None when this is not one this step settles.

        ``reading``: what ``read`` returned for this message earlier in the turn (read again if it was taken
        for another text, e.g. before a pressed button was turned into its words); ``language``: the customer's,
        for what it says (the knowledge's when None)."""
        language = language or self._bot.knowledge_language
        numbers = find_shop_order_numbers(text, self._bot.orders.number_pattern)
        if not order_like(text, numbers):
            return None  # most messages: nothing order-like, no database round trip
        question = read_order_question(text)
        if question is OrderQuestion.STOCK:
            return await self._stock(text, language=language)
        if not self._live and not await self._shop_has_orders():
            return None  # the shop has not connected its order data: knowledge and policy answer as before
        if reading is None or not reading.fits(conversation, text):
            reading = await self.read(conversation=conversation, text=text)  # one read for all of it
        lookup = reading.lookup
        remembered = lookup.remembered
        if numbers:
            # A number with no question ("order 1042 arrived broken") is remembered, but only answered
            # when it comes with its proof; otherwise the policy decides as before (the platform isn't asked).
            number, order = self._pick(numbers, lookup, text=text)
            return await self._about(number, order, question=question, conversation=conversation,
                                     customer=customer, text=text, remembered=remembered, language=language,
                                     only_with_proof=question is None, ask_platform=question is not None)
        if remembered is not None and (question is not None or remembered.verified_by is None):
            # "and when will it arrive?" about the order named earlier, or the email sent after we asked
            return await self._about(remembered.order_key, lookup.order(remembered.order_key), question=question,
                                     conversation=conversation, customer=customer, text=text, language=language,
                                     remembered=remembered, only_with_proof=question is None, ask_platform=True)
        if question is None:
            return None
        latest = await self._trusted_latest(customer, conversation)
        if latest is not None:
            return await self._answer(latest, question, how="the shop's customer id on its own API",
                                      customer=customer, language=language)
        if question is OrderQuestion.STATUS and asks_about_own_order(text):
            return self._ask_to_verify(reason="order question without an order number", language=language)
        return None  # "when will my order arrive?" in general: the knowledge answers with delivery times

    async def _about(self, number: str, order: Order | None, *, question: OrderQuestion | None,
                     conversation: Conversation, customer: Customer, text: str, remembered: ConversationOrder | None,
                     language: str, only_with_proof: bool, ask_platform: bool) -> Decision | None:
        same_order = remembered is not None and remembered.order_key == normalize_order_number(number)
        earlier = remembered.verified_by if remembered is not None and same_order else None
        proof, how = _verdict(order, text=text, earlier=earlier, customer=customer, conversation=conversation)
        if how is None and ask_platform and self._live and offers_proof(text, (number,)):
            # Asked whether or not the store has the order, so a stranger learns nothing from what follows.
            try:
                order = await self._live.fetch(number) or order
            except ShopUnavailableError as exc:
                if not same_order:
                    await self._store.remember_order(conversation.id, number=number)
                return await self._system_down(number, exc, customer=customer, language=language)
            proof, how = _verdict(order, text=text, earlier=earlier, customer=customer, conversation=conversation)
        if not same_order or (proof is not None and proof != earlier):
            # Written only when it changes: a follow-up about the same order costs no write.
            await self._store.remember_order(conversation.id, number=number, verified_by=proof)
        if only_with_proof and proof is None:
            return None  # not a question, and no proof: the message is about something else
        if order is None or how is None:
            # Same words and reason for an unknown number as for someone else's: existence must not leak.
            return self._ask_to_verify(reason="order number not verified", language=language)
        return await self._answer(order, question, how=how, customer=customer, language=language)

    async def _system_down(self, number: str, problem: ShopUnavailableError, *, customer: Customer,
                           language: str) -> Decision:
        """An honest delay: the order system can't be reached, a named person checks by a time (queued)."""
        logger.warning("order %s could not be looked up: %s", number, problem)
        key = normalize_order_number(number)
        return await self._to_a_person(
            customer, reason=f"the shop's order system ({problem.platform}) could not be reached: order {key} "
                             "needs a person to look it up",
            say=lambda person, due: order_system_down_text(key, person=person, due=due, now=self._clock(),
                                                           bot=self._bot, language=language))

    async def _overdue(self, order: Order, *, customer: Customer, language: str) -> Decision:
        """A parcel well past its date: the skilled person asks the carrier, with the order on their card."""
        logger.info("order %s is overdue: queued for a person", order.number)
        return await self._to_a_person(
            customer, reason=f"order {order.number} shipped with {order.carrier or 'the carrier'} and is past its "
                             "expected date: a person asks the carrier",
            say=lambda person, due: overdue_text(order, person=person, due=due, now=self._clock(), bot=self._bot,
                                                 language=language))

    async def _to_a_person(self, customer: Customer, *, reason: str,
                           say: Callable[[str | None, datetime | None], str]) -> Decision:
        """A delay queued for the person the bot file's order case type picks, telling the customer who and
        by when (the pipeline records the hand-off and the promise)."""
        case_type = self._bot.orders.case_type
        routing = await self._router(customer, case_type) if self._router is not None else None
        person = routing.assignee if routing is not None else None
        minutes = routing.eta_minutes if routing is not None else None
        due = self._clock() + timedelta(minutes=minutes) if minutes is not None else None
        return Decision(action=Action.DELAY, confidence=1.0, case_type=case_type,
                        assignee=Assignee(id=person.id, name=person.name) if person else None,
                        eta_minutes=minutes, replies=(Reply(text=say(person.first_name if person else None, due)),),
                        reasons=(reason, *(routing.reasons if routing else ())))

    @staticmethod
    def _pick(numbers: tuple[str, ...], lookup: OrderLookup, *, text: str) -> tuple[str, Order | None]:
        """The number the customer means, with its order: the first that is an order, else the one named
        before when every number is part of its postcode ("1021 AB" looks like a number too), else the first:
        a new number is checked on its own, never answered with an order proven earlier. Every choice gets
        the same words back."""
        for number in numbers:
            order = lookup.order(number)
            if order is not None:
                return number, order
        named = lookup.order(lookup.remembered.order_key) if lookup.remembered is not None else None
        if named is not None and all(part_of_postcode(number, named, text) for number in numbers):
            return named.key, named
        return numbers[0], None

    async def _trusted_latest(self, customer: Customer, conversation: Conversation) -> Order | None:
        if conversation.channel != TRUSTED_CHANNEL:
            return None
        orders = await self._store.customer_orders(customer_id=customer.id, limit=1)
        return orders[0] if orders else None

    async def _answer(self, order: Order, question: OrderQuestion | None, *, how: str,
                      customer: Customer, language: str) -> Decision:
        now = self._clock()
        arrival = expected_arrival(order, bot=self._bot)
        if order.stage is OrderStage.SHIPPED and arrival is not None and now > arrival + _OVERDUE_GRACE:
            return await self._overdue(order, customer=customer, language=language)
        if question is OrderQuestion.ARRIVAL:
            text = arrival_text(order, bot=self._bot, now=now, language=language)
        elif question is OrderQuestion.RETURN:
            text = return_text(order, bot=self._bot, now=now, language=language)
        else:
            text = status_text(order, bot=self._bot, language=language)
        citation = order_citation(order)
        return Decision(action=Action.ANSWER, confidence=1.0, citations=(citation,),
                        replies=(Reply(text=text, citations=(citation,)),),
                        reasons=(f"answered from order {order.number} ({order.stage.value}); verified by {how}",))

    def _ask_to_verify(self, *, reason: str, language: str) -> Decision:
        text = verify_request(self._bot.orders.number_example or None, language=language, bot=self._bot)
        return Decision(action=Action.CLARIFY, confidence=1.0, reasons=(reason,), replies=(Reply(text=text),))

    async def _stock(self, text: str, *, language: str) -> Decision | None:
        matches = stock_matches(text, await self._store.products())
        if not matches:
            return None
        product, variant = matches[0]
        citation = product_citation(product)
        return Decision(action=Action.ANSWER, confidence=1.0, citations=(citation,),
                        replies=(Reply(text=stock_text(product, variant, language=language), citations=(citation,)),),
                        reasons=(f"answered from the stock of {product.title}",))
