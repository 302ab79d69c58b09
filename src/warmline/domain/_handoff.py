"""Handoffs to a named person, and the promises made to customers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ._conversation import Author

__all__ = ["Handoff", "HandoffStatus", "Promise", "PromiseStatus"]


class HandoffStatus(StrEnum):
    """Where a handoff stands."""

    OPEN = "open"
    CLAIMED = "claimed"
    RESOLVED = "resolved"
    RETURNED = "returned"  # handed back to the bot
    REASSIGNED = "reassigned"  # not claimed in time: a new handoff went to someone else


@dataclass(frozen=True, slots=True, kw_only=True)
class Handoff:
    """A conversation handed to a named person, with the reasons the customer and staff see."""

    id: str
    conversation_id: str
    assignee_id: str
    reasons: tuple[str, ...]
    status: HandoffStatus = HandoffStatus.OPEN
    case_type: str | None = None
    eta_minutes: float | None = None
    created_at: datetime | None = None
    claimed_at: datetime | None = None
    resolved_at: datetime | None = None


class PromiseStatus(StrEnum):
    """Whether a promise was kept."""

    OPEN = "open"
    KEPT = "kept"
    BROKEN = "broken"
    REVISED = "revised"  # updated early, before it broke, by a newer promise with the reason


@dataclass(frozen=True, slots=True, kw_only=True)
class Promise:
    """Something the shop told a customer it would do, and by when."""

    id: str
    conversation_id: str
    owner_id: str
    text: str
    due_at: datetime
    status: PromiseStatus = PromiseStatus.OPEN
    created_at: datetime | None = None
    settled_at: datetime | None = None
    source: Author = Author.BOT  # who made it: the bot (an ETA) or a staff member in a reply
    nudged_at: datetime | None = None  # when the owner was reminded before it fell due
