"""Feedback, promise nudges and sources, outbox leases (several workers) and parking times.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("conversation_id", sa.String(64), sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("liked", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("staff_id", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_feedback_conversation", "feedback", ["conversation_id"])
    op.create_index("ix_feedback_created", "feedback", ["created_at"])
    with op.batch_alter_table("promises") as batch:
        batch.add_column(sa.Column("source", sa.String(16), nullable=False, server_default="bot"))
        batch.add_column(sa.Column("nudged_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("leased_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("parked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("parked_at")
        batch.drop_column("leased_until")
    with op.batch_alter_table("promises") as batch:
        batch.drop_column("nudged_at")
        batch.drop_column("source")
    op.drop_index("ix_feedback_created", table_name="feedback")
    op.drop_index("ix_feedback_conversation", table_name="feedback")
    op.drop_table("feedback")
