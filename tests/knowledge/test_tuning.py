"""Tuning: cross-validation still tunes with grouped phrasings or an acceptance share; bounded samples and
spooled vectors (the folds and the threshold rules themselves: ``tests/knowledge/crossval``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from warmline.domain import ValidationError
from warmline.knowledge import _tuning
from warmline.knowledge._tuning import tune
from warmline.knowledge.crossval import _held_out
from warmline.knowledge.ingest import VectorSpool


def _small_bot() -> dict:
    rng = np.random.default_rng(3)
    centres = rng.normal(size=(8, 32))
    passage_of = np.repeat(np.arange(8), 6)
    vectors = centres[passage_of] + 0.6 * rng.normal(size=(passage_of.size, 32))
    vectors[1::6] = vectors[0::6] + 0.01  # one near-copy per entry
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    texts = [f"question {p} phrasing {i}" for i, p in enumerate(passage_of)]
    return {"vectors": vectors, "texts": texts, "passage_of": passage_of,
            "question_like": np.ones(passage_of.size, dtype=bool), "n_passages": 8, "classifier": None}


def test_tune_with_grouping_still_tunes() -> None:
    common = _small_bot()
    plain, grouped = tune(**common), tune(**common, near_duplicate=0.9)
    assert plain.tuned
    assert grouped.tuned
    assert grouped.cv_questions > 0
    assert grouped.cv_inscope_accuracy is not None
    assert 0.0 < grouped.threshold < 1.0


def test_tune_by_acceptance_accepts_more_answerable_questions_as_the_share_grows() -> None:
    common = _small_bot()
    strict, lenient = tune(**common, accept_inscope=0.5), tune(**common, accept_inscope=0.95)
    assert strict.tuned
    assert lenient.tuned
    assert lenient.threshold < strict.threshold
    assert np.allclose(strict.calibrator.coef, lenient.calibrator.coef)  # same CV, only the rule differs


@pytest.mark.parametrize("share", [0.0, 1.0, 1.5])
def test_tune_refuses_an_acceptance_share_outside_zero_to_one(share: float) -> None:
    with pytest.raises(ValidationError, match="accept_inscope"):
        tune(**_small_bot(), accept_inscope=share)


def test_answering_at_least_a_share_lowers_the_threshold_only_as_far_as_needed() -> None:
    common = _clustered(5, entries=10, per_entry=8)
    by_mcc = tune(**common)
    shares = (0.05, 0.6, 0.9, 0.99)
    capped = [tune(**common, answer_at_least=share) for share in shares]
    assert capped[0].threshold == pytest.approx(by_mcc.threshold)  # a share it already answers: unchanged
    thresholds = [t.threshold for t in capped]
    assert thresholds == sorted(thresholds, reverse=True)
    assert capped[-1].threshold < by_mcc.threshold
    assert "lowered from" in capped[-1].note  # `warmline ingest` prints it
    assert "lowered" not in capped[0].note
    assert all(np.allclose(t.calibrator.coef, by_mcc.calibrator.coef) for t in capped)  # only the rule differs


def test_an_faq_without_a_second_phrasing_anywhere_keeps_the_default_threshold() -> None:
    # Only out-of-scope questions could be held out: tuned on those alone the threshold fell to ~0 and the
    # bot answered everything.
    only_questions = _clustered(2, entries=24, per_entry=1)
    tuning = tune(**only_questions, answer_at_least=0.8)
    assert not tuning.tuned
    assert tuning.threshold == pytest.approx(0.5)
    assert "second phrasing" in tuning.note


def test_the_share_to_answer_is_measured_on_phrasings_unlike_any_left_in_training() -> None:
    # Every entry: a tight cluster of near-copies plus a few far-off phrasings. Held out one by one, a
    # phrasing nearly always keeps a near-copy in training; held out a group at a time, the far-off ones
    # must be found on their own, so answering most of them needs a lower threshold.
    rng = np.random.default_rng(11)
    entries, copies, far = 8, 6, 3
    centres = rng.normal(size=(entries, 32))
    rows, passage_of = [], []
    for entry in range(entries):
        base = centres[entry] + 0.3 * rng.normal(size=32)
        rows += [base + 0.02 * rng.normal(size=32) for _ in range(copies)]
        rows += [centres[entry] + 1.1 * rng.normal(size=32) for _ in range(far)]
        passage_of += [entry] * (copies + far)
    vectors = np.array(rows)
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    common = {"vectors": vectors, "texts": [f"q{i}" for i in range(len(rows))], "passage_of": np.array(passage_of),
              "question_like": np.ones(len(rows), dtype=bool), "n_passages": entries, "classifier": None}
    one_by_one = tune(**common, accept_inscope=0.8)  # the same share, measured on the ungrouped folds
    grouped = tune(**common, answer_at_least=0.8)
    assert grouped.threshold < one_by_one.threshold


@pytest.mark.parametrize("share", [0.0, -0.1, 1.5])
def test_tune_refuses_a_share_to_answer_outside_zero_to_one(share: float) -> None:
    with pytest.raises(ValidationError, match="answer_at_least"):
        tune(**_small_bot(), answer_at_least=share)


def _clustered(seed: int, entries: int, per_entry: int) -> dict[str, object]:
    rng = np.random.default_rng(seed)
    passage_of = np.repeat(np.arange(entries), per_entry)
    vectors = rng.normal(size=(entries, 32))[passage_of] + 0.6 * rng.normal(size=(passage_of.size, 32))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    return {"vectors": vectors, "texts": [f"question {p} phrasing {i}" for i, p in enumerate(passage_of)],
            "passage_of": passage_of, "question_like": np.ones(passage_of.size, dtype=bool),
            "n_passages": entries, "classifier": None}


def test_a_large_faq_is_tuned_on_a_bounded_sample_of_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    common = _clustered(5, 20, 6)
    monkeypatch.setattr(_tuning, "FEW_QUESTIONS", 0)  # large: one fold draw
    full = tune(**common)
    monkeypatch.setattr(_held_out, "MAX_FOLD_QUESTIONS", 10)
    sampled = tune(**common)
    assert full.cv_questions > 5 * 10
    assert sampled.cv_questions == 5 * 10
    assert sampled.tuned
    assert 0.0 < sampled.threshold < 1.0


def test_a_small_faq_is_tuned_on_several_fold_draws_pooled(monkeypatch: pytest.MonkeyPatch) -> None:
    common = _clustered(5, 20, 6)
    pooled, draws = tune(**common), _tuning.FOLD_DRAWS
    monkeypatch.setattr(_tuning, "FOLD_DRAWS", 1)
    single = tune(**common)
    # (each draw hides other whole entries, so the counts differ a little)
    assert 0.9 * draws * single.cv_questions <= pooled.cv_questions <= 1.1 * draws * single.cv_questions
    assert pooled.tuned
    assert 0.0 < pooled.threshold < 1.0


def test_tuning_from_a_spool_equals_tuning_from_memory(tmp_path: Path) -> None:
    common = _clustered(6, 10, 5)
    spool = VectorSpool(tmp_path / "v.f32", dimension=32)
    spool.append(common["vectors"])  # type: ignore[arg-type]
    in_memory, streamed = tune(**common), tune(**common | {"vectors": spool})  # type: ignore[arg-type]
    assert streamed.cv_questions == in_memory.cv_questions
    assert streamed.threshold == pytest.approx(in_memory.threshold, abs=1e-6)
    assert streamed.cv_mcc == pytest.approx(in_memory.cv_mcc, abs=1e-6)


def test_only_sentence_keys_are_discounted() -> None:
    from warmline.knowledge._sources import Key, KeyKind
    from warmline.knowledge._tuning import SENTENCE_DISCOUNT, key_discounts

    paragraph = Key("Care: Wash cold. Dry flat. Fold it.", KeyKind.PARAGRAPH, "Wash cold. Dry flat. Fold it.")
    sentence = Key("Care: Dry flat.", KeyKind.SENTENCE, paragraph.answer)
    question = Key("How do I wash it?", KeyKind.QUESTION, "Cold.")
    assert key_discounts([paragraph, question]) is None
    discounts = key_discounts([paragraph, sentence, question])
    assert discounts is not None
    assert discounts.tolist() == [0.0, SENTENCE_DISCOUNT, 0.0]
