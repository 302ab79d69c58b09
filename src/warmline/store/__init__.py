"""Persistence behind a small repository interface; SQLAlchemy implementation for SQLite and PostgreSQL."""

from ._convert import StoredOutboxItem
from ._interface import Arrival, OrderStore, OutboxItem, Store
from ._sql import SqlStore, create_store
from .accounts import AccountStore
from .database import normalize_url, sync_url, upgrade_schema

__all__ = [
    "AccountStore",
    "Arrival",
    "OrderStore",
    "OutboxItem",
    "SqlStore",
    "Store",
    "StoredOutboxItem",
    "create_store",
    "normalize_url",
    "sync_url",
    "upgrade_schema",
]
