"""Alembic revision scripts of the Warmline store, applied in order by ``SqlStore.start()``."""
