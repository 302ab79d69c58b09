"""The verdict on one question's candidates: answer, ask which of two, or not from knowledge."""

from __future__ import annotations

import numpy as np
import pytest

from warmline.domain import Citation, Passage, Retrieval
from warmline.knowledge._deciding import retrieval_for
from warmline.knowledge._scoring import FEATURES, Calibrator, Scorer, _gap
from warmline.knowledge._state import IndexState
from warmline.knowledge.files import Key

TITLES = ("Shipping to the Netherlands", "Shipping to Belgium", "Opening hours", "About our wool")
SECTION = 3  # the last passage is a Markdown section, scored by the fixed curve


def state(*, threshold: float = 0.5, pair_threshold: float | None = None,
          sections: frozenset[int] = frozenset({SECTION})) -> IndexState:
    passages = tuple(Passage(id=f"p{i}", text=f"{title}: the answer.", question=None if i in sections else title,
                             citation=Citation(source="faq.yaml", title=title)) for i, title in enumerate(TITLES))
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("dense")] = coef[FEATURES.index("dense_gap")] = 10.0
    # P = sigmoid(10 · cosine + 10 · its gap to the best other − 10): a clear winner near .9 clears .5.
    calibrator = Calibrator(mean=np.zeros(len(FEATURES)), scale=np.ones(len(FEATURES)), coef=coef, intercept=-10.0)
    return IndexState(bot_name="t", model="m", passages=passages, hashes=("",) * len(passages),
                      keys=tuple(Key(text=p.citation.title, kind="question", answer=p.text) for p in passages),
                      key_ids=tuple(p.id for p in passages), passage_of=np.arange(len(passages)),
                      centroids=np.zeros((len(passages), 2)), classifier=None, calibrator=calibrator,
                      threshold=threshold, margin=0.1, tuning={"pair_threshold": pair_threshold})


def decide(cosines: list[float], *, index: IndexState | None = None) -> Retrieval:
    index = index or state()
    scorer = Scorer(passage_of=index.passage_of, n_passages=len(index.passages), centroids=index.centroids,
                    lexical=None, classifier=None,
                    is_section=np.array([p.question is None for p in index.passages]))
    dense = np.array(cosines)
    features = np.zeros((dense.size, len(FEATURES)))
    features[:, FEATURES.index("dense")] = dense
    features[:, FEATURES.index("dense_gap")] = _gap(dense)
    order = np.argsort(-dense)
    return retrieval_for("a question", state=index, scorer=scorer, cands=np.arange(dense.size), features=features,
                         dense=(order, dense[order]), k=3)


def test_a_clear_winner_is_answered_with_its_own_text() -> None:
    found = decide([0.9, 0.3, 0.2, 0.1])
    assert found.in_scope
    assert not found.ambiguous
    assert found.best is not None
    assert found.best.passage.id == "p0"
    assert found.answer_text == "Shipping to the Netherlands: the answer."
    assert found.confidence == pytest.approx(found.candidates[0].score)
    assert [c.score for c in found.candidates] == sorted((c.score for c in found.candidates), reverse=True)
    assert len(found.candidates) == 3  # k


def test_nothing_near_is_not_answered() -> None:
    found = decide([0.3, 0.25, 0.2, 0.1])
    assert not found.in_scope
    assert not found.ambiguous


def test_two_near_answers_make_a_question_back_with_both_first() -> None:
    found = decide([0.2, 0.79, 0.8, 0.1])  # neither alone clears .5; together they stand out from the rest
    assert found.in_scope
    assert found.ambiguous
    assert [c.passage.id for c in found.candidates[:2]] == ["p2", "p1"]


def test_a_lowered_threshold_keeps_the_question_back_at_the_pair_threshold() -> None:
    found = decide([0.2, 0.79, 0.8, 0.1], index=state(pair_threshold=0.99))
    assert not found.in_scope
    assert not found.ambiguous


def test_an_entry_that_clears_the_threshold_beats_a_likelier_section() -> None:
    found = decide([0.97, 0.3, 0.2, 0.99], index=state(threshold=0.1))
    assert found.candidates[1].passage.id == "p3"  # the section is likelier
    assert found.candidates[1].score > found.candidates[0].score
    assert found.best is not None
    assert found.best.passage.id == "p0"
    assert found.in_scope
    assert not found.ambiguous
    # unless the entry is only a guess (.18) and the section sure of itself
    guessed = decide([0.9, 0.3, 0.2, 0.95], index=state(threshold=0.1))
    assert guessed.best is not None
    assert guessed.best.passage.id == "p3"


def test_a_section_alone_is_answered_by_the_fixed_curve() -> None:
    found = decide([0.3, 0.2, 0.1, 0.6], index=state(threshold=0.99))
    assert found.best is not None
    assert found.best.passage.id == "p3"
    assert found.in_scope  # .6 is well past the curve's midpoint (.44), whatever the FAQ threshold


def test_a_section_further_from_the_question_than_an_faq_question_answers_only_when_sure() -> None:
    # The entry written for such questions is nearer (.58) than the paragraph (.55) but not sure enough to
    # answer; the paragraph, which clears its curve (.79), is no better a guess.
    found = decide([0.58, 0.2, 0.1, 0.55], index=state(threshold=0.99))
    assert found.best is not None
    assert found.best.passage.id == "p3"
    assert not found.in_scope
    assert not found.ambiguous
    # a paragraph sure on its own (.60: .87 on the curve) answers all the same
    sure = decide([0.63, 0.2, 0.1, 0.6], index=state(threshold=0.99))
    assert sure.best is not None
    assert sure.best.passage.id == "p3"
    assert sure.in_scope


def test_of_two_sections_the_clearly_nearer_one_answers() -> None:
    # Both clear the fixed curve near its top (.97 and .93), closer than any margin tuned on FAQ entries,
    # but their cosines are .09 apart: the nearer one is the answer, not a question back.
    two_sections = state(threshold=0.99, sections=frozenset({2, SECTION}))
    found = decide([0.1, 0.1, 0.66, 0.75], index=two_sections)
    assert found.best is not None
    assert found.best.passage.id == "p3"
    assert found.in_scope
    assert not found.ambiguous


def test_two_sections_nearly_as_near_make_a_question_back() -> None:
    found = decide([0.1, 0.1, 0.73, 0.75], index=state(threshold=0.99, sections=frozenset({2, SECTION})))
    assert found.in_scope
    assert found.ambiguous
    assert [c.passage.id for c in found.candidates[:2]] == ["p3", "p2"]
