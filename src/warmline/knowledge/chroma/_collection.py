"""Opening a bot's Chroma collection: embedded (``PersistentClient`` under the index folder) or a server."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from ..embeddings import MiniLMEmbeddings

__all__ = ["collection_name", "open_collection"]


def collection_name(bot_name: str) -> str:
    """A name Chroma accepts, unique per bot (the hash keeps two names that clean up alike apart)."""
    name = re.sub(r"[^a-zA-Z0-9_-]+", "-", f"warmline-{bot_name}").strip("-_")
    return name[:60] + hashlib.sha1(bot_name.encode()).hexdigest()[:6]


def open_collection(*, bot_name: str, index_dir: Path, chroma_url: str | None, embeddings: Embeddings,
                    reset: bool = False) -> Any:
    """The bot's collection as a ``langchain_chroma.Chroma`` (cosine space); ``reset``: emptied first."""
    import chromadb
    from chromadb.config import Settings
    from langchain_chroma import Chroma

    from ._function import MiniLMChromaFunction  # registers it by name before a collection is opened

    settings = Settings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url)
        client = chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                     ssl=url.scheme == "https", settings=settings)
    else:
        client = chromadb.PersistentClient(path=str(index_dir / "chroma"), settings=settings)
    config: Any = {"hnsw": {"space": "cosine"}}
    if isinstance(embeddings, MiniLMEmbeddings):
        config["embedding_function"] = MiniLMChromaFunction()
    name = collection_name(bot_name)
    if reset and name in [c.name for c in client.list_collections()]:
        client.delete_collection(name)
    return Chroma(collection_name=name, client=client, embedding_function=embeddings,
                  collection_configuration=config)
