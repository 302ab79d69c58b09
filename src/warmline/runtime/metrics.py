"""Prometheus metrics of one app (its own registry, so several apps in one test process don't clash).

Also the engine's ``OutcomeCounter`` and ``StageTimings``: the use cases count outcomes and time the stages of a
turn through it.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from warmline.engine.ports import STAGES, Stage

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
        # Counted once the store has recorded the outcome (a compare-and-set for promises), so with
        # several workers each outcome is counted by exactly one of them: sum the workers' series.
        self.deliveries = Counter("warmline_deliveries", "Outbox delivery attempts by outcome (sent, retried, "
                                  "parked for staff)", ["channel", "outcome"], registry=self.registry)
        self.promises = Counter("warmline_promises", "Promises made to customers, settled as kept or broken",
                                ["source", "outcome"], registry=self.registry)
        self.promise_nudges = Counter("warmline_promise_nudges", "Owners reminded before a promise fell due",
                                      registry=self.registry)
        self.turn_seconds = Histogram("warmline_turn_seconds", "Time to handle one inbound message",
                                      ["channel"], registry=self.registry,
                                      buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
        # What a slow turn spent its time on: a stage runs in well under a millisecond (policy) up to seconds
        # (a platform that answers slowly), hence the wide buckets.
        self.stage_seconds = Histogram("warmline_stage_seconds", "Time spent per stage of a turn (retrieve, "
                                       "signals, policy, store, deliver)", ["stage"], registry=self.registry,
                                       buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                0.5, 1, 2.5, 5))
        for stage in STAGES:  # every stage shows from the start, at zero
            self.stage_seconds.labels(stage)

    def delivery(self, channel: str, outcome: str) -> None:
        """An outbox delivery attempt ended as ``outcome``."""
        self.deliveries.labels(channel, outcome).inc()

    def promise_settled(self, source: str, outcome: str) -> None:
        """A promise was settled as kept or broken."""
        self.promises.labels(source, outcome).inc()

    def promise_nudged(self) -> None:
        """A promise's owner was reminded."""
        self.promise_nudges.inc()

    def stage(self, name: Stage, seconds: float) -> None:
        """One run of a turn's stage took ``seconds``."""
        self.stage_seconds.labels(name).observe(seconds)

    def render(self) -> bytes:
        """The text exposition format; with several workers, the sum over all of them."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            # `serve --workers N` sets it (scaleout.py): each worker writes its counts to files there, and
            # whichever worker answers the scrape reports every worker's, so one scrape sees the whole server.
            from prometheus_client import multiprocess

            combined = CollectorRegistry()
            multiprocess.MultiProcessCollector(combined)
            return generate_latest(combined)
        return generate_latest(self.registry)
