"""The folds of ingest's cross-validation: near-duplicate phrasings are held out together."""

from __future__ import annotations

import numpy as np

from warmline.knowledge.crossval import N_FOLDS, assign_folds, near_duplicate_groups


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_near_duplicates_of_one_entry_share_a_group_and_chains_link() -> None:
    vectors = np.vstack([
        _unit(1, 0, 0), _unit(1, 0.3, 0), _unit(1, 0.7, 0.1),  # entry 0: a chain a~b, b~c (a, c farther)
        _unit(0, 0, 1),                                        # entry 0: a different phrasing
        _unit(1, 0.01, 0),                                     # entry 1: close to entry 0's first key
    ])
    passage_of = np.array([0, 0, 0, 0, 1])
    groups = near_duplicate_groups(vectors, passage_of, np.ones(5, dtype=bool), similarity=0.9)
    assert float(vectors[0] @ vectors[2]) < 0.9  # linked only through the middle key
    assert groups[0] == groups[1] == groups[2]
    assert groups[3] != groups[0]
    assert groups[4] != groups[0]  # another entry's phrasing is never merged in


def test_near_duplicate_phrasings_are_held_out_in_the_same_fold() -> None:
    rng = np.random.default_rng(0)
    passage_of = np.repeat(np.arange(6), 6)
    # Each entry: three copies of one phrasing, and three distinct phrasings.
    groups = np.arange(passage_of.size)
    for entry in range(6):
        first = entry * 6
        groups[first:first + 3] = first
    folds = assign_folds(rng, passage_of, np.ones(passage_of.size, dtype=bool), np.arange(6), groups=groups)
    assert len(folds) == N_FOLDS
    for entry in range(6):
        first = entry * 6
        held_in = [next(f for f, (mask, _) in enumerate(folds) if mask[key]) for key in range(first, first + 6)]
        assert held_in[0] == held_in[1] == held_in[2]
        assert len(set(held_in)) == 4  # four units (the copies, and three phrasings) in four folds


def test_an_entry_that_is_one_group_is_still_split_key_by_key() -> None:
    rng = np.random.default_rng(1)
    passage_of = np.repeat(np.arange(4), 5)
    groups = np.repeat(np.arange(4) * 5, 5)  # every entry's phrasings are near-copies of each other
    folds = assign_folds(rng, passage_of, np.ones(passage_of.size, dtype=bool), np.arange(4), groups=groups)
    for entry in range(4):
        keys = range(entry * 5, entry * 5 + 5)
        held_in = {next(f for f, (mask, _) in enumerate(folds) if mask[key]) for key in keys}
        assert len(held_in) == 5  # one key per fold: some of its phrasings always stay in training
