"""Scored signals about the customer and their message, each with the evidence behind it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Signal", "SignalKind", "Signals"]


class SignalKind(StrEnum):
    """The kinds of signal the policy weighs."""

    EMOTION = "emotion"
    WANTS_HUMAN = "wants_human"
    TENURE = "tenure"
    COMPLEXITY = "complexity"


@dataclass(frozen=True, slots=True, kw_only=True)
class Signal:
    """A score in [0, 1] with the evidence in plain words ("anger in 'third time I'm writing'")."""

    kind: SignalKind
    score: float
    evidence: tuple[str, ...] = ()
    label: str | None = None  # e.g. the emotion ("anger") or the case type ("damaged_item")


@dataclass(frozen=True, slots=True, kw_only=True)
class Signals:
    """All signals computed for one inbound message."""

    items: tuple[Signal, ...] = ()

    def get(self, kind: SignalKind) -> Signal | None:
        """The signal of this kind, if it was computed."""
        for signal in self.items:
            if signal.kind is kind:
                return signal
        return None

    def score(self, kind: SignalKind) -> float:
        """The score of this kind, 0 when absent."""
        signal = self.get(kind)
        return signal.score if signal else 0.0
