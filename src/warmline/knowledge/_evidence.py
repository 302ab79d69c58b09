"""The evidence a query gets from one bot's keys besides Chroma: exact cosine (for cross-validation),
BM25 over the key texts, and a per-bot classifier over the embeddings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["N_DENSE", "N_LEXICAL", "Classifier", "Hits", "Lexical", "dense_top", "fit_classifier"]

N_DENSE = 32  # key hits asked from the vector store
N_LEXICAL = 16
Hits = tuple[np.ndarray, np.ndarray]  # (key indices, scores), best first
_WORD = re.compile(r"(?u)\b\w\w+\b")
# Lucene's English stop words (what bm25s's STOPWORDS_EN holds).
_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
    "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
    "will", "with"))
_K1, _B = 1.5, 0.75


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
    """BM25 over the key texts (Lucene's variant, k1 = 1.5, b = 0.75, as ``bm25s`` scores it); built in well
    under a second from the keys at load.

    Written out here, a few lines of numpy, rather than imported: ``bm25s`` imports scipy, 23 MB of every
    server process for what these lines do (``tests/knowledge`` checks the scores against ``bm25s``).
    """

    def __init__(self, texts: Sequence[str]) -> None:
        documents = [_tokens(t) for t in texts]
        self._vocabulary: dict[str, int] = {}
        postings: list[dict[int, int]] = []  # per token: document -> count
        for number, document in enumerate(documents):
            for token in document:
                column = self._vocabulary.setdefault(token, len(postings))
                if column == len(postings):
                    postings.append({})
                postings[column][number] = postings[column].get(number, 0) + 1
        self._size = len(texts)
        # A key with no content words counts as one (dummy) token long, as it was indexed before.
        lengths = np.array([len(document) or 1 for document in documents], dtype=np.float64)
        norm = _K1 * ((1 - _B) + _B * lengths / lengths.mean()) if self._size else lengths
        self._starts = np.zeros(len(postings) + 1, dtype=np.int64)
        self._starts[1:] = np.cumsum([len(docs) for docs in postings])
        self._documents = np.array([d for docs in postings for d in docs], dtype=np.int64)
        counts = np.array([c for docs in postings for c in docs.values()], dtype=np.float64)
        frequency = np.diff(self._starts).astype(np.float64)
        idf = np.log(1 + (self._size - frequency + 0.5) / (frequency + 0.5))
        self._weights = (np.repeat(idf, np.diff(self._starts)) * counts
                         / (norm[self._documents] + counts)).astype(np.float32)

    def top(self, queries: Sequence[str], n: int = N_LEXICAL) -> list[Hits]:
        """Best keys per query by BM25 (keys sharing no content word with the query are left out)."""
        out = []
        for query in queries:
            columns = [self._vocabulary[t] for t in _tokens(query) if t in self._vocabulary]
            if not columns:
                out.append((np.array([], dtype=np.int64), np.array([])))
                continue
            scores = self._scores(columns)
            k = min(n, scores.size)
            idx = np.argpartition(-scores, k - 1)[:k] if k < scores.size else np.arange(scores.size)
            idx = idx[np.argsort(-scores[idx])]
            idx = idx[scores[idx] > 0]
            out.append((idx.astype(np.int64), scores[idx].astype(np.float64)))
        return out

    def _scores(self, columns: Sequence[int]) -> np.ndarray:
        """Each key's score: the sum of its weights for the query's tokens (a repeated token counts again)."""
        scores = np.zeros(self._size, dtype=np.float32)
        for column in columns:
            start, end = self._starts[column], self._starts[column + 1]
            scores[self._documents[start:end]] += self._weights[start:end]  # a key once per token
        return scores


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
