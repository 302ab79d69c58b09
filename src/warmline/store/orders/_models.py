"""Table mappings of the shop's orders and products, and of the order a conversation is about.

Kept apart from ``_models`` (the conversation side) so each file stays readable; both share ``Base``, and
migration ``0004`` creates these tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .._models import CUSTOMER_ID, ID, Base

__all__ = ["ConversationOrderRow", "OrderRow", "ProductRow"]

ORDER_KEY = String(64)


class OrderRow(Base):
    """One order; ``key`` is the normalised number (``normalize_order_number``), ``number`` as shown."""

    __tablename__ = "orders"

    key: Mapped[str] = mapped_column(ORDER_KEY, primary_key=True)
    number: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[str | None] = mapped_column(CUSTOMER_ID, index=True)
    email: Mapped[str | None] = mapped_column(String(320), index=True)  # stored lower-case
    phone: Mapped[str | None] = mapped_column(String(64))
    postcode: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime | None]
    paid_at: Mapped[datetime | None]
    fulfilled_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    expected_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    paid_late: Mapped[bool] = mapped_column(Boolean, default=False)
    carrier: Mapped[str | None] = mapped_column(String(100))
    tracking_number: Mapped[str | None] = mapped_column(String(200))
    tracking_url: Mapped[str | None] = mapped_column(String(2000))
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)
    total: Mapped[float] = mapped_column(Float, default=0.0)
    refunded: Mapped[float] = mapped_column(Float, default=0.0)
    currency: Mapped[str] = mapped_column(String(8), default="EUR")
    source: Mapped[str] = mapped_column(String(32), default="api")
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]


class ProductRow(Base):
    """A product of the catalogue; its variants (sku, title, options, price, stock) as a JSON list."""

    __tablename__ = "products"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000))
    source: Mapped[str] = mapped_column(String(32), default="api")
    variants: Mapped[list[Any]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime]


class ConversationOrderRow(Base):
    """The order a conversation is about, and the email or postcode that proved it is the customer's."""

    __tablename__ = "conversation_orders"

    conversation_id: Mapped[str] = mapped_column(ID, ForeignKey("conversations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    order_key: Mapped[str] = mapped_column(ORDER_KEY)
    verified_by: Mapped[str | None] = mapped_column(String(320))
    updated_at: Mapped[datetime]
