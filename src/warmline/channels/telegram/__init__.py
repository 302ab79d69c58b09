"""The Telegram channel: a bot (made with @BotFather) receiving by webhook or long polling.

Only this package imports python-telegram-bot. See docs/channels/telegram.md for the setup.
"""

from ._channel import ALLOWED_UPDATES, DEFAULT_API_URL, SECRET_HEADER, TelegramChannel, delivery_error
from ._parse import ParsedUpdate, parse_update, update_from_json
from ._render import callback_data_for, choice_from_callback, render_text, split_text

__all__ = [
    "ALLOWED_UPDATES",
    "DEFAULT_API_URL",
    "SECRET_HEADER",
    "ParsedUpdate",
    "TelegramChannel",
    "callback_data_for",
    "choice_from_callback",
    "delivery_error",
    "parse_update",
    "render_text",
    "split_text",
    "update_from_json",
]
