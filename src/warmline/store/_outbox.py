"""The outbox: outbound messages stored with the decision that made them, delivered with retries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update

from warmline.domain import NotFoundError, OutboundMessage, new_id

from ._base import Repository
from ._convert import outbound_to_json, outbox_item_from_row
from ._interface import OutboxItem
from ._models import OutboxRow, as_utc

__all__ = ["OutboxRepository"]


class OutboxRepository(Repository):
    """Enqueue, list what is due, and record each delivery attempt."""

    async def enqueue(self, messages: Sequence[OutboundMessage]) -> list[str]:
        """Put outbound messages in the outbox (in one transaction, due now); returns their ids."""
        if not messages:
            return []
        now = self._now()
        rows = [OutboxRow(id=new_id(), conversation_id=message.conversation_id,
                          message=outbound_to_json(message), attempts=0, next_attempt_at=now,
                          created_at=now, delivered_at=None, parked=False, last_error=None)
                for message in messages]
        async with self._db.write() as session:
            session.add_all(rows)
        return [row.id for row in rows]

    async def due_outbox(self, *, now: datetime, limit: int = 50) -> list[OutboxItem]:
        """Undelivered, unparked items whose next attempt is due at ``now``, oldest first."""
        query = (select(OutboxRow)
                 .where(OutboxRow.delivered_at.is_(None), OutboxRow.parked.is_(False),
                        OutboxRow.next_attempt_at <= as_utc(now))
                 .order_by(OutboxRow.seq).limit(limit))
        async with self._db.read() as session:
            rows = (await session.scalars(query)).all()
        return [outbox_item_from_row(row) for row in rows]

    async def mark_delivered(self, item_id: str) -> None:
        """Record a successful delivery (counted as an attempt); ``NotFoundError`` if unknown."""
        await self._update(item_id, attempts=OutboxRow.attempts + 1, delivered_at=self._now())

    async def mark_failed(self, item_id: str, *, error: str, retry_at: datetime | None) -> None:
        """Record a failed attempt and when to try again; ``retry_at=None`` parks the item for staff."""
        if retry_at is None:
            await self._update(item_id, attempts=OutboxRow.attempts + 1, last_error=error, parked=True)
        else:
            await self._update(item_id, attempts=OutboxRow.attempts + 1, last_error=error,
                               next_attempt_at=as_utc(retry_at))

    async def _update(self, item_id: str, **values: object) -> None:
        statement = (update(OutboxRow).where(OutboxRow.id == item_id).values(**values)
                     .returning(OutboxRow.id).execution_options(synchronize_session=False))
        async with self._db.write() as session:
            if (await session.execute(statement)).scalar_one_or_none() is None:
                raise NotFoundError("outbox item", item_id)
