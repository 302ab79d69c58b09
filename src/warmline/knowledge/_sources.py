"""Reading a bot's knowledge folder: Markdown sections, FAQ YAML and CSV FAQ files become passages.

Every passage carries *keys*: the texts that are embedded and searched. An FAQ entry's keys are its
question and each phrasing; a Markdown section's keys are its paragraphs, each prefixed with the
heading (so the best matching paragraph is also the extractive answer). A malformed file raises
``KnowledgeError`` naming the file, the entry or field, and the fix.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from warmline.domain import Citation, KnowledgeError, Passage

__all__ = ["Document", "Key", "KeyKind", "flatten", "key_id", "load_faq_file", "load_folder"]

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_SECTION_CHARS = 900  # longer sections are split on paragraphs (each part keeps its heading)
# ``learned`` holds who taught an entry, when and from which conversation (see docs/teaching.md).
FAQ_FIELDS = frozenset({"question", "answer", "phrasings", "tags", "case_type", "url", "learned", "translations"})
_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


class KeyKind:
    """What a key is; only question-like keys are used as simulated customer questions at ingest."""

    QUESTION = "question"
    PHRASING = "phrasing"
    PARAGRAPH = "paragraph"


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


def load_faq_file(path: Path, rel: str) -> list[Document]:
    """The entries of one FAQ YAML file, exactly as ``load_folder`` reads them."""
    return _faq_yaml(path, rel)


def load_folder(folder: Path) -> list[Document]:
    """All passages of a knowledge folder (recursively, ``learned/`` included), in a stable order."""
    if not folder.is_dir():
        raise KnowledgeError("knowledge folder not found; create it or fix `knowledge` in the bot file",
                             file=str(folder))
    documents: list[Document] = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        suffix = path.suffix.lower()
        if suffix == ".md":
            documents += _markdown(path, rel)
        elif suffix in (".yaml", ".yml"):
            documents += _faq_yaml(path, rel)
        elif suffix == ".csv" and not path.name.lower().startswith("customers"):
            documents += _faq_csv(path, rel)
    return _unique_ids(documents)


def _read(path: Path, rel: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8",
                             file=rel) from exc


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "section"


def _unique_ids(documents: list[Document]) -> list[Document]:
    seen: dict[str, int] = {}
    out = []
    for doc in documents:
        pid = doc.passage.id
        seen[pid] = seen.get(pid, 0) + 1
        if seen[pid] > 1:
            p = doc.passage
            new = Passage(id=f"{pid}-{seen[pid]}", text=p.text, citation=p.citation, question=p.question,
                          tags=p.tags, case_type=p.case_type, translations=p.translations)
            doc = Document(passage=new, keys=doc.keys, answer=doc.answer)
        out.append(doc)
    return out


# ---------------------------------------------------------------- FAQ entries (YAML and CSV)

def _faq_document(entry: dict[str, Any], *, rel: str, where: str) -> Document:
    unknown = sorted(set(entry) - FAQ_FIELDS)
    if unknown:
        raise KnowledgeError(f"{where}: unknown field {unknown[0]!r}; allowed fields are "
                             f"{', '.join(sorted(FAQ_FIELDS))} (check the spelling)", file=rel)
    question = _text_field(entry, "question", rel=rel, where=where, required=True)
    answer = _text_field(entry, "answer", rel=rel, where=where, required=True)
    phrasings = _list_field(entry, "phrasings", rel=rel, where=where)
    tags = _list_field(entry, "tags", rel=rel, where=where)
    url = _text_field(entry, "url", rel=rel, where=where) or None
    case_type = _text_field(entry, "case_type", rel=rel, where=where) or None
    translations = _translations_field(entry, rel=rel, where=where)
    keys = [Key(question, KeyKind.QUESTION, answer)]
    seen = {question.casefold()}
    for phrasing in phrasings:
        if phrasing.casefold() not in seen:
            seen.add(phrasing.casefold())
            keys.append(Key(phrasing, KeyKind.PHRASING, answer))
    passage = Passage(id=f"{rel}#{_slug(question)}", text=answer,
                      citation=Citation(source=rel, title=question, url=url), question=question,
                      tags=tuple(tags), case_type=case_type, translations=translations)
    return Document(passage=passage, keys=tuple(keys), answer=answer)


def _translations_field(entry: dict[str, Any], *, rel: str, where: str) -> tuple[tuple[str, str], ...]:
    """``translations: {nl: "…", de: "…"}``: the answer in other languages, as the shop wrote it."""
    value = entry.get("translations")
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and re.fullmatch(r"[a-z]{2}", k) and isinstance(v, str) and v.strip()
            for k, v in value.items()):
        raise KnowledgeError(f"{where}: 'translations' must map two-letter language codes to the answer in "
                             "that language, e.g. translations: {nl: \"Binnen Nederland…\"}", file=rel)
    return tuple((code, " ".join(text.split())) for code, text in sorted(value.items()))


def _text_field(entry: dict[str, Any], name: str, *, rel: str, where: str, required: bool = False) -> str:
    value = entry.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise KnowledgeError(f"{where}: missing {name!r}; every entry needs a non-empty {name}",
                                 file=rel)
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise KnowledgeError(f"{where}: {name!r} must be text, not {type(value).__name__}; "
                             "write it as a plain string", file=rel)
    return str(value).strip()


def _list_field(entry: dict[str, Any], name: str, *, rel: str, where: str) -> list[str]:
    value = entry.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise KnowledgeError(f"{where}: {name!r} must be a list of strings, e.g. "
                             f"{name}: [\"first\", \"second\"]", file=rel)
    return [str(v).strip() for v in value if str(v).strip()]


def _faq_yaml(path: Path, rel: str) -> list[Document]:
    try:
        # libyaml's loader when built in: the pure-Python one took 80 s and ~140 MB for a 30k-entry file.
        data = yaml.load(_read(path, rel), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise KnowledgeError(f"invalid YAML{line}: {getattr(exc, 'problem', exc)}; fix the syntax",
                             file=rel) from exc
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise KnowledgeError("expected a mapping with a list under `entries:` "
                             "(entries: [{question: ..., answer: ...}])", file=rel)
    documents = []
    for number, entry in enumerate(data["entries"], start=1):
        where = f"entry {number}"
        if not isinstance(entry, dict):
            raise KnowledgeError(f"{where}: expected a mapping with question and answer, "
                                 f"got {type(entry).__name__}", file=rel)
        documents.append(_faq_document(entry, rel=rel, where=where))
    return documents


def _faq_csv(path: Path, rel: str) -> list[Document]:
    rows = list(csv.reader(_read(path, rel).splitlines()))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    missing = [name for name in ("question", "answer") if name not in header]
    if missing:
        raise KnowledgeError(f"header lacks {', '.join(missing)}; the first line must be "
                             "question,answer[,phrasings,tags,url,case_type]", file=rel)
    documents = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise KnowledgeError(f"line {line}: {len(row)} columns but the header has {len(header)}; "
                                 "quote fields that contain commas", file=rel)
        entry: dict[str, Any] = {}
        for name, cell in zip(header, row, strict=False):
            if not cell.strip():
                continue
            entry[name] = [p for p in cell.split("|")] if name in ("phrasings", "tags") else cell
        documents.append(_faq_document(entry, rel=rel, where=f"line {line}"))
    return documents


# ---------------------------------------------------------------- Markdown sections

def _markdown(path: Path, rel: str) -> list[Document]:
    text = _read(path, rel)
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
            body = "\n\n".join(chunk)
            suffix = f"-{part + 1}" if part else ""
            passage = Passage(id=f"{rel}#{_slug(heading)}{suffix}", text=body,
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


def flatten(documents: list[Document]) -> tuple[list[Key], list[str], np.ndarray]:
    """Every key of the documents once, its id, and the index of the passage it points at."""
    keys, ids, passage_of = [], [], []
    seen: set[str] = set()
    for index, doc in enumerate(documents):
        for key in doc.keys:
            kid = key_id(doc.passage.id, key)
            if kid in seen:
                continue
            seen.add(kid)
            keys.append(key)
            ids.append(kid)
            passage_of.append(index)
    return keys, ids, np.array(passage_of, dtype=np.int64)
