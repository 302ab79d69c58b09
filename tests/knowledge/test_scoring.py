"""Scorer: all partners scored in one pass give what scoring each pair alone gives; discounted keys."""

from __future__ import annotations

import numpy as np
import pytest

from warmline.knowledge._scoring import BASE_COLUMNS, FEATURES, GAP_COLUMNS, Calibrator, Scorer


def _pair_by_pair(scorer: Scorer, cands: np.ndarray, features: np.ndarray, calibrator: Calibrator,
                  probs: np.ndarray, top: int) -> tuple[float, int]:
    """The definition, one pair at a time: the pair merged, measured against the other candidates."""
    dense = features[:, FEATURES.index("dense")]
    partners = [int(i) for i in np.argsort(-probs)[1:4]] + [int(i) for i in np.argsort(-dense)[:3]]
    best, partner = 0.0, -1
    for other in dict.fromkeys(p for p in partners if p != top):
        pair = np.array([top, other])
        rest = np.setdiff1d(np.arange(cands.size), pair)
        x = features[pair].copy()
        clf = FEATURES.index("clf")
        x[:, clf] = features[pair, clf].sum()
        for gap, base in zip(GAP_COLUMNS, BASE_COLUMNS, strict=True):
            x[:, gap] = x[:, base] - features[rest, base].max()
        value = float(scorer.probabilities(cands[pair], x, calibrator).min())
        if value > best:
            best, partner = value, other
    return best, partner


@pytest.mark.parametrize("seed", range(40))
def test_every_partner_scored_at_once_matches_each_pair_scored_alone(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_passages, n_cands = 30, int(rng.integers(3, 12))
    scorer = Scorer(passage_of=np.arange(n_passages), n_passages=n_passages,
                    centroids=np.zeros((n_passages, 4), dtype=np.float32), lexical=None, classifier=None,
                    is_section=rng.random(n_passages) < 0.3)
    calibrator = Calibrator(mean=rng.normal(size=len(FEATURES)), scale=rng.uniform(0.5, 2, size=len(FEATURES)),
                            coef=rng.uniform(0, 2, size=len(FEATURES)), intercept=float(rng.normal()))
    cands = rng.choice(n_passages, size=n_cands, replace=False)
    features = rng.random((n_cands, len(FEATURES)))
    if seed % 4 == 0:
        features[:, FEATURES.index("dense")] = 0.5  # ties: the first best partner wins, as before
    probs = scorer.probabilities(cands, features, calibrator)
    top = int(np.argmax(probs))
    value, partner = scorer.pair_probability(cands, features, calibrator, probs, top)
    expected_value, expected_partner = _pair_by_pair(scorer, cands, features, calibrator, probs, top)
    assert partner == expected_partner
    assert value == pytest.approx(expected_value, abs=1e-12)


def test_fewer_than_three_candidates_have_no_pair() -> None:
    scorer = Scorer(passage_of=np.arange(2), n_passages=2, centroids=np.zeros((2, 4), dtype=np.float32),
                    lexical=None, classifier=None)
    calibrator = Calibrator(mean=np.zeros(len(FEATURES)), scale=np.ones(len(FEATURES)),
                            coef=np.ones(len(FEATURES)), intercept=0.0)
    features = np.ones((2, len(FEATURES)))
    assert scorer.pair_probability(np.arange(2), features, calibrator, np.array([0.6, 0.4])) == (0.0, -1)


def test_a_discounted_key_counts_less_and_its_passage_may_fall_behind() -> None:
    # keys 0 and 1 belong to passage 0 (a sentence key, then its paragraph), key 2 to passage 1
    passage_of = np.array([0, 0, 1])
    hits = (np.array([0, 2, 1]), np.array([0.70, 0.68, 0.60]))
    plain = Scorer(passage_of=passage_of, n_passages=2, centroids=np.zeros((2, 4), dtype=np.float32),
                   lexical=None, classifier=None)
    discounted = Scorer(passage_of=passage_of, n_passages=2, centroids=np.zeros((2, 4), dtype=np.float32),
                        lexical=None, classifier=None, key_discount=np.array([0.05, 0.0, 0.0]))

    assert plain._best_per_passage(plain._discounted(hits)) == ({0: 0.70, 1: 0.68}, {0: 0, 1: 1})
    best, rank = discounted._best_per_passage(discounted._discounted(hits))
    assert best == {1: 0.68, 0: pytest.approx(0.65)}
    assert rank == {1: 0, 0: 1}


def test_a_faq_entry_that_clears_the_threshold_beats_a_section_unless_it_is_a_guess_and_the_section_is_sure() -> None:
    scorer = Scorer(passage_of=np.arange(3), n_passages=3, centroids=np.zeros((3, 4), dtype=np.float32),
                    lexical=None, classifier=None, is_section=np.array([False, True, False]))
    cands = np.arange(3)

    assert scorer.choose(cands, np.array([0.6, 0.95, 0.1]), threshold=0.11) == 0  # the entry written for it
    assert scorer.choose(cands, np.array([0.2, 0.95, 0.1]), threshold=0.11) == 1  # a guess, a sure section
    assert scorer.choose(cands, np.array([0.2, 0.85, 0.1]), threshold=0.11) == 0  # the section not sure enough
    assert scorer.choose(cands, np.array([0.05, 0.6, 0.1]), threshold=0.11) == 1  # no entry clears: likeliest
