"""Folders built once per test run and shared by every pytest-xdist worker (an index, an ingested data dir).

Each xdist worker is a process with session fixtures of its own: a session fixture that indexes a shop
would run once per worker. ``built_once`` builds the folder under the run's common temporary directory,
holding a file lock, the first time any worker asks; the others wait for it and reuse it. Whoever uses
the folder copies it and never changes it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

__all__ = ["built_once"]

_DONE = ".built"


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]) -> Path:
    """The folder ``name``, filled by ``build(folder)`` once per test run whatever the number of workers."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # each worker's base temp lives in the run's own folder, shared by all of them
    folder = root / f"built-once-{name}"
    with FileLock(f"{folder}.lock"):
        if not (folder / _DONE).exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way is started again
            folder.mkdir()
            build(folder)
            (folder / _DONE).touch()
    return folder
