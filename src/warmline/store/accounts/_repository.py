"""Staff accounts, their browser sessions and the audit log, on the SQL store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from warmline.domain import AuditEntry, ConflictError, NotFoundError, StaffAccount, StaffRole, StaffSession

from .._base import Repository
from ._models import AuditRow, StaffAccountRow, StaffSessionRow

__all__ = ["AccountRepository"]


def _account(row: StaffAccountRow) -> StaffAccount:
    return StaffAccount(staff_id=row.staff_id, role=StaffRole(row.role), password_hash=row.password_hash,
                        created_at=row.created_at, password_changed_at=row.password_changed_at)


def _session(row: StaffSessionRow) -> StaffSession:
    return StaffSession(key_digest=row.key_digest, staff_id=row.staff_id, csrf_token=row.csrf_token,
                        created_at=row.created_at, expires_at=row.expires_at)


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(id=row.seq, at=row.at, staff_id=row.staff_id, action=row.action,
                      conversation_id=row.conversation_id, via=row.via, detail=row.detail)


class AccountRepository(Repository):
    """Accounts (one per roster member), sessions (by key digest) and the append-only audit log."""

    async def add_account(self, account: StaffAccount) -> StaffAccount:
        """Store a new account; ``ConflictError`` if this person already has one."""
        async with self._db.write() as session:
            if await session.get(StaffAccountRow, account.staff_id) is not None:
                raise ConflictError(f"{account.staff_id!r} already has an account: use set-password to change it")
            session.add(StaffAccountRow(staff_id=account.staff_id, role=account.role.value,
                                        password_hash=account.password_hash, created_at=account.created_at,
                                        password_changed_at=account.password_changed_at))
        return account

    async def update_account(self, staff_id: str, *, password_hash: str | None = None,
                             role: StaffRole | None = None, at: datetime) -> StaffAccount:
        """Change a password (signing that person out everywhere) and/or a role."""
        async with self._db.write() as session:
            row = await session.get(StaffAccountRow, staff_id)
            if row is None:
                raise NotFoundError("staff account", staff_id)
            if password_hash is not None:
                row.password_hash = password_hash
                row.password_changed_at = at
                await session.execute(delete(StaffSessionRow).where(StaffSessionRow.staff_id == staff_id))
            if role is not None:
                row.role = role.value
            return _account(row)

    async def get_account(self, staff_id: str) -> StaffAccount | None:
        """This person's account, if they have one."""
        async with self._db.read() as session:
            row = await session.get(StaffAccountRow, staff_id)
            return _account(row) if row is not None else None

    async def accounts(self) -> list[StaffAccount]:
        """Every account, by staff id."""
        async with self._db.read() as session:
            rows = await session.scalars(select(StaffAccountRow).order_by(StaffAccountRow.staff_id))
            return [_account(row) for row in rows]

    async def add_session(self, staff_session: StaffSession) -> None:
        """Store a new signed-in session."""
        async with self._db.write() as session:
            session.add(StaffSessionRow(key_digest=staff_session.key_digest, staff_id=staff_session.staff_id,
                                        csrf_token=staff_session.csrf_token, created_at=staff_session.created_at,
                                        expires_at=staff_session.expires_at))

    async def get_session(self, key_digest: str) -> StaffSession | None:
        """The session with this key digest, expired or not (the caller decides)."""
        async with self._db.read() as session:
            row = await session.get(StaffSessionRow, key_digest)
            return _session(row) if row is not None else None

    async def end_session(self, key_digest: str) -> None:
        """Forget a session (signing out); nothing happens if it is already gone."""
        async with self._db.write() as session:
            await session.execute(delete(StaffSessionRow).where(StaffSessionRow.key_digest == key_digest))

    async def end_expired_sessions(self, now: datetime) -> int:
        """Forget every session that ran out before ``now``; returns how many."""
        async with self._db.write() as session:
            result = await session.execute(delete(StaffSessionRow).where(StaffSessionRow.expires_at <= now))
            return int(getattr(result, "rowcount", 0) or 0)

    async def add_audit(self, entry: AuditEntry) -> AuditEntry:
        """Append one entry to the audit log; returns it with its id."""
        async with self._db.write() as session:
            row = AuditRow(at=entry.at, staff_id=entry.staff_id, action=entry.action,
                           conversation_id=entry.conversation_id, via=entry.via, detail=entry.detail)
            session.add(row)
            await session.flush()
            return _entry(row)

    async def audit_log(self, *, conversation_id: str | None = None, staff_id: str | None = None,
                        limit: int = 200) -> list[AuditEntry]:
        """The latest audit entries, newest first, optionally of one conversation or one person."""
        query = select(AuditRow).order_by(AuditRow.seq.desc()).limit(limit)
        if conversation_id is not None:
            query = query.where(AuditRow.conversation_id == conversation_id)
        if staff_id is not None:
            query = query.where(AuditRow.staff_id == staff_id)
        async with self._db.read() as session:
            return [_entry(row) for row in await session.scalars(query)]
