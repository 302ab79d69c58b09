"""The evidence a query gets from one bot's keys besides Chroma: exact cosine (for cross-validation),
BM25 over the key texts, and a per-bot classifier over the embeddings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np
from bm25s.stopwords import STOPWORDS_EN

__all__ = ["N_DENSE", "N_LEXICAL", "Classifier", "Hits", "Lexical", "dense_top", "fit_classifier"]

N_DENSE = 32  # key hits asked from the vector store
N_LEXICAL = 16
Hits = tuple[np.ndarray, np.ndarray]  # (key indices, scores), best first
_WORD = re.compile(r"(?u)\b\w\w+\b")
_STOPWORDS = frozenset(STOPWORDS_EN)


def dense_top(query_vectors: np.ndarray, key_vectors: np.ndarray, n: int = N_DENSE) -> list[Hits]:
    """Exact cosine top-n with numpy (what Chroma returns, for cross-validation)."""
    sims = query_vectors @ key_vectors.T
    n = min(n, key_vectors.shape[0])
    out = []
    for row in sims:
        idx = np.argpartition(-row, n - 1)[:n] if n < row.size else np.arange(row.size)
        idx = idx[np.argsort(-row[idx])]
        out.append((idx, row[idx]))
    return out


class Lexical:
    """BM25 over the key texts (bm25s); rebuilt in well under a second from the keys at load."""

    def __init__(self, texts: Sequence[str]) -> None:
        tokens = [_tokens(t) for t in texts]
        self._vocabulary = {token for doc in tokens for token in doc}
        self._size = len(texts)
        self._bm25 = bm25s.BM25()
        # An empty document list would break bm25s; a key with no content words indexes as a dummy token.
        self._bm25.index([doc or ["\x00"] for doc in tokens], show_progress=False)

    def top(self, queries: Sequence[str], n: int = N_LEXICAL) -> list[Hits]:
        """Best keys per query by BM25 (keys sharing no content word with the query are left out)."""
        out = []
        for query in queries:
            tokens = [t for t in _tokens(query) if t in self._vocabulary]
            if not tokens:
                out.append((np.array([], dtype=np.int64), np.array([])))
                continue
            # get_scores avoids retrieve()'s per-call thread pool, which costs more than the scoring.
            scores = self._bm25.get_scores(tokens)
            k = min(n, scores.size)
            idx = np.argpartition(-scores, k - 1)[:k] if k < scores.size else np.arange(scores.size)
            idx = idx[np.argsort(-scores[idx])]
            idx = idx[scores[idx] > 0]
            out.append((idx.astype(np.int64), scores[idx].astype(np.float64)))
        return out


def _tokens(text: str) -> list[str]:
    return [t for t in _WORD.findall(text.lower()) if t not in _STOPWORDS]


@dataclass(frozen=True, slots=True)
class Classifier:
    """Multinomial logistic regression over embeddings, one class per passage with phrasings."""

    classes: np.ndarray  # passage index of each row of ``weights``
    weights: np.ndarray
    bias: np.ndarray

    def probabilities(self, query_vectors: np.ndarray, n_passages: int) -> np.ndarray:
        logits = query_vectors @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probs = exp / exp.sum(axis=1, keepdims=True)
        full = np.zeros((query_vectors.shape[0], n_passages), dtype=np.float32)
        full[:, self.classes] = probs
        return full


def fit_classifier(vectors: np.ndarray, labels: np.ndarray, *, c: float = 10.0,
                   sample_weight: np.ndarray | None = None, start: Classifier | None = None) -> Classifier | None:
    """Train the per-bot classifier; ``None`` when there are fewer than two classes.

    ``start``: a classifier over the same classes to start from (a taught entry changed little, so the
    optimiser has little left to do).
    """
    classes = np.unique(labels)
    if classes.size < 2:
        return None
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=300)
    if start is not None and classes.size > 2 and np.array_equal(start.classes, classes):
        model.set_params(warm_start=True)
        model.coef_, model.intercept_ = start.weights.astype(np.float64), start.bias.astype(np.float64)
    model.fit(vectors, labels, sample_weight=sample_weight)
    weights, bias = model.coef_, model.intercept_
    if classes.size == 2:  # sklearn keeps one row for two classes; expand to a softmax pair
        weights = np.vstack([-weights[0] / 2, weights[0] / 2])
        bias = np.array([-bias[0] / 2, bias[0] / 2])
    return Classifier(classes=model.classes_.astype(np.int64), weights=weights.astype(np.float32),
                      bias=bias.astype(np.float32))
