"""Alembic environment of the Warmline store.

``SqlStore.start()`` builds the Alembic config in code and hands the sync-driver URL over in
``config.attributes["url"]`` (not through the ini interpolation, so a ``%`` in a password is safe).
A caller that already holds a connection may pass it as ``config.attributes["connection"]``.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection, create_engine, event, pool, text

from warmline.store._models import Base

config = context.config
_MIGRATION_LOCK_KEY = 0x5741524D4C494E45  # "WARMLINE": any fixed bigint works
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: set config.attributes['url'] or sqlalchemy.url")
    return str(url)


def _configure(**kwargs: Any) -> None:
    context.configure(target_metadata=target_metadata, compare_type=True, **kwargs)


def _run_on(connection: Connection) -> None:
    # SQLite cannot ALTER most things in place: "batch" mode rebuilds the table instead.
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Several workers starting at once: one migrates, the others wait, then find nothing to do.
            # (SQLite gets the same from BEGIN IMMEDIATE.)
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        context.run_migrations()


def _sqlite_transactional(engine: Any) -> None:
    """Make the stdlib sqlite3 driver run DDL inside the migration's transaction (it would not)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def run_migrations_offline() -> None:
    """Write the SQL to stdout (``alembic upgrade --sql``) instead of running it."""
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a short-lived engine for the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    url = _url()
    is_sqlite = url.startswith("sqlite")
    engine = create_engine(url, poolclass=pool.NullPool,
                           connect_args={"timeout": 30} if is_sqlite else {})
    if is_sqlite:
        _sqlite_transactional(engine)
    try:
        with engine.connect() as connection:
            _run_on(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
