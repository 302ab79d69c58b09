"""The order of the staff inbox: waiting cases by priority — escalated first, then the one whose promised
reply falls due soonest — then everything else, most recently active first."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from warmline.domain import Conversation, ConversationState

__all__ = ["InboxEntry", "inbox_order"]


@dataclass(frozen=True, slots=True, kw_only=True)
class InboxEntry:
    """One conversation in the inbox list, with what its place depends on."""

    conversation: Conversation
    urgent: bool = False  # marked urgent while waiting (upset, or asking again whether anyone is there)
    promise_due_at: datetime | None = None  # the case's one live promise to the customer


def _priority(entry: InboxEntry) -> tuple[int, int, float, float]:
    waiting = entry.conversation.state is ConversationState.QUEUED
    due = entry.promise_due_at.timestamp() if entry.promise_due_at is not None else math.inf
    active = entry.conversation.updated_at or entry.conversation.created_at
    recent = -active.timestamp() if active is not None else 0.0
    if waiting:
        return (0, 0 if entry.urgent else 1, due, recent)
    return (1, 1, 0.0, recent)


def inbox_order(entries: Sequence[InboxEntry]) -> list[InboxEntry]:
    """``entries`` in the order staff should pick them up (pure: the route gathers the facts)."""
    return sorted(entries, key=_priority)
