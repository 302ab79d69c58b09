"""Fewer malloc arenas for a server process: resident memory that stays put under load.

glibc gives threads their own malloc arenas (up to eight per core), and a server has many threads: the
ONNX Runtime's, the store's, the worker-thread pool's. Memory freed in one arena is not reused by the
others, so resident memory grows with load: the demo server went from 413 MB after five messages to
422 MB after 300 with the default, and stayed at 393 MB with two arenas, at the same latency
(``bench/latency.py``, docs/benchmarks.md). ``serve`` caps the arenas before any thread starts; worker
processes inherit the setting through ``MALLOC_ARENA_MAX``. An operator's own ``MALLOC_ARENA_MAX`` wins.
"""

from __future__ import annotations

import ctypes
import logging
import os
import platform

__all__ = ["ARENAS", "cap_malloc_arenas"]

logger = logging.getLogger(__name__)

ARENAS = 2
_M_ARENA_MAX = -8  # glibc's malloc.h


def cap_malloc_arenas() -> bool:
    """Cap this process's malloc arenas (and those of processes it starts); ``True`` when it did."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False  # the operator's choice, which glibc applied when this process started
    os.environ["MALLOC_ARENA_MAX"] = str(ARENAS)  # for worker processes started from this one
    if platform.libc_ver()[0] != "glibc":
        return False  # other allocators (musl, macOS) do not work this way
    applied = ctypes.CDLL(None).mallopt(_M_ARENA_MAX, ARENAS) == 1
    if not applied:
        logger.debug("mallopt(M_ARENA_MAX) refused; malloc arenas left as they are")
    return applied
