"""Conversations and their compare-and-set state changes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from warmline.domain import ConflictError, Conversation, ConversationState, NotFoundError, new_id

from ._base import Repository
from ._convert import conversation_from_row
from ._models import ConversationRow, CustomerRow

__all__ = ["ConversationRepository", "open_conversation"]


async def _latest(session: AsyncSession, customer_id: str, channel: str) -> ConversationRow | None:
    return await session.scalar(
        select(ConversationRow)
        .where(ConversationRow.customer_id == customer_id, ConversationRow.channel == channel)
        .order_by(ConversationRow.created_at.desc(), ConversationRow.id.desc()).limit(1))


async def open_conversation(session: AsyncSession, *, customer: CustomerRow, channel: str,
                            now: datetime) -> ConversationRow:
    """In a write transaction, ``customer`` locked (``with_for_update``: that serialises concurrent first
    messages; on SQLite BEGIN IMMEDIATE does): their latest conversation on ``channel``, opened if none."""
    row = await _latest(session, customer.id, channel)
    if row is None:
        row = ConversationRow(id=new_id(), customer_id=customer.id, channel=channel,
                              state=ConversationState.BOT.value, assignee_id=None, created_at=now, updated_at=now)
        session.add(row)
    return row


class ConversationRepository(Repository):
    """Opening, reading and moving conversations between states."""

    async def current_conversation(self, *, customer_id: str, channel: str) -> Conversation:
        """The customer's latest conversation on this channel, opened (state ``bot``) if there is none.

        Whatever its state, the latest one is returned; ``NotFoundError`` if the customer is unknown.
        """
        async with self._db.read() as session:
            row = await _latest(session, customer_id, channel)
            if row is not None:
                return conversation_from_row(row)
        async with self._db.write() as session:
            customer = await session.get(CustomerRow, customer_id, with_for_update=True)
            if customer is None:
                raise NotFoundError("customer", customer_id)
            return conversation_from_row(await open_conversation(session, customer=customer, channel=channel,
                                                                 now=self._now()))

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
