"""What the use cases need from the running process, as small interfaces the runtime implements.

The engine counts outcomes (a reply delivered, a promise kept) where they happen; where the counts go
(Prometheus, in ``warmline.runtime.metrics``) is the runtime's business.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["OutcomeCounter"]


class OutcomeCounter(Protocol):
    """Counts the outcomes the owner watches; each is counted by the one worker that recorded it."""

    def delivery(self, channel: str, outcome: str) -> None:
        """An outbox delivery attempt ended as ``outcome`` (sent, retried, parked)."""

    def promise_settled(self, source: str, outcome: str) -> None:
        """A promise made by ``source`` (bot, staff) was settled as kept or broken."""

    def promise_nudged(self) -> None:
        """A promise's owner was reminded before it fell due."""
