"""Messages (idempotent on the platform's message id) and the decisions taken on them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from warmline.domain import ChannelIdentity, Decision, Message

from ._base import Repository, retry_on_conflict
from ._conversations import open_conversation
from ._convert import (
    citations_to_json,
    conversation_from_row,
    decision_from_row,
    decision_values,
    message_from_row,
    post_to_json,
)
from ._customers import identity_customer, locked_customer, with_identities
from ._interface import Arrival
from ._models import ConversationRow, DecisionRow, MessageRow, as_utc
from .database import execute, fetch_all, fetch_first, insert_values

__all__ = ["MessageRepository", "message_values", "touch_conversations"]


_MESSAGES: Table = MessageRow.__table__  # type: ignore[assignment]
_DECISIONS: Table = DecisionRow.__table__  # type: ignore[assignment]
_CONVERSATIONS: Table = ConversationRow.__table__  # type: ignore[assignment]
# The statements of a customer's every message, built once and read as plain rows (no ORM objects).
_BY_EXTERNAL_ID = select(_MESSAGES).where(_MESSAGES.c.channel == bindparam("b_channel"),
                                          _MESSAGES.c.external_id == bindparam("b_external_id"))
_TOUCH = (update(_CONVERSATIONS).where(_CONVERSATIONS.c.id == bindparam("b_conversation_id"))
          .values(updated_at=bindparam("b_now")))
_NEWEST_IN_CONVERSATION = (select(_MESSAGES).where(_MESSAGES.c.conversation_id == bindparam("b_conversation_id"))
                           .order_by(_MESSAGES.c.created_at.desc(), _MESSAGES.c.seq.desc())
                           .limit(bindparam("b_limit")))


async def _by_external_id(session: AsyncSession, channel: str, external_id: str) -> Message | None:
    row = await fetch_first(session, _BY_EXTERNAL_ID, {"b_channel": channel, "b_external_id": external_id})
    return None if row is None else message_from_row(row)


def message_values(message: Message) -> dict[str, Any]:
    """The column values of a message's new row."""
    return {"id": message.id, "conversation_id": message.conversation_id, "author": message.author.value,
            "text": message.text, "channel": message.channel, "external_id": message.external_id,
            "staff_id": message.staff_id, "choices": list(message.choices),
            "citations": citations_to_json(message.citations), "post": post_to_json(message.post),
            "created_at": message.created_at}


async def _oldest_first(session: AsyncSession, query: Select[Any], limit: int | None) -> list[Message]:
    """The last ``limit`` messages of ``query`` (a select of the messages table; all when ``None``), oldest
    first."""
    if limit is None:
        rows = (await session.execute(query.order_by(_MESSAGES.c.created_at, _MESSAGES.c.seq))).all()
        return [message_from_row(row) for row in rows]
    newest = query.order_by(_MESSAGES.c.created_at.desc(), _MESSAGES.c.seq.desc()).limit(limit)
    rows = (await session.execute(newest)).all()
    return [message_from_row(row) for row in reversed(rows)]


async def _recent(session: AsyncSession, conversation_id: str, limit: int) -> list[Message]:
    """The conversation's last ``limit`` messages, oldest first (``_oldest_first``'s statement, built once)."""
    rows = await fetch_all(session, _NEWEST_IN_CONVERSATION, {"b_conversation_id": conversation_id,
                                                              "b_limit": limit})
    return [message_from_row(row) for row in reversed(rows)]


async def touch_conversations(session: AsyncSession, conversation_ids: Iterable[str], *, now: datetime) -> None:
    """Mark conversations as updated at ``now`` (one statement, executed once per conversation)."""
    await execute(session, _TOUCH, [{"b_conversation_id": cid, "b_now": now} for cid in conversation_ids])


async def _insert(session: AsyncSession, message: Message, *, now: datetime) -> None:
    """Add a message and mark its conversation as updated."""
    await insert_values(session, _MESSAGES, [message_values(message)])
    await touch_conversations(session, [message.conversation_id], now=now)


