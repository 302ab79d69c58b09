"""The service's clock: the real time, or — for tests and demos only — a clock pinned to a chosen moment.

Every part of a process (pipeline, desk, timed loops, store) reads the time through one ``Clock``
built here by the composition root, so a server a test starts as a separate process can be put on a
Saturday evening with ``WARMLINE_CLOCK=2026-12-05T20:00:00+01:00``. A pinned clock starts at that
moment and then runs on at real speed (leases, retries and promise timers still move); the setting
is refused on a non-loopback address (``Settings.check_can_listen``), so it never reaches production.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from warmline.config.settings import Settings

__all__ = ["Clock", "PinnedClock", "clock_for", "system_clock"]

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, in UTC."""
    return datetime.now(UTC)


class PinnedClock:
    """A clock that reads ``start`` when created and runs on from there at real speed."""

    def __init__(self, start: datetime, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        if start.tzinfo is None:
            raise ValueError("a pinned clock needs a time zone, e.g. 2026-12-05T20:00:00+01:00")
        self._start = start.astimezone(UTC)
        self._monotonic = monotonic
        self._origin = monotonic()

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=self._monotonic() - self._origin)


def clock_for(settings: Settings) -> Clock:
    """The real clock, unless ``WARMLINE_CLOCK`` pins it (tests of out-of-hours behaviour)."""
    if settings.clock is None:
        return system_clock
    logger.warning("the clock is pinned to %s by WARMLINE_CLOCK (for tests only)", settings.clock.isoformat())
    return PinnedClock(settings.clock)
