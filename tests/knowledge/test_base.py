"""KnowledgeBase end to end with the real bundled model: ingest, incremental re-ingest, search verdicts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from tests.knowledge.counting_embeddings import CountingEmbeddings

from warmline.domain import KnowledgeError, Retrieval
from warmline.knowledge import KnowledgeBase
from warmline.knowledge._state import FORMAT, STATE_FILE, read_state, write_state

FAQ_ENTRIES = [
    {
        "question": "What are your opening hours?",
        "answer": "We are open Monday to Friday 9:00-18:00 and Saturday 10:00-14:00.",
        "phrasings": ["When are you open?", "what time do you close", "are you open on saturday", "opening times"],
    },
    {
        "question": "How much does shipping cost?",
        "answer": "Shipping is free over 50 EUR; otherwise 4.90 EUR within Germany.",
        "phrasings": ["shipping price", "delivery cost", "do you charge for delivery", "is shipping free"],
    },
    {
        "question": "How do I return an item?",
        "answer": "You can return any item within 30 days. Print the label from your account.",
        "phrasings": ["return policy", "can I send it back", "I want to return my order", "how do returns work"],
    },
    {
        "question": "Do you ship internationally?",
        "answer": "We ship to the EU, the UK and Switzerland.",
        "phrasings": ["do you deliver to france", "international shipping", "ship abroad", "can you send to the UK"],
    },
    {
        "question": "What payment methods do you accept?",
        "answer": "Visa, Mastercard, PayPal and Klarna.",
        "phrasings": ["can I pay with paypal", "payment options", "do you take credit cards", "pay by invoice"],
    },
    {
        "question": "What sizes do your bed sheets come in?",
        "answer": "Single 140x200, double 200x200 and king 240x220.",
        "phrasings": [
            "sheet sizes",
            "do you have king size sheets",
            "what dimensions are the sheets",
            "bed linen sizes",
        ],
    },
]
FAQ = yaml.safe_dump({"entries": FAQ_ENTRIES})

GUIDE = """---
url: https://shop.example/care
---
# Caring for your linen

Wash linen at 40 degrees with a mild detergent. Do not use bleach.

Tumble dry on low or dry flat; iron while slightly damp.

## Storage

