"""``SqlStore``: the ``Store`` on SQLAlchemy 2 (async), for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TypeVar

from ._conversations import ConversationRepository
from ._customers import CustomerRepository
from ._feedback import FeedbackRepository
from ._handoffs import HandoffRepository
from ._interface import Store
from ._messages import MessageRepository
from ._outbox import OutboxRepository
from ._reports import ReportRepository
from ._staff_threads import StaffThreadRepository
from .accounts import AccountRepository
from .database import Database
from .orders import OrderRepository

__all__ = ["SqlStore", "create_store"]

_Store = TypeVar("_Store", bound=type)
_NOT_OPERATIONS = frozenset({"start", "close"})


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _operations_run_whole(cls: _Store) -> _Store:
    """Route each public coroutine method of ``cls`` through ``Database.run`` (on SQLite: the store's thread)."""
    for name in dir(cls):
        method = getattr(cls, name)
        if name.startswith("_") or name in _NOT_OPERATIONS or not inspect.iscoroutinefunction(method):
            continue
        setattr(cls, name, _run_whole(method))
    return cls


def _run_whole(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def operation(self: SqlStore, *args: Any, **kwargs: Any) -> Any:
        return await self._db.run(functools.partial(method, self, *args, **kwargs))

    return operation


@_operations_run_whole
class SqlStore(CustomerRepository, ConversationRepository, MessageRepository, HandoffRepository,
               OutboxRepository, StaffThreadRepository, FeedbackRepository, ReportRepository, OrderRepository,
               AccountRepository):
    """The store on a SQL database, its schema kept current by the bundled Alembic migrations.

    ``url`` may be ``sqlite:///path/to/file.db`` or ``postgresql://user:password@host/db``
    (async drivers are filled in: aiosqlite, asyncpg). ``clock`` stamps rows that carry no time of
    their own (tests pass a fixed clock). Call ``start()`` before use and ``close()`` after, or use
    ``async with SqlStore(url) as store``.
    """

    def __init__(self, url: str, *, clock: Callable[[], datetime] | None = None) -> None:
        self._db = Database(url)
        self._clock = clock or _utcnow

    @property
    def url(self) -> str:
        """The normalised (async-driver) database URL."""
        return self._db.url

    async def start(self) -> None:
        """Create the SQLite folder, run pending migrations (``upgrade head``), open the pool.

        Calling it again while started does nothing.
        """
        await self._db.start()

    async def close(self) -> None:
        """Release connections."""
        await self._db.close()

    async def __aenter__(self) -> SqlStore:
        await self.start()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        traceback: TracebackType | None) -> None:
        await self.close()


def create_store(url: str, *, clock: Callable[[], datetime] | None = None) -> Store:
    """The store for a database URL (not started yet: ``await store.start()``), stamping rows by ``clock``."""
    return SqlStore(url, clock=clock)
