"""The vector store the keys live in: a bot's Chroma collection, embedded or on a Chroma server."""

from ._collection import collection_name, open_collection

__all__ = ["collection_name", "open_collection"]
