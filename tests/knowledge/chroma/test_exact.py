"""ExactKeys: the nearest keys in memory, the same as a brute-force sort and as Chroma's own query."""

from __future__ import annotations

from pathlib import Path

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings

from warmline.knowledge.chroma import ExactKeys


def _unit_rows(n: int, dimension: int = 16, seed: int = 7) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, dimension)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture
def collection(tmp_path: Path):  # type: ignore[no-untyped-def]
    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"), settings=Settings(anonymized_telemetry=False))
    return client.create_collection("keys", configuration={"hnsw": {"space": "cosine"}})


def test_nearest_keys_are_the_brute_force_order_with_their_cosines() -> None:
    vectors = _unit_rows(300)
    query = _unit_rows(1, seed=8)[0] * 3.0  # not normalised: cosine all the same
    indices, similarities = ExactKeys(vectors * 2.0).nearest(query, 32)
    expected = np.argsort(-(vectors @ (query / np.linalg.norm(query))), kind="stable")[:32]
    assert indices.tolist() == expected.tolist()
    assert np.allclose(similarities, vectors[expected] @ (query / np.linalg.norm(query)), atol=1e-6)
    assert indices.dtype == np.int64
    assert similarities.dtype == np.float64


def test_asking_for_more_keys_than_there_are_returns_them_all_best_first() -> None:
    vectors = _unit_rows(5)
    indices, similarities = ExactKeys(vectors).nearest(vectors[3], 32)
    assert sorted(indices.tolist()) == [0, 1, 2, 3, 4]
    assert indices[0] == 3
    assert similarities[0] == pytest.approx(1.0)
    assert list(similarities) == sorted(similarities, reverse=True)


def test_equal_similarities_come_in_key_order() -> None:
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 0.0]], dtype=np.float32)
    indices, _ = ExactKeys(vectors).nearest(np.array([1.0, 0.0]), 2)
    assert indices.tolist() == [0, 2]


def test_read_from_chroma_in_key_order_and_agreeing_with_its_query(collection) -> None:  # type: ignore[no-untyped-def]
    vectors = _unit_rows(200)
    ids = [f"key-{i}" for i in range(200)]
    collection.add(ids=ids[::-1], embeddings=vectors[::-1])  # stored in another order than the keys'
    exact = ExactKeys.from_collection(collection, ids)
    assert exact is not None
    assert len(exact) == 200
    query = _unit_rows(1, seed=9)[0]
    indices, similarities = exact.nearest(query, 10)
    chroma = collection.query(query_embeddings=[query], n_results=10, include=["distances"])
    assert [ids[i] for i in indices] == chroma["ids"][0]
    assert np.allclose(similarities, 1.0 - np.array(chroma["distances"][0]), atol=1e-5)


def test_too_many_keys_or_a_key_missing_from_the_collection_leaves_the_query_to_chroma(collection) -> None:  # type: ignore[no-untyped-def]
    ids = [f"key-{i}" for i in range(20)]
    collection.add(ids=ids, embeddings=_unit_rows(20))
    assert ExactKeys.from_collection(collection, ids, max_keys=19) is None
    assert ExactKeys.from_collection(collection, [*ids, "key-not-stored"]) is None
    assert ExactKeys.from_collection(collection, []) is None


def test_asking_for_no_keys_returns_none() -> None:
    indices, similarities = ExactKeys(_unit_rows(5)).nearest(_unit_rows(1)[0], 0)
    assert indices.size == 0
    assert similarities.size == 0
