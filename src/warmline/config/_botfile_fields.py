"""The bot file's field types and their validators: days, times, time zones, ids, e-mail, greetings,
sentence lines and order-number patterns.

Each validator raises ``PydanticCustomError`` with a ``fix`` in the error context (see ``_botfile_schema``).
"""

from __future__ import annotations

import difflib
import re
import string
import zoneinfo
from datetime import time
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

__all__ = ["ClockTime", "Days", "Email", "Greeting", "Slug", "TimeZone", "check_email", "check_greeting",
           "check_line", "check_pattern", "check_slug", "check_timezone", "parse_days", "parse_time"]

_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORDS = {"daily": range(7), "everyday": range(7), "weekdays": range(5), "weekend": (5, 6),
              "weekends": (5, 6)}
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_LOOKUP = {name: i for names in (_DAY_NAMES, _FULL_DAY_NAMES) for i, name in enumerate(names)}
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DAYS_FIX = "write days like 'mon-fri', 'sat', 'mon,wed,fri' or [mon, tue]"


def _bad(kind: str, message: str, fix: str) -> PydanticCustomError:
    # pydantic fills in only {names} found in the context, so the user's own braces come through as typed.
    return PydanticCustomError(kind, message, {"fix": fix})


def _day(word: str) -> int:
    index = _DAY_LOOKUP.get(word.strip().lower())
    if index is None:
        raise _bad("weekday", f"'{word.strip()}' is not a weekday", _DAYS_FIX)
    return index


def _days_in(part: str | int) -> list[int]:
    if isinstance(part, int) and not isinstance(part, bool):
        if 0 <= part <= 6:  # the domain's numbering: 0 = Monday … 6 = Sunday
            return [part]
        raise _bad("weekday", f"{part} is not a weekday number", f"{_DAYS_FIX}; numbers run 0 (Monday) to 6")
    if not isinstance(part, str):
        raise _bad("weekday", f"{part!r} is not a weekday", _DAYS_FIX)
    word = part.strip().lower().replace(" ", "")
    if word in _DAY_WORDS:
        return list(_DAY_WORDS[word])
    if "-" in word:
        first, _, last = word.partition("-")
        start, end = _day(first), _day(last)
        return [(start + i) % 7 for i in range((end - start) % 7 + 1)]  # "fri-mon" wraps the weekend
    return [_day(word)]


def parse_days(value: Any) -> tuple[int, ...]:
    """``"mon-fri"``, ``"sat"``, ``"mon,wed"``, ``[mon, tue-thu]`` or ``[0, 1]`` → weekdays (0 = Monday)."""
    parts = value.split(",") if isinstance(value, str) else [value] if isinstance(value, int) else value
    if not isinstance(parts, list | tuple) or not parts:
        raise _bad("weekdays", f"{value!r} is not a list of weekdays", _DAYS_FIX)
    return tuple(sorted({day for part in parts for day in _days_in(part)}))


def parse_time(value: Any) -> time:
    """``"09:00"`` → 09:00; ``"24:00"`` (midnight at the end of the day) → ``time.max``."""
    match = _TIME.match(value.strip()) if isinstance(value, str) else None
    if match and match.group(0) == "24:00":
        return time.max
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return time(int(match.group(1)), int(match.group(2)))
    raise _bad("clock_time", f"{value!r} is not a time of day", "use 24-hour time in quotes, like '09:00'")


@cache
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def check_timezone(value: str) -> str:
    """An IANA time zone name that this machine knows (``Europe/Amsterdam``)."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        close = difflib.get_close_matches(value, _zone_names(), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise _bad("timezone", f"unknown time zone '{value}'",
                   f"{hint}use an IANA time zone name like 'Europe/Amsterdam'") from None
    return value


def check_slug(value: str) -> str:
    """Ids and names used in URLs, logs and other files: lowercase, no spaces."""
    if not _SLUG.match(value):
        raise _bad("slug", f"'{value}' is not a valid id",
                   "use lowercase letters, digits, '-' or '_', starting with a letter or digit, like 'maya'")
    return value


def check_email(value: str) -> str:
    """A plausible e-mail address (the shop's own mail server decides the rest)."""
    if not _EMAIL.match(value):
        raise _bad("email", f"'{value}' is not an e-mail address", "write it like 'maya@example.com'")
    return value


def check_greeting(value: str) -> str:
    """Greeting and sign-off may use ``{name}`` and nothing else."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        fields = {"?"}
    if fields - {"name"}:
        raise _bad("placeholder", "only the {name} placeholder can be used here",
                   "write {name} for the customer's name, and double any other braces: {{ }}")
    return value


_LINE_FIELDS = frozenset({"name", "comma_name", "what", "who"})


def check_line(value: str) -> str:
    """A variant of the bot's own sentences may use {name}, {comma_name}, {what} and {who}."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        fields = {"?"}
    if fields - _LINE_FIELDS:
        raise _bad("placeholder", "only {name}, {comma_name}, {what} and {who} can be used in voice.lines",
                   "write {comma_name} for ', Anna' (or nothing), {what} for what the team does, {who} for the "
                   "person's first name; double any other braces: {{ }}")
    return value


def check_pattern(value: str) -> str:
    """An order-number pattern: a regular expression that compiles and does not match empty text."""
    try:
        compiled = re.compile(value)
    except re.error as error:
        raise _bad("pattern", f"'{value}' is not a regular expression ({error})",
                   "write it like 'MS-\\d{4,6}' (letters as typed, \\d for a digit, {4,6} for how many)") from None
    if compiled.fullmatch(""):
        raise _bad("pattern", f"'{value}' also matches empty text", "require at least one digit, like '\\d{4,6}'")
    return value


Slug = Annotated[str, AfterValidator(check_slug)]
TimeZone = Annotated[str, AfterValidator(check_timezone)]
Email = Annotated[str, AfterValidator(check_email)]
Greeting = Annotated[str, AfterValidator(check_greeting)]
Days = Annotated[tuple[int, ...], BeforeValidator(parse_days)]
ClockTime = Annotated[time, BeforeValidator(parse_time)]
