"""What happened in a period, as the store reports it: the raw material of the owner's dashboard and export.

The store only gathers (one query per kind, no per-row look-ups); deciding what counts as "answered
instantly" or "a promise kept" is the app's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ._conversation import Conversation
from ._decision import Decision
from ._feedback import Feedback
from ._handoff import Handoff, Promise

__all__ = ["Activity", "ConversationActivity", "DecisionRecord", "HandoffActivity"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversationActivity:
    """A conversation a customer wrote in during the period, with the moments the dashboard times.

    ``first_customer_at`` is the customer's first message inside the period; the two reply times are the
    shop's first answer after it (bot or person) and the first one from a person, whenever they came.
    """

    conversation: Conversation
    first_customer_at: datetime
    customer_messages: int
    first_reply_at: datetime | None = None
    first_staff_reply_at: datetime | None = None
    started_from_post: bool = False  # the customer's first message was a comment under a post


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionRecord:
    """A decision taken in the period, with the customer's words it answered and the channel they used."""

    decision: Decision
    channel: str
    question: str = ""
    from_comment: bool = False  # the customer's words were a comment under a post, not a DM


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoffActivity:
    """A handoff made in the period, and when a person first wrote to the customer after it (if yet)."""

    handoff: Handoff
    channel: str
    first_staff_reply_at: datetime | None = None
    first_staff_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity:
    """Everything that started in [since, until): conversations, decisions, handoffs, promises, feedback."""

    since: datetime
    until: datetime
    conversations: tuple[ConversationActivity, ...] = ()
    decisions: tuple[DecisionRecord, ...] = ()
    handoffs: tuple[HandoffActivity, ...] = ()
    promises: tuple[Promise, ...] = ()
    feedback: tuple[Feedback, ...] = ()
