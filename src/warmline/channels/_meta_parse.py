"""Reading Meta webhook JSON defensively: every wrong shape becomes a ``ValidationError`` naming the field
path (``entry[0].messaging[1].sender.id``) and what was expected, never a ``KeyError`` or ``TypeError``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from warmline.domain import ValidationError

__all__ = ["as_dict", "as_list", "opt_str", "req_str", "sub_dict", "timestamp", "usable_or_raise"]

logger = logging.getLogger(__name__)
_T = TypeVar("_T")


def usable_or_raise(messages: list[_T], skipped: Sequence[ValidationError], *, channel: str) -> list[_T]:
    """The messages of a batch that could be read, the others logged and skipped (one unusable message never
    costs the rest: the batch is acknowledged). A batch with nothing usable raises its first error (a 422)."""
    if skipped and not messages:
        raise skipped[0]
    for error in skipped:
        logger.warning("skipped one %s message of a batch the parser could not use: %s", channel, error)
    return messages


def as_dict(value: object, path: str) -> dict[str, Any]:
    """``value`` if it is a JSON object."""
    if not isinstance(value, dict):
        raise ValidationError("malformed Meta webhook", field=path, expected="a JSON object")
    return value


def sub_dict(obj: dict[str, Any], key: str) -> dict[str, Any]:
    """``obj[key]`` if it is an object, else an empty one (for optional, descriptive parts)."""
    value = obj.get(key)
    return value if isinstance(value, dict) else {}


def as_list(value: object, path: str, *, missing_ok: bool = True) -> list[Any]:
    """``value`` if it is a JSON array; an absent value (None) is an empty list when ``missing_ok``."""
    if value is None and missing_ok:
        return []
    if not isinstance(value, list):
        raise ValidationError("malformed Meta webhook", field=path, expected="a JSON array")
    return value


def req_str(obj: dict[str, Any], key: str, path: str) -> str:
    """``obj[key]`` as a non-empty string (Meta sends ids as strings; a bare number is accepted)."""
    value = obj.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value:
        raise ValidationError("malformed Meta webhook", field=f"{path}.{key}", expected="a non-empty string")
    return value


def opt_str(obj: dict[str, Any], key: str, path: str) -> str | None:
    """``obj[key]`` as a string, or None when absent."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError("malformed Meta webhook", field=f"{path}.{key}", expected="a string")
    return value


def timestamp(value: object, path: str, *, millis: bool) -> datetime:
    """A Meta timestamp (Messenger: milliseconds as a number; WhatsApp: seconds as a string); now if absent."""
    if value is None:
        return datetime.now(UTC)
    try:
        number = float(value) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None:
        raise ValidationError("malformed Meta webhook", field=path,
                              expected="a Unix timestamp in " + ("milliseconds" if millis else "seconds"))
    try:
        return datetime.fromtimestamp(number / 1000 if millis else number, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:  # out of range, or NaN
        raise ValidationError("malformed Meta webhook", field=path,
                              expected="a Unix timestamp in " + ("milliseconds" if millis else "seconds")) from exc
