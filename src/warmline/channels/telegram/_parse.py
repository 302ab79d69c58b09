"""Telegram ``Update`` → ``InboundMessage``: what a customer sent, with the right ``ContentKind``.

Pure translation, no I/O. Anything a customer can send becomes a message (media as a short placeholder
or its caption), so nothing crashes the pipeline; updates that carry nothing for Warmline (a user
blocking the bot, a service message) become no message at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from telegram import Bot as TelegramBot
from telegram import (
    CallbackQuery,
    Chat,
    Message,
    MessageReactionUpdated,
    ReactionTypeCustomEmoji,
    ReactionTypeEmoji,
    Update,
    User,
)

from warmline.domain import ContentKind, InboundMessage, ValidationError

from .._json import load_json
from ._render import choice_from_callback

__all__ = ["CHANNEL", "ParsedUpdate", "parse_update", "update_from_json"]

CHANNEL = "telegram"
_UPDATE_EXPECTED = "a Telegram Update object as JSON, e.g. {\"update_id\": 1, \"message\": {...}}"


@dataclass(frozen=True, slots=True)
class ParsedUpdate:
    """What one update carried for Warmline, and the callback query to answer if a button was pressed."""

    messages: tuple[InboundMessage, ...] = ()
    callback_query_id: str | None = None


def update_from_json(body: bytes, bot: TelegramBot) -> Update:
    """Decode a webhook body into an ``Update``; ``ValidationError`` if it is not one."""
    data = load_json(body, expected=_UPDATE_EXPECTED)
    if not isinstance(data, dict):
        raise ValidationError("the body is not a JSON object", field="body", expected=_UPDATE_EXPECTED)
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise ValidationError("missing or not an integer", field="update_id", expected=_UPDATE_EXPECTED)
    try:
        return Update.de_json(data, bot)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError, RecursionError) as exc:
        # The SDK reports a missing or mistyped nested field (e.g. a message without "chat") this way, and a
        # date no calendar holds ("date": 1e20) as an OverflowError.
        raise ValidationError(f"not a valid Update ({type(exc).__name__}: {exc})", field="body",
                              expected=_UPDATE_EXPECTED) from exc


def parse_update(update: Update, *, groups: bool = False) -> ParsedUpdate:
    """The customer messages in one update (zero or one) and the callback query to answer, if any.

    A group or supergroup chat is ignored unless ``groups`` (``WARMLINE_TELEGRAM_GROUPS``): there the bot
    would answer everyone's chatter in front of everyone, under the group's id, as if it were one customer.
    """
    chat = update.effective_chat
    if chat is not None and chat.type != Chat.PRIVATE and not groups:
        query = update.callback_query
        return ParsedUpdate(callback_query_id=query.id if query is not None else None)  # stop the spinner
    if update.callback_query is not None:
        return _from_callback(update.callback_query)
    if update.message is not None:
        return _one(_from_message(update.message, update_id=update.update_id, edited=False))
    if update.edited_message is not None:
        return _one(_from_message(update.edited_message, update_id=update.update_id, edited=True))
    if update.message_reaction is not None:
        return _one(_from_reaction(update.message_reaction, update_id=update.update_id))
    return ParsedUpdate()


def _one(message: InboundMessage | None) -> ParsedUpdate:
    return ParsedUpdate(messages=(message,) if message is not None else ())


def _name(user: User | None) -> str | None:
    return user.full_name if user is not None else None


def _utc(moment: datetime | None) -> datetime:
    return moment.astimezone(UTC) if moment is not None else datetime.now(UTC)


def _from_message(message: Message, *, update_id: int, edited: bool) -> InboundMessage | None:
    if message.from_user is not None and message.from_user.is_bot:
        return None  # another bot in a group chat; nobody to serve
    content = _content(message)
    if content is None:
        return None  # a service message (someone joined, a pinned message, …)
    kind, text = content
    chat_id = message.chat.id
    # Telegram message ids count per chat, so the chat is part of the id the store deduplicates on.
    platform_id = f"{chat_id}:{message.message_id}"
    moment = message.date
    if edited:
        kind = ContentKind.EDIT
        moment = message.edit_date or message.date
        # An edit keeps the message's id; it needs its own so the store does not drop it as a duplicate.
        stamp = int(message.edit_date.timestamp()) if message.edit_date else f"u{update_id}"
        platform_id = f"{platform_id}:edit:{stamp}"
    return InboundMessage(
        channel=CHANNEL, sender_id=str(chat_id), text=text, platform_message_id=platform_id,
        sender_name=_name(message.from_user) or message.chat.effective_name, kind=kind, received_at=_utc(moment),
    )


def _sticker(sticker: Any) -> str:
    return f"[sticker {sticker.emoji}]" if sticker.emoji else "[sticker]"


def _document(document: Any) -> str:
    return f"[document: {document.file_name}]" if document.file_name else "[document]"


def _venue(venue: Any) -> str:
    return f"[location: {venue.title}, {venue.address}]"


def _location(location: Any) -> str:
    return f"[location {location.latitude:.5f}, {location.longitude:.5f}]"


def _contact(contact: Any) -> str:
    parts = (contact.first_name, contact.last_name, contact.phone_number)
    return "[contact: " + " ".join(part for part in parts if part) + "]"


def _fixed(text: str) -> Callable[[Any], str]:
    return lambda _attachment: text


# Checked in order: an animation also has a document, a venue also has a location.
_ATTACHMENTS: tuple[tuple[str, ContentKind, Callable[[Any], str]], ...] = (
    ("photo", ContentKind.IMAGE, _fixed("[photo]")),
    ("sticker", ContentKind.STICKER, _sticker),
    ("animation", ContentKind.IMAGE, _fixed("[GIF]")),
    ("voice", ContentKind.AUDIO, _fixed("[voice message]")),
    ("audio", ContentKind.AUDIO, _fixed("[audio]")),
    ("video_note", ContentKind.OTHER, _fixed("[video message]")),
    ("video", ContentKind.OTHER, _fixed("[video]")),
    ("document", ContentKind.OTHER, _document),
    ("venue", ContentKind.LOCATION, _venue),
    ("location", ContentKind.LOCATION, _location),
    ("contact", ContentKind.OTHER, _contact),
    ("poll", ContentKind.OTHER, _fixed("[poll]")),
    ("dice", ContentKind.OTHER, _fixed("[dice]")),
    ("story", ContentKind.OTHER, _fixed("[story]")),
    ("game", ContentKind.OTHER, _fixed("[game]")),
    ("invoice", ContentKind.OTHER, _fixed("[invoice]")),
    ("successful_payment", ContentKind.OTHER, _fixed("[payment]")),
    ("paid_media", ContentKind.OTHER, _fixed("[paid media]")),
)


def _content(message: Message) -> tuple[ContentKind, str] | None:
    """(kind, text) of a message: its text, or its caption / a placeholder for media; None if service."""
    if message.text is not None:
        return ContentKind.TEXT, message.text
    for attribute, kind, describe in _ATTACHMENTS:
        attachment = getattr(message, attribute, None)
        if attachment:
            return kind, message.caption or describe(attachment)
    if message.caption:
        return ContentKind.OTHER, message.caption
    return None


def _from_callback(query: CallbackQuery) -> ParsedUpdate:
    """A pressed inline button: the choice's text, as if the customer had typed it."""
    if query.data is None:
        return ParsedUpdate(callback_query_id=query.id)  # a game button; nothing for us, but stop the spinner
    message = query.message
    keyboard = message.reply_markup if isinstance(message, Message) else None
    # In a private chat the chat id is the user's id, which is all a callback has once the message is old.
    chat_id = message.chat.id if message is not None else query.from_user.id
    inbound = InboundMessage(
        channel=CHANNEL, sender_id=str(chat_id), text=choice_from_callback(query.data, keyboard),
        platform_message_id=f"cb:{query.id}", sender_name=_name(query.from_user), kind=ContentKind.TEXT,
    )
    return ParsedUpdate(messages=(inbound,), callback_query_id=query.id)


def _reaction_label(reaction: Any) -> str:
    if isinstance(reaction, ReactionTypeEmoji):
        return reaction.emoji
    if isinstance(reaction, ReactionTypeCustomEmoji):
        return "(custom emoji)"
    return "⭐"  # a paid reaction


def _from_reaction(reaction: MessageReactionUpdated, *, update_id: int) -> InboundMessage | None:
    if reaction.user is None:
        return None  # an anonymous reaction in a group: nobody to attribute it to
    labels = " ".join(_reaction_label(item) for item in reaction.new_reaction)
    text = f"[reaction {labels}]" if labels else "[reaction removed]"
    chat_id = reaction.chat.id
    return InboundMessage(
        channel=CHANNEL, sender_id=str(chat_id), text=text,
        platform_message_id=f"{chat_id}:{reaction.message_id}:reaction:{update_id}",
        sender_name=_name(reaction.user), kind=ContentKind.REACTION, received_at=_utc(reaction.date),
    )
