"""Staff threads: which Slack thread (or other staff-platform reference) belongs to which conversation.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_threads",
        sa.Column("conversation_id", sa.String(64), sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("platform", sa.String(64), primary_key=True),
        sa.Column("ref", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ux_staff_threads_ref", "staff_threads", ["platform", "ref"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_staff_threads_ref", table_name="staff_threads")
    op.drop_table("staff_threads")
