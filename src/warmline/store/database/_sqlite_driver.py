"""SQLite for SQLAlchemy's async engine without a thread hop per statement.

aiosqlite, the usual driver, runs every statement (``BEGIN`` and ``COMMIT`` included) on a thread of
its own and wakes the event loop for each result: a turn's dozen statements cost a dozen round trips
between threads, about half of a write transaction's time. Here the connection has aiosqlite's face
(awaitable methods, which SQLAlchemy's aiosqlite dialect expects) but runs ``sqlite3`` directly in the
calling thread. That blocks the thread, so it is only used inside the store's own threads
(``_store_thread``), where each store operation runs whole: one hop per operation instead of one per
statement. The event loop that serves customers never calls it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import make_url

__all__ = ["connect_in_thread"]


class _SyncCursor:
    """A ``sqlite3`` cursor with aiosqlite's awaitable methods."""

    __slots__ = ("_cursor",)

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> _SyncCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> _SyncCursor:
        self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Sequence[Any]) -> _SyncCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class _RunNow:
    """Stands in for aiosqlite's request queue, which SQLAlchemy feeds to set the isolation level."""

    __slots__ = ()

    @staticmethod
    def put_nowait(item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as exc:  # handed to the awaiting caller, as aiosqlite does
            future.set_exception(exc)


class _SyncConnection:
    """A ``sqlite3`` connection with the parts of aiosqlite's ``Connection`` SQLAlchemy uses."""

    _tx = _RunNow()

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection

    @property
    def sqlite3_connection(self) -> sqlite3.Connection:
        """The ``sqlite3`` connection itself (``_direct`` runs a turn's statements on it)."""
        return self._conn

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> _SyncCursor:
        return _SyncCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Any = ()) -> _SyncCursor:
        return await self.cursor().execute(sql, parameters)

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def connect_in_thread(url: str, *, timeout: float) -> Callable[[], Any]:
    """An ``async_creator`` for ``create_async_engine``: connections to the SQLite ``url`` that run in the
    caller's thread (file, ``:memory:`` and ``file:…?uri=true`` forms read as SQLAlchemy's sqlite3 dialect does)."""
    args, options = SQLiteDialect_pysqlite().create_connect_args(make_url(url))
    (database,) = args
    uri = bool(options.get("uri", False))

    async def create() -> _SyncConnection:
        # check_same_thread=False: an in-memory database's one connection is made on the store's thread but
        # may be closed by the engine's disposal elsewhere.
        return _SyncConnection(sqlite3.connect(database, timeout=timeout, check_same_thread=False, uri=uri))

    return create
