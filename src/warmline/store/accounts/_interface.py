"""What the engine needs from the store for staff logins: accounts, sessions and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from warmline.domain import AuditEntry, StaffAccount, StaffRole, StaffSession

__all__ = ["AccountStore"]


class AccountStore(Protocol):
    """Staff accounts (one per roster member), their browser sessions, and the audit log."""

    async def add_account(self, account: StaffAccount) -> StaffAccount:
        """Store a new account; ``ConflictError`` if this person already has one."""

    async def update_account(self, staff_id: str, *, password_hash: str | None = None,
                             role: StaffRole | None = None, at: datetime) -> StaffAccount:
        """Change a password (ending that person's sessions) and/or a role; ``NotFoundError`` if none."""

    async def get_account(self, staff_id: str) -> StaffAccount | None:
        """This person's account, if they have one."""

    async def accounts(self) -> list[StaffAccount]:
        """Every account, by staff id."""

    async def add_session(self, staff_session: StaffSession) -> None:
        """Store a new signed-in session."""

    async def get_session(self, key_digest: str) -> StaffSession | None:
        """The session with this key digest, expired or not."""

    async def end_session(self, key_digest: str) -> None:
        """Forget a session (signing out)."""

    async def end_expired_sessions(self, now: datetime) -> int:
        """Forget every session that ran out before ``now``; returns how many."""

    async def add_audit(self, entry: AuditEntry) -> AuditEntry:
        """Append one entry to the audit log; returns it with its id."""

    async def audit_log(self, *, conversation_id: str | None = None, staff_id: str | None = None,
                        limit: int = 200) -> list[AuditEntry]:
        """The latest audit entries, newest first, optionally of one conversation or one person."""
