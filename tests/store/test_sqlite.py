"""What only the SQLite backend does: its folder, its pragmas, and clear errors for missing drivers."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from warmline.domain import ChannelIdentity, ConfigError
from warmline.store import SqlStore, create_store


async def test_start_creates_the_folder_and_tunes_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "deeper" / "warmline.db"
    store = SqlStore(f"sqlite:///{path}")
    assert store.url == f"sqlite+aiosqlite:///{path}"
    async with store:
        await store.customer_for_identity(ChannelIdentity(channel="telegram", external_id="1"))
        async with store._db.read() as session:
            pragmas = [(await session.execute(text(f"PRAGMA {name}"))).scalar_one()
                       for name in ("journal_mode", "foreign_keys", "busy_timeout")]
    assert pragmas == ["wal", 1, 30_000]
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM customers").fetchone() == (1,)


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
