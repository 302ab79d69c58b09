"""What a customer said when asked "Did you like how this went?" at the end of a conversation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["Feedback"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Feedback:
    """A customer's yes/no answer about one resolved conversation, with an optional word.

    ``staff_id`` is the person who handled the conversation (``None`` when the bot handled it alone),
    so likes can be counted per conversation, per channel and per staff member.
    """

    id: str
    conversation_id: str
    channel: str
    liked: bool
    comment: str | None = None
    staff_id: str | None = None
    created_at: datetime | None = None
