"""The unfinished-ingest mark: an interrupted ingest with the same model is continued, anything else is not."""

from __future__ import annotations

from pathlib import Path

from warmline.knowledge.ingest import JOURNAL_FILE, IngestJournal


def test_a_begun_ingest_is_resumable_until_it_finishes(tmp_path: Path) -> None:
    journal = IngestJournal(tmp_path / "index")
    assert not journal.resumable(model="m1")
    journal.begin(model="m1")
    assert IngestJournal(tmp_path / "index").resumable(model="m1")
    journal.finish()
    assert not journal.resumable(model="m1")
    assert not (tmp_path / "index" / JOURNAL_FILE).exists()


def test_vectors_of_another_model_are_not_resumed(tmp_path: Path) -> None:
    journal = IngestJournal(tmp_path)
    journal.begin(model="old-model")
    assert not journal.resumable(model="new-model")


def test_an_unreadable_mark_means_start_afresh(tmp_path: Path) -> None:
    (tmp_path / JOURNAL_FILE).write_text("{not json", encoding="utf-8")
    assert not IngestJournal(tmp_path).resumable(model="m1")
