"""The index files' stamp, by which a worker notices that another one rewrote them."""

from __future__ import annotations

import os
from pathlib import Path

from warmline.knowledge._state import ARRAYS_FILE, STATE_FILE, files_stamp


def write(folder: Path, name: str, text: str, *, mtime_ns: int) -> None:
    (folder / name).write_text(text, encoding="utf-8")
    os.utime(folder / name, ns=(mtime_ns, mtime_ns))


def test_the_stamp_changes_with_each_complete_write(tmp_path: Path) -> None:
    assert files_stamp(tmp_path) is None  # nothing written yet
    write(tmp_path, ARRAYS_FILE, "arrays", mtime_ns=1_000)
    write(tmp_path, STATE_FILE, "{}", mtime_ns=2_000)
    first = files_stamp(tmp_path)
    assert first == (2_000, 2, 1_000)

    write(tmp_path, ARRAYS_FILE, "arrays, again", mtime_ns=3_000)
    write(tmp_path, STATE_FILE, '{"x": 1}', mtime_ns=4_000)
    assert files_stamp(tmp_path) not in (None, first)


def test_a_write_half_done_has_no_stamp(tmp_path: Path) -> None:
    # The arrays are replaced first and the JSON last: arrays newer than the JSON mean the JSON is still coming.
    write(tmp_path, STATE_FILE, "{}", mtime_ns=2_000)
    write(tmp_path, ARRAYS_FILE, "new arrays", mtime_ns=3_000)
    assert files_stamp(tmp_path) is None
