"""The database under the store: URLs, the engine and its transactions, migrations, and SQLite's own thread."""

from ._database import MIGRATIONS_DIR, Database, upgrade_schema
from ._direct import execute, fetch_all, fetch_first, fetch_scalar, insert_values
from ._urls import normalize_url, sqlite_path, sync_url

__all__ = ["MIGRATIONS_DIR", "Database", "execute", "fetch_all", "fetch_first", "fetch_scalar", "insert_values",
           "normalize_url", "sqlite_path", "sync_url", "upgrade_schema"]
