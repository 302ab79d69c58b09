"""Decoding a webhook body as JSON, so that no body, however hostile, is anything but a ``ValidationError``.

``json.loads`` raises ``RecursionError`` (not a ``ValueError``) on a document nested thousands deep; a
platform never sends one, so it is bad input like any other.
"""

from __future__ import annotations

import json
from typing import Any

from warmline.domain import ValidationError

__all__ = ["load_json"]


def load_json(body: bytes | str, *, expected: str) -> Any:
    """The JSON document in ``body``; ``ValidationError`` (field ``body``) when it is not UTF-8 JSON or
    is nested too deeply to decode."""
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"the body is not JSON ({exc})", field="body", expected=expected) from exc
    except RecursionError as exc:
        raise ValidationError("the body is nested too deeply", field="body", expected=expected) from exc
