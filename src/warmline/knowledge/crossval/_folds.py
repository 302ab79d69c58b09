"""How ingest's cross-validation holds questions out: folds of phrasings, near-duplicates together.

Each fold hides a share of the phrasings (they must still find their entry: in-scope questions) and a
few whole entries (their questions must find *nothing*: simulated out-of-scope questions).
"""

from __future__ import annotations

import numpy as np

from ..ingest._vectors import KeyVectors, as_key_vectors

__all__ = ["NEAR_DUPLICATE", "N_FOLDS", "assign_folds", "near_duplicate_groups"]

N_FOLDS = 5
OOS_SHARE = 0.15  # share of entries hidden whole in each fold
NEAR_DUPLICATE = 0.75  # phrasings of one entry this similar (cosine) are held out together in CV


def near_duplicate_groups(vectors: np.ndarray | KeyVectors, passage_of: np.ndarray, question_like: np.ndarray,
                          *, similarity: float = NEAR_DUPLICATE) -> np.ndarray:
    """A group id per key: an entry's question-like keys chained by cosine ≥ ``similarity`` share one.

    Held-out questions must not have a near-copy left in training: real traffic rarely repeats a
    phrasing, and CV that tests "where is my order" against a kept "where is my order?" makes in-scope
    questions look easy and pushes the tuned threshold far too high (measured on HINT3, see
    docs/benchmarks-knowledge.md).
    """
    source = as_key_vectors(vectors)
    group = np.arange(passage_of.size)
    for keys in _question_keys_by_entry(passage_of, question_like).values():
        if keys.size < 2:
            continue
        rows = source.rows(keys)
        linked = (rows @ rows.T) >= similarity
        for i in range(keys.size):  # union-find over the linked pairs, smallest index as the root
            for j in np.flatnonzero(linked[i, i + 1:]) + i + 1:
                a, b = _root(group, keys[i]), _root(group, keys[j])
                group[max(a, b)] = min(a, b)
    return np.array([_root(group, i) for i in range(group.size)])


def _question_keys_by_entry(passage_of: np.ndarray, question_like: np.ndarray) -> dict[int, np.ndarray]:
    """Each entry's question-like keys in key order, found in one sort (not one scan of every key per entry:
    100,000 entries would make that 10^10 comparisons)."""
    rows = np.flatnonzero(question_like)
    if rows.size == 0:
        return {}
    order = rows[np.argsort(passage_of[rows], kind="stable")]
    entries, starts = np.unique(passage_of[order], return_index=True)
    return dict(zip(entries.tolist(), np.split(order, starts[1:]), strict=True))


def _root(group: np.ndarray, i: int) -> int:
    while group[i] != i:
        i = int(group[i])
    return int(i)


def assign_folds(rng: np.random.Generator, passage_of: np.ndarray, question_like: np.ndarray,
                  entries: np.ndarray, *, groups: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per fold: a mask of held-out in-scope keys, and the entries hidden whole (out of scope).

    Keys are held out a near-duplicate group at a time; an entry whose phrasings all form one group is
    split key by key instead (otherwise its questions could never be answered in any fold).
    """
    fold_of_key = np.full(passage_of.size, -1)
    keys_of = _question_keys_by_entry(passage_of, question_like)
    key_counts = np.bincount(passage_of, minlength=int(passage_of.max(initial=-1)) + 1)
    for entry in entries:
        keys = keys_of.get(int(entry), np.array([], dtype=np.int64))
        if key_counts[entry] < 2:
            continue  # an entry's only key cannot be hidden and still be answerable
        unit_of_key = groups[keys] if np.unique(groups[keys]).size >= 2 else keys
        offset = int(rng.integers(N_FOLDS))  # drawn before the permutation: no groups = the folds of old
        units = rng.permutation(np.unique(unit_of_key))
        fold_of_unit = dict(zip(units.tolist(), ((offset + np.arange(units.size)) % N_FOLDS).tolist(),
                                strict=True))
        fold_of_key[keys] = [fold_of_unit[int(u)] for u in unit_of_key]
    shuffled = rng.permutation(entries)
    per_fold = max(1, round(OOS_SHARE * entries.size))
    folds = []
    for fold in range(N_FOLDS):
        start = (fold * per_fold) % entries.size
        hidden = np.take(shuffled, np.arange(start, start + per_fold), mode="wrap")
        folds.append((fold_of_key == fold, hidden))
    return folds
