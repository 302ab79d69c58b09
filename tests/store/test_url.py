"""Database URL normalisation: what users write → what the async store and the sync migrations use."""

from __future__ import annotations

from pathlib import Path

import pytest

from warmline.domain import ConfigError
from warmline.store import normalize_url, sync_url
from warmline.store.database import sqlite_path


@pytest.mark.parametrize(("given", "expected"), [
    ("sqlite:///data/warmline.db", "sqlite+aiosqlite:///data/warmline.db"),
    ("sqlite:////var/lib/warmline/w.db", "sqlite+aiosqlite:////var/lib/warmline/w.db"),
    ("sqlite+pysqlite:///w.db", "sqlite+aiosqlite:///w.db"),
    ("sqlite+aiosqlite:///w.db", "sqlite+aiosqlite:///w.db"),
    ("postgresql://shop:s3cret@db.local:5432/warmline", "postgresql+asyncpg://shop:s3cret@db.local:5432/warmline"),
    ("postgres://shop:s3cret@db.local/warmline", "postgresql+asyncpg://shop:s3cret@db.local/warmline"),
    ("postgresql+psycopg2://shop@db.local/warmline", "postgresql+asyncpg://shop@db.local/warmline"),
    ("postgresql+asyncpg://shop@db.local/warmline", "postgresql+asyncpg://shop@db.local/warmline"),
    ("postgresql+psycopg://shop@db.local/warmline", "postgresql+psycopg://shop@db.local/warmline"),
    ("postgresql://shop:p%40ss@db.local/warmline", "postgresql+asyncpg://shop:p%40ss@db.local/warmline"),
])
def test_normalize_url_picks_the_async_driver(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


@pytest.mark.parametrize(("given", "expected"), [
    ("sqlite:///data/warmline.db", "sqlite:///data/warmline.db"),
    ("sqlite+aiosqlite:///data/warmline.db", "sqlite:///data/warmline.db"),
    ("postgres://shop:s3cret@db.local/warmline", "postgresql+psycopg://shop:s3cret@db.local/warmline"),
    ("postgresql+asyncpg://shop@db.local:6543/w", "postgresql+psycopg://shop@db.local:6543/w"),
])
def test_sync_url_picks_the_migration_driver(given: str, expected: str) -> None:
    assert sync_url(given) == expected


@pytest.mark.parametrize("given", [
    "sqlite://", "sqlite:///:memory:", "sqlite+aiosqlite:///file::memory:?cache=shared&uri=true",
    "mysql://shop@db.local/warmline", "not a url",
])
def test_unusable_urls_are_refused_with_a_fix(given: str) -> None:
    with pytest.raises(ConfigError, match="fix:") as caught:
        normalize_url(given)
    assert caught.value.field == "WARMLINE_DATABASE_URL"


def test_sqlite_path_is_the_file_behind_the_url() -> None:
    assert sqlite_path("sqlite:///data/warmline.db") == Path("data/warmline.db")
    assert sqlite_path("sqlite:////srv/w.db") == Path("/srv/w.db")
    assert sqlite_path("postgresql://shop@db.local/warmline") is None
