"""Request and response models of the HTTP API (they make the OpenAPI document at ``/docs``)."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from warmline.domain import MAX_TEXT_CHARS, normalize_phone

__all__ = [
    "ID_PATTERN",
    "ORDER_NUMBER_PATTERN",
    "PLATFORM_CHANNELS",
    "UNSTORABLE",
    "CustomerProfileIn",
    "DecisionOut",
    "MessageIn",
    "MessageOut",
    "OrderIn",
    "OrderItemIn",
    "PersonOut",
    "ReplyOut",
    "StaffActionIn",
    "StaffReassignIn",
    "StaffReplyIn",
    "StaffResolveIn",
    "check_storable",
]

ID_PATTERN = r"^[A-Za-z0-9_.:@+\-]{1,200}$"
ORDER_NUMBER_PATTERN = r"^#?[A-Za-z0-9][A-Za-z0-9_.\-/]{0,63}$"
# NUL (PostgreSQL refuses it in text), other C0 controls but tab/newline/CR, and unpaired surrogates (not
# encodable as UTF-8: ``"\ud800"`` is valid JSON but no database or response can hold it).
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_MAX_COUNT = 10**9  # fits every database's integer column, and no shop has more
_MAX_MONEY = 1e12
_MAX_ATTRIBUTE_DEPTH = 8


def check_storable(value: str) -> str:
    """``value`` if every character can be stored and sent back; else a ``ValueError`` saying which."""
    found = UNSTORABLE.search(value)
    if found:
        raise ValueError(f"contains a character that cannot be stored (U+{ord(found.group()):04X} at position "
                         f"{found.start()}): control characters and unpaired surrogates are not allowed")
    return value


def _check_json_value(value: Any, path: str, depth: int = 0) -> None:
    if depth > _MAX_ATTRIBUTE_DEPTH:
        raise ValueError(f"{path}: nested more than {_MAX_ATTRIBUTE_DEPTH} levels deep")
    if isinstance(value, str):
        try:
            check_storable(value)
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{path}: numbers must be finite")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**63 - 1:
        raise ValueError(f"{path}: integer out of range (at most 64 bits)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json_value(key, path, depth + 1)
            _check_json_value(item, f"{path}.{key}", depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json_value(item, f"{path}[{index}]", depth + 1)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        return check_storable(value) if isinstance(value, str) else value


# The channels Warmline itself speaks to customers on. The API is a channel of its own: a caller naming one of
# these would make the bot write to that platform's chat (or web-chat session) with the id it chose.
PLATFORM_CHANNELS = frozenset({"telegram", "messenger", "instagram", "whatsapp", "email", "web", "slack"})


class MessageIn(_In):
    """A customer message through the direct API channel."""

    customer_id: str = Field(pattern=ID_PATTERN, description="The customer's id in your system.")
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    name: str | None = Field(default=None, max_length=200)
    channel: str = Field(default="api", pattern=r"^[a-z][a-z0-9_]{0,31}$",
                         description="A label of your own for where the message came from (e.g. 'kiosk'); "
                                     "replies come back in this response. Not a platform's name: "
                                     + ", ".join(sorted(PLATFORM_CHANNELS)) + ".")
    message_id: str | None = Field(default=None, max_length=200,
                                   description="Your id for this message; a retry with the same id is answered "
                                               "with the first result and not processed twice.")

    @field_validator("channel")
    @classmethod
    def _not_a_platform(cls, value: str) -> str:
        if value in PLATFORM_CHANNELS:
            raise ValueError(f"'{value}' is a platform channel Warmline delivers to; the API is its own channel: "
                             "leave it out ('api') or name your integration (e.g. 'kiosk')")
        return value


class PersonOut(BaseModel):
    """A named staff member."""

    name: str
    id: str


class ReplyOut(BaseModel):
    """One reply to show the customer."""

    text: str
    choices: list[str]


class DecisionOut(BaseModel):
    """Why the engine did what it did."""

    action: Literal["answer", "clarify", "delay", "handoff", "relay"]
    reasons: list[str]
    confidence: float
    citations: list[str]
    assignee: PersonOut | None = None
    eta_minutes: float | None = None


class MessageOut(BaseModel):
    """The result of one customer message."""

    conversation_id: str
    state: Literal["bot", "queued", "with_human", "resolved"]
    replies: list[ReplyOut]
    decision: DecisionOut
    duplicate: bool = False


class CustomerProfileIn(_In):
    """The profile the shop's own systems know; fields left out are not changed."""

    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = Field(default=None, max_length=40, pattern=r"^\+?[0-9 ()\-.]{5,40}$")
    customer_since: date | None = None
    orders_count: int | None = Field(default=None, ge=0, le=_MAX_COUNT)
    lifetime_value: float | None = Field(default=None, ge=0, le=_MAX_MONEY)
    payments_on_time: int | None = Field(default=None, ge=0, le=_MAX_COUNT)
    payments_late: int | None = Field(default=None, ge=0, le=_MAX_COUNT)
    tier: str | None = Field(default=None, max_length=50)
    account_owner: str | None = Field(default=None, max_length=100, description="A staff id from the roster.")
    attributes: dict[str, Any] | None = Field(default=None, description="Anything else worth showing staff "
                                              f"(JSON, up to {_MAX_ATTRIBUTE_DEPTH} levels deep).")

    @field_validator("attributes")
    @classmethod
    def _storable_attributes(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            _check_json_value(value, "attributes")
        return value

    @field_validator("email")
    @classmethod
    def _lower_email(cls, value: str | None) -> str | None:
        return value.lower() if value else value

    @field_validator("phone")
    @classmethod
    def _one_spelling_per_number(cls, value: str | None) -> str | None:
        return normalize_phone(value) if value else value


class OrderItemIn(_In):
    """One line of an order."""

    title: str = Field(min_length=1, max_length=500)
    variant: str | None = Field(default=None, max_length=200)
    quantity: int = Field(default=1, ge=1, le=_MAX_COUNT)
    price: float = Field(default=0.0, ge=0, le=_MAX_MONEY)
    sku: str | None = Field(default=None, max_length=200)


class OrderIn(_In):
    """An order as the shop's systems know it now; a PUT replaces the whole order. ``customer_id`` and/or
    ``email`` say whose it is (an email the store knows joins that customer)."""

    customer_id: str | None = Field(default=None, pattern=ID_PATTERN)
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = Field(default=None, max_length=40, pattern=r"^\+?[0-9 ()\-.]{5,40}$")
    postcode: str | None = Field(default=None, max_length=32)
    status: str = Field(default="", max_length=64, examples=["fulfilled"])
    created_at: datetime | None = None
    paid_at: datetime | None = None
    fulfilled_at: datetime | None = None
    delivered_at: datetime | None = None
    expected_at: datetime | None = Field(default=None, description="When the carrier expects to deliver.")
    cancelled_at: datetime | None = None
    paid_late: bool = False
    carrier: str | None = Field(default=None, max_length=100)
    tracking_number: str | None = Field(default=None, max_length=200)
    tracking_url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://\S+$")
    items: list[OrderItemIn] = Field(default_factory=list, max_length=500)
    total: float = Field(default=0.0, ge=0, le=_MAX_MONEY)
    refunded: float = Field(default=0.0, ge=0, le=_MAX_MONEY)
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    attributes: dict[str, Any] = Field(default_factory=dict)

    @field_validator("attributes")
    @classmethod
    def _storable_attributes(cls, value: dict[str, Any]) -> dict[str, Any]:
        _check_json_value(value, "attributes")
        return value

    @field_validator("email")
    @classmethod
    def _lower_email(cls, value: str | None) -> str | None:
        return value.lower() if value else value

    @field_validator("created_at", "paid_at", "fulfilled_at", "delivered_at", "expected_at", "cancelled_at")
    @classmethod
    def _utc_when_no_zone(cls, value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class StaffActionIn(_In):
    """A staff action; the actor is always the signed-in person. ``staff_id``, if sent, must name them."""

    staff_id: str | None = Field(default=None, min_length=1, max_length=100,
                                 description="Optional: the signed-in person's own id (anyone else's is 403).")


class StaffReassignIn(StaffActionIn):
    """Leads and owners: who on the roster takes the conversation over."""

    to_staff_id: str = Field(min_length=1, max_length=100)


class StaffResolveIn(StaffActionIn):
    """Closing a conversation: which of the staff's own commitments in it actually happened."""

    done: list[str] = Field(default_factory=list, max_length=50,
                            description="Ids of open staff commitments that were done; the rest stay open.")


class StaffReplyIn(StaffActionIn):
    """A staff reply to the customer."""

    text: str = Field(min_length=1, max_length=4000)
