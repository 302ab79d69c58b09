"""Recording a decided turn: its replies sent (or the bot's silence and why), as a ``TurnResult``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from warmline.domain import Action, Author, Conversation, Customer, Decision, Message, Reply
from warmline.engine.customer.outbound import Outbound
from warmline.engine.customer.turn.result import TurnResult
from warmline.store import Store

__all__ = ["Replier"]


class Replier:
    """Stores a turn's decision with the message it answers, and sends its replies."""

    def __init__(self, *, store: Store, outbound: Outbound, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._outbound = outbound
        self._clock = clock

    async def send(self, customer: Customer, conversation: Conversation, inbound: Message,
                   decision: Decision, *, at: datetime | None = None) -> TurnResult:
        """Send a decision's replies, recording it as the answer to ``inbound`` (made ``at``, or now)."""
        decision = replace(decision, conversation_id=conversation.id, message_id=inbound.id,
                           created_at=at or self._clock())
        replies = await self._outbound.send(conversation, decision.replies, author=Author.BOT, decision=decision)
        return TurnResult(customer=customer, conversation=conversation, inbound=inbound,
                          decision=decision, replies=replies)

    async def directly(self, customer: Customer, conversation: Conversation, inbound: Message,
                       reply: Reply, *, reason: str, action: Action | None = None) -> TurnResult:
        """A reply that needs no retrieval or policy (a greeting, "I can't open photos", thanks for feedback)."""
        decision = Decision(action=action or (Action.CLARIFY if reply.choices else Action.ANSWER),
                            reasons=(reason,), confidence=1.0, replies=(reply,))
        return await self.send(customer, conversation, inbound, decision)

    async def relay(self, customer: Customer, conversation: Conversation, inbound: Message) -> TurnResult:
        """A person owns the conversation: the bot stays silent and the staff side sees the message."""
        owner = self._outbound.assignee(conversation)
        return await self.silent(customer, conversation, inbound,
                                 reason=f"{owner.name if owner else 'a person'} is handling this conversation")

    async def silent(self, customer: Customer, conversation: Conversation, inbound: Message, *,
                     reason: str) -> TurnResult:
        """Record why the bot says nothing to this message; staff see it with the conversation."""
        decision = Decision(
            action=Action.RELAY, confidence=1.0, reasons=(reason,), assignee=self._outbound.assignee(conversation),
            conversation_id=conversation.id, message_id=inbound.id, created_at=self._clock())
        decision = await self._store.add_decision(decision)
        return TurnResult(customer=customer, conversation=conversation, inbound=inbound,
                          decision=decision, replies=())