Keep linen in a dry, ventilated cupboard, away from direct sunlight.
"""


def make_folder(root: Path) -> Path:
    folder = root / "knowledge"
    folder.mkdir()
    (folder / "faq.yaml").write_text(FAQ, encoding="utf-8")
    (folder / "care.md").write_text(GUIDE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("kb")
    base = KnowledgeBase(bot_name="demo", knowledge_dir=make_folder(root), index_dir=root / "index")
    base.ingest(progress=lambda stage, done, total: PROGRESS.append((stage, done, total)))
    return base


PROGRESS: list[tuple[str, int, int]] = []


def test_ingest_reports_progress_per_stage(kb: KnowledgeBase) -> None:
    stages = [stage for stage, _, _ in PROGRESS]
    assert stages[0] == "read"
    assert stages[-1] == "save"
    assert {"embed", "tune"} <= set(stages)
    assert all(0 <= done <= total for _, done, total in PROGRESS if total)
    tuning = [(done, total) for stage, done, total in PROGRESS if stage == "tune"]
    assert tuning[-1][0] == tuning[-1][1] > 1  # every fold of every fold draw, counted up to the end


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("are you open on sundays?", "What are your opening hours?"),
        ("how much is delivery", "How much does shipping cost?"),
        ("can I pay by credit card", "What payment methods do you accept?"),
        ("I'd like to send my order back", "How do I return an item?"),
        ("how should I wash my linen", "Caring for your linen"),
    ],
)
def test_answerable_question_is_in_scope_with_citation(kb: KnowledgeBase, question: str, title: str) -> None:
    result = kb.search(question)
    assert result.in_scope
    assert result.best is not None
    assert result.best.passage.citation.title == title
    assert 0.0 <= result.confidence <= 1.0
    assert result.confidence == result.best.score


@pytest.mark.parametrize(
    "question",
    [
        "what's the weather in Paris tomorrow",
        "do you sell used cars",
        "who won the football match yesterday",
        "can you recommend a good pizza place",
    ],
)
def test_unrelated_question_is_out_of_scope(kb: KnowledgeBase, question: str) -> None:
    result = kb.search(question)
    assert not result.in_scope
    assert not result.ambiguous


def test_markdown_answer_is_the_relevant_paragraph_with_url(kb: KnowledgeBase) -> None:
    result = kb.search("can I put linen in the tumble dryer?")
    assert result.best is not None
    assert result.best.passage.citation.url == "https://shop.example/care"
    assert result.answer_text is not None
    assert "Tumble dry on low" in result.answer_text
    assert "Wash linen" not in result.answer_text


def test_faq_answer_text_is_the_whole_answer(kb: KnowledgeBase) -> None:
    result = kb.search("what sizes are the sheets")
    assert result.answer_text == "Single 140x200, double 200x200 and king 240x220."


def test_candidates_are_sorted_and_bounded_by_k(kb: KnowledgeBase) -> None:
    result = kb.search("which payment methods do you accept", k=3)
    assert not result.ambiguous  # (an ambiguous result puts the two answers to choose from first)
    assert len(result.candidates) == 3
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)


def test_empty_query_is_out_of_scope(kb: KnowledgeBase) -> None:
    result = kb.search("   ")
    assert not result.in_scope
    assert result.candidates == ()


def test_ingest_tunes_by_cross_validation_and_load_reopens(kb: KnowledgeBase) -> None:
    reopened = KnowledgeBase(bot_name="demo", knowledge_dir=kb.knowledge_dir, index_dir=kb.index_dir)
    reopened.load()
    assert reopened.threshold == kb.threshold
    assert len(reopened.passages) == len(kb.passages) == 8
    question = "do you ship to the uk"
    assert reopened.search(question).best == kb.search(question).best


def test_load_before_ingest_says_how_to_fix(tmp_path: Path) -> None:
    base = KnowledgeBase(bot_name="fresh", knowledge_dir=tmp_path, index_dir=tmp_path / "index")
    with pytest.raises(KnowledgeError, match="warmline ingest --bot fresh"):
        base.load()


def test_an_index_of_an_older_format_asks_for_ingest_which_rebuilds_it(kb: KnowledgeBase, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(kb.index_dir, index)
    state_file = index / STATE_FILE
    older = json.loads(state_file.read_text(encoding="utf-8")) | {"format": 1}  # before answers were keys
    state_file.write_text(json.dumps(older), encoding="utf-8")
    base = KnowledgeBase(bot_name="demo", knowledge_dir=kb.knowledge_dir, index_dir=index)
    with pytest.raises(KnowledgeError, match="warmline ingest --bot demo"):
        base.load()
    base.ingest()
    assert json.loads(state_file.read_text(encoding="utf-8"))["format"] == FORMAT
    assert base.search("do you ship to the uk").best == kb.search("do you ship to the uk").best


def test_reingest_embeds_only_changed_file_and_removes_deleted(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    embeddings = CountingEmbeddings()
    base = KnowledgeBase(bot_name="inc", knowledge_dir=folder, index_dir=tmp_path / "index", embeddings=embeddings)
    first = base.ingest()
    assert (first.added, first.updated, first.removed) == (8, 0, 0)
    assert first.tuned
    assert first.embedded == len(embeddings.texts) == first.keys

    embeddings.texts.clear()
    (folder / "care.md").write_text(GUIDE.replace("Keep linen in a dry", "Keep linen in a cool, dry"), encoding="utf-8")
    second = base.ingest()
    assert (second.added, second.updated, second.removed, second.unchanged) == (0, 1, 0, 7)
    assert embeddings.texts == ["Storage: Keep linen in a cool, dry, ventilated cupboard, away from direct sunlight."]

    embeddings.texts.clear()
    (folder / "care.md").unlink()
    third = base.ingest()
    assert (third.added, third.updated, third.removed, third.unchanged) == (0, 0, 2, 6)
    assert embeddings.texts == []
    assert all(p.citation.source == "faq.yaml" for p in base.passages)
    assert all(c.passage.citation.source == "faq.yaml" for c in base.search("how to wash linen").candidates)


def test_tiny_knowledge_falls_back_to_default_threshold(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "faq.yaml").write_text(
        "entries:\n  - {question: 'Where is the shop?', answer: In Leipzig.}\n", encoding="utf-8"
    )
    base = KnowledgeBase(bot_name="tiny", knowledge_dir=folder, index_dir=tmp_path / "index")
    report = base.ingest()
    assert not report.tuned
    assert "default threshold" in report.note
    assert base.search("where is your store located").in_scope
    assert not base.search("what is the capital of peru").in_scope


def test_two_near_identical_entries_are_ambiguous(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    duplicate = {"question": "How long does delivery take?", "answer": "1-2 working days.",
                 "phrasings": ["delivery time", "when will my parcel arrive", "how fast do you deliver"]}
    (folder / "delivery.yaml").write_text(yaml.safe_dump({"entries": [duplicate]}), encoding="utf-8")
    learned = dict(duplicate, answer="Usually 2 days, 3 in December.")
    (folder / "learned").mkdir()
    (folder / "learned" / "delivery.yaml").write_text(yaml.safe_dump({"entries": [learned]}), encoding="utf-8")
    base = KnowledgeBase(bot_name="amb", knowledge_dir=folder, index_dir=tmp_path / "index")
    base.ingest()
    vague = base.search("how long does delivery take")
    assert vague.in_scope
    assert vague.ambiguous
    assert {c.passage.citation.source for c in vague.candidates[:2]} == {"delivery.yaml",
                                                                         "learned/delivery.yaml"}
    clear = base.search("how much does shipping cost")
    assert clear.in_scope
    assert not clear.ambiguous


def test_folder_with_a_broken_file_changes_nothing(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    base = KnowledgeBase(bot_name="bad", knowledge_dir=folder, index_dir=tmp_path / "index")
    base.ingest()
    before = list(base.passages)
    (folder / "broken.yaml").write_text("entries:\n  - question: 'x'\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"broken\.yaml"):
        base.ingest()
    (folder / "broken.yaml").unlink()
    reopened = KnowledgeBase(bot_name="bad", knowledge_dir=folder, index_dir=tmp_path / "index")
    reopened.load()
    assert list(reopened.passages) == before


def test_empty_folder_ingests_and_answers_nothing(tmp_path: Path) -> None:
    (tmp_path / "k").mkdir()
    base = KnowledgeBase(bot_name="empty", knowledge_dir=tmp_path / "k", index_dir=tmp_path / "index")
    report = base.ingest()
    assert (report.passages, report.keys, report.tuned) == (0, 0, False)
    result = base.search("hello?")
    assert not result.in_scope
    assert result.candidates == ()


class Interrupted(Exception):
    """Stands for a killed ingest (Ctrl-C, out of memory, a reboot) after some batches were stored."""


def test_an_interrupted_ingest_is_continued_without_embedding_again(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)

    def stop_after_two_batches(stage: str, done: int, total: int) -> None:
        if stage == "embed" and done >= 8:
            raise Interrupted

    first = CountingEmbeddings()
    with pytest.raises(Interrupted):
        KnowledgeBase(bot_name="resume", knowledge_dir=folder, index_dir=tmp_path / "index",
                      embeddings=first).ingest(progress=stop_after_two_batches, batch_size=4)
    assert len(first.texts) == 8
    with pytest.raises(KnowledgeError, match="warmline ingest"):  # nothing half-built is served
        KnowledgeBase(bot_name="resume", knowledge_dir=folder, index_dir=tmp_path / "index").load()

    second = CountingEmbeddings()
    base = KnowledgeBase(bot_name="resume", knowledge_dir=folder, index_dir=tmp_path / "index", embeddings=second)
    report = base.ingest(batch_size=4)
    assert report.resumed
    assert report.embedded == report.keys - 8
    assert not set(second.texts) & set(first.texts)
    assert sorted(first.texts + second.texts) == sorted(base.key_texts)
    # the journal and the vector spool are gone; the teaching lock file stays (workers share it)
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == [
        "chroma", "knowledge.json", "scores.npz", "teaching.lock"]
    found = base.search("how much is delivery").candidates[0].passage
    assert found.question == "How much does shipping cost?"
    # one passage's own keys: its question and phrasings, nobody else's
    assert "How much does shipping cost?" in base.key_texts_of(found.id)
    assert set(base.key_texts_of(found.id)) < set(base.key_texts)
    assert base.key_texts_of("no-such-passage") == ()
    assert not base.ingest().resumed  # a finished ingest leaves nothing to continue


def test_a_small_index_searched_in_memory_answers_as_the_chroma_query_does(kb: KnowledgeBase) -> None:
    through_chroma = KnowledgeBase(bot_name="demo", knowledge_dir=kb.knowledge_dir, index_dir=kb.index_dir,
                                   exact_max_keys=0)
    for question in ("are you open on sundays?", "how much is delivery", "how should I wash my linen",
                     "what is the capital of France?", "sheets for a king bed", "paypal"):
        _assert_same_answer(kb.search(question), through_chroma.search(question))


def _assert_same_answer(one: Retrieval, other: Retrieval) -> None:
    """The same passages in the same order and verdict; scores equal up to float32 rounding."""
    assert [c.passage.id for c in one.candidates] == [c.passage.id for c in other.candidates], one.query
    assert [c.score for c in one.candidates] == pytest.approx([c.score for c in other.candidates], abs=1e-5)
    assert (one.in_scope, one.ambiguous, one.answer_text) == (other.in_scope, other.ambiguous, other.answer_text)


def test_a_small_index_is_searched_without_importing_chroma(kb: KnowledgeBase) -> None:
    code = ("import sys; from pathlib import Path; from warmline.knowledge import KnowledgeBase; "
            f"kb = KnowledgeBase(bot_name='demo', knowledge_dir=Path({str(kb.knowledge_dir)!r}), "
            f"index_dir=Path({str(kb.index_dir)!r})); "
            "hit = kb.search('how much is delivery').candidates[0].passage.citation.title; "
            "print(hit, '|', 'chromadb' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "How much does shipping cost? | False"


def test_an_index_written_without_its_key_vectors_reads_them_from_chroma(kb: KnowledgeBase, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(kb.index_dir, index)
    state = read_state(index, bot_name="demo")
    assert state is not None
    assert state.key_vectors is not None
    assert state.key_vectors.shape == (len(state.keys), 384)
    write_state(index, replace(state, key_vectors=None))  # as an older version wrote it
    older = KnowledgeBase(bot_name="demo", knowledge_dir=kb.knowledge_dir, index_dir=index)
    for question in ("are you open on sundays?", "how should I wash my linen", "what is the capital of France?"):
        _assert_same_answer(older.search(question), kb.search(question))
