"""The event hub for several workers: Redis pub/sub behind the in-process hub's interface.

What one worker publishes goes through Redis to every worker, so a web-chat socket held by worker A
sees a staff reply taken by worker B. ``create_event_hub`` picks the Redis hub when there is a Redis
client (``WARMLINE_REDIS_URL``), the Unix-socket hub (``socket_hub``) for the workers of one machine
without Redis, else the in-process one. Subscribers that must act on each event
exactly once in the whole deployment (the Slack bridge posting cards) subscribe with
``staff(local_only=True)``: they see only what their own process published.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Any

from warmline.domain import ConfigError
from warmline.engine.events import ConversationEvent, EventHub

from ._event_codec import decode_event, encode_event, enqueue_dropping_oldest
from .socket_hub import SocketEventHub

__all__ = ["RedisEventHub", "create_event_hub", "open_redis"]

logger = logging.getLogger(__name__)

_OUTGOING_LIMIT = 10_000
_RECONNECT_MAX_S = 5.0
_CLOSE_FLUSH_S = 5.0
_CONFIRM_TRIES = 10


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
        enqueue_dropping_oldest(self._outgoing, (self._prefix + event.conversation_id, encode_event(event)),
                                what="Redis event queue")

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


def create_event_hub(redis: Any | None, *, shared_folder: Path | None = None) -> EventHub:
    """The Redis hub when there is a Redis client; else the Unix-socket hub in ``shared_folder`` when workers
    share one; else the in-process one."""
    if redis is not None:
        return RedisEventHub(redis)
    return SocketEventHub(shared_folder) if shared_folder is not None else EventHub()
