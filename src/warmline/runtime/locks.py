"""One thing at a time per key across workers: a Redis lock with a lease, or a file lock on one machine,
behind ``Ordering``.

A process first takes its own local lock (so its waiters stay in arrival order and only one of them
competes), then a Redis lock with a lease. The lease is renewed while the work runs (an LLM answer may
take a while) and simply expires if the process dies, so a crashed worker holds a customer up for one
lease at most. Across workers, waiters that arrive while the key is held are served in the order they
win the Redis lock (checked every few milliseconds), not strictly in arrival order; one customer's web
chat stays on one socket and so on one worker, where the order is strict.

Without Redis, the workers of one machine lock files in the data dir instead (``FileOrdering``): the
operating system releases a dead worker's locks at once, so no lease is needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import logging
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from warmline.domain import ConflictError
from warmline.engine.customer.ordering import Ordering

__all__ = ["FileOrdering", "RedisOrdering", "create_ordering"]

logger = logging.getLogger(__name__)

_STILL_BUSY = "another worker is still handling this customer's previous message; try again shortly"


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
                raise ConflictError(_STILL_BUSY)
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


class FileOrdering(Ordering):
    """Serialises work per key across the workers of one machine that share ``folder``.

    A key is one of ``buckets`` lock files (by its hash), locked with ``flock``: two keys that share a
    file wait for each other now and then, which costs a little time and breaks no order. ``wait_seconds``
    and ``poll_seconds`` as for ``RedisOrdering``.
    """

    def __init__(self, folder: Path, *, buckets: int = 1024, wait_seconds: float = 120.0,
                 poll_seconds: float = 0.002) -> None:
        super().__init__()
        self._folder = folder
        self._buckets = buckets
        self._wait = wait_seconds
        self._poll = poll_seconds

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Hold ``key`` in this process, then its lock file, for the duration of the block."""
        async with super().hold(key):
            descriptor = await self._lock(key)
            try:
                yield
            finally:
                os.close(descriptor)  # closing the file releases its lock

    async def _lock(self, key: str) -> int:
        bucket = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big") % self._buckets
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(self._folder / f"{bucket}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self._wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # each open file is its own holder
                return descriptor
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(descriptor)
                    raise ConflictError(_STILL_BUSY) from None
                await asyncio.sleep(self._poll)


def create_ordering(redis: Any | None, *, shared_folder: Path | None = None) -> Ordering:
    """Redis-backed ordering when there is a Redis client; else file locks in ``shared_folder`` when workers
    share one; else in-process."""
    if redis is not None:
        return RedisOrdering(redis)
    return FileOrdering(shared_folder) if shared_folder is not None else Ordering()
