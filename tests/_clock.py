"""A clock tests move by hand (the app and the store take a ``clock`` callable).

It never reads the real time: a test says when it is, so it behaves the same at any hour of any day.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = ["TUESDAY_MORNING", "ManualClock"]

TUESDAY_MORNING = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)  # a plain working morning, for tests about anything else


class ManualClock:
    """Returns ``now``, which starts at ``start`` and only moves when the test says so."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("give the test clock a time zone, e.g. datetime(..., tzinfo=UTC)")
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
