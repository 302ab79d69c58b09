"""Ingest in bounded memory: batches streamed through the model into Chroma, tuning read from a spool.

``stream_vectors`` embeds and writes a batch at a time; ``VectorSpool`` keeps the keys' vectors on disk
for tuning (``streaming_top`` and ``streaming_centroids`` read it a block at a time); ``IngestJournal``
lets an interrupted ingest continue where it stopped.
"""

from ._embed import DEFAULT_BATCH, IngestProgress, stream_vectors
from ._journal import JOURNAL_FILE, IngestJournal
from ._vectors import ArrayVectors, KeyVectors, VectorSpool, as_key_vectors, streaming_centroids, streaming_top

__all__ = [
    "DEFAULT_BATCH",
    "JOURNAL_FILE",
    "ArrayVectors",
    "IngestJournal",
    "IngestProgress",
    "KeyVectors",
    "VectorSpool",
    "as_key_vectors",
    "stream_vectors",
    "streaming_centroids",
    "streaming_top",
]
