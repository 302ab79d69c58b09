"""Conversations and their compare-and-set state changes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from warmline.domain import ConflictError, Conversation, ConversationState, NotFoundError, new_id

from ._base import Repository
from ._convert import conversation_from_row
from ._models import ConversationRow, CustomerRow
from .database import fetch_first, insert_values

__all__ = ["ConversationRepository", "open_conversation"]


_CONVERSATIONS: Table = ConversationRow.__table__  # type: ignore[assignment]
_LATEST = (select(_CONVERSATIONS)
           .where(_CONVERSATIONS.c.customer_id == bindparam("b_customer_id"),
                  _CONVERSATIONS.c.channel == bindparam("b_channel"))
           .order_by(_CONVERSATIONS.c.created_at.desc(), _CONVERSATIONS.c.id.desc()).limit(1))


async def _latest(session: AsyncSession, customer_id: str, channel: str) -> Conversation | None:
    row = await fetch_first(session, _LATEST, {"b_customer_id": customer_id, "b_channel": channel})
    return None if row is None else conversation_from_row(row)


async def open_conversation(session: AsyncSession, *, customer_id: str, channel: str,
                            now: datetime) -> Conversation:
    """In a write transaction, the customer's row locked (``locked_customer``: that serialises concurrent
    first messages; on SQLite BEGIN IMMEDIATE does): their latest conversation on ``channel``, opened if none."""
    latest = await _latest(session, customer_id, channel)
    if latest is not None:
        return latest
    opened = Conversation(id=new_id(), customer_id=customer_id, channel=channel, state=ConversationState.BOT,
                          assignee_id=None, created_at=now, updated_at=now)
    await insert_values(session, _CONVERSATIONS, [{
        "id": opened.id, "customer_id": customer_id, "channel": channel, "state": opened.state.value,
        "assignee_id": None, "created_at": now, "updated_at": now}])
    return opened


class ConversationRepository(Repository):
    """Opening, reading and moving conversations between states."""

    async def current_conversation(self, *, customer_id: str, channel: str) -> Conversation:
        """The customer's latest conversation on this channel, opened (state ``bot``) if there is none.

        Whatever its state, the latest one is returned; ``NotFoundError`` if the customer is unknown.
        """
        async with self._db.read() as session:
            latest = await _latest(session, customer_id, channel)
            if latest is not None:
                return latest
        async with self._db.write() as session:
            customer = await session.get(CustomerRow, customer_id, with_for_update=True)
            if customer is None:
                raise NotFoundError("customer", customer_id)
            return await open_conversation(session, customer_id=customer_id, channel=channel, now=self._now())

    async def get_conversation(self, conversation_id: str) -> Conversation:
        """One conversation; ``NotFoundError`` if unknown."""
        async with self._db.read() as session:
            row = await session.get(ConversationRow, conversation_id)
        if row is None:
            raise NotFoundError("conversation", conversation_id)
        return conversation_from_row(row)

    async def set_state(self, conversation_id: str, *, state: ConversationState,
                        assignee_id: str | None = None,
                        expected: Collection[ConversationState] | None = None) -> Conversation:
        """Move a conversation to ``state`` with ``assignee_id`` (``None`` clears the assignee).

        Compare-and-set: with ``expected``, the change happens only if the current state is one of
        them, atomically, so of two workers claiming one conversation exactly one wins; the other
        gets ``ConflictError`` naming the current state. ``NotFoundError`` for an unknown id.
        """
        statement = update(ConversationRow).where(ConversationRow.id == conversation_id)
        if expected is not None:
            statement = statement.where(ConversationRow.state.in_([s.value for s in expected]))
        statement = (statement.values(state=state.value, assignee_id=assignee_id, updated_at=self._now())
                     .returning(ConversationRow.id)
                     .execution_options(synchronize_session=False))
        async with self._db.write() as session:
            changed = (await session.execute(statement)).scalar_one_or_none()
            row = await session.get(ConversationRow, conversation_id)
            if row is None:
                raise NotFoundError("conversation", conversation_id)
            if changed is None:
                wanted = ", ".join(sorted(s.value for s in expected or ())) or "none"
                raise ConflictError(f"conversation {conversation_id!r} is {row.state}, not one of: "
                                    f"{wanted} (cannot move it to {state.value})")
            return conversation_from_row(row)

    async def list_conversations(self, *, states: Collection[ConversationState] | None = None,
                                 assignee_id: str | None = None,
                                 limit: int = 100) -> list[Conversation]:
        """Conversations, most recently updated first."""
        query = select(ConversationRow)
        if states is not None:
            query = query.where(ConversationRow.state.in_([s.value for s in states]))
        if assignee_id is not None:
            query = query.where(ConversationRow.assignee_id == assignee_id)
        query = query.order_by(ConversationRow.updated_at.desc(), ConversationRow.id.desc()).limit(limit)
        async with self._db.read() as session:
            rows = (await session.scalars(query)).all()
        return [conversation_from_row(row) for row in rows]
