"""Knowledge: read a bot's knowledge folder, index it, and retrieve calibrated, cited answers.

``KnowledgeBase`` ingests Markdown, FAQ YAML and CSV files into Chroma (dense) and BM25 (lexical),
tunes its confidence and out-of-scope threshold per bot by cross-validation, and answers ``search()``
with a ``warmline.domain.Retrieval``; ``add_learned`` adds an answer staff taught (``learned/``) at once.
``MiniLMEmbeddings`` is the bundled, offline embedding model.
"""

from ._learned import LearnedEntry
from .base import IngestReport, KnowledgeBase
from .embeddings import MiniLMEmbeddings

__all__ = ["IngestReport", "KnowledgeBase", "LearnedEntry", "MiniLMEmbeddings"]
