"""Delivering outbound messages to customer channels through the store's outbox, with retries.

A reply is stored as a message and queued in the outbox in one transaction; this worker sends it.
A failure is retried with exponential backoff and full jitter, never sooner than a platform's
``Retry-After``; a permanent failure, or one that keeps failing, is *parked* and staff are alerted —
never silently dropped. After a restart the worker picks up whatever was not delivered.

Guarantees, and the one honest gap:

- Order: the store hands out a conversation's items only in order (a later reply waits while an
  earlier one is retrying or leased to another worker), and this worker sends one conversation's
  items one after the other; different conversations are sent concurrently.
- Several processes: ``due_outbox`` leases what it returns, so two workers never send one item. A
  worker starts no send after half its lease and gives each send a third of it, so it is done before
  the lease ends; a crashed worker's items go out from another worker (or after the restart) once
  the lease has passed (``WARMLINE_DELIVERY_LEASE_SECONDS``, 30 s by default).
- At least once: the platform call and ``mark_delivered`` are two steps. A process killed between
  them (a window of one database write) sends that item again after the restart. No customer
  platform takes an idempotency key, so this cannot be closed from our side; the crash test and
  ``bench/soak.py`` measure how often it happens (see docs/benchmarks.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from warmline.channels import CustomerChannel
from warmline.domain import DeliveryError
from warmline.engine.ports import OutcomeCounter, StageTimings, timed
from warmline.store import OutboxItem, Store

__all__ = ["Deliverer", "backoff_seconds"]

logger = logging.getLogger(__name__)

_MAX_ATTEMPTS = 8
_BASE_DELAY = 1.0
_MAX_DELAY = 300.0
_IDLE_POLL = 2.0
_BATCH = 100
_CONCURRENCY = 16  # conversations sent at once; one conversation is always sequential
_LEASE_SECONDS = 30.0

# Outcomes of one attempt (also the ``outcome`` label of the deliveries metric).
_SENT, _RETRY, _PARKED = "sent", "retried", "parked"

OnParked = Callable[[OutboxItem, str], Awaitable[None]]


def backoff_seconds(attempts: int, *, retry_after: float | None = None, jitter: float | None = None) -> float:
    """Exponential backoff with full jitter, never sooner than the platform asked for."""
    ceiling = min(_MAX_DELAY, _BASE_DELAY * 2 ** attempts)
    delay = ceiling * (random.random() if jitter is None else jitter)
    return max(delay, retry_after or 0.0)


class Deliverer:
    """Sends due outbox items through their channel; safe to run in several processes on one database."""

    def __init__(self, *, store: Store, channels: Mapping[str, CustomerChannel], clock: Callable[[], datetime],
                 metrics: OutcomeCounter | None = None, on_parked: OnParked | None = None,
                 max_attempts: int = _MAX_ATTEMPTS, concurrency: int = _CONCURRENCY,
                 lease_seconds: float = _LEASE_SECONDS, timings: StageTimings | None = None) -> None:
        self._store = store
        self._timings = timings  # "deliver": how long platforms take to accept a send
        self._channels = channels
        self._clock = clock
        self._metrics = metrics
        self.on_parked = on_parked  # set after construction by whoever alerts staff (Slack, inbox)
        self._max_attempts = max_attempts
        self._lease = lease_seconds
        self._limit = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        self._wake.set()

    async def deliver_due(self) -> int:
        """Lease what is due and try each item once; returns how many were delivered."""
        return (await self._round())[0]

    async def _round(self) -> tuple[int, int]:
        """(delivered, leased) for one lease of due items."""
        leased_at = time.monotonic()
        items = await self._store.due_outbox(now=self._clock(), limit=_BATCH, lease_seconds=self._lease)
        by_conversation: dict[str, list[OutboxItem]] = {}
        for item in items:
            by_conversation.setdefault(item.message.conversation_id, []).append(item)
        counts = await asyncio.gather(*(self._deliver_in_order(group, stop_at=leased_at + self._lease / 2)
                                        for group in by_conversation.values()))
        return sum(counts), len(items)

    async def run(self) -> None:
        """Deliver rounds until cancelled (the runtime runs it in the background); undelivered items stay in
        the outbox for the next start."""
        while True:
            self._wake.clear()
            leased = 0
            try:
                _, leased = await self._round()
            except Exception:  # the worker must outlive a bad item or a database hiccup
                logger.exception("delivery round failed; retrying")
            if leased:
                continue  # there may be more waiting right behind what was just sent
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=_IDLE_POLL)

    async def _deliver_in_order(self, group: list[OutboxItem], *, stop_at: float) -> int:
        """One conversation's items, in order; after a failure the rest wait (released) for the retry, and
        what could not be started in the first half of the lease is released for the next round."""
        delivered = 0
        async with self._limit:
            for index, item in enumerate(group):
                if time.monotonic() > stop_at:
                    await self._store.release_outbox([later.id for later in group[index:]])
                    break
                outcome = await self._deliver(item)
                delivered += outcome == _SENT
                if outcome != _RETRY:
                    continue  # sent, or parked for staff: the next reply may go
                rest = [later.id for later in group[index + 1:]]
                if rest:
                    await self._store.release_outbox(rest)
                break
        return delivered

    async def _deliver(self, item: OutboxItem) -> str:
        """Send one item and record the outcome in the store: sent, parked or to be retried."""
        channel = self._channels.get(item.message.channel)
        if channel is None:
            await self._park(item, f"channel {item.message.channel!r} is not configured")
            return _PARKED
        try:
            async with asyncio.timeout(self._lease / 3):
                with timed(self._timings, "deliver"):
                    await channel.send(item.message)
        except DeliveryError as exc:
            return await self._failed(item, exc.message, permanent=exc.permanent, retry_after=exc.retry_after)
        except TimeoutError:  # the platform may or may not have it: at least once, so it is sent again
            return await self._failed(item, f"no answer within {self._lease / 3:g} s", permanent=False,
                                      retry_after=None)
        except Exception as exc:  # a bug or an unexpected client error: retried like a network failure
            logger.exception("unexpected error delivering %s", item.id)
            return await self._failed(item, f"{type(exc).__name__}: {exc}", permanent=False, retry_after=None)
        await self._store.mark_delivered(item.id)
        self._count(_SENT, item)
        return _SENT

    async def _failed(self, item: OutboxItem, error: str, *, permanent: bool, retry_after: float | None) -> str:
        attempts = item.attempts + 1
        if permanent or attempts >= self._max_attempts:
            await self._park(item, error, attempts=attempts)
            return _PARKED
        delay = backoff_seconds(attempts, retry_after=retry_after)
        await self._store.mark_failed(item.id, error=error, retry_at=self._clock() + timedelta(seconds=delay))
        self._count(_RETRY, item)
        logger.warning("delivery of %s failed (%s); retry in %.1fs", item.id, error, delay)
        return _RETRY

    async def _park(self, item: OutboxItem, error: str, *, attempts: int | None = None) -> None:
        await self._store.mark_failed(item.id, error=error, retry_at=None)
        self._count(_PARKED, item)
        logger.error("parked message %s of %s for staff after %d attempt(s): %s", item.id,
                     item.message.conversation_id, attempts or item.attempts + 1, error)
        if self.on_parked is not None:
            try:
                await self.on_parked(item, error)
            except Exception:  # the item is parked and listed in the inbox even if the alert fails
                logger.exception("could not alert staff about parked message %s", item.id)

    def _count(self, outcome: str, item: OutboxItem) -> None:
        """Counted after the store recorded the outcome, so the metric never runs ahead of the outbox."""
        if self._metrics is not None:
            self._metrics.delivery(item.message.channel, outcome)
