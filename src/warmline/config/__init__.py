"""Configuration: the settings from the environment and the bot file (one shop's voice, staff and rules).

Both are validated when the service starts, not at import: a bad setting or bot file is an error that
names the variable or the file, the field and the fix.
"""

from .botfile import BotFileError, BotFileProblem, load_bot, parse_bot
from .settings import Settings, is_placeholder_secret, load_settings

__all__ = ["BotFileError", "BotFileProblem", "Settings", "is_placeholder_secret", "load_bot", "load_settings",
           "parse_bot"]
