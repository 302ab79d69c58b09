"""Turning an ``OutboundMessage`` into Telegram message parts: HTML text chunks and an inline keyboard.

Pure functions, no I/O. Telegram limits a message to 4096 characters (counted after HTML entities are
parsed, in UTF-16 code units) and a button's ``callback_data`` to 64 bytes; both limits are handled here.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

__all__ = [
    "CALLBACK_DATA_LIMIT",
    "MAX_TEXT_UNITS",
    "callback_data_for",
    "choice_from_callback",
    "inline_keyboard",
    "render_text",
    "split_text",
]

MAX_TEXT_UNITS = 4096
CALLBACK_DATA_LIMIT = 64
MAX_AUTHOR_CHARS = 64  # a name never needs more; keeps the bold prefix inside the first chunk

# A truncated choice ends in "~" + 10 hex digits of the full text's SHA-256 (see callback_data_for).
_DIGEST_CHARS = 10
_TRUNCATED_SUFFIX = re.compile(rf"~[0-9a-f]{{{_DIGEST_CHARS}}}\Z")


def _utf16_units(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP (most emoji) count twice."""
    return len(text.encode("utf-16-le")) // 2


def _longest_prefix_within(text: str, limit: int) -> int:
    """The largest index ``i`` such that ``text[:i]`` fits in ``limit`` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def split_text(text: str, *, limit: int = MAX_TEXT_UNITS) -> list[str]:
    """Split ``text`` into chunks of at most ``limit`` UTF-16 units, preferring line breaks, then spaces.

    The whitespace at a cut is dropped (a chat bubble does not start with a blank line); no word is
    cut unless a single word is longer than the limit.
    """
    chunks: list[str] = []
    rest = text
    while _utf16_units(rest) > limit:
        hard_cut = max(_longest_prefix_within(rest, limit), 1)  # always progress, even with a tiny limit
        window = rest[:hard_cut]
        # Only break at whitespace in the second half, so a chunk is never absurdly short.
        cut = window.rfind("\n")
        if cut < hard_cut // 2:
            cut = window.rfind(" ")
        if cut < hard_cut // 2:
            cut = hard_cut
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def render_text(text: str, *, author_name: str | None = None, limit: int = MAX_TEXT_UNITS) -> list[str]:
    """The message as HTML chunks, each within Telegram's limit; a staff reply starts with "<b>Name</b>: ".

    The limit applies to the visible text, so the plain text is split first and each chunk escaped after.
    """
    author = (author_name or "").strip()[:MAX_AUTHOR_CHARS]
    if not author:
        return [html.escape(chunk, quote=False) for chunk in split_text(text, limit=limit)]
    visible = split_text(f"{author}: {text}", limit=limit)
    first = visible[0]
    bold = f"<b>{html.escape(author, quote=False)}</b>{html.escape(first[len(author):], quote=False)}"
    return [bold, *(html.escape(chunk, quote=False) for chunk in visible[1:])]


def callback_data_for(choice: str) -> str:
    """The ``callback_data`` for a choice button: the choice itself when it fits in 64 bytes.

    A longer choice becomes its longest whole-character prefix plus "~" and a short hash of the full
    text, so the value is deterministic and two long choices with the same beginning stay distinct.
    """
    raw = choice.encode("utf-8")
    if len(raw) <= CALLBACK_DATA_LIMIT:
        return choice
    suffix = "~" + hashlib.sha256(raw).hexdigest()[:_DIGEST_CHARS]
    prefix = raw[: CALLBACK_DATA_LIMIT - len(suffix)].decode("utf-8", errors="ignore")
    return prefix + suffix


def choice_from_callback(data: str, keyboard: InlineKeyboardMarkup | None) -> str:
    """The choice a pressed button stands for.

    The message the button was attached to comes with the callback and carries the keyboard, whose
    button text is the full choice; only when that message is no longer available (older than 48 hours)
    is the ``callback_data`` itself used, without the hash of a truncated choice.
    """
    if keyboard is not None:
        for row in keyboard.inline_keyboard:
            for button in row:
                if button.callback_data == data:
                    return button.text
    # A truncated value fills the 64 bytes but for at most 3 (a multi-byte character that did not fit).
    if len(data.encode("utf-8")) > CALLBACK_DATA_LIMIT - 4:
        return _TRUNCATED_SUFFIX.sub("", data)
    return data


def inline_keyboard(choices: Sequence[str]) -> InlineKeyboardMarkup:
    """One button per row, in the order given (buttons side by side get cut off on phones)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(choice, callback_data=callback_data_for(choice))] for choice in choices]
    )
