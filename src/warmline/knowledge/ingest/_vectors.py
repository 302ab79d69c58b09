"""Key vectors for tuning, read a block at a time: what ingest needs without all vectors in memory.

``KeyVectors`` is what tuning asks of the keys' embeddings: some rows (a bounded sample of questions),
an exact cosine top-n over the keys a fold may use, and per-passage centroids. ``ArrayVectors`` answers
from a numpy array (benchmarks, tests, small bots); ``VectorSpool`` from a float32 file that ingest
appends to batch by batch, so its memory is one block, whatever the corpus size.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

__all__ = ["BLOCK_ROWS", "ArrayVectors", "KeyVectors", "VectorSpool", "as_key_vectors", "streaming_centroids",
           "streaming_top"]

BLOCK_ROWS = 2048  # keys scored per step: 3 MB of vectors, and (bounded) queries x 2048 scores

Hits = tuple[np.ndarray, np.ndarray]


class KeyVectors(Protocol):
    """The embeddings of an index's keys, row i = key i (L2-normalised)."""

    @property
    def shape(self) -> tuple[int, int]: ...

    def rows(self, index: np.ndarray) -> np.ndarray:
        """These keys' vectors, in the order asked."""
        ...

    def blocks(self) -> Iterator[tuple[int, np.ndarray]]:
        """(first row, vectors) for consecutive blocks of keys."""
        ...


class ArrayVectors:
    """Key vectors held in memory."""

    def __init__(self, vectors: np.ndarray) -> None:
        self._vectors = np.asarray(vectors, dtype=np.float32)

    @property
    def shape(self) -> tuple[int, int]:
        return self._vectors.shape[0], self._vectors.shape[1]

    def rows(self, index: np.ndarray) -> np.ndarray:
        return self._vectors[index]

    def blocks(self) -> Iterator[tuple[int, np.ndarray]]:
        for start in range(0, self._vectors.shape[0], BLOCK_ROWS):
            yield start, self._vectors[start:start + BLOCK_ROWS]


class VectorSpool:
    """An append-only float32 file of key vectors; reads go through small buffers, never a full copy."""

    def __init__(self, path: Path, *, dimension: int) -> None:
        self.path = path
        self.dimension = dimension
        self._count = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")

    @property
    def shape(self) -> tuple[int, int]:
        return self._count, self.dimension

    def append(self, vectors: np.ndarray) -> None:
        """Add the next keys' vectors (rows in key order)."""
        block = np.ascontiguousarray(vectors, dtype=np.float32)
        if block.ndim != 2 or block.shape[1] != self.dimension:
            raise ValueError(f"expected rows of {self.dimension} floats, got shape {block.shape}")
        with self.path.open("ab") as out:
            block.tofile(out)
        self._count += block.shape[0]

    def rows(self, index: np.ndarray) -> np.ndarray:
        index = np.asarray(index, dtype=np.int64)
        if index.size == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        mapped = np.memmap(self.path, dtype=np.float32, mode="r", shape=self.shape)
        try:
            return np.array(mapped[index])  # a copy: the mapping is closed before returning
        finally:
            del mapped

    def blocks(self) -> Iterator[tuple[int, np.ndarray]]:
        # Plain reads into a fresh buffer: a mapping of the whole file would count as resident memory.
        total, dim = self.shape
        with self.path.open("rb") as data:
            for start in range(0, total, BLOCK_ROWS):
                rows = min(BLOCK_ROWS, total - start)
                yield start, np.fromfile(data, dtype=np.float32, count=rows * dim).reshape(rows, dim)

    def remove(self) -> None:
        """Delete the file (the vectors live on in Chroma)."""
        if self.path.exists():
            os.remove(self.path)


def as_key_vectors(vectors: np.ndarray | KeyVectors) -> KeyVectors:
    """A numpy array is wrapped; a spool (or any ``KeyVectors``) is used as it is."""
    return ArrayVectors(vectors) if isinstance(vectors, np.ndarray) else vectors


def streaming_top(query_vectors: np.ndarray, keys: KeyVectors, *, allowed: np.ndarray | None = None,
                  n: int) -> list[Hits]:
    """Exact cosine top-n over the allowed keys, a block at a time: (global key indices, cosines), best first.

    Memory is one block of scores per query, not queries x keys.
    """
    q = query_vectors.shape[0]
    if n <= 0:
        return [(np.array([], dtype=np.int64), np.array([], dtype=np.float32)) for _ in range(q)]
    best_idx = np.zeros((q, 0), dtype=np.int64)
    best_sim = np.zeros((q, 0), dtype=np.float32)
    for start, block in keys.blocks():
        sims = query_vectors @ block.T
        if allowed is not None:
            sims[:, ~allowed[start:start + block.shape[0]]] = -np.inf
        if sims.shape[1] > n:  # the block's own top n first: only q x n of it is kept
            part = np.argpartition(-sims, n - 1, axis=1)[:, :n]
            sims, idx = np.take_along_axis(sims, part, axis=1), part + start
        else:
            idx = np.broadcast_to(np.arange(start, start + block.shape[0]), sims.shape)
        sims, idx = np.concatenate([best_sim, sims], axis=1), np.concatenate([best_idx, idx], axis=1)
        if sims.shape[1] > n:
            part = np.argpartition(-sims, n - 1, axis=1)[:, :n]
            sims, idx = np.take_along_axis(sims, part, axis=1), np.take_along_axis(idx, part, axis=1)
        best_sim, best_idx = sims, idx
    order = np.argsort(-best_sim, axis=1, kind="stable")
    best_sim = np.take_along_axis(best_sim, order, axis=1)
    best_idx = np.take_along_axis(best_idx, order, axis=1)
    found = np.isfinite(best_sim)  # fewer allowed keys than n: the rest were never candidates
    return [(best_idx[i][found[i]], best_sim[i][found[i]]) for i in range(q)]


def streaming_centroids(keys: KeyVectors, passage_of: np.ndarray, n_passages: int, *,
                        allowed: np.ndarray | None = None) -> np.ndarray:
    """The normalised mean vector of each passage's (allowed) keys, summed a block at a time."""
    from scipy import sparse  # here, not at the top: a server that never tunes does not load scipy (23 MB)

    sums = np.zeros((n_passages, keys.shape[1]), dtype=np.float32)
    for start, block in keys.blocks():
        owners = passage_of[start:start + block.shape[0]]
        if allowed is not None:
            keep = allowed[start:start + block.shape[0]]
            block, owners = block[keep], owners[keep]
        # A sparse one-hot (passage x key) product: np.add.at is far slower on 2-D rows.
        one_hot = sparse.csr_matrix((np.ones(owners.size, dtype=np.float32), (owners, np.arange(owners.size))),
                                    shape=(n_passages, owners.size))
        sums += np.asarray(one_hot @ block, dtype=np.float32)
    sums /= np.clip(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9, None)  # in place: no second copy
    return sums
