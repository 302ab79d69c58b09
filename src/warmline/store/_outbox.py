"""The outbox: outbound messages stored with the messages they carry, delivered with retries.

Several workers may deliver from one database: ``due_outbox`` *leases* what it returns, so another
worker leaves those items alone until the lease runs out (a worker that died mid-send is covered by
the lease expiring, and its items go out from another worker).

Order within a conversation: an item is handed out only when every earlier undelivered item of its
conversation is handed out with it (or parked), so a reply never overtakes the one before it, even
when that one is waiting for a retry or is being sent by another worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, exists, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from warmline.domain import ConflictError, Decision, Message, NotFoundError, OutboundMessage, new_id

from ._base import Repository
from ._convert import decision_values, outbound_to_json, outbox_item_from_row
from ._interface import OutboxItem
from ._messages import message_values, touch_conversations
from ._models import DecisionRow, MessageRow, OutboxRow, as_utc
from .database import insert_values

__all__ = ["OutboxRepository"]

_MESSAGES: Table = MessageRow.__table__  # type: ignore[assignment]
_OUTBOX: Table = OutboxRow.__table__  # type: ignore[assignment]
_DECISIONS: Table = DecisionRow.__table__  # type: ignore[assignment]


class OutboxRepository(Repository):
    """Enqueue (alone or with the messages), lease what is due, record attempts, list what is parked."""

    async def enqueue(self, messages: Sequence[OutboundMessage]) -> list[str]:
        """Put outbound messages in the outbox (in one transaction, due now); returns their ids."""
        if not messages:
            return []
        rows = self._outbox_values(messages)
        async with self._db.write() as session:
            await insert_values(session, _OUTBOX, rows)
        return [row["id"] for row in rows]

    async def add_messages(self, messages: Sequence[Message], *, outbox: Sequence[OutboundMessage] = (),
                           decision: Decision | None = None) -> list[Message]:
        """Store the shop's messages, queue their deliveries and record the ``decision`` that made them,
        in ONE transaction (a transactional outbox).

        All are stored or none is, so a crash can never leave a stored reply that is never sent, a queued
        delivery of a reply that is not in the history, nor a decision whose replies are missing (a
        redelivered message with no decision is handled again). ``NotFoundError`` for an unknown
        conversation, ``ConflictError`` if a message id is already stored.
        """
        if not messages and decision is None:
            return []
        now = self._now()
        messages = [replace(m, created_at=as_utc(m.created_at)) for m in messages]
        try:
            async with self._db.write() as session:
                await insert_values(session, _MESSAGES, [message_values(m) for m in messages])
                await insert_values(session, _OUTBOX, self._outbox_values(outbox))
                if decision is not None:
                    await insert_values(session, _DECISIONS, [decision_values(decision, created_at=now)])
                await touch_conversations(session, sorted({m.conversation_id for m in messages}), now=now)
        except IntegrityError as exc:
            involved = {m.conversation_id for m in messages} | {decision.conversation_id if decision else None}
            for conversation_id in involved:
                await self._require_conversation(conversation_id)  # NotFoundError explains a foreign-key failure
            raise ConflictError("one of these messages is already stored (same id); nothing was stored") from exc
        return list(messages)

    def _outbox_values(self, messages: Sequence[OutboundMessage]) -> list[dict[str, Any]]:
        """The column values of the outbox rows that deliver ``messages``, due now."""
        now = self._now()
        return [{"id": new_id(), "conversation_id": message.conversation_id, "message": outbound_to_json(message),
                 "attempts": 0, "next_attempt_at": now, "created_at": now, "delivered_at": None, "parked": False,
                 "last_error": None} for message in messages]

    async def due_outbox(self, *, now: datetime, limit: int = 50, lease_seconds: float = 60.0) -> list[OutboxItem]:
        """Lease and return undelivered, unparked items due at ``now``, oldest first.

        Items leased by another worker (``leased_until`` in the future) are skipped; the lease ends
        with ``mark_delivered``/``mark_failed`` or after ``lease_seconds``.
        """
        now = as_utc(now)
        earlier = aliased(OutboxRow)
        # An earlier item of the same conversation that is waiting for a retry or leased to a worker
        # holds the later ones back (a parked one does not: staff were told, the conversation goes on).
        held_back = exists().where(
            earlier.conversation_id == OutboxRow.conversation_id, earlier.seq < OutboxRow.seq,
            earlier.delivered_at.is_(None), earlier.parked.is_(False),
            (earlier.next_attempt_at > now) | ((earlier.leased_until.is_not(None)) & (earlier.leased_until > now)))
        query = (select(OutboxRow)
                 .where(OutboxRow.delivered_at.is_(None), OutboxRow.parked.is_(False),
                        OutboxRow.next_attempt_at <= now,
                        (OutboxRow.leased_until.is_(None)) | (OutboxRow.leased_until <= now), ~held_back)
                 .order_by(OutboxRow.seq).limit(limit))
        if not self._db.is_sqlite:  # SQLite's BEGIN IMMEDIATE already serialises writers
            query = query.with_for_update(skip_locked=True)
        async with self._db.write() as session:
            if not self._db.is_sqlite:
                # Leasing is serialised too (a short transaction): otherwise a worker could lease a later
                # item while another holds, uncommitted, the lease on the earlier one.
                await session.execute(text("SELECT pg_advisory_xact_lock(7305514)"))
            rows = (await session.scalars(query)).all()
            if rows:
                await session.execute(update(OutboxRow).where(OutboxRow.id.in_([r.id for r in rows]))
                                      .values(leased_until=now + timedelta(seconds=lease_seconds))
                                      .execution_options(synchronize_session=False))
            return [outbox_item_from_row(row) for row in rows]

    async def release_outbox(self, item_ids: Sequence[str]) -> None:
        """Give back leased items this worker will not send now (unknown ids are ignored)."""
        if not item_ids:
            return
        async with self._db.write() as session:
            await session.execute(update(OutboxRow).where(OutboxRow.id.in_(list(item_ids)))
                                  .values(leased_until=None).execution_options(synchronize_session=False))

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
