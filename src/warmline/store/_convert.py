"""Conversions between stored rows (and their JSON columns) and frozen domain objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from warmline.domain import (
    Action,
    Assignee,
    Author,
    ChannelIdentity,
    Citation,
    Conversation,
    ConversationState,
    Customer,
    Decision,
    Feedback,
    Handoff,
    HandoffStatus,
    Message,
    Mode,
    OutboundMessage,
    PostComment,
    Promise,
    PromiseStatus,
    Reply,
)

from ._models import (
    ConversationRow,
    CustomerRow,
    DecisionRow,
    FeedbackRow,
    HandoffRow,
    MessageRow,
    OutboxRow,
    PromiseRow,
)

__all__ = [
    "StoredOutboxItem",
    "citations_from_json",
    "citations_to_json",
    "conversation_from_row",
    "customer_from_row",
    "decision_from_row",
    "decision_values",
    "feedback_from_row",
    "handoff_from_row",
    "message_from_row",
    "outbound_from_json",
    "outbound_to_json",
    "outbox_item_from_row",
    "promise_from_row",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredOutboxItem:
    """An outbound message waiting in the outbox (satisfies the ``OutboxItem`` protocol)."""

    id: str
    message: OutboundMessage
    attempts: int
    next_attempt_at: datetime
    parked: bool = False
    last_error: str | None = None
    parked_at: datetime | None = None


def citations_to_json(citations: Iterable[Citation]) -> list[dict[str, Any]]:
    """Citations as JSON-ready dicts."""
    return [{"source": c.source, "title": c.title, "url": c.url} for c in citations]


def citations_from_json(data: Iterable[dict[str, Any]] | None) -> tuple[Citation, ...]:
    """Citations from their stored JSON."""
    return tuple(Citation(source=c["source"], title=c.get("title", ""), url=c.get("url"))
                 for c in data or ())


def customer_from_row(row: CustomerRow | Row[Any], identities: Sequence[Any]) -> Customer:
    """A customer (an ORM row or a plain row of its table) with the identities that point at it."""
    return Customer(
        id=row.id, name=row.name, email=row.email, phone=row.phone, customer_since=row.customer_since,
        orders_count=row.orders_count, lifetime_value=row.lifetime_value,
        payments_on_time=row.payments_on_time, payments_late=row.payments_late, tier=row.tier,
        account_owner=row.account_owner, attributes=dict(row.attributes or {}),
        identities=tuple(ChannelIdentity(channel=i.channel, external_id=i.external_id) for i in identities),
        created_at=row.created_at,
    )


def conversation_from_row(row: ConversationRow | Row[Any]) -> Conversation:
    """A conversation (from an ORM row or a plain row of its table)."""
    return Conversation(id=row.id, customer_id=row.customer_id, channel=row.channel,
                        state=ConversationState(row.state), assignee_id=row.assignee_id,
                        created_at=row.created_at, updated_at=row.updated_at)


_POST_FIELDS = ("comment_id", "post_id", "parent_id", "permalink", "caption", "media_type")


def message_from_row(row: MessageRow | Row[Any]) -> Message:
    """A message (from an ORM row or a plain row of its table)."""
    return Message(id=row.id, conversation_id=row.conversation_id, author=Author(row.author),
                   text=row.text, channel=row.channel, created_at=row.created_at,
                   external_id=row.external_id, staff_id=row.staff_id,
                   choices=tuple(row.choices or ()), citations=citations_from_json(row.citations),
                   post=post_from_json(row.post))


def post_to_json(post: PostComment | None) -> dict[str, Any] | None:
    """A comment's post context as JSON (``None`` for a DM)."""
    return None if post is None else {field: getattr(post, field) for field in _POST_FIELDS}


def post_from_json(data: dict[str, Any] | None) -> PostComment | None:
    """The comment's post context stored with a message, if any."""
    if not data:
        return None
    optional = {field: data.get(field) for field in _POST_FIELDS[2:]}
    return PostComment(comment_id=str(data["comment_id"]), post_id=str(data["post_id"]), **optional)


