"""Throwaway PostgreSQL and Redis servers on 127.0.0.1 for benchmarks, from the tests' own helpers.

The same Debian packages as the tests (``.ci/install-system-deps`` installs ``postgresql`` and
``redis-server``); each server lives in a temporary folder and is stopped when the ``with`` ends.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests._postgres import throwaway_postgres
from tests._redis import throwaway_redis

__all__ = ["throwaway_postgres", "throwaway_redis"]
