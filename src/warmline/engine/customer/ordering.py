"""One thing at a time per key: a customer's messages in order, one re-routing round at a time.

``Ordering`` serialises holders of the same key inside one process, first come first served (an
``asyncio.Lock`` per key). ``warmline.runtime.locks.RedisOrdering`` does the same across workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import AsyncIterator

__all__ = ["Ordering"]

logger = logging.getLogger(__name__)


class Ordering:
    """Serialises work per key inside this process."""

    def __init__(self) -> None:
        # Weak values: a lock lives only while someone holds or waits for it.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Run the block while no one else holds ``key``; waiters go in arrival order."""
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        async with lock:
            yield
