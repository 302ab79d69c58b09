"""The bundled embedding model: shape, normalisation, meaning, the checksum guard, a message read twice in a
turn run once, the vectors kept for the signals' examples, and the ``Encoder`` the index uses."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from warmline.domain import KnowledgeError
from warmline.knowledge import each_text_once
from warmline.knowledge import embeddings as emb
from warmline.knowledge.embeddings import MiniLMEmbeddings


def test_vectors_are_normalised_and_similar_texts_are_closer() -> None:
    model = MiniLMEmbeddings()
    vectors = np.array(model.embed_documents(["when are you open", "what are your opening hours",
                                              "my parcel never arrived"]))
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_query_and_batch_embeddings_agree_despite_padding() -> None:
    model = MiniLMEmbeddings()
    alone = np.array(model.embed_query("short"))
    batched = np.array(model.embed_documents(["short", "a much longer sentence " * 20])[0])
    assert alone @ batched > 0.999


def test_tampered_tokenizer_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "tokenizer.json"
    bad.write_bytes(emb.TOKENIZER_PATH.read_bytes() + b" ")
    with pytest.raises(KnowledgeError, match="sha256") as info:
        MiniLMEmbeddings(tokenizer_path=bad).embed_query("hi")
    assert info.value.file == str(bad)


def test_tampered_model_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "model.onnx"
    bad.write_bytes(b"not a model")
    with pytest.raises(KnowledgeError, match="reinstall"):
        MiniLMEmbeddings(model_path=bad).embed_query("hi")


def test_a_message_read_twice_in_a_turn_runs_the_model_once(monkeypatch: pytest.MonkeyPatch) -> None:
    model = MiniLMEmbeddings()
    runs: list[list[str]] = []
    real = MiniLMEmbeddings._embed_batch
    monkeypatch.setattr(MiniLMEmbeddings, "_embed_batch",
                        staticmethod(lambda m, texts: runs.append(list(texts)) or real(m, texts)))
    with each_text_once():
        retrieval = np.array(model.embed_query("where is my parcel?"))
        signals = model.embed_array(["where is my parcel?"])[0]  # the signals' classifier reads it too
        model.embed_array(["where is my parcel?", "thanks!"])
        model.embed_documents([f"entry {i}" for i in range(10)])  # a bulk call runs as asked
    assert np.array_equal(retrieval, signals)
    assert runs == [["where is my parcel?"], ["thanks!"], [f"entry {i}" for i in range(10)]]
    model.embed_query("where is my parcel?")  # the next turn reads its message afresh
    assert runs[-1] == ["where is my parcel?"]


class _CountingEmbed:
    """Bag-of-letters vectors, counting how many texts it was asked to embed."""

    def __init__(self) -> None:
        self.texts = 0

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return np.array([[text.count(letter) for letter in "aeiou"] for text in texts], dtype=np.float32)


def _forget_this_process() -> None:
    emb._kept.clear()  # what a new process starts with


def test_kept_vectors_are_embedded_once_then_read_from_the_process_and_from_the_folder(tmp_path: Path) -> None:
    _forget_this_process()
    embed, texts = _CountingEmbed(), ["where is my parcel", "I want a person", "so angry right now"]
    first = emb.kept_vectors(texts, model="m1", folder=tmp_path, embed=embed)
    again = emb.kept_vectors(texts, model="m1", folder=tmp_path, embed=embed)
    _forget_this_process()
    restarted = emb.kept_vectors(texts, model="m1", folder=tmp_path, embed=embed)

    assert embed.texts == 3  # once: the same process, then the next one reading the folder
    assert np.array_equal(first, again)
    assert np.array_equal(first, restarted)
    assert not first.flags.writeable  # shared: nobody may change them in place
    elsewhere = tmp_path / "another-data-dir"
    emb.kept_vectors(texts, model="m1", folder=elsewhere, embed=embed)  # from memory, and kept there too
    assert embed.texts == 3
    assert [f.name for f in elsewhere.glob("*.npy")] == [f.name for f in tmp_path.glob("*.npy")]
    emb.kept_vectors(texts, model="m2", folder=tmp_path, embed=embed)
    emb.kept_vectors([*texts, "one more example"], model="m1", folder=tmp_path, embed=embed)
    assert embed.texts == 3 + 3 + 4  # another model or another set of texts is embedded afresh


def test_a_damaged_kept_file_is_embedded_again_and_an_unwritable_folder_costs_only_time(tmp_path: Path) -> None:
    _forget_this_process()
    embed, texts = _CountingEmbed(), ["where is my parcel", "I want a person"]
    emb.kept_vectors(texts, model="m", folder=tmp_path, embed=embed)
    [kept] = tmp_path.glob("*.npy")
    kept.write_bytes(kept.read_bytes()[:40])  # cut short, as by a full disk
    _forget_this_process()
    assert emb.kept_vectors(texts, model="m", folder=tmp_path, embed=embed).shape == (2, 5)
    assert embed.texts == 4

    _forget_this_process()
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    assert emb.kept_vectors(texts, model="m", folder=blocked, embed=embed).shape == (2, 5)
    assert embed.texts == 6
    assert blocked.read_text() == ""


@pytest.mark.parametrize(("cores", "processes", "threads"), [(2, 1, 2), (2, 2, 1), (8, 2, 2), (1, 1, 1), (4, 8, 1)])
def test_workers_share_the_cores_between_their_models(monkeypatch: pytest.MonkeyPatch, cores: int, processes: int,
                                                      threads: int) -> None:
    monkeypatch.setattr(emb.os, "sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setattr(emb, "_threads", emb.THREADS)
    monkeypatch.setattr(emb, "_cache", {})  # a fresh session, as in a new worker process
    emb.share_cores(processes)
    model = MiniLMEmbeddings()
    model.embed_query("hello")
    [loaded] = emb._cache.values()
    assert loaded.session.get_session_options().intra_op_num_threads == threads


class _Letters(Embeddings):
    """Another LangChain model: a vector of letter counts (three dimensions), enough to tell it apart."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(t.count("a")), float(t.count("b")), 1.0] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def test_the_encoder_names_the_model_an_index_was_built_with() -> None:
    bundled = emb.Encoder()
    assert bundled.bundled
    assert bundled.name == f"{emb.MODEL_ID}@{emb.MODEL_SHA256[:12]}"  # another build of the model: another name
    assert bundled.dimension() == 384
    assert bundled.texts(["a", "b"]).shape == (2, 384)
    other = emb.Encoder(_Letters())
    assert not other.bundled
    assert other.name == "_Letters"
    assert other.dimension() == 3
    assert other.query("abba").tolist() == [2.0, 2.0, 1.0]
    assert other.texts(["a", "bb"]).dtype == np.float32