class MessageRepository(Repository):
    """Messages and decisions of conversations."""

    async def add_message(self, message: Message) -> tuple[Message, bool]:
        """Store a message; idempotent on (channel, external_id). Returns (stored, created).

        A message whose platform id is already stored is not stored again: the first copy comes
        back with ``created=False``, also when the copies arrive at the same moment. Storing a
        message marks its conversation as updated. ``NotFoundError`` for an unknown conversation.
        """
        message = replace(message, created_at=as_utc(message.created_at))
        external_id = message.external_id
        if external_id is not None:
            async with self._db.read() as session:
                existing = await _by_external_id(session, message.channel, external_id)
            if existing is not None:
                return existing, False
        try:
            async with self._db.write() as session:
                if external_id is not None:
                    existing = await _by_external_id(session, message.channel, external_id)
                    if existing is not None:
                        return existing, False
                await _insert(session, message, now=self._now())
        except IntegrityError:
            if external_id is not None:  # a concurrent copy won the race (PostgreSQL)
                async with self._db.read() as session:
                    existing = await _by_external_id(session, message.channel, external_id)
                if existing is not None:
                    return existing, False
            await self._require_conversation(message.conversation_id)
            raise
        return message, True

    async def receive(self, message: Message, *, identity: ChannelIdentity, name: str | None = None,
                      customer_id: str | None = None, history: int = 0) -> Arrival:
        """A customer's message arriving, in ONE write transaction: the customer behind ``identity`` (created on
        first contact, as ``customer_for_identity``), their current conversation on the message's channel
        (opened if none, as ``current_conversation``) and the message stored in it (its ``conversation_id`` is
        filled in; idempotent on (channel, external_id), as ``add_message``).

        Committed before it returns, so a caller acknowledges only what is stored. A copy already stored comes
        back with ``created=False`` and the conversation it was stored in. ``recent`` holds the conversation's
        last ``history`` messages afterwards (as ``messages(limit=history)`` would return them), so a turn needs
        no second read for its context.
        """
        message = replace(message, created_at=as_utc(message.created_at))

        async def arrive() -> Arrival:
            async with self._db.write() as session:
                now = self._now()
                owner = await identity_customer(session, identity, name=name, customer_id=customer_id, now=now)
                customer_row = await locked_customer(session, owner)  # found or created just above
                conversation = await open_conversation(session, customer_id=owner, channel=message.channel,
                                                       now=now)
                stored = replace(message, conversation_id=conversation.id)
                existing = (None if message.external_id is None
                            else await _by_external_id(session, message.channel, message.external_id))
                if existing is None:
                    await _insert(session, stored, now=now)
                elif existing.conversation_id != conversation.id:
                    earlier = await session.get(ConversationRow, existing.conversation_id)
                    conversation = conversation if earlier is None else conversation_from_row(earlier)
                customer = await with_identities(session, customer_row)
                recent = await _recent(session, conversation.id, history) if history else []
                return Arrival(customer=customer, conversation=conversation, message=existing or stored,
                               created=existing is None, recent=tuple(recent))

        # PostgreSQL: a concurrent first contact or copy of this message won a unique-key race; the retry
        # finds its rows. (SQLite serialises write transactions: never.)
        return await retry_on_conflict(arrive)

    async def messages(self, conversation_id: str, *, limit: int | None = None) -> list[Message]:
        """Messages of a conversation, oldest first (the last ``limit`` when given)."""
        query = select(_MESSAGES).where(_MESSAGES.c.conversation_id == conversation_id)
        async with self._db.read() as session:
            return await _oldest_first(session, query, limit)

    async def customer_history(self, customer_id: str, *, limit: int = 200) -> list[Message]:
        """Every message of a customer across channels, oldest first (the last ``limit`` of them)."""
        query = (select(_MESSAGES)
                 .join(_CONVERSATIONS, _CONVERSATIONS.c.id == _MESSAGES.c.conversation_id)
                 .where(_CONVERSATIONS.c.customer_id == customer_id))
        async with self._db.read() as session:
            return await _oldest_first(session, query, limit)

    async def add_decision(self, decision: Decision) -> Decision:
        """Store a decision (it carries its conversation and message ids); returns it time-stamped.

        ``NotFoundError`` if its conversation is unknown.
        """
        values = decision_values(decision, created_at=self._now())
        try:
            async with self._db.write() as session:
                await insert_values(session, _DECISIONS, [values])
        except IntegrityError:
            await self._require_conversation(decision.conversation_id)
            raise
        return replace(decision, created_at=as_utc(values["created_at"]))

    async def decisions(self, conversation_id: str) -> list[Decision]:
        """Decisions of a conversation, oldest first."""
        query = (select(DecisionRow).where(DecisionRow.conversation_id == conversation_id)
                 .order_by(DecisionRow.created_at, DecisionRow.seq))
        async with self._db.read() as session:
            rows = (await session.scalars(query)).all()
        return [decision_from_row(row) for row in rows]
