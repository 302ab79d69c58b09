"""The mark an unfinished ingest leaves, so the next run continues instead of starting again.

Ingest writes every batch of vectors to Chroma as it goes, and the index files (``knowledge.json``,
``scores.npz``) only at the end. While this mark is there, the vectors already in Chroma were written
by an ingest with the recorded embedding model that did not finish: the next ingest reuses them
instead of clearing the collection and embedding everything again.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

__all__ = ["JOURNAL_FILE", "IngestJournal"]

log = logging.getLogger(__name__)

JOURNAL_FILE = "ingest-unfinished.json"


class IngestJournal:
    """Begin / finish marks of the ingest into one index folder."""

    def __init__(self, index_dir: Path) -> None:
        self._path = index_dir / JOURNAL_FILE

    def resumable(self, *, model: str) -> bool:
        """True when an ingest with this embedding model stopped before finishing."""
        try:
            mark = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return False
        except (OSError, ValueError) as exc:
            log.warning("ignoring an unreadable ingest mark %s (%s): starting afresh", self._path, exc)
            return False
        return isinstance(mark, dict) and mark.get("model") == model

    def begin(self, *, model: str) -> None:
        """Record that an ingest with ``model`` is writing vectors (before the first one is written)."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"model": model}), encoding="utf-8")
        os.replace(tmp, self._path)

    def finish(self) -> None:
        """The index files are written: nothing left to continue."""
        self._path.unlink(missing_ok=True)
