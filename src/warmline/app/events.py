"""Publish/subscribe of conversation events, for live web chat, the staff inbox and the Slack bridge.

``EventHub`` fans events out inside one process: the embedded default, where the process holds every
socket. ``RedisEventHub`` has the same interface for several workers: what one worker publishes goes
through Redis pub/sub to every worker, so a web-chat socket held by worker A sees a staff reply taken
by worker B. ``create_event_hub`` picks one from the settings (``WARMLINE_REDIS_URL``).

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
from typing import Any

from warmline.domain import Assignee, ConfigError, ConversationState, Message

from ._event_codec import decode_event, encode_event

__all__ = ["ConversationEvent", "EventHub", "RedisEventHub", "create_event_hub", "open_redis"]

logger = logging.getLogger(__name__)

_QUEUE_LIMIT = 256
_OUTGOING_LIMIT = 10_000
_RECONNECT_MAX_S = 5.0
_CLOSE_FLUSH_S = 5.0
_CONFIRM_TRIES = 10


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


class RedisEventHub(EventHub):
    """The same hub across workers: publishes through Redis, and fans out what any worker published.

    ``publish`` stays synchronous (the pipeline never waits on the network for a socket update): events
    are queued and sent by one background task, so they leave this process in the order published. Each
    worker pattern-subscribes once to ``<prefix>*`` (one channel per conversation) and decodes only the
    events some local subscriber wants. While Redis is unreachable events are dropped with a warning and
    the listener reconnects; sockets catch up from the store when they reconnect.
    """

    def __init__(self, redis: Any, *, prefix: str = "warmline:events:") -> None:
        super().__init__()
        self._redis = redis
        self._prefix = prefix
        self._outgoing: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue(_OUTGOING_LIMIT)
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Check Redis answers, subscribe (confirmed before this returns), start sending and listening."""
        try:
            await self._redis.ping()
        except Exception as exc:
            raise ConfigError(f"cannot reach Redis: {exc}", field="WARMLINE_REDIS_URL",
                              fix="start Redis, or unset WARMLINE_REDIS_URL to run one process on its own") from exc
        pubsub = await self._subscribe()
        self._tasks = [asyncio.create_task(self._send(), name="warmline-events-send"),
                       asyncio.create_task(self._listen(pubsub), name="warmline-events-listen")]

    async def close(self) -> None:
        """Send what is still queued (briefly), then stop both tasks."""
        if self._tasks:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.flush(), timeout=_CLOSE_FLUSH_S)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def flush(self) -> None:
        """Wait until every event published so far has been handed to Redis."""
        await self._outgoing.join()

    def publish(self, event: ConversationEvent) -> None:
        """Local-only subscribers now; everyone else (on every worker) through Redis."""
        self._fan_out_local_only(event)
        if self._outgoing.full():
            with contextlib.suppress(asyncio.QueueEmpty):
                self._outgoing.get_nowait()
                self._outgoing.task_done()
            logger.warning("Redis event queue full: dropped the oldest event")
        self._outgoing.put_nowait((self._prefix + event.conversation_id, encode_event(event)))

    async def _send(self) -> None:
        while True:
            channel, payload = await self._outgoing.get()
            try:
                await self._redis.publish(channel, payload)
            except Exception as exc:  # a lost live update is recoverable; a stuck pipeline is not
                logger.warning("could not publish an event to Redis: %s", exc)
            finally:
                self._outgoing.task_done()

    async def _subscribe(self) -> Any:
        pubsub = self._redis.pubsub()
        await pubsub.psubscribe(self._prefix + "*")
        for _ in range(_CONFIRM_TRIES):  # wait for the confirmation, so nothing published after start() is missed
            message = await pubsub.get_message(timeout=1.0)
            if message is not None and message["type"] == "psubscribe":
                return pubsub
        await pubsub.aclose()
        raise ConnectionError("Redis did not confirm the event subscription")

    async def _listen(self, pubsub: Any) -> None:
        delay = 0.1
        while True:
            try:
                async for message in pubsub.listen():
                    delay = 0.1
                    if message["type"] == "pmessage":
                        self._receive(message["channel"], message["data"])
                raise ConnectionError("the subscription ended")  # listen() returns once unsubscribed
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                raise
            except Exception as exc:
                logger.warning("Redis event subscription lost (%s); reconnecting in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, _RECONNECT_MAX_S)
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                try:
                    pubsub = await self._subscribe()
                except Exception as again:
                    logger.warning("Redis still unreachable: %s", again)

    def _receive(self, channel: bytes | str, data: bytes | str) -> None:
        name = channel.decode() if isinstance(channel, bytes) else channel
        if not self._wants(name.removeprefix(self._prefix)):
            return
        try:
            event = decode_event(data)
        except (ValueError, KeyError, TypeError) as exc:
            logger.warning("ignored a malformed event on %s: %s", name, exc)
            return
        self._fan_out(event)


def open_redis(url: str) -> Any:
    """A ``redis.asyncio`` client for the URL; a ``ConfigError`` when the ``redis`` extra is missing."""
    try:
        from redis.asyncio import Redis
    except ImportError as exc:
        raise ConfigError("WARMLINE_REDIS_URL is set but the redis package is not installed",
                          field="WARMLINE_REDIS_URL", fix="pip install 'warmline[redis]'") from exc
    return Redis.from_url(url, health_check_interval=30)


def create_event_hub(redis: Any | None) -> EventHub:
    """The Redis hub when there is a Redis client, else the in-process one."""
    return RedisEventHub(redis) if redis is not None else EventHub()
