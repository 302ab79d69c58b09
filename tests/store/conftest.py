"""Fixtures of the store tests: one ``store`` per backend, each on a fresh, empty database.

SQLite always runs (a new file under ``tmp_path`` per test). PostgreSQL runs on the server named by
``WARMLINE_TEST_POSTGRES_URL`` (e.g. ``postgresql://postgres@127.0.0.1:5432/postgres``) when it is
set, else on a throwaway server started for the session from the Debian ``postgresql`` package
(installed by ``.ci/install-system-deps``; see ``tests/_postgres.py``): one database per session,
migrated by the first test, emptied before each test. Only when neither is available are those
cases skipped, with the reason and the fix in the summary.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool
from tests._postgres import PostgresUnavailable, throwaway_postgres

from warmline.domain import new_id
from warmline.store import SqlStore, normalize_url

POSTGRES_ENV = "WARMLINE_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


class Clock:
    """A clock the test moves by hand; the store stamps rows with it."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


async def _admin(server_url: str, sql: str) -> None:
    engine = create_async_engine(normalize_url(server_url), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(sql)
    finally:
        await engine.dispose()


def _admin_now(server_url: str, sql: str) -> None:
    """Run ``_admin`` to completion from synchronous code, even when an event loop is running
    (session fixtures asked for lazily from an async fixture): on a thread with its own loop."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, _admin(server_url, sql)).result()


async def _empty_tables(url: str) -> None:
    """Delete every row (the schema stays, migrated), so each test starts from an empty store."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
            tables = [t for t in tables if t != "alembic_version"]
            if tables:
                await connection.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server the tests may create databases on, for the whole session:
    ``WARMLINE_TEST_POSTGRES_URL`` if set, else a throwaway local server (stopped and deleted at
    the end). Skips, saying how to get one, when neither is available."""
    server_url = os.environ.get(POSTGRES_ENV)
    if server_url:
        yield server_url
        return
    with ExitStack() as server:
        try:
            url = server.enter_context(throwaway_postgres())
        except PostgresUnavailable as error:
            if os.environ.get("CI"):  # CI installs the server: a skip there would hide a broken setup
                pytest.fail(f"PostgreSQL backend cannot be tested on CI: {error}", pytrace=False)
            pytest.skip(f"PostgreSQL backend not tested: {error}")
        yield url


@pytest.fixture(scope="session")
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new database on ``postgres_server`` for this test session (dropped at the end)."""
    name = f"warmline_test_{new_id()[:16]}"
    _admin_now(postgres_server, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(normalize_url(postgres_server)).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin_now(postgres_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
async def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of an empty database on each backend (the SQLite folder does not exist yet)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'warmline.db'}"
        return
    # Asked for only here, so SQLite-only runs (-k sqlite) never start a PostgreSQL server.
    postgres_url: str = request.getfixturevalue("postgres_url")
    await _empty_tables(postgres_url)
    yield postgres_url


@pytest.fixture(params=BACKENDS)
async def unmigrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of a brand-new database without any schema, on each backend (slower on PostgreSQL:
    a database is created and dropped for each test that asks for one)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh' / 'warmline.db'}"
        return
    server_url: str = request.getfixturevalue("postgres_server")
    name = f"warmline_test_{new_id()[:16]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(normalize_url(server_url)).set(database=name).render_as_string(hide_password=False)
    finally:
        await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def clock() -> Clock:
    """The store's hand-moved clock."""
    return Clock()


@pytest.fixture
async def store(store_url: str, clock: Clock) -> AsyncIterator[SqlStore]:
    """A started store on a fresh database, closed after the test."""
    sql_store = SqlStore(store_url, clock=clock)
    await sql_store.start()
    try:
        yield sql_store
    finally:
        await sql_store.close()
