"""Answers staff taught from a conversation: a reviewable FAQ file under ``learned/``, indexed at once.

The file is an ordinary FAQ YAML file (one entry, plus a ``learned:`` field saying who taught it, when
and from which conversation), so a person can review, edit or delete it like any other knowledge, and
the next full ingest reads it like the rest. Indexing it does not wait for that ingest: the entry's
keys are embedded and added to the live index, the per-bot classifier is refitted with it, and the
calibrator and thresholds tuned at the last ingest are kept (re-tuning needs the whole
cross-validation, which ``warmline ingest`` does).
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from warmline.domain import KnowledgeError

from ._evidence import Classifier, fit_classifier
from ._scoring import Scorer
from ._sources import Document, key_id, load_faq_file
from ._state import IndexState

__all__ = ["LEARNED_DIR", "LearnedEntry", "is_learned", "learned_weights", "one_teacher_at_a_time",
           "store_kept_keys", "taught_since", "with_document", "write_entry"]

LEARNED_DIR = "learned"
DEFAULT_CLASSIFIER_C = 10.0  # indexes tuned before the strength was recorded
_MAX_SLUG = 60


@dataclass(frozen=True, slots=True, kw_only=True)
class LearnedEntry:
    """One taught answer: where its file is (the citation's ``source``) and where it came from."""

    question: str
    answer: str
    source: str  # "learned/<slug>.yaml", relative to the knowledge folder
    passage_id: str
    taught_by: str
    taught_at: datetime
    conversation_id: str | None = None
    phrasings: tuple[str, ...] = ()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:_MAX_SLUG].strip("-") or "answer"


def _question_in(path: Path) -> str | None:
    """The question of an existing learned file (``None`` when it is not one we can read)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return str(data["entries"][0]["question"])
    except (OSError, yaml.YAMLError, KeyError, IndexError, TypeError):
        return None


def _target(folder: Path, question: str) -> Path:
    """``<slug>.yaml``; the same question taught again replaces its file, another question gets ``-2``…"""
    slug = _slug(question)
    for number in range(1, 1000):
        path = folder / (f"{slug}.yaml" if number == 1 else f"{slug}-{number}.yaml")
        existing = None if not path.exists() else _question_in(path)
        if not path.exists() or (existing is not None and existing.casefold() == question.casefold()):
            return path
    raise KnowledgeError("too many learned files for this question; review the learned/ folder",
                         file=str(folder))


def write_entry(knowledge_dir: Path, *, question: str, answer: str, phrasings: Sequence[str], taught_by: str,
                taught_at: datetime, conversation_id: str | None) -> str:
    """Write the entry's file (atomically) and return its path relative to the knowledge folder."""
    folder = knowledge_dir / LEARNED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = _target(folder, question)
    entry: dict[str, Any] = {"question": question, "answer": answer}
    if phrasings:
        entry["phrasings"] = list(phrasings)
    entry["learned"] = {"by": taught_by, "at": taught_at.isoformat(timespec="seconds"),
                        "conversation": conversation_id}
    header = (f"# Taught by {taught_by} on {taught_at:%Y-%m-%d %H:%M} UTC"
              f"{f' from conversation {conversation_id}' if conversation_id else ''}.\n"
              "# Review it like any FAQ entry: edit the answer, add phrasings, or delete the file to forget it;\n"
              "# then run `warmline ingest` (answers taught in the app are searchable at once).\n")
    body = yaml.safe_dump({"entries": [entry]}, allow_unicode=True, sort_keys=False, width=100)
    tmp = path.with_name(f".{path.name}.tmp")  # hidden: an ingest running now skips it
    tmp.write_text(header + body, encoding="utf-8")
    os.replace(tmp, path)
    return path.relative_to(knowledge_dir).as_posix()


def with_document(state: IndexState, document: Document, *, embed: Callable[[list[str]], np.ndarray],
                  collection: Any | None) -> IndexState:
    """The state with ``document`` added (or replacing the passage with its id), its keys in ``collection``.

    Only the new keys are embedded; the other keys' vectors, when the classifier has to be refitted, come from
    the state's kept vectors or else from the vector store. ``collection=None`` (an index searched in memory,
    ``state.key_vectors`` kept) leaves Chroma alone: the next ingest copies the new keys there (``store_kept_keys``).
    """
    passages, hashes = list(state.passages), list(state.hashes)
    ids = [p.id for p in passages]
    if document.passage.id in ids:
        index = ids.index(document.passage.id)
        passages[index], hashes[index] = document.passage, document.content_hash
    else:
        index = len(passages)
        passages.append(document.passage)
        hashes.append(document.content_hash)
    keep = np.flatnonzero(state.passage_of != index)
    new_keys = list(dict.fromkeys(document.keys))
    new_ids = [key_id(document.passage.id, key) for key in new_keys]
    vectors = np.asarray(embed([key.text for key in new_keys]), dtype=np.float32)
    if collection is not None:
        collection.upsert(ids=new_ids, embeddings=vectors, documents=[key.text for key in new_keys])
        stale = sorted({state.key_ids[i] for i in np.flatnonzero(state.passage_of == index)} - set(new_ids))
        if stale:
            collection.delete(ids=stale)
    passage_of = np.concatenate([state.passage_of[keep], np.full(len(new_keys), index, dtype=np.int64)])
    centroids = np.zeros((len(passages), state.centroids.shape[1]), dtype=np.float32)
    centroids[:state.centroids.shape[0]] = state.centroids
    centroids[index] = Scorer.centroids_of(vectors, np.zeros(len(new_keys), dtype=np.int64), 1)[0]
    classifier = state.classifier
    if classifier is not None:
        every = np.vstack([_kept_vectors(state, keep, collection, dimension=vectors.shape[1]), vectors])
        c = float(state.tuning.get("classifier_c") or DEFAULT_CLASSIFIER_C)
        taught = np.array([is_learned(p.citation.source) for p in passages])
        classifier = fit_classifier(every, passage_of, c=c, sample_weight=learned_weights(passage_of, taught),
                                    start=_with_class(classifier, index, centroids[index]))
    learned = int(state.tuning.get("learned_since_tuning", 0)) + (index == len(state.passages))
    return IndexState(
        bot_name=state.bot_name, model=state.model, passages=tuple(passages), hashes=tuple(hashes),
        keys=tuple(state.keys[i] for i in keep) + tuple(new_keys),
        key_ids=tuple(state.key_ids[i] for i in keep) + tuple(new_ids),
        passage_of=passage_of, centroids=centroids, classifier=classifier, calibrator=state.calibrator,
        threshold=state.threshold, margin=state.margin,
        tuning={**state.tuning, "learned_since_tuning": learned},
        key_vectors=None if state.key_vectors is None else np.vstack([state.key_vectors[keep], vectors]))


