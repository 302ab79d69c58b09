"""Request and response models of the HTTP API (they make the OpenAPI document at ``/docs``)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from warmline.domain import normalize_phone

__all__ = [
    "CustomerProfileIn",
    "DecisionOut",
    "MessageIn",
    "MessageOut",
    "PersonOut",
    "ReplyOut",
    "StaffActionIn",
    "StaffReplyIn",
]

_ID_PATTERN = r"^[A-Za-z0-9_.:@+\-]{1,200}$"


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MessageIn(_In):
    """A customer message through the direct API channel."""

    customer_id: str = Field(pattern=_ID_PATTERN, description="The customer's id in your system.")
    text: str = Field(min_length=1, max_length=4000)
    name: str | None = Field(default=None, max_length=200)
    channel: str = Field(default="api", pattern=r"^[a-z][a-z0-9_]{0,31}$")
    message_id: str | None = Field(default=None, max_length=200,
                                   description="Your id for this message; a retry with the same id is answered "
                                               "with the first result and not processed twice.")


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
    orders_count: int | None = Field(default=None, ge=0)
    lifetime_value: float | None = Field(default=None, ge=0)
    payments_on_time: int | None = Field(default=None, ge=0)
    payments_late: int | None = Field(default=None, ge=0)
    tier: str | None = Field(default=None, max_length=50)
    account_owner: str | None = Field(default=None, max_length=100, description="A staff id from the roster.")
    attributes: dict[str, Any] | None = None

    @field_validator("email")
    @classmethod
    def _lower_email(cls, value: str | None) -> str | None:
        return value.lower() if value else value

    @field_validator("phone")
    @classmethod
    def _one_spelling_per_number(cls, value: str | None) -> str | None:
        return normalize_phone(value) if value else value


class StaffActionIn(_In):
    """Who on the roster is acting."""

    staff_id: str = Field(min_length=1, max_length=100)


class StaffReplyIn(StaffActionIn):
    """A staff reply to the customer."""

    text: str = Field(min_length=1, max_length=4000)
