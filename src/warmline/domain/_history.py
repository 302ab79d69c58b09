"""A finished case as the wait-time estimator learns from it: what was promised, and what happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["FinishedCase"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FinishedCase:
    """One handoff from the shop's history.

    ``ahead`` is how many conversations the person already held when the case reached them (their open
    load, plus their share of the unclaimed queue); the waits are minutes from the handoff.
    """

    handed_at: datetime  # aware, UTC
    owner_id: str
    case_type: str | None
    ahead: float
    first_reply_minutes: float
    resolve_minutes: float | None = None
    promised_minutes: float | None = None  # what the customer was told, when it was recorded
