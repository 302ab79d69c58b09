"""Alembic migrations of the Warmline store (run from ``SqlStore.start()``; shipped inside the wheel)."""
