"""Persistence behind a small repository interface; SQLAlchemy implementation for SQLite and PostgreSQL."""

from ._convert import StoredOutboxItem
from ._engine import upgrade_schema
from ._interface import OrderStore, OutboxItem, Store
from ._sql import SqlStore, create_store
from ._urls import normalize_url, sync_url
from .accounts import AccountStore

__all__ = [
    "AccountStore",
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
