"""``cap_malloc_arenas``: applied in a fresh process and passed on to its workers; an operator's setting wins."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

_PROBE = ("import os; from warmline.runtime.memory import cap_malloc_arenas; "
          "print(cap_malloc_arenas(), os.environ['MALLOC_ARENA_MAX'])")


def _probe(**env: str) -> str:
    clean = {key: value for key, value in os.environ.items() if key != "MALLOC_ARENA_MAX"}
    return subprocess.run([sys.executable, "-c", _PROBE], env=clean | env, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc arenas")
def test_the_arenas_are_capped_and_workers_inherit_the_cap() -> None:
    assert _probe() == "True 2"


def test_an_operators_own_setting_is_left_alone() -> None:
    assert _probe(MALLOC_ARENA_MAX="4") == "False 4"
