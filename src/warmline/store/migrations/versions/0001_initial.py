"""Initial schema: customers, identities, conversations, messages, decisions, handoffs, promises, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
CUSTOMER_ID = sa.String(255)
STAFF_ID = sa.String(255)
CHANNEL = sa.String(64)
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def _seq() -> sa.Column[int]:
    return sa.Column("seq", SEQ, primary_key=True, autoincrement=True)


def _conversation_fk(nullable: bool = False) -> sa.Column[str]:
    return sa.Column("conversation_id", ID, sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                     nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", CUSTOMER_ID, primary_key=True),
        sa.Column("name", sa.String(200)),
        sa.Column("email", sa.String(320)),
        sa.Column("phone", sa.String(64)),
        sa.Column("customer_since", sa.Date),
        sa.Column("orders_count", sa.Integer, nullable=False),
        sa.Column("lifetime_value", sa.Float, nullable=False),
        sa.Column("payments_on_time", sa.Integer, nullable=False),
        sa.Column("payments_late", sa.Integer, nullable=False),
        sa.Column("tier", sa.String(64)),
        sa.Column("account_owner", STAFF_ID),
        sa.Column("attributes", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_customers_email", "customers", ["email"])
    op.create_index("ix_customers_phone", "customers", ["phone"])

    op.create_table(
        "identities",
        sa.Column("channel", CHANNEL, primary_key=True),
        sa.Column("external_id", sa.String(255), primary_key=True),
        sa.Column("customer_id", CUSTOMER_ID, sa.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_identities_customer_id", "identities", ["customer_id"])

    op.create_table(
        "conversations",
        sa.Column("id", ID, primary_key=True),
        sa.Column("customer_id", CUSTOMER_ID, sa.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel", CHANNEL, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("assignee_id", STAFF_ID),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_conversations_customer_channel", "conversations",
                    ["customer_id", "channel", "created_at"])
    op.create_index("ix_conversations_state_assignee", "conversations", ["state", "assignee_id"])
    op.create_index("ix_conversations_updated_at", "conversations", ["updated_at"])

    op.create_table(
        "messages",
        _seq(),
        sa.Column("id", ID, nullable=False, unique=True),
        _conversation_fk(),
        sa.Column("author", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("channel", CHANNEL, nullable=False),
        sa.Column("external_id", sa.String(255)),
        sa.Column("staff_id", STAFF_ID),
        sa.Column("choices", sa.JSON, nullable=False),
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_messages_conversation", "messages", ["conversation_id", "created_at", "seq"])
    # The idempotency key: a platform's message id is stored once per channel.
    op.create_index("uq_messages_channel_external_id", "messages", ["channel", "external_id"],
                    unique=True, sqlite_where=sa.text("external_id IS NOT NULL"),
                    postgresql_where=sa.text("external_id IS NOT NULL"))

    op.create_table(
        "decisions",
        _seq(),
        _conversation_fk(nullable=True),
        sa.Column("message_id", ID),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("replies", sa.JSON, nullable=False),
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("assignee", sa.JSON),
        sa.Column("eta_minutes", sa.Float),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("case_type", sa.String(255)),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_decisions_conversation", "decisions", ["conversation_id", "seq"])
    op.create_index("ix_decisions_message_id", "decisions", ["message_id"])

    op.create_table(
        "handoffs",
        _seq(),
        sa.Column("id", ID, nullable=False, unique=True),
        _conversation_fk(),
        sa.Column("assignee_id", STAFF_ID, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("case_type", sa.String(255)),
        sa.Column("eta_minutes", sa.Float),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("claimed_at", TS),
        sa.Column("resolved_at", TS),
    )
    op.create_index("ix_handoffs_conversation", "handoffs", ["conversation_id", "status"])
    op.create_index("ix_handoffs_status", "handoffs", ["status"])
    op.create_index("ix_handoffs_assignee", "handoffs", ["assignee_id", "status"])

    op.create_table(
        "promises",
        _seq(),
        sa.Column("id", ID, nullable=False, unique=True),
        _conversation_fk(),
        sa.Column("owner_id", STAFF_ID, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("settled_at", TS),
    )
    op.create_index("ix_promises_status_due", "promises", ["status", "due_at"])
    op.create_index("ix_promises_conversation", "promises", ["conversation_id"])

    op.create_table(
        "outbox",
        _seq(),
        sa.Column("id", ID, nullable=False, unique=True),
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("message", sa.JSON, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("delivered_at", TS),
        sa.Column("parked", sa.Boolean, nullable=False),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("ix_outbox_due", "outbox", ["delivered_at", "parked", "next_attempt_at"])
    op.create_index("ix_outbox_conversation_id", "outbox", ["conversation_id"])


def downgrade() -> None:
    for table in ("outbox", "promises", "handoffs", "decisions", "messages", "conversations",
                  "identities", "customers"):
        op.drop_table(table)
