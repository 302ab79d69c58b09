"""What an ingest leaves in ``index_dir`` besides Chroma: the passages, keys, hashes and tuned scores.

``knowledge.json`` holds everything readable (passages, keys, tuning); ``scores.npz`` holds the arrays
(centroids, classifier, calibrator). Both are rewritten atomically at the end of an ingest.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from warmline.domain import Citation, KnowledgeError, Passage

from ._scoring import Calibrator, Classifier
from ._sources import Document, Key

__all__ = ["IndexState", "IngestReport", "extractive_answer", "files_stamp", "ingest_report", "read_state",
           "write_state"]

FORMAT = 3  # 2: an FAQ entry's answer is one of its keys; 3: so is each sentence of a long paragraph (older: rebuilt)
STATE_FILE = "knowledge.json"
ARRAYS_FILE = "scores.npz"


@dataclass(frozen=True, slots=True)
class IndexState:
    """The indexed knowledge of one bot, as loaded at search time."""

    bot_name: str
    model: str
    passages: tuple[Passage, ...]
    hashes: tuple[str, ...]
    keys: tuple[Key, ...]
    key_ids: tuple[str, ...]
    passage_of: np.ndarray
    centroids: np.ndarray
    classifier: Classifier | None
    calibrator: Calibrator
    threshold: float
    margin: float
    tuning: dict[str, Any]
    key_vectors: np.ndarray | None = None  # the keys' vectors in key order, kept for a small index (``ExactKeys``)


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestReport:
    """What an ingest changed (counted in passages) and what it tuned."""

    added: int
    updated: int
    removed: int
    unchanged: int
    passages: int
    keys: int
    embedded: int  # keys embedded this time (the rest were reused from the index)
    seconds: float
    threshold: float
    margin: float
    tuned: bool  # False: too few questions to cross-validate, defaults used (see ``note``)
    classifier: bool
    note: str
    cv_mcc: float | None = None
    cv_inscope_accuracy: float | None = None
    cv_oos_recall: float | None = None
    resumed: bool = False  # True: an interrupted ingest was continued, reusing the vectors it had stored


def ingest_report(*, old: IndexState | None, documents: list[Document], state: IndexState, keys: int,
                  embedded: int, seconds: float, note: str, resumed: bool) -> IngestReport:
    """What an ingest that went from ``old`` to ``state`` (read from ``documents``) changed and tuned."""
    old_hashes = dict(zip((p.id for p in old.passages), old.hashes, strict=True)) if old else {}
    new_ids = {d.passage.id for d in documents}
    added = sum(d.passage.id not in old_hashes for d in documents)
    updated = sum(d.passage.id in old_hashes and old_hashes[d.passage.id] != d.content_hash for d in documents)
    t = state.tuning
    return IngestReport(
        added=added, updated=updated, removed=sum(pid not in new_ids for pid in old_hashes),
        unchanged=len(documents) - added - updated, passages=len(documents),
        keys=keys, embedded=embedded, seconds=seconds, threshold=state.threshold,
        margin=state.margin, tuned=bool(t["tuned"]), classifier=state.classifier is not None, note=note,
        cv_mcc=t.get("cv_mcc"), cv_inscope_accuracy=t.get("cv_inscope_accuracy"),
        cv_oos_recall=t.get("cv_oos_recall"), resumed=resumed)


def _passage_dict(p: Passage) -> dict[str, Any]:
    return {"id": p.id, "text": p.text, "source": p.citation.source, "title": p.citation.title,
            "url": p.citation.url, "question": p.question, "tags": list(p.tags), "case_type": p.case_type,
            "translations": dict(p.translations)}


def _passage(d: dict[str, Any]) -> Passage:
    return Passage(id=d["id"], text=d["text"], question=d["question"], tags=tuple(d["tags"]),
                   case_type=d["case_type"], translations=tuple(sorted(d.get("translations", {}).items())),
                   citation=Citation(source=d["source"], title=d["title"], url=d["url"]))


def write_state(index_dir: Path, state: IndexState) -> None:
    """Persist the state; the JSON is written last, so a crash leaves the previous index readable."""
    index_dir.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {
        "passage_of": state.passage_of, "centroids": state.centroids,
        "cal_mean": state.calibrator.mean, "cal_scale": state.calibrator.scale,
        "cal_coef": state.calibrator.coef, "cal_intercept": np.array([state.calibrator.intercept]),
    }
    if state.classifier is not None:
        arrays |= {"clf_classes": state.classifier.classes, "clf_weights": state.classifier.weights,
                   "clf_bias": state.classifier.bias}
    if state.key_vectors is not None:
        arrays["key_vectors"] = state.key_vectors
    tmp_arrays = index_dir / (ARRAYS_FILE + ".tmp.npz")
    np.savez(tmp_arrays, **arrays)  # type: ignore[arg-type]
    os.replace(tmp_arrays, index_dir / ARRAYS_FILE)
    doc = {
        "format": FORMAT, "bot": state.bot_name, "model": state.model, "threshold": state.threshold,
        "margin": state.margin, "tuning": state.tuning,
        "passages": [_passage_dict(p) | {"hash": h} for p, h in zip(state.passages, state.hashes,
                                                                    strict=True)],
        "keys": [{"id": i, "text": k.text, "kind": k.kind, "answer": k.answer}
                 for i, k in zip(state.key_ids, state.keys, strict=True)],
    }
    tmp = index_dir / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, index_dir / STATE_FILE)


def files_stamp(index_dir: Path) -> tuple[int, int, int] | None:
    """When the state files were last written: (JSON's mtime, its size, the arrays' mtime), in ns and bytes.

    ``None`` when there are none, or while a write is half done: ``write_state`` replaces the arrays first and
    the JSON last, so arrays newer than the JSON mean the JSON that goes with them is still coming.
    """
    try:
        document, arrays = (index_dir / STATE_FILE).stat(), (index_dir / ARRAYS_FILE).stat()
    except OSError:
        return None
    if arrays.st_mtime_ns > document.st_mtime_ns:
        return None
    return document.st_mtime_ns, document.st_size, arrays.st_mtime_ns


def read_state(index_dir: Path, *, bot_name: str) -> IndexState | None:
    """The persisted state, or ``None`` when this bot was never ingested here."""
    path = index_dir / STATE_FILE
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") != FORMAT:
            return None  # an older layout: the caller re-ingests from scratch
        arrays = np.load(index_dir / ARRAYS_FILE)
        classifier = (Classifier(classes=arrays["clf_classes"], weights=arrays["clf_weights"],
                                 bias=arrays["clf_bias"]) if "clf_classes" in arrays else None)
        calibrator = Calibrator(mean=arrays["cal_mean"], scale=arrays["cal_scale"],
                                coef=arrays["cal_coef"], intercept=float(arrays["cal_intercept"][0]))
        return IndexState(
            bot_name=doc["bot"], model=doc["model"],
            passages=tuple(_passage(p) for p in doc["passages"]),
            hashes=tuple(p["hash"] for p in doc["passages"]),
            keys=tuple(Key(k["text"], k["kind"], k["answer"]) for k in doc["keys"]),
            key_ids=tuple(k["id"] for k in doc["keys"]),
            passage_of=arrays["passage_of"], centroids=arrays["centroids"], classifier=classifier,
            calibrator=calibrator, threshold=float(doc["threshold"]), margin=float(doc["margin"]),
            tuning=doc["tuning"], key_vectors=arrays.get("key_vectors"),
        )
    except (OSError, ValueError, KeyError) as exc:
        raise KnowledgeError(f"the index is unreadable ({exc}); run `warmline ingest --bot {bot_name}` "
                             "to rebuild it", file=str(path)) from exc


def extractive_answer(state: IndexState, passage: int, dense: tuple[np.ndarray, np.ndarray]) -> str:
    """The extractive answer: the best-matching paragraph of a section, or the whole FAQ answer."""
    for key in dense[0]:
        if int(state.passage_of[key]) == passage:
            return _with_follow_up(state.keys[int(key)].answer, state.passages[passage].text)
    return state.passages[passage].text


def _with_follow_up(paragraph: str, section: str) -> str:
    """A short lead-in paragraph ("We ship to:") is useless alone: add the paragraph after it."""
    if len(paragraph) >= 80 and not paragraph.rstrip().endswith(":"):
        return paragraph
    parts = section.split("\n\n")
    if paragraph in parts and parts.index(paragraph) + 1 < len(parts):
        return f"{paragraph}\n\n{parts[parts.index(paragraph) + 1]}"
    return paragraph
