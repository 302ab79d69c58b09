"""What staff do with a conversation: claim it, reply, resolve it, reassign it, or hand it back to the bot.

Used by the built-in staff inbox and the Slack app: both are only front doors to this. Each action is
checked against the person's role (``permissions``) and written to the audit log, with the door it came
through (``via``: inbox, slack).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime

from warmline.domain import (
    AuditEntry,
    Author,
    Bot,
    ConflictError,
    Conversation,
    ConversationState,
    HandoffStatus,
    Message,
    NotFoundError,
    PermissionDeniedError,
    Promise,
    Reply,
    StaffMember,
    ValidationError,
)
from warmline.engine.customer.outbound import Outbound
from warmline.engine.staff.casefile import CaseFile, ConversationDetail
from warmline.engine.staff.mail_updates import MailUpdates
from warmline.engine.staff.permissions import check_may_oversee, check_may_work, role_of
from warmline.engine.staff.promises import PromiseLedger
from warmline.engine.staff.reassignment import move_conversation
from warmline.engine.staff.teaching import find_lesson
from warmline.knowledge import KnowledgeBase, LearnedEntry
from warmline.policy import closing_message
from warmline.store import Store

__all__ = ["ConversationDetail", "StaffDesk"]

logger = logging.getLogger(__name__)

_RECENT_FOR_RETRIES = 50  # a platform retries within minutes: the reply is among the latest messages
_OWNED = {ConversationState.QUEUED, ConversationState.WITH_HUMAN}


class StaffDesk:
    """Staff actions on conversations, each checked against the roster and the conversation's state."""

    def __init__(self, *, bot: Bot, store: Store, knowledge: KnowledgeBase, outbound: Outbound,
                 clock: Callable[[], datetime], ledger: PromiseLedger | None = None,
                 mail: MailUpdates | None = None) -> None:
        self._bot = bot
        self._store = store
        self._knowledge = knowledge
        self._outbound = outbound
        self._clock = clock
        self._ledger = ledger or PromiseLedger(store=store)
        self._mail = mail  # "Email me when it's done", when SMTP is set up
        self._casefile = CaseFile(store=store, knowledge=knowledge)

    def member(self, staff_id: str) -> StaffMember:
        """The roster entry for ``staff_id``; only people on the roster may act."""
        member = self._bot.staff_member(staff_id)
        if member is None:
            raise PermissionDeniedError(f"{staff_id!r} is not on the roster of {self._bot.display_name}")
        return member

    async def _allowed(self, staff_id: str, conversation_id: str) -> tuple[StaffMember, Conversation]:
        """The roster member and the conversation, if their role lets them work it (else 403)."""
        member = self.member(staff_id)
        conversation = await self._store.get_conversation(conversation_id)
        holder = self._bot.staff_member(conversation.assignee_id or "")
        check_may_work(member, role_of(member, await self._store.get_account(member.id)), conversation,
                       holder_name=holder.name if holder else "someone else")
        return member, conversation

    async def _audit(self, member: StaffMember, action: str, conversation_id: str, *, via: str,
                     detail: str = "") -> None:
        await self._store.add_audit(AuditEntry(id=None, at=self._clock(), staff_id=member.id, action=action,
                                               conversation_id=conversation_id, via=via, detail=detail))

    async def claim(self, conversation_id: str, *, staff_id: str, via: str = "inbox") -> Conversation:
        """Take the conversation: the bot goes silent and the customer is told who joined."""
        member, conversation = await self._allowed(staff_id, conversation_id)
        if conversation.state is ConversationState.WITH_HUMAN:
            if conversation.assignee_id == member.id:
                return conversation
            holder = self._bot.staff_member(conversation.assignee_id or "")
            raise ConflictError(f"{holder.name if holder else 'someone else'} already has this conversation")
        conversation = await self._store.set_state(
            conversation_id, state=ConversationState.WITH_HUMAN, assignee_id=member.id,
            expected={ConversationState.BOT, ConversationState.QUEUED, ConversationState.RESOLVED})
        await self._settle_handoff(conversation_id, HandoffStatus.CLAIMED, assignee_id=member.id)
        self._outbound.publish_state(conversation)
        await self._outbound.send(conversation, [Reply(text=f"{member.first_name} has joined the conversation.")],
                                  author=Author.SYSTEM)
        await self._audit(member, "claim", conversation_id, via=via)
        return conversation

    async def reply(self, conversation_id: str, *, staff_id: str, text: str,
                    source_id: str | None = None, via: str = "inbox") -> Message:
        """Send a staff reply to the customer (claiming the conversation first if nobody has).

        ``source_id`` is the reply's id on the staff platform (a Slack message's ``slack:channel:ts``): a
        platform retry of the same reply — on any worker — returns the stored one and sends nothing again.
        """
        if not text.strip():
            raise ValidationError("a reply cannot be empty", field="text", expected="some text")
        member, conversation = await self._allowed(staff_id, conversation_id)
        if conversation.state is not ConversationState.WITH_HUMAN or conversation.assignee_id != member.id:
            conversation = await self.claim(conversation_id, staff_id=member.id, via=via)
        try:
            [message] = await self._outbound.send(conversation, [Reply(text=text.strip())], author=Author.STAFF,
                                                  staff_id=member.id, external_id=source_id)
        except ConflictError:
            relayed = await self._already_relayed(conversation_id, source_id)
            if relayed is None:
                raise
            logger.info("staff reply %s was already relayed; not sent again", source_id)
            return relayed
        await self._keep_promises(conversation_id)
        if self._mail is not None:
            await self._mail.after_staff_reply(conversation_id, staff_name=member.name, text=text.strip())
        # "I'll get back to you by 3pm" is a promise too: on the ledger, as this person's.
        await self._ledger.record_commitment(conversation_id, member=member, text=text, at=self._clock())
        await self._audit(member, "reply", conversation_id, via=via, detail=f"message {message.id}")
        return message

    async def resolve(self, conversation_id: str, *, staff_id: str, done: Collection[str] = (),
                      via: str = "inbox") -> Conversation:
        """Close the conversation warmly and ask whether the customer liked how it went.

        Closing keeps no promise by itself: ``done`` names the staff commitments whose promised thing
        happened (asked at resolve time); the others stay open and count as broken if their time passes.
        """
        member, _ = await self._allowed(staff_id, conversation_id)
        sorted_out = await self._replied_since_handoff(conversation_id)  # before the handoff is settled
        open_commitments = await self.open_commitments(conversation_id)
        unknown = set(done) - {p.id for p in open_commitments}
        if unknown:
            raise ValidationError(f"not an open commitment of this conversation: {', '.join(sorted(unknown))}",
                                  field="done", expected="ids of the conversation's open staff commitments")
        conversation = await self._store.set_state(conversation_id, state=ConversationState.RESOLVED,
                                                   expected=_OWNED)
        await self._settle_handoff(conversation_id, HandoffStatus.RESOLVED)
        for promise in open_commitments:
            if promise.id in done:
                await self._ledger.confirm(promise, done=True, at=self._clock())
        if self._mail is not None:
            await self._mail.after_resolve(conversation_id)
        self._outbound.publish_state(conversation)
        customer = await self._store.get_customer(conversation.customer_id)
        said = [m.text for m in await self._store.messages(conversation_id, limit=_RECENT_FOR_RETRIES)
                if m.author is Author.BOT]
        closing = closing_message(customer=customer, bot=self._bot, sorted_out=sorted_out, said=said)
        await self._outbound.send(conversation, [closing], author=Author.BOT)
        await self._audit(member, "resolve", conversation_id, via=via, detail=f"kept {len(done)} commitment(s)")
        return conversation

    async def _replied_since_handoff(self, conversation_id: str) -> bool:
        """Whether a person wrote to the customer since the case was handed over (else nothing was sorted)."""
        handoff = await self._store.active_handoff(conversation_id)
        since = handoff.created_at if handoff is not None else None
        return any(m.author is Author.STAFF and (since is None or m.created_at >= since)
                   for m in await self._store.messages(conversation_id, limit=_RECENT_FOR_RETRIES))

    async def reassign(self, conversation_id: str, *, staff_id: str, to_staff_id: str,
                       via: str = "inbox") -> Conversation:
        """A lead or owner gives the conversation to someone else on the roster; they and the customer are told."""
        actor, target = self.member(staff_id), self.member(to_staff_id)
        check_may_oversee(actor, role_of(actor, await self._store.get_account(actor.id)), what="reassign")
        conversation = await move_conversation(conversation_id, actor=actor, target=target, bot=self._bot,
                                               store=self._store, outbound=self._outbound)
        await self._audit(actor, "reassign", conversation_id, via=via, detail=f"to {target.id}")
        return conversation

    async def teach(self, conversation_id: str, *, staff_id: str, question: str | None = None,
                    answer: str | None = None, via: str = "inbox") -> LearnedEntry:
        """"Add to knowledge": the customer's question the bot could not answer, with the staff reply to it
        (or the given ones), becomes ``learned/<slug>.yaml``, answered by the bot from now on."""
        member, conversation = await self._allowed(staff_id, conversation_id)
        customer = await self._store.get_customer(conversation.customer_id)
        lesson = find_lesson(await self._store.messages(conversation_id), await self._store.decisions(conversation_id),
                             staff_id=member.id, bot=self._bot, customer_first_name=customer.first_name,
                             question=question, answer=answer)
        # Embedding and refitting take a moment of CPU: off the event loop, so other chats keep flowing.
        entry = await asyncio.to_thread(self._knowledge.add_learned, question=lesson.question, answer=lesson.answer,
                                        taught_by=member.id, conversation_id=conversation_id, taught_at=self._clock())
        logger.info("%s taught %s from %s", member.id, entry.source, conversation_id)
        await self._audit(member, "teach", conversation_id, via=via, detail=entry.source)
        return entry

    async def hand_back(self, conversation_id: str, *, staff_id: str, via: str = "inbox") -> Conversation:
        """Give the conversation back to the bot (an explicit staff action, DESIGN.md)."""
        member, _ = await self._allowed(staff_id, conversation_id)
        conversation = await self._store.set_state(conversation_id, state=ConversationState.BOT,
                                                   assignee_id=None, expected=_OWNED)
        await self._settle_handoff(conversation_id, HandoffStatus.RETURNED)
        self._outbound.publish_state(conversation)
        await self._outbound.send(conversation, [Reply(
            text=f"{member.first_name} handed you back to {self._bot.display_name}'s assistant. "
                 "Ask me anything, or ask for a person again at any time.")], author=Author.SYSTEM)
        await self._audit(member, "hand_back", conversation_id, via=via)
        return conversation

    async def detail(self, conversation_id: str) -> ConversationDetail:
        """The conversation with the customer's whole cross-channel history and the handoff context."""
        return await self._casefile.read(conversation_id)

    async def _already_relayed(self, conversation_id: str, source_id: str | None) -> Message | None:
        if source_id is None:
            return None
        recent = await self._store.messages(conversation_id, limit=_RECENT_FOR_RETRIES)
        return next((m for m in recent if m.external_id == source_id), None)

    async def retry_delivery(self, conversation_id: str, delivery_id: str, *, staff_id: str,
                             via: str = "inbox") -> None:
        """Put a parked (undelivered) reply of this conversation back in line for delivery."""
        member, _ = await self._allowed(staff_id, conversation_id)
        parked = await self._store.parked_outbox(conversation_id=conversation_id)
        if not any(item.id == delivery_id for item in parked):
            raise NotFoundError("undelivered reply of this conversation", delivery_id)
        await self._store.retry_parked(delivery_id)
        logger.info("%s sent undelivered reply %s again", staff_id, delivery_id)
        await self._audit(member, "retry_delivery", conversation_id, via=via, detail=delivery_id)

    async def _settle_handoff(self, conversation_id: str, status: HandoffStatus, *,
                              assignee_id: str | None = None) -> None:
        handoff = await self._store.active_handoff(conversation_id)
        if handoff is None:
            return
        now = self._clock()
        changes: dict[str, object] = {"status": status}
        if status is HandoffStatus.CLAIMED:
            changes.update(claimed_at=now, assignee_id=assignee_id or handoff.assignee_id)
        else:
            changes["resolved_at"] = now
        await self._store.update_handoff(replace(handoff, **changes))  # type: ignore[arg-type]

    async def open_commitments(self, conversation_id: str) -> list[Promise]:
        """What staff promised in this conversation and nobody has confirmed yet (asked at resolve time)."""
        promises = await self._store.promises(conversation_id=conversation_id, open_only=True)
        return [p for p in promises if p.source is Author.STAFF]

    async def _keep_promises(self, conversation_id: str) -> None:
        """A staff reply keeps the promise that a person would reply; late, it counts as broken."""
        await self._ledger.keep_open(conversation_id, at=self._clock())
