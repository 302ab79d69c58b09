"""Reading a bot's knowledge folder: Markdown sections, FAQ YAML and CSV FAQ files become passages.

Every passage carries *keys*: the texts that are embedded and searched. An FAQ entry's keys are its
question and each phrasing; a Markdown section's keys are its paragraphs, each prefixed with the
heading (so the best matching paragraph is also the extractive answer). A malformed file raises
``KnowledgeError`` naming the file, the entry or field, and the fix.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from warmline.domain import KnowledgeError, Passage

from .files import MAX_SECTION_CHARS, Document, Key, KeyKind, faq_csv, faq_yaml, key_id, markdown

__all__ = ["MAX_SECTION_CHARS", "Document", "Key", "KeyKind", "flatten", "key_id", "load_faq_file", "load_folder"]


def load_faq_file(path: Path, rel: str) -> list[Document]:
    """The entries of one FAQ YAML file, exactly as ``load_folder`` reads them."""
    return faq_yaml(path, rel)


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
            documents += markdown(path, rel)
        elif suffix in (".yaml", ".yml"):
            documents += faq_yaml(path, rel)
        elif suffix == ".csv" and not path.name.lower().startswith("customers"):
            documents += faq_csv(path, rel)
    return _unique_ids(documents)


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
