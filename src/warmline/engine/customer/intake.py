"""Reading an inbound message before the engine sees it: numbered choices, the language to reply in, contact
details, and content the assistant can't read (photos, voice notes, stickers…)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from warmline.domain import Author, Bot, ContentKind, Message, Reply, normalize_phone
from warmline.knowledge import LanguageGuess, conversation_language
from warmline.policy import choice_language

__all__ = [
    "SILENT_KINDS",
    "choice_number",
    "chosen_text",
    "contact_details",
    "is_greeting_command",
    "is_placeholder",
    "offered_choices",
    "reply_language",
    "unreadable_reply",
]

# Starts only where a run of address characters starts, and no longer than addresses are (RFC 5321): linear in
# the text's length, where a bare ``[…]+@`` retried from every letter of a long word is quadratic.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,252}\.[A-Za-z]{2,63}")
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d ()\-.]{7,18}\d(?!\w)")

# What the customer sent, in words, for "I can't open … here".
_WHAT = {
    ContentKind.IMAGE: "photos",
    ContentKind.STICKER: "stickers",
    ContentKind.AUDIO: "voice notes",
    ContentKind.LOCATION: "locations",
    ContentKind.OTHER: "that kind of message",
}

# Nothing to answer: the customer reacted to or removed a message.
SILENT_KINDS = frozenset({ContentKind.REACTION, ContentKind.DELETE})


# A choice number: one to three decimal digits of any script ("2", "２", "٢"), as ``int()`` reads them.
# ``str.isdigit`` would also pass "²" or "①", which ``int()`` refuses; the length bound keeps ``int()`` cheap.
_CHOICE_NUMBER = re.compile(r"\d{1,3}")


def choice_number(text: str) -> int | None:
    """The number a customer typed to pick a numbered choice ("2", "2.", "2)"), or None if it is not one."""
    stripped = text.strip().rstrip(".)")
    return int(stripped) if _CHOICE_NUMBER.fullmatch(stripped) else None


def offered_choices(history: Sequence[Message]) -> tuple[str, ...]:
    """The choices of the shop's last message in ``history`` (none when the customer wrote last)."""
    last_shop = next((m for m in reversed(history) if m.author is not Author.CUSTOMER), None)
    return last_shop.choices if last_shop is not None else ()


def chosen_text(text: str, history: Sequence[Message]) -> str:
    """On text-only channels choices are numbered: "2" means the second choice of the shop's last message."""
    number = choice_number(text)
    choices = offered_choices(history)
    if number is None or not choices:
        return text
    return choices[number - 1] if 1 <= number <= len(choices) else text


def reply_language(text: str, *, earlier: Sequence[str], bot: Bot, offered: Sequence[str] = ()) -> LanguageGuess:
    """The language to answer ``text`` in: a tapped button's own ("Verder chatten" is Dutch, though "chatten"
    is German too), else the message's, else the customer's ``earlier`` messages', else the knowledge's.
    A topic of ``offered`` (the shop's last choices) is in the shop's words, not the customer's: "Which payment
    methods do you accept?" tapped in a Dutch conversation is answered in Dutch."""
    tapped = choice_language(text)
    if tapped is not None and tapped in bot.languages:
        return LanguageGuess(code=tapped, confidence=1.0, evidence=(text.strip(),))
    if tapped is None and text.strip().casefold() in {option.strip().casefold() for option in offered}:
        text = ""
    return conversation_language(text, earlier=earlier, languages=bot.languages, default=bot.knowledge_language)


def contact_details(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Emails and phone numbers (digits only, with a leading +) a customer wrote, to link their identities."""
    emails = tuple(dict.fromkeys(e.lower() for e in _EMAIL.findall(text)))
    phones = tuple(dict.fromkeys(normalize_phone(p) for p in _PHONE.findall(text)))
    return emails, phones


def is_greeting_command(text: str) -> bool:
    """Telegram's /start ("/start@bot", or a deep link "/start <payload>") opens a chat: greet, don't search."""
    words = text.strip().split()
    return bool(words) and words[0].split("@")[0].lower() == "/start"


def is_placeholder(text: str) -> bool:
    """Adapters describe media without words as "[photo]"; a caption is real text worth answering."""
    stripped = text.strip()
    return not stripped or (stripped.startswith("[") and stripped.endswith("]"))


def unreadable_reply(kind: ContentKind, *, bot: Bot) -> Reply:
    """Kindly say what the assistant can't read, and offer a way forward."""
    what = _WHAT.get(kind, "that kind of message")
    return Reply(text=f"Thanks! I can't open {what} here, but someone from {bot.display_name} can. "
                      "Would you like a person to take a look, or can you tell me in a few words?",
                 choices=("Talk to a person", "I'll type it"))
