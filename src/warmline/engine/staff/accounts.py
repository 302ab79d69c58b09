"""Staff sign-in: each roster member's own account and role, browser sessions, and the audit log.

A session key is 32 random bytes handed to the browser once (its cookie); the store keeps only its
SHA-256 digest, so a copy of the database opens no session. Each session has its own CSRF token, which
the pages send back on every state-changing request. Nothing here logs a key, a token or a password.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from warmline.domain import (
    AuditEntry,
    Bot,
    PermissionDeniedError,
    StaffAccount,
    StaffMember,
    StaffRole,
    StaffSession,
    ValidationError,
)
from warmline.engine.staff.passwords import Passwords
from warmline.engine.staff.signin_limits import SignInLimits
from warmline.store import Store

__all__ = ["SignInRefusedError", "SignedIn", "StaffAccounts", "StaffUser", "session_digest"]

logger = logging.getLogger(__name__)

_KEY_BYTES = 32
_CSRF_BYTES = 24
_MAX_KEY_LENGTH = 100  # a cookie longer than any key we hand out is not worth hashing


class SignInRefusedError(PermissionDeniedError):
    """A sign-in that failed: wrong name or password (``retry_after`` 0), or too many failures (> 0)."""

    def __init__(self, message: str, *, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True, kw_only=True)
class StaffUser:
    """The signed-in person: their roster entry, role, and the session's CSRF token."""

    member: StaffMember
    role: StaffRole
    csrf_token: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedIn:
    """A new session: ``key`` goes into the browser's cookie and nowhere else."""

    key: str
    user: StaffUser
    expires_at: datetime


def session_digest(key: str) -> str:
    """What the store keeps of a session key."""
    return hashlib.sha256(key.encode()).hexdigest()


