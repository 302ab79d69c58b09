"""Customers and the channel identities that point at them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

__all__ = ["ChannelIdentity", "Customer", "CustomerProfile", "normalize_phone"]


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