def _replies_to_json(replies: Iterable[Reply]) -> list[dict[str, Any]]:
    return [{"text": r.text, "choices": list(r.choices), "citations": citations_to_json(r.citations)}
            for r in replies]


def _replies_from_json(data: Iterable[dict[str, Any]] | None) -> tuple[Reply, ...]:
    return tuple(Reply(text=r["text"], choices=tuple(r.get("choices", ())),
                       citations=citations_from_json(r.get("citations"))) for r in data or ())


def decision_values(decision: Decision, *, created_at: datetime) -> dict[str, Any]:
    """A decision as the column values of a new row (stamped ``created_at`` when it carries no time of its own)."""
    assignee = decision.assignee
    return {
        "conversation_id": decision.conversation_id, "message_id": decision.message_id,
        "action": decision.action.value, "reasons": list(decision.reasons), "confidence": decision.confidence,
        "replies": _replies_to_json(decision.replies), "citations": citations_to_json(decision.citations),
        "assignee": {"id": assignee.id, "name": assignee.name} if assignee else None,
        "eta_minutes": decision.eta_minutes, "mode": decision.mode.value, "case_type": decision.case_type,
        "created_at": decision.created_at or created_at,
    }


def decision_from_row(row: DecisionRow) -> Decision:
    """A decision."""
    assignee = Assignee(id=row.assignee["id"], name=row.assignee["name"]) if row.assignee else None
    return Decision(
        action=Action(row.action), reasons=tuple(row.reasons or ()), confidence=row.confidence,
        replies=_replies_from_json(row.replies), citations=citations_from_json(row.citations),
        assignee=assignee, eta_minutes=row.eta_minutes, mode=Mode(row.mode), case_type=row.case_type,
        conversation_id=row.conversation_id, message_id=row.message_id, created_at=row.created_at,
    )


def handoff_from_row(row: HandoffRow) -> Handoff:
    """A handoff."""
    return Handoff(id=row.id, conversation_id=row.conversation_id, assignee_id=row.assignee_id,
                   reasons=tuple(row.reasons or ()), status=HandoffStatus(row.status),
                   case_type=row.case_type, eta_minutes=row.eta_minutes, created_at=row.created_at,
                   claimed_at=row.claimed_at, resolved_at=row.resolved_at)


def promise_from_row(row: PromiseRow) -> Promise:
    """A promise."""
    return Promise(id=row.id, conversation_id=row.conversation_id, owner_id=row.owner_id, text=row.text,
                   due_at=row.due_at, status=PromiseStatus(row.status), created_at=row.created_at,
                   settled_at=row.settled_at, source=Author(row.source), nudged_at=row.nudged_at)


def feedback_from_row(row: FeedbackRow) -> Feedback:
    """A customer's feedback on a conversation."""
    return Feedback(id=row.id, conversation_id=row.conversation_id, channel=row.channel, liked=row.liked,
                    comment=row.comment, staff_id=row.staff_id, created_at=row.created_at)


def outbound_to_json(message: OutboundMessage) -> dict[str, Any]:
    """An outbound message as JSON-ready data for the outbox."""
    return {
        "channel": message.channel, "recipient_id": message.recipient_id,
        "conversation_id": message.conversation_id, "text": message.text,
        "choices": list(message.choices), "citations": citations_to_json(message.citations),
        "author_name": message.author_name, "message_id": message.message_id,
    }


def outbound_from_json(data: dict[str, Any]) -> OutboundMessage:
    """An outbound message from its outbox JSON."""
    return OutboundMessage(
        channel=data["channel"], recipient_id=data["recipient_id"],
        conversation_id=data["conversation_id"], text=data["text"],
        choices=tuple(data.get("choices", ())), citations=citations_from_json(data.get("citations")),
        author_name=data.get("author_name"), message_id=data.get("message_id"),
    )


def outbox_item_from_row(row: OutboxRow) -> StoredOutboxItem:
    """An outbox item."""
    return StoredOutboxItem(id=row.id, message=outbound_from_json(row.message), attempts=row.attempts,
                            next_attempt_at=row.next_attempt_at, parked=row.parked, last_error=row.last_error,
                            parked_at=row.parked_at)