class StaffAccounts:
    """Creates accounts for roster members, signs people in and out, and writes the audit log."""

    def __init__(self, *, bot: Bot, store: Store, clock: Callable[[], datetime], passwords: Passwords,
                 limits: SignInLimits, session_lifetime: timedelta) -> None:
        self._bot = bot
        self._store = store
        self._clock = clock
        self._passwords = passwords
        self._limits = limits
        self._lifetime = session_lifetime
        # Verified against when the name is unknown, so a wrong name costs as long as a wrong password
        # (made on first need: every start would otherwise pay for one hash).
        self._decoy: str | None = None

    def _roster_member(self, staff_id: str) -> StaffMember:
        member = self._bot.staff_member(staff_id)
        if member is None:
            ids = ", ".join(m.id for m in self._bot.staff) or "nobody yet"
            raise ValidationError(f"{staff_id!r} is not on the roster of {self._bot.display_name}",
                                  field="staff_id", expected=f"a roster id from the bot file ({ids})")
        return member

    async def has_accounts(self) -> bool:
        """Whether anyone can sign in yet (first-run set-up is needed until then)."""
        return bool(await self._store.accounts())

    async def all(self) -> list[StaffAccount]:
        """Every account, by staff id."""
        return await self._store.accounts()

    async def create(self, staff_id: str, *, role: StaffRole, password: str, by: str = "cli") -> StaffAccount:
        """An account for a roster member; ``ConflictError`` if they have one already."""
        self._roster_member(staff_id)
        now = self._clock()
        account = await self._store.add_account(StaffAccount(
            staff_id=staff_id, role=role, password_hash=self._passwords.hash(password), created_at=now,
            password_changed_at=now))
        await self.record(staff_id=by, action="account_created", via="cli", detail=f"{staff_id} as {role.value}")
        return account

    async def set_password(self, staff_id: str, *, password: str, by: str = "cli") -> StaffAccount:
        """A new password; every session of that person ends."""
        account = await self._store.update_account(staff_id, password_hash=self._passwords.hash(password),
                                                   at=self._clock())
        await self.record(staff_id=by, action="password_set", via="cli", detail=staff_id)
        return account

    async def set_role(self, staff_id: str, *, role: StaffRole, by: str = "cli") -> StaffAccount:
        """Make someone owner, lead or agent."""
        account = await self._store.update_account(staff_id, role=role, at=self._clock())
        await self.record(staff_id=by, action="role_set", via="cli", detail=f"{staff_id} as {role.value}")
        return account

    async def sign_in(self, staff_id: str, password: str, *, address: str) -> SignedIn:
        """A new session for the right name and password; ``SignInRefusedError`` otherwise, or when this
        account or address failed too often lately (then even the right password waits)."""
        now = self._clock()
        wait = self._limits.retry_after(staff_id=staff_id, address=address, now=now)
        if wait > 0:
            raise SignInRefusedError("too many failed sign-ins: wait a little and try again", retry_after=wait)
        account = await self._store.get_account(staff_id) if self._bot.staff_member(staff_id) else None
        if account is None and self._decoy is None:
            self._decoy = await asyncio.to_thread(self._passwords.hash, secrets.token_urlsafe(16))
        # argon2 takes ~0.1 s of CPU by design: off the event loop, so other requests keep flowing meanwhile.
        matches = await asyncio.to_thread(self._passwords.verify,
                                          account.password_hash if account else self._decoy or "", password)
        if account is None or not matches:
            self._limits.failed(staff_id=staff_id, address=address, now=now)
            logger.info("failed sign-in for %r", staff_id[:100])
            raise SignInRefusedError("wrong name or password")
        self._limits.succeeded(staff_id=staff_id)
        if self._passwords.needs_rehash(account.password_hash):
            await self._store.update_account(staff_id, at=now,
                                             password_hash=await asyncio.to_thread(self._passwords.hash, password))
        key = secrets.token_urlsafe(_KEY_BYTES)
        session = StaffSession(key_digest=session_digest(key), staff_id=staff_id,
                               csrf_token=secrets.token_urlsafe(_CSRF_BYTES), created_at=now,
                               expires_at=now + self._lifetime)
        await self._store.add_session(session)
        await self._store.end_expired_sessions(now)
        await self.record(staff_id=staff_id, action="sign_in", via="inbox")
        user = StaffUser(member=self._roster_member(staff_id), role=account.role, csrf_token=session.csrf_token)
        return SignedIn(key=key, user=user, expires_at=session.expires_at)

    async def user(self, key: str | None) -> StaffUser | None:
        """The person signed in with this session key; None if unknown, expired, or no longer on the roster."""
        if not key or len(key) > _MAX_KEY_LENGTH:
            return None
        session = await self._store.get_session(session_digest(key))
        if session is None:
            return None
        if session.expired(self._clock()):
            await self._store.end_session(session.key_digest)
            return None
        account = await self._store.get_account(session.staff_id)
        member = self._bot.staff_member(session.staff_id)
        if account is None or member is None:
            return None
        return StaffUser(member=member, role=account.role, csrf_token=session.csrf_token)

    async def sign_out(self, key: str | None) -> None:
        """End this session (nothing happens if there is none)."""
        if not key or len(key) > _MAX_KEY_LENGTH:
            return
        session = await self._store.get_session(session_digest(key))
        if session is not None:
            await self._store.end_session(session.key_digest)
            await self.record(staff_id=session.staff_id, action="sign_out", via="inbox")

    async def record(self, *, staff_id: str, action: str, conversation_id: str | None = None, via: str = "inbox",
                     detail: str = "") -> None:
        """Append one line to the audit log."""
        await self._store.add_audit(AuditEntry(id=None, at=self._clock(), staff_id=staff_id, action=action,
                                               conversation_id=conversation_id, via=via, detail=detail))

    async def audit_log(self, *, conversation_id: str | None = None, staff_id: str | None = None,
                        limit: int = 200) -> list[AuditEntry]:
        """The latest entries, newest first."""
        return await self._store.audit_log(conversation_id=conversation_id, staff_id=staff_id, limit=limit)
