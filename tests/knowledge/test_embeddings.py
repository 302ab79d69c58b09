"""The bundled embedding model: shape, normalisation, meaning, and the checksum guard."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from warmline.domain import KnowledgeError
from warmline.knowledge import embeddings as emb
from warmline.knowledge.embeddings import MiniLMChromaFunction, MiniLMEmbeddings


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


def test_chroma_function_is_registered_by_name() -> None:
    from chromadb.utils.embedding_functions import known_embedding_functions

    assert known_embedding_functions[MiniLMChromaFunction.name()] is MiniLMChromaFunction
    rebuilt = MiniLMChromaFunction.build_from_config(MiniLMChromaFunction().get_config())
    assert len(rebuilt(["hello"])[0]) == 384


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
