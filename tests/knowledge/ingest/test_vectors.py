"""Key vectors read a block at a time: the spool file, exact streaming top-n and streaming centroids."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from warmline.knowledge._scoring import Scorer, dense_top
from warmline.knowledge.ingest import ArrayVectors, VectorSpool, _vectors, streaming_centroids, streaming_top


def unit_rows(rng: np.random.Generator, n: int, dim: int = 8) -> np.ndarray:
    rows = rng.normal(size=(n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_vectors, "BLOCK_ROWS", 7)  # many blocks from a few dozen keys, and a ragged last one


def test_spool_gives_back_the_rows_appended_in_batches(tmp_path: Path, small_blocks: None) -> None:
    vectors = unit_rows(np.random.default_rng(1), 30)
    spool = VectorSpool(tmp_path / "v.f32", dimension=8)
    for start in range(0, 30, 11):
        spool.append(vectors[start:start + 11])
    assert spool.shape == (30, 8)
    np.testing.assert_array_equal(spool.rows(np.array([29, 0, 13])), vectors[[29, 0, 13]])
    blocks = list(spool.blocks())
    assert [start for start, _ in blocks] == [0, 7, 14, 21, 28]
    np.testing.assert_array_equal(np.vstack([b for _, b in blocks]), vectors)
    spool.remove()
    assert not (tmp_path / "v.f32").exists()


def test_spool_refuses_rows_of_another_width(tmp_path: Path) -> None:
    spool = VectorSpool(tmp_path / "v.f32", dimension=8)
    with pytest.raises(ValueError, match="8 floats"):
        spool.append(np.zeros((2, 5), dtype=np.float32))
    assert spool.shape == (0, 8)


def test_streaming_top_equals_the_exact_search_over_the_allowed_keys(tmp_path: Path, small_blocks: None) -> None:
    rng = np.random.default_rng(2)
    keys, queries = unit_rows(rng, 50), unit_rows(rng, 6)
    allowed = rng.random(50) < 0.6
    spool = VectorSpool(tmp_path / "v.f32", dimension=8)
    spool.append(keys)
    allowed_idx = np.flatnonzero(allowed)
    expected = [(allowed_idx[i], s) for i, s in dense_top(queries, keys[allowed_idx], n=5)]
    for source in (spool, ArrayVectors(keys)):
        got = streaming_top(queries, source, allowed=allowed, n=5)
        for (got_idx, got_sim), (want_idx, want_sim) in zip(got, expected, strict=True):
            np.testing.assert_array_equal(got_idx, want_idx)
            np.testing.assert_allclose(got_sim, want_sim, rtol=1e-5)


def test_streaming_top_with_fewer_keys_than_asked_returns_them_all(small_blocks: None) -> None:
    keys = unit_rows(np.random.default_rng(3), 4)
    [(idx, sims)] = streaming_top(keys[:1], ArrayVectors(keys), n=10)
    assert sorted(idx.tolist()) == [0, 1, 2, 3]
    assert idx[0] == 0
    assert sims[0] == pytest.approx(1.0)
    assert list(sims) == sorted(sims, reverse=True)


def test_streaming_centroids_equal_the_in_memory_ones(tmp_path: Path, small_blocks: None) -> None:
    rng = np.random.default_rng(4)
    keys = unit_rows(rng, 40)
    passage_of = np.sort(rng.integers(0, 9, size=40))
    allowed = rng.random(40) < 0.7
    spool = VectorSpool(tmp_path / "v.f32", dimension=8)
    spool.append(keys)
    np.testing.assert_allclose(streaming_centroids(spool, passage_of, 10),
                               Scorer.centroids_of(keys, passage_of, 10), atol=1e-6)
    partial = streaming_centroids(spool, passage_of, 10, allowed=allowed)
    np.testing.assert_allclose(partial, Scorer.centroids_of(keys[allowed], passage_of[allowed], 10), atol=1e-6)
    assert not partial[9].any()  # a passage without keys has no direction
