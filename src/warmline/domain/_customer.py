"""Customers, the channel identities that point at them, and what they bought: orders, products and variants
from the shop's own systems (Shopify, WooCommerce, the import API).

An order is keyed by its number *as the shop shows it* (``MS-1042``, ``#1042``), because that is what a
customer types. Dates are timezone-aware; money is a plain float in the order's currency.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

__all__ = [
    "ChannelIdentity",
    "ConversationOrder",
    "Customer",
    "CustomerProfile",
    "Order",
    "OrderItem",
    "OrderLookup",
    "OrderRules",
    "OrderStage",
    "Product",
    "ProductVariant",
    "normalize_order_number",
    "normalize_phone",
]


def normalize_phone(text: str) -> str:
    """One spelling per number, so "+31 6 5550 1201" in an export matches "+31655501201" typed in chat."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return f"+{digits}" if text.strip().startswith("+") else digits


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelIdentity:
    """Who a customer is on one channel (a Telegram chat id, an Instagram-scoped id, a web session…)."""

    channel: str
    external_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerProfile:
    """What the shop's own systems know about a customer (``PUT /api/v1/customers/{id}``).

    Every field is optional: a profile update only changes the fields it carries.
    """

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    customer_since: date | None = None
    orders_count: int | None = None
    lifetime_value: float | None = None
    payments_on_time: int | None = None
    payments_late: int | None = None
    tier: str | None = None
    account_owner: str | None = None
    attributes: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Customer:
    """One person, across every channel they have written on."""

    id: str
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    customer_since: date | None = None
    orders_count: int = 0
    lifetime_value: float = 0.0
    payments_on_time: int = 0
    payments_late: int = 0
    tier: str | None = None
    account_owner: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)
    identities: tuple[ChannelIdentity, ...] = ()
    created_at: datetime | None = None

    @property
    def display_name(self) -> str:
        """The name to greet the customer with, or an empty string when unknown."""
        return (self.name or "").strip()

    @property
    def first_name(self) -> str:
        """The first word of the name, for a friendly greeting."""
        return self.display_name.split(" ")[0] if self.display_name else ""


def normalize_order_number(number: str) -> str:
    """One spelling per order number: upper case, no spaces, no leading "#" ("#1042" = "1042", "ms-1042" =
    "MS-1042"), so what a customer types finds what the shop's system wrote."""
    return re.sub(r"\s+", "", number).upper().lstrip("#")


class OrderStage(StrEnum):
    """Where an order is on its way, read from its dates (the shop's own status words vary per platform)."""

    CANCELLED = "cancelled"
    PLACED = "placed"  # created, not paid yet
    PAID = "paid"  # paid, being made or packed
    SHIPPED = "shipped"  # handed to the carrier
    DELIVERED = "delivered"


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderItem:
    """One line of an order."""

    title: str
    variant: str | None = None
    quantity: int = 1
    price: float = 0.0
    sku: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Order:
    """One order as the shop's systems know it; ``number`` is what the customer sees on the receipt."""

    number: str
    customer_id: str | None = None
    email: str | None = None
    phone: str | None = None
    postcode: str | None = None
    status: str = ""
    created_at: datetime | None = None
    paid_at: datetime | None = None
    fulfilled_at: datetime | None = None
    delivered_at: datetime | None = None
    expected_at: datetime | None = None
    cancelled_at: datetime | None = None
    paid_late: bool = False
    carrier: str | None = None
    tracking_number: str | None = None
    tracking_url: str | None = None
    items: tuple[OrderItem, ...] = ()
    total: float = 0.0
    refunded: float = 0.0
    currency: str = "EUR"
    source: str = "api"  # where it came from: api, import, shopify, woocommerce
    attributes: Mapping[str, Any] = field(default_factory=dict)
    updated_at: datetime | None = None

    @property
    def stage(self) -> OrderStage:
        """Where the order is, from the most advanced date it carries."""
        if self.cancelled_at is not None or self.status.lower() in ("cancelled", "canceled"):
            return OrderStage.CANCELLED
        if self.delivered_at is not None:
            return OrderStage.DELIVERED
        if self.fulfilled_at is not None:
            return OrderStage.SHIPPED
        if self.paid_at is not None:
            return OrderStage.PAID
        return OrderStage.PLACED

    @property
    def key(self) -> str:
        """The normalised number the store indexes on."""
        return normalize_order_number(self.number)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductVariant:
    """One buyable version of a product (a colour and size), with its stock."""

    sku: str
    title: str  # e.g. "Blue / M"
    options: Mapping[str, str] = field(default_factory=dict)  # {"colour": "blue", "size": "M"}
    price: float = 0.0
    stock: int | None = None  # None = the shop does not track stock for it


@dataclass(frozen=True, slots=True, kw_only=True)
class Product:
    """A product in the shop's catalogue with its variants."""

    id: str
    title: str
    variants: tuple[ProductVariant, ...] = ()
    url: str | None = None
    source: str = "api"


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderRules:
    """The bot file's ``orders:`` section: how order numbers look and how long returns stay open."""

    number_pattern: str = r"#?(?:[A-Z]{1,4}-?)?\d{4,8}"
    number_example: str = ""  # shown when asking for the number, e.g. "MS-1042"
    return_window_days: int = 30
    shipping_days: int = 3  # expected days from shipping to delivery when the carrier gives no date
    case_type: str | None = None  # the case type (its skills pick the person) of an order that needs a person

    def return_deadline(self, order: Order) -> datetime | None:
        """The last moment a delivered order may be sent back, or None while it is not delivered."""
        if order.delivered_at is None:
            return None
        return order.delivered_at + timedelta(days=self.return_window_days)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversationOrder:
    """The order a conversation is about (its normalised number) and what proved it is the customer's.

    ``verified_by`` is the email or postcode the customer gave that matches the order, or None while the
    order was only named: then nothing about it may be shown.
    """

    order_key: str
    verified_by: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderLookup:
    """What one read of the store says for a customer's message: the order the conversation is about, and
    the stored orders among the numbers asked for (and the remembered one), by normalised number."""

    remembered: ConversationOrder | None = None
    orders: Mapping[str, Order] = field(default_factory=dict)

    def order(self, number: str) -> Order | None:
        """The stored order with this number (any spelling), if it was looked up and exists."""
        return self.orders.get(normalize_order_number(number))
