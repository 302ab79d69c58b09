"""Roles: owners and leads act on any case and reassign; agents on their own and unassigned ones only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from warmline.domain import (
    Conversation,
    ConversationState,
    PermissionDeniedError,
    StaffAccount,
    StaffMember,
    StaffRole,
)
from warmline.engine.staff.permissions import check_may_oversee, check_may_work, role_of

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEO = StaffMember(id="leo", name="Leo Park")
MAYA = StaffMember(id="maya", name="Maya Lindqvist", lead=True)


def _case(assignee: str | None) -> Conversation:
    return Conversation(id="c-1", customer_id="ana", channel="web", state=ConversationState.QUEUED,
                        assignee_id=assignee, created_at=T0, updated_at=T0)


def test_an_agent_works_their_own_and_unassigned_cases_only() -> None:
    check_may_work(LEO, StaffRole.AGENT, _case("leo"), holder_name="Leo Park")
    check_may_work(LEO, StaffRole.AGENT, _case(None), holder_name="someone else")
    with pytest.raises(PermissionDeniedError, match="Maya Lindqvist's"):
        check_may_work(LEO, StaffRole.AGENT, _case("maya"), holder_name="Maya Lindqvist")


@pytest.mark.parametrize("role", [StaffRole.LEAD, StaffRole.OWNER])
def test_leads_and_owners_work_any_case_and_reassign(role: StaffRole) -> None:
    check_may_work(LEO, role, _case("maya"), holder_name="Maya Lindqvist")
    check_may_oversee(LEO, role, what="reassign")


def test_an_agent_cannot_reassign() -> None:
    with pytest.raises(PermissionDeniedError, match="only leads and owners can reassign"):
        check_may_oversee(LEO, StaffRole.AGENT, what="reassign")


def test_the_account_decides_the_role_and_the_roster_only_without_one() -> None:
    owner = StaffAccount(staff_id="leo", role=StaffRole.OWNER, password_hash="h", created_at=T0,
                         password_changed_at=T0)
    assert role_of(LEO, owner) is StaffRole.OWNER
    assert role_of(LEO, None) is StaffRole.AGENT
    assert role_of(MAYA, None) is StaffRole.LEAD  # a roster lead; never an owner without an account
