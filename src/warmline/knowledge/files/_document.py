"""What a knowledge file becomes: documents (a passage and its keys), and the helpers every reader shares."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from warmline.domain import KnowledgeError, Passage

__all__ = ["Document", "Key", "KeyKind", "key_id", "read_text", "slug"]


class KeyKind:
    """What a key is; only question-like keys are used as simulated customer questions at ingest."""

    QUESTION = "question"
    PHRASING = "phrasing"
    ANSWER = "answer"  # an FAQ entry's answer, searched like a guide's paragraph
    PARAGRAPH = "paragraph"
    SENTENCE = "sentence"  # one sentence of a long paragraph, which a question about it lies nearer than the whole


@dataclass(frozen=True, slots=True)
class Key:
    """One searchable text pointing at a passage; ``answer`` is the part of the passage it stands for."""

    text: str
    kind: str
    answer: str

    @property
    def question_like(self) -> bool:
        return self.kind in (KeyKind.QUESTION, KeyKind.PHRASING)


@dataclass(frozen=True, slots=True)
class Document:
    """A passage with its keys and a content hash (to re-embed only what changed)."""

    passage: Passage
    keys: tuple[Key, ...]
    answer: str  # the whole extractive answer (FAQ answer, or section text)

    @property
    def content_hash(self) -> str:
        parts = [self.passage.text, str(self.passage.citation), self.passage.citation.url or "",
                 ",".join(self.passage.tags), self.passage.case_type or ""]
        parts += [f"{code}:{text}" for code, text in self.passage.translations]
        parts += [f"{k.kind}:{k.text}" for k in self.keys]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def key_id(passage_id: str, key: Key) -> str:
    """The stable id of a key in the vector store: the same text of the same passage is embedded once."""
    return hashlib.sha256(f"{passage_id}\x1f{key.kind}\x1f{key.text}".encode()).hexdigest()[:32]


def read_text(path: Path, rel: str) -> str:
    """The file as UTF-8 text, or a ``KnowledgeError`` that says to save it so."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8",
                             file=rel) from exc


def slug(text: str) -> str:
    """A passage id part from a question or heading: lowercase words joined by dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "section"
