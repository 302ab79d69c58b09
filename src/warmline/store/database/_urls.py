"""Database URLs: what the user writes (``sqlite:///…``, ``postgres://…``) and what the drivers need.

The store runs on async drivers (aiosqlite, asyncpg); Alembic migrations run on the matching sync
drivers (the standard library's sqlite3, psycopg 3).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from warmline.domain import ConfigError

__all__ = ["normalize_url", "sqlite_path", "sync_url"]

_SETTING = "WARMLINE_DATABASE_URL"
_ASYNC_SQLITE = "sqlite+aiosqlite"
_ASYNC_POSTGRES = "postgresql+asyncpg"
# Drivers that cannot run under asyncio are swapped for the async driver of the same database.
_SYNC_ONLY_POSTGRES_DRIVERS = {"", "psycopg2", "psycopg2cffi", "pg8000"}


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"not a database URL: {url!r}", field=_SETTING,
                          fix="write e.g. sqlite:///data/warmline.db or postgresql://user@host/db") from exc


def normalize_url(url: str) -> str:
    """The async-driver form of a database URL.

    ``sqlite:///path`` → ``sqlite+aiosqlite:///path``; ``postgresql://`` and ``postgres://`` →
    ``postgresql+asyncpg://``. URLs that already name an async driver are kept. In-memory SQLite is
    refused: every pooled connection would see a different, empty database.
    """
    if url.startswith("postgres://"):  # Heroku-style alias SQLAlchemy does not know
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if not database or ":memory:" in database or parsed.query.get("mode") == "memory":
            raise ConfigError("in-memory SQLite is not supported (each connection would see its own "
                              "empty database)", field=_SETTING,
                              fix="use a file, e.g. sqlite:///data/warmline.db")
        parsed = parsed.set(drivername=_ASYNC_SQLITE)
    elif backend == "postgresql":
        # asyncpg and psycopg (3) both run under asyncio: keep whichever was asked for.
        if parsed.drivername.partition("+")[2] in _SYNC_ONLY_POSTGRES_DRIVERS:
            parsed = parsed.set(drivername=_ASYNC_POSTGRES)
    else:
        raise ConfigError(f"unsupported database {backend!r}", field=_SETTING,
                          fix="use sqlite:///path or postgresql://user:password@host/db")
    return parsed.render_as_string(hide_password=False)


def sync_url(url: str) -> str:
    """The sync-driver form of a database URL, for Alembic: stdlib sqlite3 or psycopg 3."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() == "sqlite":
        parsed = parsed.set(drivername="sqlite")
    else:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (``None`` for other databases)."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    database = parsed.database
    if database.startswith("file:"):  # URI form: sqlite:///file:path?uri=true
        database = database.removeprefix("file:")
    return Path(database)
