"""Knowledge: read a bot's knowledge folder, index it, and retrieve calibrated, cited answers.

``KnowledgeBase`` ingests Markdown, FAQ YAML and CSV files into Chroma (dense) and BM25 (lexical),
tunes its confidence and out-of-scope threshold per bot by cross-validation, and answers ``search()``
with a ``warmline.domain.Retrieval``; ``add_learned`` adds an answer staff taught (``learned/``) at once.
``MiniLMEmbeddings`` is the bundled, offline embedding model.
"""

from ._batching import each_text_once
from ._glossary import Glossary, load_glossary
from ._learned import LearnedEntry
from .base import IngestReport, KnowledgeBase
from .embeddings import MiniLMEmbeddings
from .language import (
    LANGUAGE_NAMES,
    LanguageGuess,
    conversation_language,
    detect_language,
    load_language_identifier,
)
from .reading import Reader, is_follow_up

__all__ = [
    "LANGUAGE_NAMES",
    "Glossary",
    "IngestReport",
    "KnowledgeBase",
    "LanguageGuess",
    "LearnedEntry",
    "MiniLMEmbeddings",
    "Reader",
    "conversation_language",
    "detect_language",
    "each_text_once",
    "is_follow_up",
    "load_glossary",
    "load_language_identifier",
]
