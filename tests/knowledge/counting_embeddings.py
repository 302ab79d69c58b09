"""The real embedding model, counting what it embedded (to prove what an ingest or a teach re-embeds)."""

from __future__ import annotations

from warmline.knowledge import MiniLMEmbeddings

__all__ = ["CountingEmbeddings"]


class CountingEmbeddings(MiniLMEmbeddings):
    """The bundled model; ``texts`` lists every text it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed_array(self, texts: list[str]):  # type: ignore[no-untyped-def]
        self.texts += texts
        return super().embed_array(texts)
