"""Persistence behind a small repository interface; SQLAlchemy implementation for SQLite and PostgreSQL."""

from ._interface import OutboxItem, Store

__all__ = ["OutboxItem", "Store"]
