"""An index on staff replies by person and time: when each person last acted, for ETAs and routing.

Revision ID: 0007_messages_staff_activity
Revises: 0006_staff_accounts
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007_messages_staff_activity"
down_revision: str | None = "0006_staff_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_messages_staff", "messages", ["staff_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_messages_staff", table_name="messages")
