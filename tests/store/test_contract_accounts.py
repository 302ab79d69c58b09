"""Contract: staff accounts, their sessions and the audit log, for every backend."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warmline.domain import AuditEntry, ConflictError, NotFoundError, StaffAccount, StaffRole, StaffSession
from warmline.store import SqlStore

from .conftest import Clock


def _account(staff_id: str, clock: Clock, *, role: StaffRole = StaffRole.AGENT) -> StaffAccount:
    return StaffAccount(staff_id=staff_id, role=role, password_hash=f"$argon2id$hash-of-{staff_id}",
                        created_at=clock.now, password_changed_at=clock.now)


def _session(digest: str, staff_id: str, clock: Clock, *, hours: float = 8) -> StaffSession:
    return StaffSession(key_digest=digest, staff_id=staff_id, csrf_token=f"csrf-{digest[:8]}", created_at=clock.now,
                        expires_at=clock.now + timedelta(hours=hours))


async def test_an_account_is_stored_once_and_read_back(store: SqlStore, clock: Clock) -> None:
    maya = await store.add_account(_account("maya", clock, role=StaffRole.OWNER))

    assert await store.get_account("maya") == maya
    assert await store.get_account("leo") is None
    with pytest.raises(ConflictError):
        await store.add_account(_account("maya", clock))
    assert (await store.get_account("maya")) == maya  # the second add changed nothing


async def test_a_new_password_ends_that_persons_sessions_only(store: SqlStore, clock: Clock) -> None:
    await store.add_account(_account("maya", clock))
    await store.add_account(_account("leo", clock))
    await store.add_session(_session("a" * 64, "maya", clock))
    await store.add_session(_session("b" * 64, "leo", clock))

    changed = await store.update_account("maya", password_hash="$argon2id$new", at=clock.advance(minutes=1))

    assert changed.password_hash == "$argon2id$new"
    assert changed.password_changed_at == clock.now
    assert await store.get_session("a" * 64) is None
    assert await store.get_session("b" * 64) is not None
    with pytest.raises(NotFoundError):
        await store.update_account("nobody", role=StaffRole.LEAD, at=clock.now)


async def test_a_role_change_keeps_the_password_and_sessions(store: SqlStore, clock: Clock) -> None:
    await store.add_account(_account("leo", clock))
    await store.add_session(_session("c" * 64, "leo", clock))

    changed = await store.update_account("leo", role=StaffRole.LEAD, at=clock.now)

    assert changed.role is StaffRole.LEAD
    assert changed.password_hash == "$argon2id$hash-of-leo"
    assert await store.get_session("c" * 64) is not None
    assert [a.staff_id for a in await store.accounts()] == ["leo"]


async def test_sessions_end_on_sign_out_and_expiry(store: SqlStore, clock: Clock) -> None:
    await store.add_account(_account("maya", clock))
    short, long = _session("d" * 64, "maya", clock, hours=1), _session("e" * 64, "maya", clock, hours=10)
    await store.add_session(short)
    await store.add_session(long)
    assert await store.get_session("d" * 64) == short

    assert await store.end_expired_sessions(clock.advance(hours=2)) == 1
    assert await store.get_session("d" * 64) is None
    await store.end_session("e" * 64)
    await store.end_session("e" * 64)  # signing out twice is harmless
    assert await store.get_session("e" * 64) is None


async def test_the_audit_log_is_newest_first_and_filters(store: SqlStore, clock: Clock) -> None:
    first = await store.add_audit(AuditEntry(id=None, at=clock.now, staff_id="maya", action="claim",
                                             conversation_id="conv-1"))
    await store.add_audit(AuditEntry(id=None, at=clock.advance(minutes=1), staff_id="leo", action="reply",
                                     conversation_id="conv-2", via="slack", detail="12 characters"))
    await store.add_audit(AuditEntry(id=None, at=clock.advance(minutes=1), staff_id="maya", action="sign_in"))

    log = await store.audit_log()
    assert [e.action for e in log] == ["sign_in", "reply", "claim"]
    assert first.id is not None
    assert log[-1] == first
    assert log[1].via == "slack"
    assert log[1].detail == "12 characters"
    assert log[1].at == clock.now - timedelta(minutes=1)
    assert [e.action for e in await store.audit_log(conversation_id="conv-2")] == ["reply"]
    assert [e.action for e in await store.audit_log(staff_id="maya", limit=1)] == ["sign_in"]
