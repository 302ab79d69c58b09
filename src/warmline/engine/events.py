"""Publish/subscribe of conversation events, for live web chat, the staff inbox and the Slack bridge.

``EventHub`` fans events out inside one process: the embedded default, where the process holds every
socket, and the interface the use cases publish to. ``warmline.runtime.hub.RedisEventHub`` has the
same interface for several workers (what one worker publishes reaches every worker).

Subscribers that must act on each event exactly once in the whole deployment (the Slack bridge posting
cards) subscribe with ``staff(local_only=True)``: they see only what their own process published, and
every event is published by exactly one process.
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


Queue = asyncio.Queue[ConversationEvent]


def _offer(queue: Queue, event: ConversationEvent) -> None:
    if queue.full():
        # A stalled socket must not block the pipeline; it refetches history on reconnect.
        with contextlib.suppress(asyncio.QueueEmpty):
            queue.get_nowait()
            queue.task_done()
    queue.put_nowait(event)


class EventHub:
    """Fans events out to the subscribers of one conversation and to every staff subscriber, in-process."""

    def __init__(self) -> None:
        self._by_conversation: dict[str, set[Queue]] = defaultdict(set)
        self._staff: set[Queue] = set()
        self._local_staff: set[Queue] = set()

    async def start(self) -> None:
        """Nothing to connect in one process."""

    async def close(self) -> None:
        """Nothing to disconnect in one process."""

    async def flush(self) -> None:
        """Wait until everything published so far is on its way to every subscriber (at once, here)."""

    def publish(self, event: ConversationEvent) -> None:
        """Deliver to every subscriber without waiting; a subscriber that stopped reading loses old events."""
        self._fan_out_local_only(event)
        self._fan_out(event)

    def _fan_out_local_only(self, event: ConversationEvent) -> None:
        for queue in tuple(self._local_staff):
            _offer(queue, event)

    def _fan_out(self, event: ConversationEvent) -> None:
        for queue in (*self._by_conversation.get(event.conversation_id, ()), *self._staff):
            _offer(queue, event)

    def _wants(self, conversation_id: str) -> bool:
        """Whether any subscriber here would see an event of this conversation (saves decoding it)."""
        return bool(self._staff) or conversation_id in self._by_conversation

    @contextlib.asynccontextmanager
    async def conversation(self, conversation_id: str) -> AsyncIterator[Queue]:
        """Subscribe to one conversation for the duration of the block."""
        queue: Queue = asyncio.Queue(_QUEUE_LIMIT)
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
    async def staff(self, *, local_only: bool = False) -> AsyncIterator[Queue]:
        """Subscribe to every conversation (the staff inbox) for the duration of the block.

        ``local_only``: only events this process published, for work that must happen once per event
        across all workers (each event is published by exactly one of them).
        """
        queue: Queue = asyncio.Queue(_QUEUE_LIMIT)
        subscribers = self._local_staff if local_only else self._staff
        subscribers.add(queue)
        try:
            yield queue
        finally:
            subscribers.discard(queue)
