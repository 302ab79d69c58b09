"""The neutral types channel adapters translate to and from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from ._comments import PostComment
from ._conversation import Citation

__all__ = ["MAX_TEXT_CHARS", "ContentKind", "InboundMessage", "OutboundMessage"]

# The longest message a customer can send through the API or the web chat (longer is refused with an error
# naming the field), and the most of any message the bot reads: an e-mail or a platform message that arrives
# longer is stored whole, for staff, but only its start is searched and decided on. The platforms' own limits
# are about this size (Telegram and WhatsApp 4,096 characters, Messenger 2,000); it bounds the CPU one message
# can cost.
MAX_TEXT_CHARS = 4000


class ContentKind(StrEnum):
    """What a customer sent; anything but text is stored as a placeholder."""

    TEXT = "text"
    IMAGE = "image"
    STICKER = "sticker"
    AUDIO = "audio"
    LOCATION = "location"
    REACTION = "reaction"
    EDIT = "edit"
    DELETE = "delete"
    OTHER = "other"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class InboundMessage:
    """A customer's message, verified and parsed by its channel adapter."""

    channel: str
    sender_id: str
    text: str
    platform_message_id: str | None = None
    sender_name: str | None = None
    # An address the channel itself saw the message come from (e-mail's From): links the sender to a known
    # customer with that address, like an address they type would.
    sender_email: str | None = None
    kind: ContentKind = ContentKind.TEXT
    received_at: datetime = field(default_factory=_now)
    comment: PostComment | None = None  # set when the message is a comment under a post, not a DM
    # The shop's own id for the sender (the direct API's ``customer_id``): the same customer as its profile.
    shop_customer_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboundMessage:
    """A message for a customer, rendered by their channel (choices as buttons where it can)."""

    channel: str
    recipient_id: str
    conversation_id: str
    text: str
    choices: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    author_name: str | None = None
    message_id: str | None = None
