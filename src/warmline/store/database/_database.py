"""The engine under the store: async connections, SQLite tuning, transactions, and schema migrations.

SQLite allows one writer at a time. A transaction that reads and then writes can fail at once with
"database is locked" when another connection wrote in between (the busy timeout does not help
there), so every write transaction starts with ``BEGIN IMMEDIATE``: it waits for the write lock up
front, and read-then-write sequences are serialised. Reads use a plain ``BEGIN`` and, in WAL mode,
never wait for writers.

On SQLite every store operation runs whole on the store's own thread (``StoreThread``), its statements
plain ``sqlite3`` calls there (``_sqlite_driver``): one hop between threads per operation, not one per
statement. PostgreSQL keeps asyncpg on the event loop, where each statement is a network round trip anyway.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from warmline.domain import ConfigError

from ._sqlite_driver import connect_in_thread
from ._store_thread import StoreThread
from ._urls import normalize_url, sqlite_path, sync_url
from ._writer_lock import WriterLock

__all__ = ["MIGRATIONS_DIR", "Database", "upgrade_schema"]

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
_WRITE = "warmline_write"  # execution option that marks a write transaction
_MIGRATION_LOCK = threading.Lock()
_REVISION = re.compile(r'^revision(?:: str)? = "([^"]+)"', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision(?:: str \| None)? = "([^"]+)"', re.MULTILINE)
_DRIVER_MODULES = {"aiosqlite", "asyncpg", "psycopg"}
T = TypeVar("T")


def upgrade_schema(url: str) -> None:
    """Bring the database at ``url`` to the newest schema (Alembic ``upgrade head``; sync, blocking).

    A database already there is left alone without importing Alembic, which would cost every server
    process 10 MB for a check that almost always finds nothing to do.
    """
    if _schema_revision(url) == newest_revision():
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = sync_url(url)
    # Alembic keeps the running migration in module globals (alembic.context, op): two upgrades
    # in threads of one process would trample each other. Across processes the database's own
    # lock (BEGIN IMMEDIATE, pg_advisory_xact_lock in env.py) makes the late starters wait.
    with _MIGRATION_LOCK:
        try:
            command.upgrade(config, "head")
        except ModuleNotFoundError as exc:
            if exc.name not in _DRIVER_MODULES:  # a bug, not a setup problem
                raise
            raise _missing_driver(exc) from exc


def newest_revision() -> str:
    """The head of the migrations, from their ``revision`` and ``down_revision`` lines (one line of history)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(text))
        parents.update(_DOWN_REVISION.findall(text))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must have one head, not {sorted(heads)}")
    return heads.pop()


def _schema_revision(url: str) -> str | None:
    """The database's Alembic revision; ``None`` when it has none (new) or cannot say (Alembic will)."""
    try:
        engine = create_engine(sync_url(url))
    except ModuleNotFoundError:
        return None  # the driver is missing: Alembic reports it as a ConfigError
    try:
        with engine.connect() as connection:
            return connection.scalar(text("SELECT version_num FROM alembic_version"))
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def _missing_driver(exc: ModuleNotFoundError) -> ConfigError:
    fix = ("pip install aiosqlite" if exc.name == "aiosqlite"
           else "pip install 'warmline[postgres]' (asyncpg and psycopg) for PostgreSQL")
    return ConfigError(f"the database driver {exc.name!r} is not installed", field="WARMLINE_DATABASE_URL",
                       fix=fix)


def _tune_sqlite(engine: AsyncEngine) -> None:
    """WAL, foreign keys, a busy timeout, and explicit BEGIN / BEGIN IMMEDIATE on every connection."""

    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from sqlite3 so the "begin" hook below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # NORMAL is safe in WAL mode: a killed process loses nothing committed.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _writer_lock_file(url: str) -> Path | None:
    """``<database>-writer.lock`` next to a SQLite file; ``None`` for other databases and in-memory ones."""
    database = sqlite_path(url)
    if database is None or database.name == ":memory:" or "mode=memory" in url:
        return None
    return database.with_name(database.name + "-writer.lock")


class Database:
    """An async engine with read and write transactions, created and migrated by ``start()``.

    Store operations go through ``run``: on SQLite it carries them out on the store's thread, where
    ``read`` and ``write`` may be used (elsewhere they would block the caller's event loop, so they refuse).
    """

    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        self.is_sqlite = make_url(self.url).get_backend_name() == "sqlite"
        self._engine: AsyncEngine | None = None
        self._reads: async_sessionmaker[AsyncSession] | None = None
        self._writes: async_sessionmaker[AsyncSession] | None = None
        self._lock = asyncio.Lock()
        self._thread = StoreThread() if self.is_sqlite else None
        self._writer = WriterLock(_writer_lock_file(self.url))

    @property
    def started(self) -> bool:
        """True between ``start()`` and ``close()``."""
        return self._engine is not None

    async def start(self) -> None:
        """Create the SQLite folder, migrate the schema, and open the connection pool (idempotent)."""
        async with self._lock:
            if self._engine is not None:
                return
            path = sqlite_path(self.url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._writer.open()
            engine = self._create_engine()  # first, so a missing async driver is reported early
            if self._thread is not None:
                self._thread.start()
            try:
                await asyncio.to_thread(upgrade_schema, self.url)
            except BaseException:
                await engine.dispose()
                await self._stop_thread()
                raise
            self._engine = engine
            self._reads = async_sessionmaker(self._engine, expire_on_commit=False)
            self._writes = async_sessionmaker(self._engine.execution_options(**{_WRITE: True}),
                                              expire_on_commit=False)
            logger.info("store ready at %s", make_url(self.url).render_as_string(hide_password=True))

    def _create_engine(self) -> AsyncEngine:
        options: dict[str, Any] = {}
        if self.is_sqlite:
            options["async_creator"] = connect_in_thread(self.url, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            engine = create_async_engine(self.url, pool_pre_ping=not self.is_sqlite, **options)
        except ModuleNotFoundError as exc:
            if exc.name not in _DRIVER_MODULES:  # a bug, not a setup problem
                raise
            raise _missing_driver(exc) from exc
        if self.is_sqlite:
            _tune_sqlite(engine)
        return engine

    async def close(self) -> None:
        """Close every pooled connection; ``start()`` may be called again afterwards."""
        async with self._lock:
            if self._engine is not None:
                await self.run(self._engine.dispose)
                await self._stop_thread()
            self._engine = self._reads = self._writes = None

    async def _stop_thread(self) -> None:
        if self._thread is not None:
            await self._thread.stop()
        self._writer.close()

    async def run(self, operation: Callable[[], Awaitable[T]]) -> T:
        """The result of ``operation()``, a store operation: on SQLite carried out on the store's thread."""
        if self._thread is None:
            return await operation()
        return await self._thread.run(operation)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session in a read transaction."""
        async with self._sessions(self._reads, write=False).begin() as session:
            yield session

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A session in a write transaction, committed when the block ends without an error."""
        sessions = self._sessions(self._writes, write=True)
        with self._writer.held():  # SQLite: this machine's writers take turns (``_writer_lock``)
            async with sessions.begin() as session:
                yield session

    def _sessions(self, factory: async_sessionmaker[AsyncSession] | None, *,
                  write: bool) -> async_sessionmaker[AsyncSession]:
        if factory is None:
            raise RuntimeError("the store is not started: call `await store.start()` first")
        if self._thread is not None and not self._thread.is_current():
            kind = "write" if write else "read"
            raise RuntimeError(f"a SQLite {kind} transaction outside the store's thread: wrap the operation in "
                               "`Database.run` (SqlStore's public methods do)")
        return factory
