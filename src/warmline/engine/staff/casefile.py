"""What a staff member sees of one conversation: the customer's history, the handoff context, orders, knowledge.

The read side of the staff desk (``desk``), shared by the built-in inbox and the Slack cards.
"""

from __future__ import annotations

from dataclasses import dataclass

from warmline.domain import (
    Action,
    Author,
    Conversation,
    ConversationOrder,
    Customer,
    Decision,
    Handoff,
    Message,
    Order,
    Promise,
    Retrieval,
    ScoredPassage,
)
from warmline.handoff import HandoffContext, build_context
from warmline.knowledge import KnowledgeBase
from warmline.store import OutboxItem, Store

__all__ = ["CaseFile", "ConversationDetail"]

_KNOWLEDGE_SHOWN = 3
_ORDERS_SHOWN = 5
_QUESTIONS_SEARCHED = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversationDetail:
    """Everything a staff member needs to pick a conversation up without asking the customer again."""

    conversation: Conversation
    customer: Customer
    history: tuple[Message, ...]
    decisions: tuple[Decision, ...]
    handoff: Handoff | None
    context: HandoffContext
    knowledge: tuple[ScoredPassage, ...]  # what the knowledge base says about the latest question
    promises: tuple[Promise, ...] = ()  # what the customer was promised, and whether it was kept
    parked: tuple[OutboxItem, ...] = ()  # replies that could not be delivered (staff must act)
    orders: tuple[Order, ...] = ()  # the customer's latest orders, and the one the conversation is about
    about_order: ConversationOrder | None = None  # the order the conversation named, and whether it was proved


class CaseFile:
    """Gathers a conversation's ``ConversationDetail`` from the store and the knowledge base."""

    def __init__(self, *, store: Store, knowledge: KnowledgeBase) -> None:
        self._store = store
        self._knowledge = knowledge

    async def read(self, conversation_id: str) -> ConversationDetail:
        """The conversation with the customer's whole cross-channel history and the handoff context."""
        conversation = await self._store.get_conversation(conversation_id)
        customer = await self._store.get_customer(conversation.customer_id)
        history = tuple(await self._store.customer_history(customer.id))
        decisions = tuple(await self._store.decisions(conversation_id))
        handoffs = await self._store.handoffs(customer_id=customer.id)
        handoff = next((h for h in handoffs if h.conversation_id == conversation_id), None)
        retrieval = self._latest_answerable(history)
        # Only decisions that involved a person explain the handoff; earlier answers don't.
        escalations = tuple(d for d in decisions if d.action in (Action.HANDOFF, Action.DELAY))
        orders, about = await self._orders_of(customer, conversation_id)
        context = build_context(customer=customer, history=history, decisions=escalations, retrieval=retrieval,
                                orders=orders, about=about)
        knowledge = tuple(retrieval.candidates[:_KNOWLEDGE_SHOWN]) if retrieval else ()
        return ConversationDetail(conversation=conversation, customer=customer, history=history,
                                  decisions=decisions, handoff=handoff, context=context, knowledge=knowledge,
                                  promises=tuple(await self._store.promises(conversation_id=conversation_id)),
                                  parked=tuple(await self._store.parked_outbox(conversation_id=conversation_id)),
                                  orders=orders, about_order=about)

    async def _orders_of(self, customer: Customer,
                         conversation_id: str) -> tuple[tuple[Order, ...], ConversationOrder | None]:
        """Staff see the customer's orders (by id and email) and the order the conversation named."""
        orders = await self._store.customer_orders(customer_id=customer.id, email=customer.email,
                                                   limit=_ORDERS_SHOWN)
        named = await self._store.conversation_order(conversation_id)
        if named is not None and all(o.key != named.order_key for o in orders):
            order = await self._store.find_order(named.order_key)
            if order is not None:
                orders.insert(0, order)
        return tuple(orders), named

    def _latest_answerable(self, history: tuple[Message, ...]) -> Retrieval | None:
        """What the knowledge base says about the customer's latest question it can answer at all
        ("can I talk to a person?" has no answer; the question before it may)."""
        questions = [m.text for m in reversed(history) if m.author is Author.CUSTOMER][:_QUESTIONS_SEARCHED]
        for question in questions:
            retrieval = self._knowledge.search(question)
            if retrieval.in_scope:
                return retrieval
        return None
