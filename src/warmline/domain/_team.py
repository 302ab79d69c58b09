"""The team: a snapshot of its workload (handed to pure policy and routing code), and its members' own
logins — accounts with roles, browser sessions and the audit log of what each person did."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ._history import OpenCase

__all__ = ["AuditEntry", "StaffAccount", "StaffRole", "StaffSession", "TeamSnapshot"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamSnapshot:
    """Open conversations per staff id, and how many handoffs wait unclaimed."""

    workload: Mapping[str, int] = field(default_factory=dict)
    queue_length: int = 0
    last_helper_id: str | None = None  # who helped this customer last, for continuity
    # Each person's open handoffs (type, when taken up), oldest first; None when the snapshot has no detail.
    open_cases: Mapping[str, tuple[OpenCase, ...]] | None = None
    # When each person last acted (replied, took a case up, resolved one); None when the snapshot has no detail.
    last_active_at: Mapping[str, datetime] | None = None

    def load(self, staff_id: str) -> int:
        """Open conversations held by this person."""
        return self.workload.get(staff_id, 0)

    def cases_of(self, staff_id: str) -> tuple[OpenCase, ...] | None:
        """The open cases this person holds, oldest first, or ``None`` when the snapshot does not say."""
        return None if self.open_cases is None else self.open_cases.get(staff_id, ())

    def quiet_minutes(self, staff_id: str, now: datetime) -> float | None:
        """Minutes since this person last acted, or ``None`` when the snapshot does not know."""
        last = None if self.last_active_at is None else self.last_active_at.get(staff_id)
        return None if last is None else max(0.0, (now - last).total_seconds() / 60)


class StaffRole(StrEnum):
    """What a signed-in person may do: owners and leads reassign cases and see the dashboard, export and
    (owners) the audit log; agents work cases, only their own and unassigned ones."""

    OWNER = "owner"
    LEAD = "lead"
    AGENT = "agent"

    @property
    def oversees(self) -> bool:
        """Owners and leads act on anyone's case, reassign, and see the dashboard."""
        return self is not StaffRole.AGENT


@dataclass(frozen=True, slots=True, kw_only=True)
class StaffAccount:
    """A roster member's own login; ``password_hash`` is an argon2 hash, never the password."""

    staff_id: str
    role: StaffRole
    password_hash: str
    created_at: datetime
    password_changed_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class StaffSession:
    """A signed-in browser. Only a digest of the session key is stored, so the table opens no door."""

    key_digest: str
    staff_id: str
    csrf_token: str
    created_at: datetime
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        """Whether the session has run out at ``now``."""
        return now >= self.expires_at


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    """Who did what, when, to which conversation (if any), and through which door (inbox, slack, cli)."""

    id: int | None
    at: datetime
    staff_id: str
    action: str
    conversation_id: str | None = None
    via: str = "inbox"
    detail: str = ""
