"""Giving a waiting or taken conversation to someone else on the roster: the handoff and the open promises
move to them, and the customer is told, with everything they said kept. Who may do it is the desk's check."""

from __future__ import annotations

from dataclasses import replace

from warmline.domain import (
    Author,
    Bot,
    ConflictError,
    Conversation,
    ConversationState,
    HandoffStatus,
    Reply,
    StaffMember,
)
from warmline.engine.customer.outbound import Outbound
from warmline.store import Store

__all__ = ["move_conversation"]


async def move_conversation(conversation_id: str, *, actor: StaffMember, target: StaffMember, bot: Bot,
                            store: Store, outbound: Outbound) -> Conversation:
    """Queue the conversation for ``target``; ``ConflictError`` if nobody owns it or they already do."""
    conversation = await store.get_conversation(conversation_id)
    if not conversation.state.human_owns:
        raise ConflictError("only a conversation waiting for or with a person can be reassigned")
    previous = bot.staff_member(conversation.assignee_id or "")
    if conversation.assignee_id == target.id:
        raise ConflictError(f"{target.name} already has this conversation")
    conversation = await store.set_state(
        conversation_id, state=ConversationState.QUEUED, assignee_id=target.id,
        expected={ConversationState.QUEUED, ConversationState.WITH_HUMAN})
    handoff = await store.active_handoff(conversation_id)
    if handoff is not None:
        await store.update_handoff(replace(handoff, assignee_id=target.id, status=HandoffStatus.OPEN,
                                           claimed_at=None))
    for promise in await store.promises(conversation_id=conversation_id, open_only=True):
        text = promise.text.replace(previous.name, target.name) if previous else promise.text
        await store.update_promise(replace(promise, owner_id=target.id, text=text))
    outbound.publish_state(conversation)
    await outbound.send(conversation, [Reply(
        text=f"{actor.first_name} asked {target.first_name} to take this over, with everything you've told us.")],
        author=Author.SYSTEM)
    return conversation
