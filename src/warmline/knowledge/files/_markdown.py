"""Markdown files: each section (split on paragraphs when long) a passage, its paragraphs the keys.

Each paragraph key is prefixed with the heading, so the best matching paragraph is also the extractive
answer; front matter may give the page's ``url`` and ``title``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from warmline.domain import Citation, KnowledgeError, Passage

from ._document import Document, Key, KeyKind, read_text, slug

__all__ = ["MAX_SECTION_CHARS", "markdown"]

MAX_SECTION_CHARS = 900  # longer sections are split on paragraphs (each part keeps its heading)
_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


def markdown(path: Path, rel: str) -> list[Document]:
    text = read_text(path, rel)
    url, title = None, path.stem.replace("-", " ").replace("_", " ")
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise KnowledgeError(f"invalid front matter: {exc}; fix the YAML between the --- lines",
                                 file=rel) from exc
        if not isinstance(meta, dict):
            raise KnowledgeError("front matter must be a mapping such as `url: https://…`", file=rel)
        url = str(meta["url"]) if meta.get("url") else None
        title = str(meta.get("title") or title)
        text = text[match.end():]
    documents = []
    for heading, paragraphs in _sections(text, default_heading=title):
        for part, chunk in enumerate(_chunks(paragraphs)):
            # No key for the bare heading: a one-word heading ("Ceramics") is close to every question
            # that mentions the word; each paragraph key carries the heading instead.
            keys = [Key(f"{heading}: {p}", KeyKind.PARAGRAPH, p) for p in chunk]
            keys += [Key(f"{heading}: {sentence}", KeyKind.SENTENCE, p) for p in chunk for sentence in _sentences(p)]
            body = "\n\n".join(chunk)
            suffix = f"-{part + 1}" if part else ""
            passage = Passage(id=f"{rel}#{slug(heading)}{suffix}", text=body,
                              citation=Citation(source=rel, title=heading, url=url))
            documents.append(Document(passage=passage, keys=tuple(keys), answer=body))
    return documents


def _sections(text: str, *, default_heading: str) -> Iterator[tuple[str, list[str]]]:
    heading, lines = default_heading, list[str]()
    in_code = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
        match = None if in_code else _HEADING.match(line)
        if match:
            paragraphs = _paragraphs(lines)
            if paragraphs:
                yield heading, paragraphs
            heading, lines = match.group(2).strip(), []
        else:
            lines.append(line)
    paragraphs = _paragraphs(lines)
    if paragraphs:
        yield heading, paragraphs


def _paragraphs(lines: list[str]) -> list[str]:
    blocks = re.split(r"\n\s*\n", "\n".join(lines))
    return [block.strip() for block in blocks if block.strip()]


# A paragraph of this many sentences or more says several things ("The kiln runs on electricity from the solar
# panels…" among the merino, the alpaca and the leftover yarn): each sentence is searched on its own too.
_MIN_SENTENCES = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘'(])")


def _sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph of prose that says several things; none for a short one, a table or a list."""
    if any(line.lstrip().startswith(("|", "-", "*", "+")) for line in paragraph.splitlines()):
        return []
    sentences = [s.strip() for s in _SENTENCE_END.split(" ".join(paragraph.split())) if s.strip()]
    return sentences if len(sentences) >= _MIN_SENTENCES else []


def _chunks(paragraphs: list[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = 0
    for paragraph in paragraphs:
        if chunk and size + len(paragraph) > MAX_SECTION_CHARS:
            yield chunk
            chunk, size = [], 0
        chunk.append(paragraph)
        size += len(paragraph)
    if chunk:
        yield chunk
