"""FAQ files (YAML and CSV): each entry a passage; its question, its phrasings and its answer are the keys.

A malformed entry raises ``KnowledgeError`` naming the file, the entry or field, and the fix.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import yaml

from warmline.domain import Citation, KnowledgeError, Passage

from ._document import Document, Key, KeyKind, read_text, slug

__all__ = ["FAQ_FIELDS", "faq_csv", "faq_yaml"]

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# ``learned`` holds who taught an entry, when and from which conversation (see docs/teaching.md).
FAQ_FIELDS = frozenset({"question", "answer", "phrasings", "tags", "case_type", "url", "learned", "translations"})


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
    # The answer is searched too: a customer often asks in the answer's words, not the question's ("how much
    # would a repair cost if a moth gets to it?" is in the Mend answer, not in "Do you repair knitwear?"). On the
    # demo shop's held-out set this took wrong answers from 25 to 20 and right ones from 216 to 225
    # (docs/benchmarks.md, seventeenth pass).
    keys.append(Key(answer, KeyKind.ANSWER, answer))
    passage = Passage(id=f"{rel}#{slug(question)}", text=answer,
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


def faq_yaml(path: Path, rel: str) -> list[Document]:
    try:
        # libyaml's loader when built in: the pure-Python one took 80 s and ~140 MB for a 30k-entry file.
        data = yaml.load(read_text(path, rel), Loader=_YAML_LOADER)
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


def faq_csv(path: Path, rel: str) -> list[Document]:
    rows = list(csv.reader(read_text(path, rel).splitlines()))
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
