"""Identifiers for stored objects."""

from __future__ import annotations

import uuid

__all__ = ["new_id"]


def new_id() -> str:
    """A new random identifier (32 hex characters)."""
    return uuid.uuid4().hex
