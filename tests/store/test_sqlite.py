"""What only the SQLite backend does: its folder, its pragmas, its thread, its writers' lock, and clear errors
for missing drivers."""

from __future__ import annotations

import asyncio
import fcntl
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from warmline.domain import ChannelIdentity, ConfigError
from warmline.store import SqlStore, create_store
from warmline.store.database import MIGRATIONS_DIR
from warmline.store.database._database import newest_revision


async def test_start_creates_the_folder_and_tunes_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "deeper" / "warmline.db"
    store = SqlStore(f"sqlite:///{path}")
    assert store.url == f"sqlite+aiosqlite:///{path}"
    async with store:
        await store.customer_for_identity(ChannelIdentity(channel="telegram", external_id="1"))
        pragmas = await store._db.run(lambda: _pragmas(store))
    assert pragmas == ["wal", 1, 30_000]
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM customers").fetchone() == (1,)


async def _pragmas(store: SqlStore) -> list[object]:
    async with store._db.read() as session:
        return [(await session.execute(text(f"PRAGMA {name}"))).scalar_one()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")]


async def test_a_transaction_off_the_store_thread_is_refused(tmp_path: Path) -> None:
    # On SQLite a statement is a plain sqlite3 call: run on the event loop it would block every customer.
    async with SqlStore(f"sqlite:///{tmp_path / 'w.db'}") as store:
        with pytest.raises(RuntimeError, match="outside the store's thread"):
            async with store._db.write():
                pass
        assert await store._db.run(lambda: _pragmas(store)) == ["wal", 1, 30_000]


async def test_each_operation_runs_whole_on_the_store_thread(tmp_path: Path) -> None:
    threads: set[str] = set()

    async def note_thread() -> None:
        threads.add(threading.current_thread().name)

    async with SqlStore(f"sqlite:///{tmp_path / 'w.db'}") as store:
        await store._db.run(note_thread)
        customers = await asyncio.gather(*(store.customer_for_identity(
            ChannelIdentity(channel="telegram", external_id=str(i))) for i in range(20)))
    assert threads == {"warmline-store"}
    assert len({c.id for c in customers}) == 20
    assert threading.current_thread().name not in threads


async def test_a_write_holds_the_machines_writer_lock_and_a_read_does_not(tmp_path: Path) -> None:
    # Another process's writer (another open file) must wait for it, woken at commit, not poll SQLite.
    async with SqlStore(f"sqlite:///{tmp_path / 'w.db'}") as store:
        async def probe(write: bool) -> bool:
            transaction = store._db.write() if write else store._db.read()
            async with transaction as session:
                await session.execute(text("SELECT 1"))
                return _lock_is_free(tmp_path / "w.db-writer.lock")

        assert await store._db.run(lambda: probe(write=True)) is False
        assert await store._db.run(lambda: probe(write=False)) is True
    assert _lock_is_free(tmp_path / "w.db-writer.lock")


def _lock_is_free(path: Path) -> bool:
    with path.open("rb") as other:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(other, fcntl.LOCK_UN)
        return True


async def test_create_store_returns_an_unstarted_store(tmp_path: Path) -> None:
    store = create_store(f"sqlite:///{tmp_path / 'w.db'}")
    assert isinstance(store, SqlStore)
    assert not (tmp_path / "w.db").exists()
    with pytest.raises(RuntimeError, match="start"):
        await store.get_customer("x")


async def test_missing_async_driver_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "asyncpg", None)  # makes `import asyncpg` fail
    store = SqlStore("postgresql://shop@127.0.0.1:9/warmline")
    with pytest.raises(ConfigError, match="asyncpg"):
        await store.start()


def test_the_newest_revision_read_from_the_migrations_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert newest_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_a_database_already_up_to_date_starts_without_loading_alembic(tmp_path: Path) -> None:
    # Alembic costs every server process 10 MB; it is loaded only when there is something to migrate.
    script = """
import asyncio, sys
from warmline.store import SqlStore
async def main(url):
    async with SqlStore(url):
        pass
asyncio.run(main(sys.argv[1]))
print("alembic" in sys.modules)
"""
    url = f"sqlite:///{tmp_path / 'w.db'}"
    runs = [subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True, check=True)
            for _ in range(2)]
    assert [run.stdout.strip() for run in runs] == ["True", "False"]  # migrated once, then only checked
