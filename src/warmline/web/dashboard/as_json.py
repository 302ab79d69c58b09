"""The dashboard's figures as JSON-ready data (``GET /api/v1/dashboard``): the same numbers as the page."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any

from warmline.engine.reports._model import Figures, WaitRow

__all__ = ["figures_json"]


def _plain(value: Any) -> Any:
    if isinstance(value, WaitRow):
        return {**_plain_fields(value), "late": value.late}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain_fields(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def _plain_fields(value: Any) -> dict[str, Any]:
    return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}


def figures_json(figures: Figures) -> dict[str, Any]:
    """Every figure, with times as ISO 8601 strings and durations in seconds or minutes as named."""
    return _plain_fields(figures)
