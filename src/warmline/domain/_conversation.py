"""Conversations, their states, and the messages in them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ._comments import PostComment

__all__ = ["Author", "Citation", "Conversation", "ConversationState", "Message"]


class ConversationState(StrEnum):
    """Who speaks for the shop right now (DESIGN.md: bot → (queued →) with_human → resolved → bot)."""

    BOT = "bot"
    QUEUED = "queued"
    WITH_HUMAN = "with_human"
    RESOLVED = "resolved"

    @property
    def human_owns(self) -> bool:
        """True while a person (or the queue for one) owns the conversation: the bot stays silent."""
        return self in (ConversationState.QUEUED, ConversationState.WITH_HUMAN)


class Author(StrEnum):
    """Who wrote a message."""

    CUSTOMER = "customer"
    BOT = "bot"
    STAFF = "staff"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """Where an answer came from: a knowledge file, the heading or question inside it, maybe a URL."""

    source: str
    title: str
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.source} › {self.title}" if self.title else self.source


@dataclass(frozen=True, slots=True, kw_only=True)
class Conversation:
    """One thread between a customer and the shop, on one channel at a time."""

    id: str
    customer_id: str
    channel: str
    state: ConversationState = ConversationState.BOT
    assignee_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    """One message in a conversation, stored before anything else happens to it."""

    id: str
    conversation_id: str
    author: Author
    text: str
    channel: str
    created_at: datetime
    external_id: str | None = None
    staff_id: str | None = None
    choices: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    post: PostComment | None = None  # the comment (and post) a customer's message was written as