def store_kept_keys(collection: Any, state: IndexState, stored: set[str]) -> set[str]:
    """Write to ``collection`` the keys ``state`` keeps vectors for but the collection lacks (answers taught into
    an index searched in memory); returns their ids. A key's id hashes its text, so its vector is still right."""
    if state.key_vectors is None:
        return set()
    missing = [i for i, kid in enumerate(state.key_ids) if kid not in stored]
    if missing:
        collection.upsert(ids=[state.key_ids[i] for i in missing], embeddings=state.key_vectors[missing],
                          documents=[state.keys[i].text for i in missing])
    return {state.key_ids[i] for i in missing}


def taught_since(knowledge_dir: Path, documents: Sequence[Document]) -> list[Document]:
    """The taught entries under ``learned/`` that are not (or not as now) among ``documents``.

    An ingest reads the folder when it starts and writes the index minutes later: what staff taught in
    between is in its file and in the index the ingest is about to replace, so the ingest adds it back.
    """
    known = {(d.passage.id, d.content_hash) for d in documents}
    folder = knowledge_dir / LEARNED_DIR
    found = [document for path in sorted(folder.glob("*.y*ml")) if path.is_file()
             for document in load_faq_file(path, path.relative_to(knowledge_dir).as_posix())]
    return [document for document in found if (document.passage.id, document.content_hash) not in known]


def _kept_vectors(state: IndexState, keep: np.ndarray, collection: Any | None, *, dimension: int) -> np.ndarray:
    """The vectors of the keys ``keep`` indexes: kept in the state, or read back from the vector store."""
    if state.key_vectors is not None:
        return np.asarray(state.key_vectors[keep], dtype=np.float32)
    if collection is None:
        raise ValueError("the keys' vectors are neither kept in the index nor in a vector store")
    kept_ids = [state.key_ids[i] for i in keep]
    got = collection.get(ids=kept_ids, include=["embeddings"]) if kept_ids else {"ids": [], "embeddings": []}
    by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
    return np.array([by_id[k] for k in kept_ids], dtype=np.float32).reshape(-1, dimension)


def _with_class(classifier: Classifier, passage: int, centroid: np.ndarray) -> Classifier:
    """The classifier with a starting row for a new passage: its centroid, scaled like the other rows."""
    if passage in classifier.classes:
        return classifier
    scale = float(np.median(np.linalg.norm(classifier.weights, axis=1)))
    return Classifier(classes=np.append(classifier.classes, passage),
                      weights=np.vstack([classifier.weights, scale * centroid[None, :]]),
                      bias=np.append(classifier.bias, float(np.median(classifier.bias))))


def is_learned(source: str) -> bool:
    """Whether a citation's source is a taught entry's file."""
    return source.startswith(f"{LEARNED_DIR}/")


def learned_weights(passage_of: np.ndarray, learned: np.ndarray) -> np.ndarray | None:
    """Classifier sample weights that give each taught passage as much weight as a typical entry.

    A taught answer usually has one key (the customer's question) where curated entries have five or
    more; unweighted, the classifier would give it a fraction of the probability its exact question
    deserves, and the calibrator (tuned on curated entries) would not answer it. ``learned`` marks the
    taught passages; ``None`` when there are none (nothing to reweigh).
    """
    if not learned.any() or passage_of.size == 0:
        return None
    counts = np.bincount(passage_of, minlength=learned.size)
    typical = float(np.median(counts[counts > 0]))
    per_passage = np.where(learned, np.maximum(1.0, typical / np.maximum(counts, 1)), 1.0)
    return per_passage[passage_of]


@contextmanager
def one_teacher_at_a_time(index_dir: Path) -> Iterator[None]:
    """Held while a worker adds a taught answer to the index files: workers serving one data dir take turns,
    so each reads the entries the others added before it writes its own (none is lost)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / "teaching.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
