"""What every repository of the SQL store shares: the database, the clock, and error translation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from warmline.domain import NotFoundError

from ._models import Base, ConversationRow, as_utc
from .database import Database

__all__ = ["Repository", "insert_rows", "retry_on_conflict"]

T = TypeVar("T")


async def retry_on_conflict(operation: Callable[[], Awaitable[T]], *, attempts: int = 3) -> T:
    """Run a read-then-write ``operation`` again when a concurrent writer won a unique-key race.

    On SQLite write transactions are serialised and this never triggers; on PostgreSQL two workers
    can both see "missing" and both insert, and the loser's retry then finds the winner's row.
    """
    for attempt in range(1, attempts + 1):
        try:
            return await operation()
        except IntegrityError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


async def insert_rows(session: AsyncSession, rows: Sequence[Base]) -> None:
    """Insert new rows, one INSERT per table in the order the tables first appear, as Core statements.

    The turn's writes are a handful of new rows that nothing reads back in the same transaction: a Core
    INSERT on the table skips the identity map, flush bookkeeping and ORM bulk layer the unit of work pays for.
    """
    by_table: dict[tuple[Table, frozenset[str]], list[dict[str, Any]]] = {}
    for row in rows:
        values = {key: value for key, value in vars(row).items() if not key.startswith("_sa_")}
        by_table.setdefault((type(row).__table__, frozenset(values)), []).append(values)  # type: ignore[arg-type]
    for (table, _), batch in by_table.items():
        await session.execute(insert(table), batch)


class Repository:
    """Base of the store's repositories (mixed together into ``SqlStore``)."""

    _db: Database
    _clock: Callable[[], datetime]

    def _now(self) -> datetime:
        return as_utc(self._clock())

    async def _require_conversation(self, conversation_id: str | None) -> None:
        """``NotFoundError`` unless the conversation exists (explains a foreign-key failure)."""
        if conversation_id is None:
            return
        async with self._db.read() as session:
            found = await session.scalar(select(ConversationRow.id).where(ConversationRow.id == conversation_id))
        if found is None:
            raise NotFoundError("conversation", conversation_id)
