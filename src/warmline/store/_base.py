"""What every repository of the SQL store shares: the database, the clock, and error translation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from warmline.domain import NotFoundError

from ._models import ConversationRow, as_utc
from .database import Database

__all__ = ["Repository", "retry_on_conflict"]

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
