"""SQLAlchemy table mappings of the store (the schema itself is created by the Alembic migrations).

Rows that are read back in insertion order (messages, decisions, handoffs, promises, outbox) carry an
auto-incrementing ``seq`` as primary key, so two rows stamped with the same instant still come back in
the order they were written; their public ``id`` is a separate unique column.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "Base",
    "ConversationRow",
    "CustomerRow",
    "DecisionRow",
    "FeedbackRow",
    "HandoffRow",
    "IdentityRow",
    "MessageRow",
    "OutboxRow",
    "PromiseRow",
    "StaffThreadRow",
    "UtcDateTime",
    "as_utc",
]

ID = String(64)  # ids made by new_id()
CUSTOMER_ID = String(255)  # may be the shop's own id (PUT /api/v1/customers/{id})
STAFF_ID = String(255)
CHANNEL = String(64)
# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
SEQ = BigInteger().with_variant(Integer(), "sqlite")


def as_utc(value: datetime) -> datetime:
    """The same instant as an aware UTC datetime (a naive value is taken to be UTC already)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = as_utc(value)
        # SQLite stores text; a fixed, zone-less UTC form keeps string comparison = time order.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""

    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class CustomerRow(Base):
    """A person, with what the shop's systems know about them."""

    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(CUSTOMER_ID, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(64), index=True)
    customer_since: Mapped[date | None] = mapped_column(Date)
    orders_count: Mapped[int] = mapped_column(Integer, default=0)
    lifetime_value: Mapped[float] = mapped_column(Float, default=0.0)
    payments_on_time: Mapped[int] = mapped_column(Integer, default=0)
    payments_late: Mapped[int] = mapped_column(Integer, default=0)
    tier: Mapped[str | None] = mapped_column(String(64))
    account_owner: Mapped[str | None] = mapped_column(STAFF_ID)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    manual_fields: Mapped[list[Any] | None] = mapped_column(JSON)  # set by PUT: order figures leave them alone
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class IdentityRow(Base):
    """Who a customer is on one channel; one identity points at exactly one customer."""

    __tablename__ = "identities"

    channel: Mapped[str] = mapped_column(CHANNEL, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    customer_id: Mapped[str] = mapped_column(CUSTOMER_ID, ForeignKey("customers.id", ondelete="CASCADE"),
                                             index=True)
    created_at: Mapped[datetime]


class ConversationRow(Base):
    """One thread between a customer and the shop."""

    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_customer_channel", "customer_id", "channel", "created_at"),
        Index("ix_conversations_state_assignee", "state", "assignee_id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    customer_id: Mapped[str] = mapped_column(CUSTOMER_ID, ForeignKey("customers.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(CHANNEL)
    state: Mapped[str] = mapped_column(String(16))
    assignee_id: Mapped[str | None] = mapped_column(STAFF_ID)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(index=True)


class MessageRow(Base):
    """One message; unique on the platform's message id so a webhook retry stores nothing twice."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_conversation", "conversation_id", "created_at", "seq"),
        Index("ix_messages_staff", "staff_id", "created_at"),  # when each person last replied
        Index("uq_messages_channel_external_id", "channel", "external_id", unique=True,
              sqlite_where=text("external_id IS NOT NULL"),
              postgresql_where=text("external_id IS NOT NULL")),
    )

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(ID, unique=True)
    conversation_id: Mapped[str] = mapped_column(ID, ForeignKey("conversations.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(CHANNEL)
    external_id: Mapped[str | None] = mapped_column(String(255))
    staff_id: Mapped[str | None] = mapped_column(STAFF_ID)
    choices: Mapped[list[Any]] = mapped_column(JSON, default=list)
    citations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # A comment's post (PostComment); SQL NULL for a DM, so reports can tell them apart.
    post: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    created_at: Mapped[datetime]


class DecisionRow(Base):
    """What the engine decided for one message, with its reasons and evidence."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_conversation", "conversation_id", "seq"),)

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("conversations.id", ondelete="CASCADE"))
    message_id: Mapped[str | None] = mapped_column(ID, index=True)
    action: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    confidence: Mapped[float] = mapped_column(Float)
    replies: Mapped[list[Any]] = mapped_column(JSON, default=list)
    citations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    assignee: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    eta_minutes: Mapped[float | None] = mapped_column(Float)
    mode: Mapped[str] = mapped_column(String(16))
    case_type: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime]


class HandoffRow(Base):
    """A conversation handed to a named person."""

    __tablename__ = "handoffs"
    __table_args__ = (
        Index("ix_handoffs_conversation", "conversation_id", "status"),
        Index("ix_handoffs_status", "status"),
        Index("ix_handoffs_assignee", "assignee_id", "status"),
    )

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(ID, unique=True)
    conversation_id: Mapped[str] = mapped_column(ID, ForeignKey("conversations.id", ondelete="CASCADE"))
    assignee_id: Mapped[str] = mapped_column(STAFF_ID)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16))
    case_type: Mapped[str | None] = mapped_column(String(255))
    eta_minutes: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]


class PromiseRow(Base):
    """Something the shop told a customer it would do, and by when."""

    __tablename__ = "promises"
    __table_args__ = (
        Index("ix_promises_status_due", "status", "due_at"),
        Index("ix_promises_conversation", "conversation_id"),
    )

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(ID, unique=True)
    conversation_id: Mapped[str] = mapped_column(ID, ForeignKey("conversations.id", ondelete="CASCADE"))
    owner_id: Mapped[str] = mapped_column(STAFF_ID)
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    settled_at: Mapped[datetime | None]
    source: Mapped[str] = mapped_column(String(16), default="bot")
    nudged_at: Mapped[datetime | None]


class OutboxRow(Base):
    """An outbound message (serialised) waiting for delivery, with its retry bookkeeping."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "delivered_at", "parked", "next_attempt_at"),)

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(ID, unique=True)
    conversation_id: Mapped[str] = mapped_column(ID, index=True)
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
    parked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    leased_until: Mapped[datetime | None]  # a worker is sending it; others leave it alone until then
    parked_at: Mapped[datetime | None]


class FeedbackRow(Base):
    """A customer's answer to "Did you like how this went?"."""

    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_conversation", "conversation_id"),
        Index("ix_feedback_created", "created_at"),
    )

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(ID, unique=True)
    conversation_id: Mapped[str] = mapped_column(ID, ForeignKey("conversations.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(CHANNEL)
    liked: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)
    staff_id: Mapped[str | None] = mapped_column(STAFF_ID)
    created_at: Mapped[datetime]


class StaffThreadRow(Base):
    """Where a conversation lives on a staff platform (a Slack card's thread), in both directions."""

    __tablename__ = "staff_threads"
    __table_args__ = (Index("ux_staff_threads_ref", "platform", "ref", unique=True),)

    conversation_id: Mapped[str] = mapped_column(ID, ForeignKey("conversations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    platform: Mapped[str] = mapped_column(CHANNEL, primary_key=True)
    ref: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
