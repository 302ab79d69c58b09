"""Sending on behalf of the shop: store each reply, then tell whoever listens (sockets, later the outbox)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from warmline.domain import Assignee, Author, Bot, Conversation, Message, Reply, new_id
from warmline.store import Store

from .events import ConversationEvent, EventHub

__all__ = ["Outbound"]


class Outbound:
    """Stores replies as messages of a conversation and publishes them and state changes."""

    def __init__(self, *, bot: Bot, store: Store, events: EventHub, clock: Callable[[], datetime]) -> None:
        self._bot = bot
        self._store = store
        self._events = events
        self._clock = clock

    async def send(self, conversation: Conversation, replies: Iterable[Reply], *, author: Author,
                   staff_id: str | None = None) -> tuple[Message, ...]:
        """Store and publish each reply, in order."""
        sent = []
        for reply in replies:
            message, _ = await self._store.add_message(Message(
                id=new_id(), conversation_id=conversation.id, author=author, text=reply.text,
                channel=conversation.channel, created_at=self._clock(), staff_id=staff_id,
                choices=reply.choices, citations=reply.citations))
            self.publish_message(conversation, message)
            sent.append(message)
        return tuple(sent)

    def publish_message(self, conversation: Conversation, message: Message) -> None:
        """Tell listeners about a message already stored."""
        self._events.publish(ConversationEvent(conversation_id=conversation.id, state=conversation.state,
                                               message=message, assignee=self.assignee(conversation)))

    def publish_state(self, conversation: Conversation) -> None:
        """Tell listeners the conversation changed hands."""
        self._events.publish(ConversationEvent(conversation_id=conversation.id, state=conversation.state,
                                               assignee=self.assignee(conversation)))

    def assignee(self, conversation: Conversation) -> Assignee | None:
        """The named person who owns or will own the conversation, if any."""
        member = self._bot.staff_member(conversation.assignee_id or "")
        return Assignee(id=member.id, name=member.name) if member else None
