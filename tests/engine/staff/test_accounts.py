"""Staff accounts on the real store: only roster members get one, sign-in makes a session whose key the
store never holds, sessions expire, sign-out ends them, and the audit log records who did what."""

from __future__ import annotations

import pytest
from tests._clock import ManualClock
from tests._shop import STAFF_PASSWORD

from warmline.domain import ConflictError, InboundMessage, StaffRole, ValidationError
from warmline.engine.staff.accounts import SignInRefusedError, session_digest
from warmline.runtime.services import Services

ASK = "Can I talk to a person please?"


async def test_only_roster_members_get_an_account_and_only_once(services: Services) -> None:
    await services.accounts.create("maya", role=StaffRole.OWNER, password=STAFF_PASSWORD)

    with pytest.raises(ValidationError, match="not on the roster"):
        await services.accounts.create("mallory", role=StaffRole.OWNER, password=STAFF_PASSWORD)
    with pytest.raises(ConflictError):
        await services.accounts.create("maya", role=StaffRole.AGENT, password=STAFF_PASSWORD)
    assert [(a.staff_id, a.role) for a in await services.accounts.all()] == [("maya", StaffRole.OWNER)]


async def test_a_session_is_found_by_its_key_which_the_store_never_holds(services: Services) -> None:
    await services.accounts.create("leo", role=StaffRole.AGENT, password=STAFF_PASSWORD)

    signed_in = await services.accounts.sign_in("leo", STAFF_PASSWORD, address="10.0.0.1")

    user = await services.accounts.user(signed_in.key)
    assert user is not None
    assert (user.member.id, user.role) == ("leo", StaffRole.AGENT)
    assert user.csrf_token == signed_in.user.csrf_token
    assert await services.store.get_session(signed_in.key) is None  # only its digest is stored
    assert await services.store.get_session(session_digest(signed_in.key)) is not None
    assert await services.accounts.user("made-up-key") is None
    assert await services.accounts.user("k" * 500) is None


async def test_wrong_passwords_and_unknown_names_are_refused_alike(services: Services) -> None:
    await services.accounts.create("leo", role=StaffRole.AGENT, password=STAFF_PASSWORD)

    for name, password in (("leo", "not the password"), ("nobody", STAFF_PASSWORD)):
        with pytest.raises(SignInRefusedError) as refused:
            await services.accounts.sign_in(name, password, address="10.0.0.1")
        assert refused.value.retry_after == 0
        assert refused.value.message == "wrong name or password"


async def test_a_session_expires_and_sign_out_ends_it(services: Services, clock: ManualClock) -> None:
    await services.accounts.create("maya", role=StaffRole.OWNER, password=STAFF_PASSWORD)
    first = await services.accounts.sign_in("maya", STAFF_PASSWORD, address="10.0.0.1")
    second = await services.accounts.sign_in("maya", STAFF_PASSWORD, address="10.0.0.1")

    await services.accounts.sign_out(second.key)
    assert await services.accounts.user(second.key) is None
    assert await services.accounts.user(first.key) is not None
    clock.advance(hours=services.settings.staff_session_hours, seconds=1)
    assert await services.accounts.user(first.key) is None
    assert [e.action for e in await services.accounts.audit_log(staff_id="maya")][:3] == [
        "sign_out", "sign_in", "sign_in"]


async def test_a_new_password_signs_that_person_out_everywhere(services: Services) -> None:
    await services.accounts.create("maya", role=StaffRole.OWNER, password=STAFF_PASSWORD)
    signed_in = await services.accounts.sign_in("maya", STAFF_PASSWORD, address="10.0.0.1")

    await services.accounts.set_password("maya", password="an entirely new password")

    assert await services.accounts.user(signed_in.key) is None
    with pytest.raises(SignInRefusedError):
        await services.accounts.sign_in("maya", STAFF_PASSWORD, address="10.0.0.1")
    assert await services.accounts.sign_in("maya", "an entirely new password", address="10.0.0.1")


async def test_desk_actions_are_audited_with_who_what_and_which_door(services: Services) -> None:
    turn = await services.pipeline.handle(InboundMessage(channel="api", sender_id="ana", text=ASK))
    conversation_id, assignee = turn.conversation.id, turn.decision.assignee
    assert assignee is not None

    await services.desk.reply(conversation_id, staff_id=assignee.id, text="Hi Ana!")
    await services.desk.resolve(conversation_id, staff_id=assignee.id, via="slack")

    log = await services.accounts.audit_log(conversation_id=conversation_id)
    assert [(e.staff_id, e.action, e.via) for e in log] == [
        (assignee.id, "resolve", "slack"), (assignee.id, "reply", "inbox"), (assignee.id, "claim", "inbox")]
