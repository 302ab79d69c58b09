"""Taught answers: a reviewable file under learned/, searchable at once, kept across a restart and an ingest."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.knowledge.counting_embeddings import CountingEmbeddings

from warmline.domain import KnowledgeError
from warmline.knowledge import KnowledgeBase
from warmline.knowledge.embeddings import Encoder
from warmline.knowledge.reading import Reader

TAUGHT_AT = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
QUESTION = "Do you offer gift wrapping?"
ANSWER = "Yes: tick 'gift wrap' at checkout and we wrap it in linen paper for 3 EUR."


FAQ = [
    {"question": "What are your opening hours?", "answer": "Monday to Friday 9:00-18:00.",
     "phrasings": ["When are you open?", "what time do you close", "are you open on saturday", "opening times"]},
    {"question": "How much does shipping cost?", "answer": "Free over 50 EUR; otherwise 4.90 EUR.",
     "phrasings": ["shipping price", "delivery cost", "do you charge for delivery", "is shipping free"]},
    {"question": "How do I return an item?", "answer": "Within 30 days, with the label from your account.",
     "phrasings": ["return policy", "can I send it back", "I want to return my order", "how do returns work"]},
    {"question": "Do you ship internationally?", "answer": "We ship to the EU, the UK and Switzerland.",
     "phrasings": ["do you deliver to france", "international shipping", "ship abroad", "send to the UK"]},
    {"question": "What payment methods do you accept?", "answer": "Visa, Mastercard, PayPal and Klarna.",
     "phrasings": ["can I pay with paypal", "payment options", "do you take credit cards", "pay by invoice"]},
    {"question": "What sizes do your bed sheets come in?", "answer": "Single, double and king.",
     "phrasings": ["sheet sizes", "king size sheets", "what dimensions are the sheets", "bed linen sizes"]},
]
GUIDE = "# Caring for your linen\n\nWash linen at 40 degrees.\n\n## Storage\n\nKeep linen dry.\n"


def make_folder(root: Path) -> Path:
    folder = root / "knowledge"
    folder.mkdir()
    (folder / "faq.yaml").write_text(yaml.safe_dump({"entries": FAQ}), encoding="utf-8")
    (folder / "care.md").write_text(GUIDE, encoding="utf-8")
    return folder


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    base = KnowledgeBase(bot_name="learn", knowledge_dir=make_folder(tmp_path), index_dir=tmp_path / "index")
    base.ingest()
    return base


def test_unknown_question_is_answered_from_the_learned_file_at_once(kb: KnowledgeBase) -> None:
    assert not kb.search(QUESTION).in_scope
    embeddings = CountingEmbeddings()
    kb._encoder = Encoder(embeddings)  # count what teaching embeds: only the new entry
    entry = kb.add_learned(question=QUESTION, answer=ANSWER, taught_by="maya", conversation_id="c-42",
                           taught_at=TAUGHT_AT)

    assert entry.source == "learned/do-you-offer-gift-wrapping.yaml"
    assert embeddings.texts == [QUESTION, ANSWER]
    for question in (QUESTION, "do you gift wrap?", "could you gift wrap my order"):
        found = kb.search(question)
        assert found.in_scope, (question, found.confidence)
        assert not found.ambiguous, question
        assert found.best is not None
        assert found.best.passage.citation.source == entry.source
        assert found.answer_text == ANSWER
    assert not kb.search("what is the capital of peru").in_scope  # the rest still knows what it doesn't know
    assert kb.search("how much does shipping cost").best.passage.citation.title == "How much does shipping cost?"


def test_the_file_is_an_ordinary_faq_entry_saying_who_taught_it(kb: KnowledgeBase) -> None:
    entry = kb.add_learned(question="  Do you offer\ngift wrapping? ", answer=ANSWER, taught_by="maya",
                           conversation_id="c-42", taught_at=TAUGHT_AT)
    text = (kb.knowledge_dir / entry.source).read_text(encoding="utf-8")
    assert text.startswith("# Taught by maya on 2026-03-02 14:30 UTC from conversation c-42.")
    [stored] = yaml.safe_load(text)["entries"]
    assert stored == {"question": QUESTION, "answer": ANSWER,
                      "learned": {"by": "maya", "at": "2026-03-02T14:30:00+00:00", "conversation": "c-42"}}


def test_a_restart_and_a_full_ingest_keep_it(kb: KnowledgeBase, tmp_path: Path) -> None:
    entry = kb.add_learned(question=QUESTION, answer=ANSWER, taught_by="leo", taught_at=TAUGHT_AT)
    restarted = KnowledgeBase(bot_name="learn", knowledge_dir=kb.knowledge_dir, index_dir=kb.index_dir)
    restarted.load()
    assert restarted.search(QUESTION).best.passage.citation.source == entry.source  # type: ignore[union-attr]
    assert restarted.search(QUESTION).in_scope

    report = restarted.ingest()
    assert (report.added, report.updated, report.removed) == (0, 0, 0)  # the index already had it as written
    assert report.embedded == 0
    for question in (QUESTION, "do you gift wrap?"):  # re-tuned with the taught entry, still answered
        found = restarted.search(question)
        assert found.in_scope
        assert found.best is not None
        assert found.best.passage.citation.source == entry.source


def test_teaching_the_same_question_again_replaces_the_answer(kb: KnowledgeBase) -> None:
    first = kb.add_learned(question=QUESTION, answer=ANSWER, taught_by="maya", taught_at=TAUGHT_AT)
    second = kb.add_learned(question="do you offer gift wrapping?", answer="Yes, for free since March.",
                            taught_by="leo", taught_at=TAUGHT_AT)
    assert second.source == first.source
    assert len(list((kb.knowledge_dir / "learned").iterdir())) == 1
    assert len(kb.passages) == 9  # six FAQ entries and two guide sections, plus the one learned entry
    assert kb.search(QUESTION).answer_text == "Yes, for free since March."

    other = kb.add_learned(question="Do you offer gift wrapping??", answer="Another take.", taught_by="leo")
    assert other.source == "learned/do-you-offer-gift-wrapping-2.yaml"  # same slug, another question


def test_empty_question_or_answer_is_refused_and_nothing_is_written(kb: KnowledgeBase) -> None:
    with pytest.raises(KnowledgeError, match="question and an answer"):
        kb.add_learned(question="  ", answer=ANSWER, taught_by="maya")
    with pytest.raises(KnowledgeError):
        kb.add_learned(question=QUESTION, answer="\n", taught_by="maya")
    assert not (kb.knowledge_dir / "learned").exists()


def test_searches_running_while_it_learns_see_the_old_or_the_new_index_whole(kb: KnowledgeBase) -> None:
    failures: list[Exception] = []
    verdicts: list[bool] = []
    stop = threading.Event()

    def search_forever() -> None:
        while not stop.is_set():
            try:
                found = kb.search("how much does shipping cost")
                verdicts.append(found.in_scope and found.best is not None
                                and found.best.passage.citation.title == "How much does shipping cost?")
                kb.search(QUESTION)
            except Exception as exc:  # any error in a reader fails the test
                failures.append(exc)
                return

    readers = [threading.Thread(target=search_forever) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        for number in range(3):
            kb.add_learned(question=f"{QUESTION} (variant {number})", answer=ANSWER, taught_by="maya")
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert not failures
    assert verdicts
    assert all(verdicts)
    assert kb.search(f"{QUESTION} (variant 2)").in_scope


def test_what_one_worker_teaches_the_others_answer_too(tmp_path: Path) -> None:
    # Two workers of one data dir: each has its own KnowledgeBase over the same index folder.
    first = KnowledgeBase(bot_name="learn", knowledge_dir=make_folder(tmp_path), index_dir=tmp_path / "index",
                          reload_check_seconds=0)
    first.ingest()
    second = KnowledgeBase(bot_name="learn", knowledge_dir=tmp_path / "knowledge", index_dir=tmp_path / "index",
                           embeddings=first._encoder.embeddings, reload_check_seconds=0)
    assert not second.search(QUESTION).in_scope

    entry = first.add_learned(question=QUESTION, answer=ANSWER, taught_by="maya", taught_at=TAUGHT_AT)

    found = _eventually_in_scope(second, QUESTION)
    assert found.best is not None
    assert found.best.passage.citation.source == entry.source
    assert found.answer_text == ANSWER


def test_workers_teaching_one_after_the_other_lose_nothing(tmp_path: Path) -> None:
    first = KnowledgeBase(bot_name="learn", knowledge_dir=make_folder(tmp_path), index_dir=tmp_path / "index",
                          reload_check_seconds=3600)  # never looks on its own: only teaching makes it read the files
    first.ingest()
    second = KnowledgeBase(bot_name="learn", knowledge_dir=tmp_path / "knowledge", index_dir=tmp_path / "index",
                           embeddings=first._encoder.embeddings, reload_check_seconds=3600)
    second.load()

    first.add_learned(question=QUESTION, answer=ANSWER, taught_by="maya")
    second.add_learned(question="Can I book a fitting appointment?", answer="Yes, on Saturdays.", taught_by="leo")

    restarted = KnowledgeBase(bot_name="learn", knowledge_dir=tmp_path / "knowledge", index_dir=tmp_path / "index",
                              embeddings=first._encoder.embeddings)
    assert restarted.search(QUESTION).in_scope, "the first worker's entry survived the second one's write"
    assert restarted.search("Can I book a fitting appointment?").in_scope
    assert second.search(QUESTION).in_scope  # the second worker read it before adding its own


def _eventually_in_scope(kb: KnowledgeBase, question: str, *, seconds: float = 10.0) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        found = kb.search(question)  # a search notices the rewritten files and reloads them on a thread
        if found.in_scope or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def test_teaching_an_index_searched_in_memory_leaves_chroma_closed(kb: KnowledgeBase) -> None:
    worker = KnowledgeBase(bot_name="learn", knowledge_dir=kb.knowledge_dir, index_dir=kb.index_dir,
                           embeddings=kb._encoder.embeddings)
    worker.load()

    worker.add_learned(question=QUESTION, answer=ANSWER, taught_by="maya")

    assert worker.search(QUESTION).in_scope
    assert worker._store is None, "Chroma (about 60 MB a process) was opened to teach one answer"
    report = worker.ingest()  # the next ingest puts the taught key into Chroma from the kept vector
    assert report.embedded == 0
    assert worker.search(QUESTION).in_scope


def test_an_answer_taught_while_an_ingest_runs_stays_in_the_index(tmp_path: Path) -> None:
    server = KnowledgeBase(bot_name="learn", knowledge_dir=make_folder(tmp_path), index_dir=tmp_path / "index")
    server.ingest()
    ingest = KnowledgeBase(bot_name="learn", knowledge_dir=tmp_path / "knowledge", index_dir=tmp_path / "index",
                           embeddings=server._encoder.embeddings)
    taught: list[str] = []

    def teach_once_the_folder_was_read(stage: str, done: int, total: int) -> None:
        if stage == "tune" and not taught:  # the ingest read the folder minutes ago; staff teach now
            taught.append(server.add_learned(question=QUESTION, answer=ANSWER, taught_by="maya").source)

    ingest.ingest(progress=teach_once_the_folder_was_read)

    assert taught
    restarted = KnowledgeBase(bot_name="learn", knowledge_dir=tmp_path / "knowledge", index_dir=tmp_path / "index",
                              embeddings=server._encoder.embeddings)
    found = restarted.search(QUESTION)
    assert found.in_scope, "the ingest's index replaced the one with the taught answer"
    assert found.best is not None
    assert found.best.passage.citation.source == taught[0]
    assert ingest.search(QUESTION).in_scope


def test_a_reader_knows_a_taught_answers_words_at_once(kb: KnowledgeBase) -> None:
    # The reader keeps the knowledge's vocabulary between messages; a taught answer is a new version of the
    # index, so from the next message on its words are the shop's own, not words the knowledge never uses.
    reader = Reader(kb)
    assert not reader.read("can you wrap it as a gift?", language="en").in_scope
    kb.add_learned(question=QUESTION, answer=ANSWER, taught_by="maya", taught_at=TAUGHT_AT)

    found = reader.read("can you wrap it as a gift?", language="en")
    assert found.unknown_words == ()
    assert found.in_scope
    assert found.best is not None
    assert found.best.passage.question == QUESTION
