"""Prometheus metrics of one app (its own registry, so several apps in one test process don't clash)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

__all__ = ["Metrics"]


class Metrics:
    """Counters and timings served at ``/metrics``."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages = Counter("warmline_inbound_messages", "Inbound customer messages",
                                ["channel"], registry=self.registry)
        self.decisions = Counter("warmline_decisions", "Decisions by action", ["action"], registry=self.registry)
        self.duplicates = Counter("warmline_duplicate_messages", "Platform retries answered from the store",
                                  ["channel"], registry=self.registry)
        self.turn_seconds = Histogram("warmline_turn_seconds", "Time to handle one inbound message",
                                      ["channel"], registry=self.registry,
                                      buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)
