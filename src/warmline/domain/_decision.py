"""What the engine decided for one inbound message, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ._conversation import Citation

__all__ = ["Action", "Assignee", "Decision", "Mode", "Reply"]


class Action(StrEnum):
    """The five things the engine can do with an inbound message."""

    ANSWER = "answer"
    CLARIFY = "clarify"
    DELAY = "delay"
    HANDOFF = "handoff"
    RELAY = "relay"


class Mode(StrEnum):
    """Fast lane for the upset or hurried; concierge for the relaxed and happy."""

    FAST_LANE = "fast_lane"
    CONCIERGE = "concierge"


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignee:
    """The named person a conversation was handed to."""

    id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """One message the shop sends back, with optional quick-reply choices."""

    text: str
    choices: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """One explainable decision: the action, the replies, and the reasons with their evidence."""

    action: Action
    reasons: tuple[str, ...]
    confidence: float
    replies: tuple[Reply, ...] = ()
    citations: tuple[Citation, ...] = ()
    assignee: Assignee | None = None
    eta_minutes: float | None = None
    mode: Mode = Mode.CONCIERGE
    case_type: str | None = None
    conversation_id: str | None = None
    message_id: str | None = None
    created_at: datetime | None = None
