"""In-process publish/subscribe of conversation events, for live web chat and staff inbox updates.

One process holds the sockets it serves; a Redis-backed hub with the same interface takes over when
several workers share the load (issue 8).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass

from warmline.domain import Assignee, ConversationState, Message

__all__ = ["ConversationEvent", "EventHub"]

logger = logging.getLogger(__name__)

_QUEUE_LIMIT = 256


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversationEvent:
    """A new message in a conversation, or a change of its state."""

    conversation_id: str
    state: ConversationState
    message: Message | None = None
    assignee: Assignee | None = None
    eta_minutes: float | None = None  # what the customer was told to expect, on a handoff


class EventHub:
    """Fans events out to the subscribers of one conversation and to every staff subscriber."""

    def __init__(self) -> None:
        self._by_conversation: dict[str, set[asyncio.Queue[ConversationEvent]]] = defaultdict(set)
        self._staff: set[asyncio.Queue[ConversationEvent]] = set()

    def publish(self, event: ConversationEvent) -> None:
        """Deliver to every subscriber without waiting; a subscriber that stopped reading loses old events."""
        for queue in (*self._by_conversation.get(event.conversation_id, ()), *self._staff):
            if queue.full():
                # A stalled socket must not block the pipeline; it refetches history on reconnect.
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(event)

    @contextlib.asynccontextmanager
    async def conversation(self, conversation_id: str) -> AsyncIterator[asyncio.Queue[ConversationEvent]]:
        """Subscribe to one conversation for the duration of the block."""
        queue: asyncio.Queue[ConversationEvent] = asyncio.Queue(_QUEUE_LIMIT)
        self._by_conversation[conversation_id].add(queue)
        try:
            yield queue
        finally:
            subscribers = self._by_conversation.get(conversation_id)
            if subscribers is not None:
                subscribers.discard(queue)
                if not subscribers:
                    del self._by_conversation[conversation_id]

    @contextlib.asynccontextmanager
    async def staff(self) -> AsyncIterator[asyncio.Queue[ConversationEvent]]:
        """Subscribe to every conversation (the staff inbox) for the duration of the block."""
        queue: asyncio.Queue[ConversationEvent] = asyncio.Queue(_QUEUE_LIMIT)
        self._staff.add(queue)
        try:
            yield queue
        finally:
            self._staff.discard(queue)
