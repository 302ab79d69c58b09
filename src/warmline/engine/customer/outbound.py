"""Sending on behalf of the shop: store each reply, queue it for its channel, and tell open sockets."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import datetime

from warmline.domain import (
    Assignee,
    Author,
    Bot,
    Conversation,
    Decision,
    Message,
    OutboundMessage,
    Reply,
    ValidationError,
    new_id,
)
from warmline.engine.events import ConversationEvent, EventHub
from warmline.store import Store

__all__ = ["Outbound"]


class Outbound:
    """Stores replies as messages of a conversation, queues them for platform channels, publishes events."""

    def __init__(self, *, bot: Bot, store: Store, events: EventHub, clock: Callable[[], datetime],
                 platform_channels: Collection[str] = (), on_queued: Callable[[], None] | None = None) -> None:
        self._bot = bot
        self._store = store
        self._events = events
        self._clock = clock
        self._platform_channels = frozenset(platform_channels)
        self._on_queued = on_queued

    async def send(self, conversation: Conversation, replies: Iterable[Reply], *, author: Author,
                   staff_id: str | None = None, decision: Decision | None = None,
                   external_id: str | None = None) -> tuple[Message, ...]:
        """Store the replies, queue their delivery and record the ``decision`` behind them in one
        transaction, then publish each, in order.

        ``external_id`` (one reply only) is the reply's id where it was written, e.g. a Slack message:
        storing it twice is a ``ConflictError`` and nothing is sent again.
        """
        now = self._clock()
        messages = [Message(id=new_id(), conversation_id=conversation.id, author=author, text=reply.text,
                            channel=conversation.channel, created_at=now, staff_id=staff_id,
                            choices=reply.choices, citations=reply.citations, external_id=external_id)
                    for reply in replies]
        if external_id is not None and len(messages) != 1:
            raise ValidationError("an external id names exactly one reply", field="external_id")
        if not messages and decision is None:
            return ()
        outbox = await self._deliveries(conversation, messages) if messages else []
        stored = await self._store.add_messages(messages, outbox=outbox, decision=decision)
        for message in stored:
            self.publish_message(conversation, message)
        if outbox and self._on_queued is not None:
            self._on_queued()
        return tuple(stored)

    async def _deliveries(self, conversation: Conversation, messages: list[Message]) -> list[OutboundMessage]:
        """What to queue for a platform channel: each reply, to the customer's identity on that channel."""
        if conversation.channel not in self._platform_channels:
            return []  # the web chat reads replies from the store and its socket
        customer = await self._store.get_customer(conversation.customer_id)
        recipients = [i.external_id for i in customer.identities if i.channel == conversation.channel]
        if not recipients:
            raise ValidationError(f"the customer has no {conversation.channel} identity to send to",
                                  field="channel")
        return [OutboundMessage(
            channel=conversation.channel, recipient_id=recipients[-1], conversation_id=conversation.id,
            text=m.text, choices=m.choices, citations=m.citations, message_id=m.id,
            author_name=self._staff_name(m)) for m in messages]

    def _staff_name(self, message: Message) -> str | None:
        member = self._bot.staff_member(message.staff_id) if message.staff_id else None
        return member.first_name if member else None

    def publish_message(self, conversation: Conversation, message: Message) -> None:
        """Tell listeners about a message already stored."""
        self._events.publish(ConversationEvent(conversation_id=conversation.id, state=conversation.state,
                                               message=message, assignee=self.assignee(conversation)))

    def publish_state(self, conversation: Conversation, *, eta_minutes: float | None = None) -> None:
        """Tell listeners the conversation changed hands (and, on a handoff, how long the wait should be)."""
        self._events.publish(ConversationEvent(conversation_id=conversation.id, state=conversation.state,
                                               assignee=self.assignee(conversation), eta_minutes=eta_minutes))

    def assignee(self, conversation: Conversation) -> Assignee | None:
        """The named person who owns or will own the conversation, if any."""
        member = self._bot.staff_member(conversation.assignee_id or "")
        return Assignee(id=member.id, name=member.name) if member else None
