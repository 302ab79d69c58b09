"""What the use cases need from the running process, as small interfaces the runtime implements.

The engine counts outcomes (a reply delivered, a promise kept) and times the stages of a turn where they
happen; where the figures go (Prometheus, in ``warmline.runtime.metrics``) is the runtime's business.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal, Protocol

__all__ = ["STAGES", "OutcomeCounter", "Stage", "StageTimings", "timed"]

# What a turn spends its time on, as the owner reads it on /metrics.
Stage = Literal["retrieve", "signals", "policy", "store", "deliver"]
STAGES: tuple[Stage, ...] = ("retrieve", "signals", "policy", "store", "deliver")


class OutcomeCounter(Protocol):
    """Counts the outcomes the owner watches; each is counted by the one worker that recorded it."""

    def delivery(self, channel: str, outcome: str) -> None:
        """An outbox delivery attempt ended as ``outcome`` (sent, retried, parked)."""

    def promise_settled(self, source: str, outcome: str) -> None:
        """A promise made by ``source`` (bot, staff) was settled as kept or broken."""

    def promise_nudged(self) -> None:
        """A promise's owner was reminded before it fell due."""


class StageTimings(Protocol):
    """Where a turn's time goes: each stage's duration, observed once per run of it."""

    def stage(self, name: Stage, seconds: float) -> None:
        """One run of stage ``name`` took ``seconds``."""


@contextmanager
def timed(timings: StageTimings | None, name: Stage) -> Iterator[None]:
    """Observe how long the block takes as stage ``name`` (also when it fails: a slow failure is slow)."""
    if timings is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        timings.stage(name, time.perf_counter() - started)
