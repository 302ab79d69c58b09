"""The vector store the keys live in: a bot's Chroma collection, embedded or on a Chroma server."""

from ._collection import collection_name, open_collection
from ._exact import EXACT_MAX_KEYS, ExactKeys

__all__ = ["EXACT_MAX_KEYS", "ExactKeys", "collection_name", "open_collection"]
