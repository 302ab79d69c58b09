"""The knowledge base of one bot: ingest its folder into Chroma, and answer ``search()`` in a few ms.

The keys' vectors live in Chroma (embedded ``PersistentClient``, or a server when ``chroma_url`` is
set), made with our own embeddings; a small index is searched exactly in memory (``ExactKeys``), a large
one through Chroma's query; lexical retrieval is BM25 over the same keys; a per-bot calibrator
(``_tuning``) turns both, plus a small classifier where entries have phrasings, into a probability per
passage, and decides in scope / ambiguous with thresholds tuned on the bot's own questions.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from warmline.domain import KnowledgeError, Passage, Retrieval, Thresholds

from ._deciding import retrieval_for
from ._learned import (
    LearnedEntry,
    one_teacher_at_a_time,
    store_kept_keys,
    taught_since,
    with_document,
    write_entry,
)
from ._live import LiveIndex, live_index
from ._scoring import N_DENSE
from ._sources import flatten, load_faq_file, load_folder
from ._state import (
    IndexState,
    IngestReport,
    files_stamp,
    ingest_report,
    read_state,
    write_state,
)
from ._tuning import fit_state
from .chroma import EXACT_MAX_KEYS, ExactKeys, open_collection
from .embeddings import Encoder, kept_vectors
from .ingest import DEFAULT_BATCH, IngestJournal, IngestProgress, VectorSpool, stream_vectors

__all__ = ["IngestReport", "KnowledgeBase"]

log = logging.getLogger(__name__)
SPOOL_FILE = "ingest-vectors.f32"  # the keys' vectors while an ingest runs (removed when it ends)
ANSWER_AT_LEAST = Thresholds().answer_at_least  # the bot file's ``thresholds.answer_at_least`` left out
RELOAD_CHECK_SECONDS = 1.0  # how often searches look whether another process rewrote the index


class KnowledgeBase:
    """Ingest and search one bot's knowledge folder."""

    def __init__(self, *, bot_name: str, knowledge_dir: Path, index_dir: Path,
                 embeddings: Embeddings | None = None, chroma_url: str | None = None,
                 near_duplicate: float | None = None, accept_inscope: float | None = None,
                 answer_at_least: float = ANSWER_AT_LEAST,
                 exact_max_keys: int = EXACT_MAX_KEYS, reload_check_seconds: float = RELOAD_CHECK_SECONDS) -> None:
        self.bot_name = bot_name
        self._exact_max_keys = exact_max_keys  # up to this many keys, searched in memory (``ExactKeys``)
        # Tuning may hold out near-duplicate phrasings together and pick the threshold by the share of
        # answerable questions it accepts (both opt-in); it lowers the threshold until ``answer_at_least`` of
        # them are answered (see ``tune``).
        self._near_duplicate = near_duplicate
        self._accept_inscope = accept_inscope
        self._answer_at_least = answer_at_least or None  # 0: the tuned threshold is never lowered
        self.knowledge_dir = Path(knowledge_dir)
        self.index_dir = Path(index_dir)
        self._encoder = Encoder(embeddings)
        self._chroma_url = chroma_url
        self._store: Any = None  # langchain_chroma.Chroma, opened lazily
        self._live: LiveIndex | None = None
        self._writing = threading.Lock()  # one writer at a time; searches never wait for it
        # Another worker of the data dir (or `warmline ingest`) may rewrite the index: searches notice it.
        self._stamp: tuple[int, int, int] | None = None  # the files' stamp when the live index was read/written
        self._reload_check_seconds = reload_check_seconds
        self._next_check = 0.0

    # ------------------------------------------------------------------ public API

    @property
    def passages(self) -> Sequence[Passage]:
        """The indexed passages (empty before ``load()`` or ``ingest()``)."""
        return self._live.state.passages if self._live else ()

    @property
    def key_texts(self) -> Sequence[str]:
        """The texts every passage is found by (questions, phrasings, paragraphs), as indexed."""
        return self._live.key_texts if self._live else ()

    def key_texts_of(self, passage_id: str) -> tuple[str, ...]:
        """The texts one passage is found by: an FAQ entry's question and phrasings, a section's paragraphs."""
        return self._live.key_texts_by_passage.get(passage_id, ()) if self._live else ()

    @property
    def threshold(self) -> float | None:
        """The tuned answer threshold on ``Retrieval.confidence``."""
        return self._live.state.threshold if self._live else None

    def load(self) -> None:
        """Open an existing index; raises ``KnowledgeError`` when this bot was never ingested."""
        state = read_state(self.index_dir, bot_name=self.bot_name)
        if state is None or state.model != self._encoder.name:
            raise KnowledgeError(f"no index for bot {self.bot_name!r} (or it was built with another "
                                 f"embedding model); run `warmline ingest --bot {self.bot_name}`",
                                 file=str(self.index_dir))
        self._activate(state)

    def ingest(self, *, progress: IngestProgress | None = None, batch_size: int = DEFAULT_BATCH) -> IngestReport:
        """(Re)index the folder: embed only new or changed keys, drop deleted ones, re-tune the scores.

        Keys go through the model and into Chroma ``batch_size`` at a time and tuning reads their vectors
        back from a spool file, so memory does not grow with the number of keys embedded. An ingest that
        was interrupted is continued by the next one: what it stored is reused, not embedded again.
        """
        started = time.perf_counter()
        report = progress or (lambda stage, done, total: None)
        documents = load_folder(self.knowledge_dir)
        report("read", len(documents), len(documents))
        old = read_state(self.index_dir, bot_name=self.bot_name)
        if old is not None and old.model != self._encoder.name:
            old = None
        journal = IngestJournal(self.index_dir)
        resuming = old is None and journal.resumable(model=self._encoder.name)
        store = self._open_store(reset=old is None and not resuming)
        journal.begin(model=self._encoder.name)
        keys, key_ids, passage_of = flatten(documents)
        stored = set(store.get(include=[])["ids"]) if old is not None or resuming else set()
        if old is not None:  # answers taught since the last ingest, kept in memory only: not embedded again
            stored |= store_kept_keys(store._collection, old, stored)
        spool = VectorSpool(self.index_dir / SPOOL_FILE, dimension=self._encoder.dimension())
        try:
            embedded = stream_vectors(collection=store._collection, keys=keys, key_ids=key_ids, stored=stored,
                                      embed=self._encoder.texts, spool=spool, batch_size=batch_size,
                                      progress=report)
            stale = sorted(stored - set(key_ids))
            if stale:
                store.delete(ids=stale)
            state, tuning_note = fit_state(
                bot_name=self.bot_name, model=self._encoder.name, documents=documents, keys=keys, key_ids=key_ids,
                passage_of=passage_of, vectors=spool, progress=report, near_duplicate=self._near_duplicate,
                accept_inscope=self._accept_inscope, answer_at_least=self._answer_at_least,
                exact_max_keys=self._exact_max_keys)
        finally:
            spool.remove()
        with one_teacher_at_a_time(self.index_dir):  # answers taught while it ran are kept, not overwritten
            for document in taught_since(self.knowledge_dir, documents):
                state = with_document(state, document, embed=self._encoder.texts, collection=store._collection)
            write_state(self.index_dir, state)
        journal.finish()
        report("save", 1, 1)
        self._activate(state)
        return ingest_report(old=old, documents=documents, state=state, keys=len(keys), embedded=embedded,
                             seconds=time.perf_counter() - started, note=tuning_note, resumed=resuming and bool(stored))

    def add_learned(self, *, question: str, answer: str, taught_by: str, conversation_id: str | None = None,
                    phrasings: Sequence[str] = (), taught_at: datetime | None = None) -> LearnedEntry:
        """Write ``learned/<slug>.yaml`` and make it searchable at once, without a full re-ingest.

        Safe while other threads search: they keep using the index as it was until the new one is swapped
        in whole. The index files are rewritten too, so a restart (``load()``) still knows the entry.
        """
        question, answer = " ".join(question.split()), answer.strip()
        if not question or not answer:
            raise KnowledgeError("a learned entry needs a question and an answer", file=self.knowledge_dir.name)
        taught_at = taught_at or datetime.now(UTC)
        with self._writing, one_teacher_at_a_time(self.index_dir):
            self._reload_if_rewritten()  # what another worker taught meanwhile is kept, not overwritten
            live = self._loaded()
            rel = write_entry(self.knowledge_dir, question=question, answer=answer, phrasings=phrasings,
                              taught_by=taught_by, taught_at=taught_at, conversation_id=conversation_id)
            [document] = load_faq_file(self.knowledge_dir / rel, rel)
            # An index searched in memory keeps the new keys' vectors itself: Chroma (60 MB) is not opened for them.
            in_memory = live.exact is not None and live.state.key_vectors is not None
            state = with_document(live.state, document, embed=self._encoder.texts,
                                  collection=None if in_memory else self._open_store()._collection)
            write_state(self.index_dir, state)
            self._activate(state)
        log.info("learned %s (taught by %s)", rel, taught_by)
        return LearnedEntry(question=question, answer=answer, source=rel, passage_id=document.passage.id,
                            taught_by=taught_by, taught_at=taught_at, conversation_id=conversation_id,
                            phrasings=tuple(k.text for k in document.keys[1:]))

    def search(self, query: str, *, k: int = 5) -> Retrieval:
        """Score the passages for this question; ``in_scope`` False means "don't answer from knowledge"."""
        live = self._loaded()
        state, scorer = live.state, live.scorer
        if not state.keys or not query.strip():
            return Retrieval(query=query, candidates=(), confidence=0.0, in_scope=False)
        vector = self.embed_query(query)
        dense = self._dense(vector, live)
        lexical = (scorer.lexical.top([query])[0] if scorer.lexical
                   else (np.array([], int), np.array([])))
        cands, features = scorer.features(vector[None, :], [dense], [lexical])[0]
        return retrieval_for(query, state=state, scorer=scorer, cands=cands, features=features, dense=dense, k=k)

    def _loaded(self) -> LiveIndex:
        live = self._live
        if live is None:
            self.load()
            live = self._live
        if live is None:  # pragma: no cover - load() raises instead
            raise KnowledgeError(f"run `warmline ingest --bot {self.bot_name}`")
        now = time.monotonic()
        if now >= self._next_check:
            self._next_check = now + self._reload_check_seconds
            if files_stamp(self.index_dir) not in (None, self._stamp) and self._writing.acquire(blocking=False):
                # Read on a thread of its own: this search, and those after it, use the index as it is until then.
                threading.Thread(target=self._reload_then_release, name="warmline-index-reload", daemon=True).start()
        return live

    def _reload_then_release(self) -> None:
        try:
            self._reload_if_rewritten()
        finally:
            self._writing.release()

    def _reload_if_rewritten(self) -> None:
        """Read the index files again if another process rewrote them since this one read or wrote them
        (another worker taught an answer, or `warmline ingest` ran). Called holding ``_writing``."""
        stamp = files_stamp(self.index_dir)
        if stamp is None or stamp == self._stamp:
            return
        try:
            state = read_state(self.index_dir, bot_name=self.bot_name)
        except KnowledgeError as exc:
            log.warning("the index changed on disk but could not be read (%s); keeping the one in memory", exc)
            return
        if state is None or state.model != self._encoder.name or files_stamp(self.index_dir) != stamp:
            return  # rewritten again while being read (or by another model): the next check reads it
        self._activate(state)
        log.info("the index of %s changed on disk (another worker or an ingest): %d passages now", self.bot_name,
                 len(state.passages))

    # ------------------------------------------------------------------ pieces (public for benchmarks)

    def embed_query(self, query: str) -> np.ndarray:
        """The query's embedding, computed once per search."""
        return self._encoder.query(query)

    def embed_kept(self, texts: Sequence[str]) -> np.ndarray:
        """``embed_texts`` for a fixed set of texts (the signals' examples): with the bundled model, computed
        once and kept for the process and in the index folder (``kept_vectors``)."""
        if not self._encoder.bundled:
            return self.embed_texts(texts)
        return kept_vectors(list(texts), model=self._encoder.name, folder=self.index_dir / "kept-vectors",
                            embed=self._encoder.texts)

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of many texts with the index's model (L2-normalised rows), e.g. for the signals."""
        return self._encoder.texts(list(texts))

    def dense_hits(self, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The nearest keys: (key indices, cosine similarities), best first (``ExactKeys`` or one Chroma query)."""
        return self._dense(vector, self._loaded())

    def _dense(self, vector: np.ndarray, live: LiveIndex) -> tuple[np.ndarray, np.ndarray]:
        n = min(N_DENSE, len(live.state.keys))
        if live.exact is not None:
            return live.exact.nearest(vector, n)
        result = self._store._collection.query(query_embeddings=[vector], n_results=n,
                                               include=["distances"])
        # Keys added to Chroma by a writer that has not swapped its state in yet are not ours: skipped.
        index = live.key_index
        ids = result["ids"][0]
        keep = [j for j, kid in enumerate(ids) if kid in index]
        return (np.array([index[ids[j]] for j in keep], dtype=np.int64),
                1.0 - np.array([result["distances"][0][j] for j in keep], dtype=np.float64))

    # ------------------------------------------------------------------ internals

    def _open_store(self, *, reset: bool = False) -> Any:
        if self._store is None:
            self._store = open_collection(bot_name=self.bot_name, index_dir=self.index_dir,
                                          chroma_url=self._chroma_url, embeddings=self._encoder.embeddings, reset=reset)
        elif reset:
            self._store.reset_collection()
        return self._store

    def _activate(self, state: IndexState) -> None:
        exact = ExactKeys.for_keys(state.key_ids, state.key_vectors, max_keys=self._exact_max_keys,
                                   collection=lambda: self._open_store()._collection)
        if exact is None:
            self._open_store()  # searched through Chroma's query
        self._live = live_index(state, exact=exact)
        self._stamp = files_stamp(self.index_dir)  # called right after the files were read or written
