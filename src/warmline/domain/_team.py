"""A snapshot of the team's workload, taken from the store, handed to pure policy and routing code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["TeamSnapshot"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamSnapshot:
    """Open conversations per staff id, and how many handoffs wait unclaimed."""

    workload: Mapping[str, int] = field(default_factory=dict)
    queue_length: int = 0
    last_helper_id: str | None = None  # who helped this customer last, for continuity

    def load(self, staff_id: str) -> int:
        """Open conversations held by this person."""
        return self.workload.get(staff_id, 0)
