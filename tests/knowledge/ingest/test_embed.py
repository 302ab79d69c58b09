"""Embedding batch by batch into a real (in-memory) Chroma collection and the spool."""

from __future__ import annotations

import uuid
import zlib
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings

from warmline.knowledge._sources import Key, KeyKind
from warmline.knowledge.ingest import VectorSpool, stream_vectors

DIM = 4


def fake_embed(texts: list[str], seen: list[str]) -> np.ndarray:
    """A deterministic stand-in for the model: each text's vector comes from its own hash."""
    seen += texts
    rows = np.array([np.random.default_rng(zlib.crc32(t.encode())).normal(size=DIM) for t in texts],
                    dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def client() -> Any:
    return chromadb.EphemeralClient(settings=Settings(anonymized_telemetry=False))


def run(client: Any, tmp_path: Path, texts: list[str], *, stored: set[str], name: str,
        batch_size: int = 3) -> tuple[int, list[str], list[tuple[str, int, int]], VectorSpool, Any]:
    collection = client.get_or_create_collection(name, configuration={"hnsw": {"space": "cosine"}})
    spool = VectorSpool(tmp_path / f"{uuid.uuid4().hex}.f32", dimension=DIM)
    seen: list[str] = []
    events: list[tuple[str, int, int]] = []
    embedded = stream_vectors(collection=collection, keys=[Key(t, KeyKind.QUESTION, "a") for t in texts],
                              key_ids=[f"id-{t}" for t in texts], stored=stored,
                              embed=lambda batch: fake_embed(batch, seen), spool=spool, batch_size=batch_size,
                              progress=lambda *event: events.append(event))
    return embedded, seen, events, spool, collection


def test_every_key_is_written_and_spooled_in_order_one_batch_at_a_time(client: Any, tmp_path: Path) -> None:
    texts = [f"question {i}" for i in range(8)]
    embedded, seen, events, spool, collection = run(client, tmp_path, texts, stored=set(), name="all-new")
    assert embedded == 8
    assert seen == texts
    assert events == [("embed", 3, 8), ("embed", 6, 8), ("embed", 8, 8)]
    got = collection.get(ids=[f"id-{t}" for t in texts], include=["embeddings"])
    by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
    np.testing.assert_allclose(spool.rows(np.arange(8)), np.array([by_id[f"id-{t}"] for t in texts]), atol=1e-6)


def test_stored_keys_are_read_back_not_embedded_again(client: Any, tmp_path: Path) -> None:
    texts = [f"entry {i}" for i in range(7)]
    run(client, tmp_path, texts[:4], stored=set(), name="partly")
    embedded, seen, _, spool, _ = run(client, tmp_path, texts, stored={f"id-{t}" for t in texts[:4]},
                                      name="partly")
    assert embedded == 3
    assert seen == texts[4:]
    np.testing.assert_allclose(spool.rows(np.arange(7)), fake_embed(texts, []), atol=1e-6)


def test_no_keys_reports_an_empty_stage(client: Any, tmp_path: Path) -> None:
    embedded, _, events, spool, _ = run(client, tmp_path, [], stored=set(), name="empty")
    assert (embedded, events, spool.shape) == (0, [("embed", 0, 0)], (0, DIM))


def test_a_batch_size_below_one_is_refused(client: Any, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        run(client, tmp_path, ["x"], stored=set(), name="bad", batch_size=0)
