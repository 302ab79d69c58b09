"""The threshold rules of ingest's cross-validation: an acceptance share, the scan's Matthews correlation, and
the verdict on a live question."""

from __future__ import annotations

import numpy as np
import pytest

from warmline.knowledge.crossval import acceptance_threshold, verdict, weighted_mcc


def test_acceptance_threshold_is_cleared_by_that_share_of_answerable_questions() -> None:
    top = np.linspace(0.05, 0.95, 19)
    threshold = acceptance_threshold(top, 0.75)
    assert np.mean(top >= threshold) == pytest.approx(0.75, abs=1 / 19)
    assert acceptance_threshold(top, 0.9) < threshold < acceptance_threshold(top, 0.5)


@pytest.mark.parametrize("seed", range(5))
def test_weighted_mcc_is_scikit_learns_matthews_correlation(seed: int) -> None:
    from sklearn.metrics import matthews_corrcoef

    rng = np.random.default_rng(seed)
    truths = rng.integers(-1, 6, size=200)
    predicted = np.where(rng.random(200) < 0.6, truths, rng.integers(-1, 6, size=200))
    weights = rng.random(200)
    assert weighted_mcc(truths, predicted, weights) == pytest.approx(
        matthews_corrcoef(truths, predicted, sample_weight=weights), abs=1e-12)


def test_weighted_mcc_is_zero_when_every_prediction_is_the_same() -> None:
    truths = np.array([0, 1, 2, -1])
    assert weighted_mcc(truths, np.full(4, -1), np.ones(4)) == 0.0
    assert weighted_mcc(truths, truths, np.ones(4)) == pytest.approx(1.0)


def test_a_lowered_threshold_answers_more_but_asks_back_only_where_the_tuned_one_would() -> None:
    lowered, tuned = 0.1, 0.4
    # The best alone clears the lowered threshold: answered, as without a pair threshold.
    assert verdict(0.15, 0.02, 0.17, threshold=lowered, margin=0.1, pair_threshold=tuned) == (True, False)
    # Neither alone clears it and the two together only clear the lowered one: no answer, no question back.
    assert verdict(0.08, 0.06, 0.14, threshold=lowered, margin=0.1) == (True, True)
    assert verdict(0.08, 0.06, 0.14, threshold=lowered, margin=0.1, pair_threshold=tuned) == (False, False)
    # Together they clear the tuned threshold too: still "which of the two did you mean?".
    assert verdict(0.08, 0.06, 0.45, threshold=lowered, margin=0.1, pair_threshold=tuned) == (True, True)
    # Both clear the lowered threshold and are close: a question back, whatever the pair threshold.
    assert verdict(0.2, 0.18, 0.38, threshold=lowered, margin=0.1, pair_threshold=tuned) == (True, True)
