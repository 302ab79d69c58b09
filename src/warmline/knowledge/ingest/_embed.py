"""Embedding a corpus batch by batch: each batch is embedded, written to Chroma and spooled, then dropped.

Keys already in the collection (unchanged since the last ingest, or written by an interrupted one) are
read back from Chroma instead of embedded again. Every key's vector, in key order, goes to the
``VectorSpool`` that tuning reads afterwards, so no step holds more than one batch of vectors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._sources import Key
from ._vectors import VectorSpool

__all__ = ["DEFAULT_BATCH", "IngestProgress", "stream_vectors"]

DEFAULT_BATCH = 256  # keys per batch: one ONNX call's worth, and a Chroma write of ~0.4 MB of vectors

IngestProgress = Callable[[str, int, int], None]
"""Progress events of an ingest: (stage, done, total); stages read, embed, tune, save, in that order."""


def stream_vectors(*, collection: Any, keys: Sequence[Key], key_ids: Sequence[str], stored: set[str],
                   embed: Callable[[list[str]], np.ndarray], spool: VectorSpool, batch_size: int,
                   progress: IngestProgress) -> int:
    """Spool every key's vector, embedding and writing only those not ``stored``; returns how many were embedded.

    ``collection`` is the Chroma collection; each batch is written before the next is embedded, so an
    interrupted run loses at most one batch of work.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    embedded, total = 0, len(keys)
    for start in range(0, total, batch_size):
        ids = list(key_ids[start:start + batch_size])
        vectors = np.zeros((len(ids), spool.dimension), dtype=np.float32)
        known = [j for j, kid in enumerate(ids) if kid in stored]
        new = [j for j, kid in enumerate(ids) if kid not in stored]
        if known:
            got = collection.get(ids=[ids[j] for j in known], include=["embeddings"])
            by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
            vectors[known] = np.array([by_id[ids[j]] for j in known], dtype=np.float32)
        if new:
            texts = [keys[start + j].text for j in new]
            fresh = embed(texts)
            vectors[new] = fresh
            collection.upsert(ids=[ids[j] for j in new], embeddings=fresh, documents=texts)
            embedded += len(new)
        spool.append(vectors)
        progress("embed", start + len(ids), total)
    if not total:
        progress("embed", 0, 0)
    return embedded
