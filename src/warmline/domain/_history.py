"""A finished case as the wait-time estimator learns from it: what was promised, and what happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["FinishedCase", "OpenCase"]


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenCase:
    """A case a person holds that a new one waits behind: its type, when it reached them, and when they
    took it up (``None``: not yet, it still waits in their queue)."""

    case_type: str | None
    handed_at: datetime  # aware, UTC
    claimed_at: datetime | None = None


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
    ahead_cases: tuple[OpenCase, ...] | None = None  # the cases counted in ``ahead``; None: not recorded
    # Minutes since the person last acted (replied, took a case up, resolved one) when the case reached
    # them; None: no action of theirs on record.
    quiet_minutes: float | None = None
