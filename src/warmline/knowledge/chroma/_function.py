"""The bundled model as a Chroma embedding function, registered by name when a collection is opened.

Chroma stores a collection's embedding function by name and rebuilds it when the collection is reopened,
so the name has to be registered first. This module is imported only where a collection is opened:
importing ``chromadb`` costs a process about 60 MB, which a server searching a small index in memory
(``ExactKeys``) never needs.
"""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.utils.embedding_functions import register_embedding_function

from ..embeddings import MODEL_ID, MODEL_SHA256, MiniLMEmbeddings

__all__ = ["MiniLMChromaFunction"]


@register_embedding_function
class MiniLMChromaFunction(EmbeddingFunction[Documents]):
    """The same model as a Chroma embedding function, so a reopened collection can rebuild it by name."""

    def __init__(self) -> None:
        self._embeddings = MiniLMEmbeddings()

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        return list(self._embeddings.embed_array(list(input)))

    @staticmethod
    def name() -> str:
        return "warmline-minilm-int8"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMChromaFunction:
        return MiniLMChromaFunction()

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_ID, "sha256": MODEL_SHA256}
