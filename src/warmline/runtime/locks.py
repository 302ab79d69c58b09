"""One thing at a time per key across workers: a Redis lock with a lease behind ``Ordering``.

A process first takes its own local lock (so its waiters stay in arrival order and only one of them
competes), then a Redis lock with a lease. The lease is renewed while the work runs (an LLM answer may
take a while) and simply expires if the process dies, so a crashed worker holds a customer up for one
lease at most. Across workers, waiters that arrive while the key is held are served in the order they
win the Redis lock (checked every few milliseconds), not strictly in arrival order; one customer's web
chat stays on one socket and so on one worker, where the order is strict.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from warmline.domain import ConflictError
from warmline.engine.customer.ordering import Ordering

__all__ = ["RedisOrdering", "create_ordering"]

logger = logging.getLogger(__name__)


class RedisOrdering(Ordering):
    """Serialises work per key across every worker sharing one Redis.

    ``lease_seconds``: how long a dead holder blocks the key; renewed every third of it while held.
    ``wait_seconds``: how long to wait for the key before giving up with ``ConflictError`` (the platform
    retries the webhook; nothing was stored). ``poll_seconds``: how often a waiter checks the lock.
    """

    def __init__(self, redis: Any, *, prefix: str = "warmline:order:", lease_seconds: float = 30.0,
                 wait_seconds: float = 120.0, poll_seconds: float = 0.005) -> None:
        super().__init__()
        self._redis = redis
        self._prefix = prefix
        self._lease = lease_seconds
        self._wait = wait_seconds
        self._poll = poll_seconds

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Hold ``key`` in this process, then in Redis, for the duration of the block."""
        async with super().hold(key):
            lock = self._redis.lock(self._prefix + key, timeout=self._lease, sleep=self._poll,
                                    blocking_timeout=self._wait, thread_local=False)
            if not await lock.acquire():
                raise ConflictError("another worker is still handling this customer's previous message; "
                                    "try again shortly")
            renewal = asyncio.create_task(self._renew(lock, key), name=f"warmline-lease-{key}")
            try:
                yield
            finally:
                renewal.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewal
                try:
                    await lock.release()
                except Exception as exc:  # expired or Redis gone: the lease ends by itself
                    logger.warning("could not release the lock on %s: %s", key, exc)

    async def _renew(self, lock: Any, key: str) -> None:
        while True:
            await asyncio.sleep(self._lease / 3)
            try:
                await lock.reacquire()
            except Exception as exc:  # keep working: the worst case is that the lease runs out
                logger.warning("could not renew the lock on %s: %s", key, exc)


def create_ordering(redis: Any | None) -> Ordering:
    """Redis-backed ordering when there is a Redis client, else in-process."""
    return RedisOrdering(redis) if redis is not None else Ordering()
