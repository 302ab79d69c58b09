"""Delivering outbound messages to customer channels through the store's outbox, with retries.

A reply is stored as a message, then queued in the outbox; this worker sends it. A failure is retried
with exponential backoff and jitter (honouring a platform's ``Retry-After``); a permanent failure, or
one that keeps failing, is parked for staff and logged — never silently dropped. After a restart the
worker picks up whatever was not delivered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from warmline.channels import CustomerChannel
from warmline.domain import DeliveryError
from warmline.store import OutboxItem, Store

from ._background import BackgroundTask

__all__ = ["Deliverer"]

logger = logging.getLogger(__name__)

_MAX_ATTEMPTS = 8
_BASE_DELAY = 1.0
_MAX_DELAY = 300.0
_IDLE_POLL = 2.0


def backoff_seconds(attempts: int, *, retry_after: float | None = None, jitter: float | None = None) -> float:
    """Exponential backoff with full jitter, never sooner than the platform asked for."""
    ceiling = min(_MAX_DELAY, _BASE_DELAY * 2 ** attempts)
    delay = ceiling * (random.random() if jitter is None else jitter)
    return max(delay, retry_after or 0.0)


class Deliverer:
    """Sends due outbox items through their channel; one worker per process."""

    def __init__(self, *, store: Store, channels: Mapping[str, CustomerChannel],
                 clock: Callable[[], datetime]) -> None:
        self._store = store
        self._channels = channels
        self._clock = clock
        self._wake = asyncio.Event()
        self._background = BackgroundTask("warmline-delivery", self._run)

    def wake(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        self._wake.set()

    async def start(self) -> None:
        """Run the worker in the background (when any platform channel is configured)."""
        if self._channels:
            self._background.start()

    async def close(self) -> None:
        """Stop the worker; undelivered items stay in the outbox for the next start."""
        await self._background.close()

    async def deliver_due(self) -> int:
        """Try every due item once; returns how many were delivered."""
        delivered = 0
        for item in await self._store.due_outbox(now=self._clock()):
            delivered += await self._deliver(item)
        return delivered

    async def _run(self) -> None:
        while True:
            try:
                await self.deliver_due()
            except Exception:  # the worker must outlive a bad item or a database hiccup
                logger.exception("delivery round failed; retrying")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=_IDLE_POLL)

    async def _deliver(self, item: OutboxItem) -> int:
        channel = self._channels.get(item.message.channel)
        if channel is None:
            await self._store.mark_failed(item.id, error=f"channel {item.message.channel!r} is not configured",
                                          retry_at=None)
            logger.error("parked message %s: channel %s is not configured", item.id, item.message.channel)
            return 0
        try:
            await channel.send(item.message)
        except DeliveryError as exc:
            attempts = item.attempts + 1
            if exc.permanent or attempts >= _MAX_ATTEMPTS:
                await self._store.mark_failed(item.id, error=exc.message, retry_at=None)
                logger.error("parked message %s for staff after %d attempts: %s", item.id, attempts, exc.message)
            else:
                delay = backoff_seconds(attempts, retry_after=exc.retry_after)
                await self._store.mark_failed(item.id, error=exc.message,
                                              retry_at=self._clock() + timedelta(seconds=delay))
                logger.warning("delivery of %s failed (%s); retry in %.1fs", item.id, exc.message, delay)
            return 0
        await self._store.mark_delivered(item.id)
        return 1
