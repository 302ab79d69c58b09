"""The knowledge base of one bot: ingest its folder into Chroma, and answer ``search()`` in a few ms.

Dense retrieval goes through Chroma (embedded ``PersistentClient``, or a server when ``chroma_url`` is
set) with our own embeddings; lexical retrieval is BM25 over the same keys; a per-bot calibrator
(``_tuning``) turns both, plus a small classifier where entries have phrasings, into a probability per
passage, and decides in scope / ambiguous with thresholds tuned on the bot's own questions.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
from langchain_core.embeddings import Embeddings

from warmline.domain import KnowledgeError, Passage, Retrieval, ScoredPassage

from ._scoring import N_DENSE, SECTION_THRESHOLD, Scorer
from ._sources import Document, Key, load_folder
from ._state import IndexState, read_state, write_state
from ._tuning import build_scorer, classifier_strength, sections_of, tune, verdict
from .embeddings import MODEL_ID, MODEL_SHA256, MiniLMChromaFunction, MiniLMEmbeddings

__all__ = ["IngestReport", "KnowledgeBase"]

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


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


class KnowledgeBase:
    """Ingest and search one bot's knowledge folder."""

    def __init__(self, *, bot_name: str, knowledge_dir: Path, index_dir: Path,
                 embeddings: Embeddings | None = None, chroma_url: str | None = None) -> None:
        self.bot_name = bot_name
        self.knowledge_dir = Path(knowledge_dir)
        self.index_dir = Path(index_dir)
        self._embeddings = embeddings or MiniLMEmbeddings()
        self._chroma_url = chroma_url
        self._store: Any = None  # langchain_chroma.Chroma, opened lazily
        self._state: IndexState | None = None
        self._scorer: Scorer | None = None

    # ------------------------------------------------------------------ public API

    @property
    def passages(self) -> Sequence[Passage]:
        """The indexed passages (empty before ``load()`` or ``ingest()``)."""
        return self._state.passages if self._state else ()

    @property
    def threshold(self) -> float | None:
        """The tuned answer threshold on ``Retrieval.confidence``."""
        return self._state.threshold if self._state else None

    def load(self) -> None:
        """Open an existing index; raises ``KnowledgeError`` when this bot was never ingested."""
        state = read_state(self.index_dir, bot_name=self.bot_name)
        if state is None or state.model != self._model_name():
            raise KnowledgeError(f"no index for bot {self.bot_name!r} (or it was built with another "
                                 f"embedding model); run `warmline ingest --bot {self.bot_name}`",
                                 file=str(self.index_dir))
        self._activate(state)

    def ingest(self, *, progress: Progress | None = None) -> IngestReport:
        """(Re)index the folder: embed only new or changed keys, drop deleted ones, re-tune the scores."""
        started = time.perf_counter()
        report = progress or (lambda stage, done, total: None)
        documents = load_folder(self.knowledge_dir)
        report("read", len(documents), len(documents))
        old = read_state(self.index_dir, bot_name=self.bot_name)
        if old is not None and old.model != self._model_name():
            old = None
        store = self._open_store(reset=old is None)
        keys, key_ids, passage_of = _flatten(documents)
        existing = set(store.get(include=[])["ids"]) if old is not None else set()
        missing = [i for i, kid in enumerate(key_ids) if kid not in existing]
        vectors = np.zeros((len(keys), self._dimension()), dtype=np.float32)
        self._embed_missing(store, keys, key_ids, missing, vectors, report)
        reused = [i for i in range(len(keys)) if key_ids[i] in existing]
        if reused:
            got = store.get(ids=[key_ids[i] for i in reused], include=["embeddings"])
            by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
            vectors[reused] = np.array([by_id[key_ids[i]] for i in reused], dtype=np.float32)
        stale = sorted(existing - set(key_ids))
        if stale:
            store.delete(ids=stale)
        state, tuning_note = self._fit(documents, keys, key_ids, passage_of, vectors, report)
        write_state(self.index_dir, state)
        report("save", 1, 1)
        self._activate(state)
        old_hashes = dict(zip((p.id for p in old.passages), old.hashes, strict=True)) if old else {}
        new_ids = {d.passage.id for d in documents}
        added = sum(d.passage.id not in old_hashes for d in documents)
        updated = sum(d.passage.id in old_hashes and old_hashes[d.passage.id] != d.content_hash
                      for d in documents)
        t = state.tuning
        return IngestReport(
            added=added, updated=updated, removed=sum(pid not in new_ids for pid in old_hashes),
            unchanged=len(documents) - added - updated, passages=len(documents), keys=len(keys),
            embedded=len(missing), seconds=time.perf_counter() - started, threshold=state.threshold,
            margin=state.margin, tuned=bool(t["tuned"]), classifier=state.classifier is not None,
            note=tuning_note, cv_mcc=t.get("cv_mcc"), cv_inscope_accuracy=t.get("cv_inscope_accuracy"),
            cv_oos_recall=t.get("cv_oos_recall"))

    def search(self, query: str, *, k: int = 5) -> Retrieval:
        """Score the passages for this question; ``in_scope`` False means "don't answer from knowledge"."""
        state, scorer = self._loaded()
        if not state.keys or not query.strip():
            return Retrieval(query=query, candidates=(), confidence=0.0, in_scope=False)
        vector = self.embed_query(query)
        dense = self.dense_hits(vector)
        lexical = (scorer.lexical.top([query])[0] if scorer.lexical
                   else (np.array([], int), np.array([])))
        cands, features = scorer.features(vector[None, :], [dense], [lexical])[0]
        probs = scorer.probabilities(cands, features, state.calibrator)
        top = scorer.choose(cands, probs, state.threshold)
        pair, partner = scorer.pair_probability(cands, features, state.calibrator, probs, top)
        order = [top] + [int(i) for i in np.argsort(-probs) if i != top]
        # An FAQ entry that clears its threshold is preferred over sections, so only another entry rivals it.
        faq_answer = not scorer.is_section[cands[top]] and probs[top] >= state.threshold
        rivals = [i for i in order[1:] if not (faq_answer and scorer.is_section[cands[i]])]
        second = float(probs[rivals[0]]) if rivals else 0.0
        in_scope, ambiguous = verdict(float(probs[top]), second, pair,
                                      threshold=self._limit(int(cands[top])), margin=state.margin)
        if ambiguous and partner >= 0:  # the two answers to choose between come first
            order.remove(partner)
            order.insert(1, partner)
        scored = tuple(ScoredPassage(passage=state.passages[int(cands[i])], score=float(probs[i]))
                       for i in order[:k])
        return Retrieval(query=query, candidates=scored, confidence=float(probs[order[0]]),
                         in_scope=in_scope, ambiguous=ambiguous,
                         answer_text=self._answer(int(cands[order[0]]), dense))

    def _loaded(self) -> tuple[IndexState, Scorer]:
        if self._state is None or self._scorer is None:
            self.load()
        if self._state is None or self._scorer is None:  # pragma: no cover - load() raises instead
            raise KnowledgeError(f"run `warmline ingest --bot {self.bot_name}`")
        return self._state, self._scorer

    def _limit(self, passage: int) -> float:
        """The answer threshold for this passage: tuned for FAQ entries, fixed for Markdown sections."""
        state, scorer = self._loaded()
        return SECTION_THRESHOLD if scorer.is_section[passage] else state.threshold

    # ------------------------------------------------------------------ pieces (public for benchmarks)

    def embed_query(self, query: str) -> np.ndarray:
        """The query's embedding, computed once per search."""
        if isinstance(self._embeddings, MiniLMEmbeddings):
            return self._embeddings.embed_array([query])[0]
        return np.asarray(self._embeddings.embed_query(query), dtype=np.float32)

    def dense_hits(self, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One Chroma vector query: (key indices, cosine similarities), best first."""
        assert self._state is not None
        n = min(N_DENSE, len(self._state.keys))
        result = self._store._collection.query(query_embeddings=[vector], n_results=n,
                                               include=["distances"])
        index = self._key_index
        ids = result["ids"][0]
        keep = [j for j, kid in enumerate(ids) if kid in index]
        return (np.array([index[ids[j]] for j in keep], dtype=np.int64),
                1.0 - np.array([result["distances"][0][j] for j in keep], dtype=np.float64))

    # ------------------------------------------------------------------ internals

    def _model_name(self) -> str:
        if isinstance(self._embeddings, MiniLMEmbeddings):
            return f"{MODEL_ID}@{MODEL_SHA256[:12]}"
        return type(self._embeddings).__name__

    def _dimension(self) -> int:
        return 384 if isinstance(self._embeddings, MiniLMEmbeddings) else len(self.embed_query("x"))

    def _collection_name(self) -> str:
        name = re.sub(r"[^a-zA-Z0-9_-]+", "-", f"warmline-{self.bot_name}").strip("-_")
        return name[:60] + hashlib.sha1(self.bot_name.encode()).hexdigest()[:6]

    def _open_store(self, *, reset: bool = False) -> Any:
        import chromadb
        from chromadb.config import Settings
        from langchain_chroma import Chroma

        if self._store is None:
            settings = Settings(anonymized_telemetry=False)
            if self._chroma_url:
                url = urlparse(self._chroma_url)
                client = chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                             ssl=url.scheme == "https", settings=settings)
            else:
                client = chromadb.PersistentClient(path=str(self.index_dir / "chroma"), settings=settings)
            config: Any = {"hnsw": {"space": "cosine"}}
            if isinstance(self._embeddings, MiniLMEmbeddings):
                config["embedding_function"] = MiniLMChromaFunction()
            if reset and self._collection_name() in [c.name for c in client.list_collections()]:
                client.delete_collection(self._collection_name())
            self._store = Chroma(collection_name=self._collection_name(), client=client,
                                 embedding_function=self._embeddings, collection_configuration=config)
        elif reset:
            self._store.reset_collection()
        return self._store

    def _embed_missing(self, store: Any, keys: list[Key], key_ids: list[str], missing: list[int],
                       vectors: np.ndarray, report: Progress) -> None:
        batch = 256
        for start in range(0, len(missing), batch):
            idx = missing[start:start + batch]
            texts = [keys[i].text for i in idx]
            if isinstance(self._embeddings, MiniLMEmbeddings):
                emb = self._embeddings.embed_array(texts)
            else:
                emb = np.asarray(self._embeddings.embed_documents(texts), dtype=np.float32)
            vectors[idx] = emb
            store._collection.upsert(ids=[key_ids[i] for i in idx], embeddings=emb, documents=texts)
            report("embed", min(start + batch, len(missing)), len(missing))
        if not missing:
            report("embed", 0, 0)

    def _fit(self, documents: list[Document], keys: list[Key], key_ids: list[str], passage_of: np.ndarray,
             vectors: np.ndarray, report: Progress) -> tuple[IndexState, str]:
        n = len(documents)
        question_like = np.array([k.question_like for k in keys], dtype=bool)
        texts = [k.text for k in keys]
        classifier = classifier_strength(vectors, passage_of, question_like, n) if keys else None
        tuning = tune(vectors=vectors, texts=texts, passage_of=passage_of, question_like=question_like,
                      n_passages=n, classifier=classifier,
                      progress=lambda done, total: report("tune", done, total))
        scorer = build_scorer(vectors=vectors, texts=texts, passage_of=passage_of, n_passages=n,
                              classifier=classifier) if keys else None
        log.info("ingest of %s: %d passages; %s", self.bot_name, n, tuning.note)
        state = IndexState(
            bot_name=self.bot_name, model=self._model_name(),
            passages=tuple(d.passage for d in documents), hashes=tuple(d.content_hash for d in documents),
            keys=tuple(keys), key_ids=tuple(key_ids), passage_of=passage_of,
            centroids=scorer.centroids if scorer else np.zeros((0, vectors.shape[1]), np.float32),
            classifier=scorer.classifier if scorer else None, calibrator=tuning.calibrator,
            threshold=tuning.threshold, margin=tuning.margin,
            tuning={"tuned": tuning.tuned, "note": tuning.note, "cv_mcc": tuning.cv_mcc,
                    "cv_inscope_accuracy": tuning.cv_inscope_accuracy,
                    "cv_oos_recall": tuning.cv_oos_recall, "cv_questions": tuning.cv_questions})
        return state, tuning.note

    def _activate(self, state: IndexState) -> None:
        from ._scoring import Lexical

        self._open_store()
        self._state = state
        self._key_index = {kid: i for i, kid in enumerate(state.key_ids)}
        question_like = np.array([k.question_like for k in state.keys], dtype=bool)
        self._scorer = Scorer(passage_of=state.passage_of, n_passages=len(state.passages),
                              centroids=state.centroids, classifier=state.classifier,
                              is_section=sections_of(state.passage_of, question_like, len(state.passages)),
                              lexical=Lexical([k.text for k in state.keys]) if state.keys else None)

    def _answer(self, passage: int, dense: tuple[np.ndarray, np.ndarray]) -> str:
        """The extractive answer: the best-matching paragraph of a section, or the whole FAQ answer."""
        assert self._state is not None
        state = self._state
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


def _flatten(documents: list[Document]) -> tuple[list[Key], list[str], np.ndarray]:
    keys, ids, passage_of = [], [], []
    seen: set[str] = set()
    for index, doc in enumerate(documents):
        for key in doc.keys:
            digest = hashlib.sha256(f"{doc.passage.id}\x1f{key.kind}\x1f{key.text}".encode()).hexdigest()
            if digest[:32] in seen:
                continue
            seen.add(digest[:32])
            keys.append(key)
            ids.append(digest[:32])
            passage_of.append(index)
    return keys, ids, np.array(passage_of, dtype=np.int64)
