"""Cross-validation's held-out questions: each fold's questions scored by a scorer built on the other keys.

``FoldSet`` holds the keys and scores a fold draw (``held_out``); ``HeldOut`` pools the questions of one or
several draws with their candidates' features, which train the calibrator and choose the thresholds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .._evidence import Hits
from .._scoring import N_DENSE, Calibrator, Lexical, Scorer, fit_classifier
from ..ingest._vectors import KeyVectors, streaming_centroids, streaming_top

__all__ = ["FEATURE_SLICE", "MAX_FOLD_QUESTIONS", "FoldSet", "HeldOut", "within"]

# Held-out questions scored per fold, at most: a large FAQ is tuned on a random sample of this size, so
# tuning's memory and time stop growing with the corpus (every bot measured so far has fewer).
MAX_FOLD_QUESTIONS = 2000
FEATURE_SLICE = 128  # questions scored against all centroids at once (128 x 100k passages = 51 MB)


@dataclass
class HeldOut:
    """Cross-validation's held-out questions: per question its candidates, their features and labels."""

    feats: list[np.ndarray] = field(default_factory=list)
    labels: list[np.ndarray] = field(default_factory=list)
    weights: list[np.ndarray] = field(default_factory=list)
    cand_ids: list[np.ndarray] = field(default_factory=list)
    query_weights: list[float] = field(default_factory=list)
    truths: list[int] = field(default_factory=list)

    def extend(self, other: HeldOut) -> None:
        """Pool another fold draw's questions with these."""
        for name in ("feats", "labels", "weights", "cand_ids", "query_weights", "truths"):
            getattr(self, name).extend(getattr(other, name))


def within(progress: Callable[[int, int], None] | None, *, draw: int,
            draws: int) -> Callable[[int, int], None] | None:
    """``progress`` of one fold draw, reported as part of all of them."""
    if progress is None:
        return None
    return lambda done, total: progress(draw * total + done, draws * total)


@dataclass(frozen=True, slots=True, kw_only=True)
class FoldSet:
    """The keys cross-validation draws its folds from, and how a fold's held-out questions are scored."""

    keys: KeyVectors
    texts: list[str]
    passage_of: np.ndarray
    question_like: np.ndarray
    n_passages: int
    classifier: float | None
    sample_weight: np.ndarray | None
    seed: int
    is_section: np.ndarray  # passages without question-like keys (``sections_of``)
    key_discount: np.ndarray | None = None  # per key, taken off its cosine (``Scorer``)

    def held_out(self, folds: list[tuple[np.ndarray, np.ndarray]], *,
                 progress: Callable[[int, int], None] | None = None) -> HeldOut:
        """Each fold's held-out questions scored by a scorer built on the rest of the keys."""
        out = HeldOut()
        for fold, (held_in, held_out_entries) in enumerate(folds):
            hidden = np.isin(self.passage_of, held_out_entries)
            queries = _sample(np.flatnonzero(held_in | (hidden & self.question_like)), seed=self.seed + 1 + fold)
            if queries.size:  # none: e.g. one question per entry, and no entry hidden
                self._score_fold(out, queries=queries, held_in=held_in, hidden=hidden)
            if progress:
                progress(fold + 1, len(folds))
        return out

    def _score_fold(self, out: HeldOut, *, queries: np.ndarray, held_in: np.ndarray, hidden: np.ndarray) -> None:
        keys, passage_of, texts, is_section = self.keys, self.passage_of, self.texts, self.is_section
        train = ~hidden & ~held_in
        train_idx = np.flatnonzero(train)
        weight = None if self.sample_weight is None else self.sample_weight[train_idx]
        clf = (fit_classifier(keys.rows(train_idx), passage_of[train_idx], c=self.classifier,
                              sample_weight=weight) if self.classifier else None)
        scorer = Scorer(passage_of=passage_of, n_passages=self.n_passages, classifier=clf, is_section=is_section,
                        key_discount=self.key_discount,
                        centroids=streaming_centroids(keys, passage_of, self.n_passages, allowed=train),
                        lexical=Lexical([texts[i] for i in train_idx]) if train_idx.size else None)
        qv = keys.rows(queries)
        dense = streaming_top(qv, keys, allowed=train, n=min(N_DENSE, train_idx.size))
        # BM25 numbers the training keys from 0: mapped back to global key indices.
        lex = ([(train_idx[k], s) for k, s in scorer.lexical.top([texts[i] for i in queries])]
               if scorer.lexical else [(np.array([], int), np.array([]))] * len(queries))
        n_in, n_out = int(held_in[queries].sum()), int((hidden & self.question_like)[queries].sum())
        for q, (cands, x) in zip(queries, _features(scorer, qv, dense, lex), strict=True):
            truth = -1 if hidden[q] else int(passage_of[q])
            # Out-of-scope and in-scope questions weigh the same in total, whatever their counts.
            w = 0.5 / max(n_out, 1) if truth < 0 else 0.5 / max(n_in, 1)
            out.feats.append(x)
            out.labels.append(cands == truth)
            # Sections are scored by a fixed curve, so they do not train the calibrator.
            out.weights.append(np.where(is_section[cands], 0.0, w))
            out.cand_ids.append(cands)
            out.query_weights.append(w)
            out.truths.append(truth)

    def probabilities(self, held: HeldOut, calibrator: Calibrator) -> list[np.ndarray]:
        """The calibrated probability of each held-out question's candidates."""
        final = Scorer(passage_of=self.passage_of, n_passages=self.n_passages, centroids=np.zeros((0, 1)),
                       lexical=None, classifier=None, is_section=self.is_section)
        return [final.probabilities(c, x, calibrator) for c, x in zip(held.cand_ids, held.feats, strict=True)]


def _features(scorer: Scorer, qv: np.ndarray, dense: list[Hits],
              lex: list[Hits]) -> list[tuple[np.ndarray, np.ndarray]]:
    """``scorer.features`` a slice of questions at a time: each slice scores every passage's centroid, so
    all questions at once would hold questions x passages floats (800 MB at 2,000 x 100k)."""
    out: list[tuple[np.ndarray, np.ndarray]] = []
    for start in range(0, qv.shape[0], FEATURE_SLICE):
        end = start + FEATURE_SLICE
        out += scorer.features(qv[start:end], dense[start:end], lex[start:end])
    return out


def _sample(queries: np.ndarray, *, seed: int) -> np.ndarray:
    """All of a fold's questions, or a seeded random ``MAX_FOLD_QUESTIONS`` of them (in key order)."""
    if queries.size <= MAX_FOLD_QUESTIONS:
        return queries
    return np.sort(np.random.default_rng(seed).choice(queries, MAX_FOLD_QUESTIONS, replace=False))
