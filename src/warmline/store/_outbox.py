"""The outbox: outbound messages stored with the messages they carry, delivered with retries.

Several workers may deliver from one database: ``due_outbox`` *leases* what it returns, so another
worker leaves those items alone until the lease runs out (a worker that died mid-send is covered by
the lease expiring, and its items go out from another worker).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from warmline.domain import ConflictError, Message, NotFoundError, OutboundMessage, new_id

from ._base import Repository
from ._convert import outbound_to_json, outbox_item_from_row
from ._interface import OutboxItem
from ._messages import message_to_row
from ._models import ConversationRow, OutboxRow, as_utc

__all__ = ["OutboxRepository"]


class OutboxRepository(Repository):
    """Enqueue (alone or with the messages), lease what is due, record attempts, list what is parked."""

    async def enqueue(self, messages: Sequence[OutboundMessage]) -> list[str]:
        """Put outbound messages in the outbox (in one transaction, due now); returns their ids."""
        if not messages:
            return []
        async with self._db.write() as session:
            return self._add_outbox_rows(session, messages)

    async def add_messages(self, messages: Sequence[Message], *,
                           outbox: Sequence[OutboundMessage] = ()) -> list[Message]:
        """Store the shop's messages and queue their deliveries in ONE transaction (a transactional outbox).

        Either both are stored or neither is, so a crash can never leave a stored reply that is never
        sent, nor a queued delivery of a reply that is not in the history. ``NotFoundError`` for an
        unknown conversation, ``ConflictError`` if a message id is already stored.
        """
        if not messages:
            return []
        await self._require_conversation(messages[0].conversation_id)
        now = self._now()
        messages = [replace(m, created_at=as_utc(m.created_at)) for m in messages]
        try:
            async with self._db.write() as session:
                session.add_all([message_to_row(m) for m in messages])
                await session.flush()
                self._add_outbox_rows(session, outbox)
                await session.execute(update(ConversationRow)
                                      .where(ConversationRow.id.in_({m.conversation_id for m in messages}))
                                      .values(updated_at=now).execution_options(synchronize_session=False))
        except IntegrityError as exc:
            raise ConflictError("one of these messages is already stored (same id); nothing was stored") from exc
        return list(messages)

    def _add_outbox_rows(self, session: AsyncSession, messages: Sequence[OutboundMessage]) -> list[str]:
        now = self._now()
        rows = [OutboxRow(id=new_id(), conversation_id=message.conversation_id,
                          message=outbound_to_json(message), attempts=0, next_attempt_at=now,
                          created_at=now, delivered_at=None, parked=False, last_error=None)
                for message in messages]
        session.add_all(rows)
        return [row.id for row in rows]

    async def due_outbox(self, *, now: datetime, limit: int = 50, lease_seconds: float = 60.0) -> list[OutboxItem]:
        """Lease and return undelivered, unparked items due at ``now``, oldest first.

        Items leased by another worker (``leased_until`` in the future) are skipped; the lease ends
        with ``mark_delivered``/``mark_failed`` or after ``lease_seconds``.
        """
        now = as_utc(now)
        query = (select(OutboxRow)
                 .where(OutboxRow.delivered_at.is_(None), OutboxRow.parked.is_(False),
                        OutboxRow.next_attempt_at <= now,
                        (OutboxRow.leased_until.is_(None)) | (OutboxRow.leased_until <= now))
                 .order_by(OutboxRow.seq).limit(limit))
        if not self._db.is_sqlite:  # SQLite's BEGIN IMMEDIATE already serialises writers
            query = query.with_for_update(skip_locked=True)
        async with self._db.write() as session:
            rows = (await session.scalars(query)).all()
            if rows:
                await session.execute(update(OutboxRow).where(OutboxRow.id.in_([r.id for r in rows]))
                                      .values(leased_until=now + timedelta(seconds=lease_seconds))
                                      .execution_options(synchronize_session=False))
            return [outbox_item_from_row(row) for row in rows]

    async def mark_delivered(self, item_id: str) -> None:
        """Record a successful delivery (counted as an attempt); ``NotFoundError`` if unknown."""
        await self._update(item_id, attempts=OutboxRow.attempts + 1, delivered_at=self._now(), leased_until=None)

    async def mark_failed(self, item_id: str, *, error: str, retry_at: datetime | None) -> None:
        """Record a failed attempt and when to try again; ``retry_at=None`` parks the item for staff."""
        if retry_at is None:
            await self._update(item_id, attempts=OutboxRow.attempts + 1, last_error=error, parked=True,
                               parked_at=self._now(), leased_until=None)
        else:
            await self._update(item_id, attempts=OutboxRow.attempts + 1, last_error=error,
                               next_attempt_at=as_utc(retry_at), leased_until=None)

    async def parked_outbox(self, *, conversation_id: str | None = None, limit: int = 100) -> list[OutboxItem]:
        """Parked (undeliverable) items, oldest first, for staff to see and act on."""
        query = select(OutboxRow).where(OutboxRow.parked.is_(True), OutboxRow.delivered_at.is_(None))
        if conversation_id is not None:
            query = query.where(OutboxRow.conversation_id == conversation_id)
        async with self._db.read() as session:
            rows = (await session.scalars(query.order_by(OutboxRow.seq).limit(limit))).all()
        return [outbox_item_from_row(row) for row in rows]

    async def retry_parked(self, item_id: str) -> None:
        """Put a parked item back in line, due now (staff fixed the cause); ``NotFoundError`` if unknown."""
        await self._update(item_id, parked=False, parked_at=None, next_attempt_at=self._now(), leased_until=None)

    async def _update(self, item_id: str, **values: object) -> None:
        statement = (update(OutboxRow).where(OutboxRow.id == item_id).values(**values)
                     .returning(OutboxRow.id).execution_options(synchronize_session=False))
        async with self._db.write() as session:
            if (await session.execute(statement)).scalar_one_or_none() is None:
                raise NotFoundError("outbox item", item_id)
