"""Exact nearest keys in memory, for indexes small enough that Chroma's own query is the slow part.

A shop's knowledge is usually a few hundred keys. Over those, one matrix product finds the nearest keys
exactly in about 10 µs, where a query through Chroma's HNSW graph costs about 0.7 ms: a tenth of an
answered turn. Large indexes keep querying Chroma, whose memory does not grow with the corpus in our
process. Ingest keeps a small index's vectors with its tuned state (``IndexState.key_vectors``), so a server
searching it never opens Chroma; an index written before that has them read from the collection once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

__all__ = ["EXACT_MAX_KEYS", "ExactKeys"]

EXACT_MAX_KEYS = 10_000  # 15 MB of float32 vectors at 384 dimensions; above it Chroma answers


class ExactKeys:
    """The live keys' vectors (L2-normalised rows, in key order), searched by cosine similarity."""

    __slots__ = ("_vectors",)

    def __init__(self, vectors: np.ndarray) -> None:
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        if not np.allclose(norms, 1.0, atol=1e-4):  # the model's vectors already are: no second copy
            vectors = vectors / np.where(norms == 0, 1.0, norms)
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    @classmethod
    def for_keys(cls, key_ids: Sequence[str], vectors: np.ndarray | None, *, collection: Callable[[], Any],
                 max_keys: int = EXACT_MAX_KEYS) -> ExactKeys | None:
        """The keys searched in memory when there are at most ``max_keys`` of them: ``vectors`` kept with the
        index, or, for an index written before it kept them, read once from ``collection()``."""
        if not key_ids or len(key_ids) > max_keys:
            return None
        if vectors is not None and len(vectors) == len(key_ids):
            return cls(vectors)
        return cls.from_collection(collection(), key_ids, max_keys=max_keys)

    @classmethod
    def from_collection(cls, collection: Any, key_ids: Sequence[str], *,
                        max_keys: int = EXACT_MAX_KEYS) -> ExactKeys | None:
        """The vectors of ``key_ids`` read from a Chroma collection; ``None`` when there are more than
        ``max_keys`` of them, none at all, or the collection lacks one (then Chroma answers the queries)."""
        if not key_ids or len(key_ids) > max_keys:
            return None
        found = collection.get(ids=list(key_ids), include=["embeddings"])
        row_of = {key_id: row for row, key_id in enumerate(found["ids"])}
        if len(row_of) != len(key_ids) or any(key_id not in row_of for key_id in key_ids):
            return None
        embeddings = np.asarray(found["embeddings"], dtype=np.float32)
        return cls(embeddings[[row_of[key_id] for key_id in key_ids]])

    def __len__(self) -> int:
        return int(self._vectors.shape[0])

    def nearest(self, vector: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``n`` keys nearest to ``vector``: (key indices, cosine similarities), best first."""
        n = min(n, len(self))
        if n <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        norm = float(np.linalg.norm(vector))
        similarities = self._vectors @ (np.asarray(vector, dtype=np.float32) / (norm or 1.0))
        top = np.argpartition(-similarities, n - 1)[:n] if n < len(similarities) else np.arange(n)
        top = top[np.lexsort((top, -similarities[top]))]  # ties: the earlier key first, as a stable sort
        return top.astype(np.int64), similarities[top].astype(np.float64)
