"""Small statistics for the dashboard: medians and 90th percentiles of durations, and question grouping."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

__all__ = ["Durations", "durations", "percentile", "question_key"]

_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Durations:
    """How many durations were measured, and their median and 90th percentile in seconds (None if none)."""

    count: int
    p50_seconds: float | None = None
    p90_seconds: float | None = None


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (the usual "type 7" definition); needs a value."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def durations(values: Iterable[timedelta]) -> Durations:
    """Median and 90th percentile of ``values`` (negative ones, from clock skew, count as zero)."""
    seconds = sorted(max(0.0, value.total_seconds()) for value in values)
    if not seconds:
        return Durations(count=0)
    return Durations(count=len(seconds), p50_seconds=percentile(seconds, 0.5), p90_seconds=percentile(seconds, 0.9))


def question_key(text: str) -> str:
    """The same question asked with other capitals or punctuation groups together."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()
