"""Who may act on which conversation (pure rules, no I/O).

Owners and leads act on any case and reassign; agents work only their own cases and unassigned ones, so a
case promised to Maya cannot be taken, answered or closed by someone else behind her back.
"""

from __future__ import annotations

from warmline.domain import Conversation, PermissionDeniedError, StaffAccount, StaffMember, StaffRole

__all__ = ["check_may_oversee", "check_may_work", "role_of"]


def role_of(member: StaffMember, account: StaffAccount | None) -> StaffRole:
    """The person's role: their account's; without an account (a Slack-only roster member), a roster
    ``lead`` is a lead and everyone else an agent (never an owner: owners are made with ``warmline staff``)."""
    if account is not None:
        return account.role
    return StaffRole.LEAD if member.lead else StaffRole.AGENT


def check_may_work(member: StaffMember, role: StaffRole, conversation: Conversation, *, holder_name: str) -> None:
    """``PermissionDeniedError`` unless ``member`` may act on ``conversation``."""
    if role.oversees or conversation.assignee_id in (None, member.id):
        return
    raise PermissionDeniedError(f"this conversation is {holder_name}'s: as an agent you can work your own and "
                                "unassigned conversations; ask a lead or owner to reassign it to you")


def check_may_oversee(member: StaffMember, role: StaffRole, *, what: str) -> None:
    """``PermissionDeniedError`` unless ``member`` is a lead or owner."""
    if not role.oversees:
        raise PermissionDeniedError(f"only leads and owners can {what}; {member.name} is an {role.value}")
