"""A snapshot of the team's workload, taken from the store, handed to pure policy and routing code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ._history import OpenCase

__all__ = ["TeamSnapshot"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamSnapshot:
    """Open conversations per staff id, and how many handoffs wait unclaimed."""

    workload: Mapping[str, int] = field(default_factory=dict)
    queue_length: int = 0
    last_helper_id: str | None = None  # who helped this customer last, for continuity
    # Each person's open handoffs (type, when taken up), oldest first; None when the snapshot has no detail.
    open_cases: Mapping[str, tuple[OpenCase, ...]] | None = None

    def load(self, staff_id: str) -> int:
        """Open conversations held by this person."""
        return self.workload.get(staff_id, 0)

    def cases_of(self, staff_id: str) -> tuple[OpenCase, ...] | None:
        """The open cases this person holds, oldest first, or ``None`` when the snapshot does not say."""
        return None if self.open_cases is None else self.open_cases.get(staff_id, ())
