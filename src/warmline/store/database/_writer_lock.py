"""SQLite writers of one machine take turns on a file lock, each woken the moment the one before commits.

SQLite lets one writer in at a time. The others wait in its busy handler, which sleeps 1, 2, 5, 10 … ms
between tries: behind another process's 1 ms transaction a writer typically loses several milliseconds,
and under load (``serve --workers 2``) those sleeps are most of a turn's latency. Taking ``flock`` on a
file next to the database before ``BEGIN IMMEDIATE`` queues the writers in the kernel instead, which wakes
the next one at once. Within one process the store's thread already runs one operation at a time; the
lock is taken on that thread only, so it blocks nothing but store operations, which would wait anyway.
A process that dies releases it. One that is paused mid-write (a debugger) holds it, and the others wait
for it rather than fail after SQLite's busy timeout: it holds SQLite's write lock as well.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["WriterLock"]


class WriterLock:
    """``held()`` around a write transaction; re-entrant; a no-op without a file (an in-memory database)."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._descriptor: int | None = None
        self._depth = 0

    def open(self) -> None:
        """Open the lock file (created next to the database when missing)."""
        if self._path is not None and self._descriptor is None:
            self._descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)

    def close(self) -> None:
        """Close the lock file (which releases the lock, were it held)."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the machine's write turn for the block (a nested block is part of the outer one)."""
        if self._descriptor is None or self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        fcntl.flock(self._descriptor, fcntl.LOCK_EX)  # a process that dies releases it
        self._depth = 1
        try:
            yield
        finally:
            self._depth = 0
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
