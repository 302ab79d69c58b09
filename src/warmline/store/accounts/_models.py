"""Table mappings of the staff's own logins: accounts, browser sessions and the audit log.

Kept apart from ``_models`` (the conversation side); all share ``Base``, and migration ``0006_staff_accounts``
creates these tables. The audit log keeps no foreign key to conversations: what someone did stays on record
even when the conversation is deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .._models import ID, SEQ, STAFF_ID, Base

__all__ = ["AuditRow", "StaffAccountRow", "StaffSessionRow"]

DIGEST = String(64)  # hex SHA-256


class StaffAccountRow(Base):
    """One roster member's login: their role and the argon2 hash of their password."""

    __tablename__ = "staff_accounts"

    staff_id: Mapped[str] = mapped_column(STAFF_ID, primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]


class StaffSessionRow(Base):
    """A signed-in browser, found by the digest of its cookie's key (the key itself is never stored)."""

    __tablename__ = "staff_sessions"
    __table_args__ = (Index("ix_staff_sessions_staff", "staff_id"),)

    key_digest: Mapped[str] = mapped_column(DIGEST, primary_key=True)
    staff_id: Mapped[str] = mapped_column(STAFF_ID, ForeignKey("staff_accounts.staff_id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class AuditRow(Base):
    """One staff action: who, what, when, which conversation, through which door."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_conversation", "conversation_id"))

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    staff_id: Mapped[str] = mapped_column(STAFF_ID)
    action: Mapped[str] = mapped_column(String(64))
    conversation_id: Mapped[str | None] = mapped_column(ID)
    via: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
