"""Serving questions: one model run for the questions of concurrent turns, and one per text within a turn.

A turn reads the customer's message twice (retrieval, then the signals' example classifier); inside
``each_text_once`` the second read takes the first one's vector, and a read still running in another
thread is waited for rather than done again, so the turn can start embedding the message while it stores
it. The scope is the turn, not the process: a process-wide cache would make every benchmark that repeats
its questions measure the cache.
``QueryBatcher`` puts the questions that arrive while the model is busy into its next run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np

__all__ = ["QueryBatcher", "each_text_once", "embed_once"]

MAX_BATCH_TEXTS = 32
_THIS_TURN: ContextVar[dict[str, Future[np.ndarray]] | None] = ContextVar("warmline_turn_vectors", default=None)
_CLAIMING = threading.Lock()  # between "not embedded yet" and "I will embed it"


@contextmanager
def each_text_once() -> Iterator[None]:
    """Within this block, a text is embedded at most once: meant for one customer's turn, whose retrieval
    and signals read the same message. Worker threads started by ``asyncio.to_thread`` inside it share it
    (they run in a copy of the caller's context, which holds the same dict). A block inside another is
    part of it."""
    if _THIS_TURN.get() is not None:
        yield
        return
    token = _THIS_TURN.set({})
    try:
        yield
    finally:
        _THIS_TURN.reset(token)


def embed_once(texts: Sequence[str], compute: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Rows for ``texts`` in order; inside ``each_text_once`` texts already embedded there are not run again."""
    seen = _THIS_TURN.get()
    if seen is None:
        return compute(list(texts))
    with _CLAIMING:
        missing = list(dict.fromkeys(text for text in texts if text not in seen))
        claimed: list[Future[np.ndarray]] = [Future() for _ in missing]
        seen.update(zip(missing, claimed, strict=True))
    if missing:
        try:
            rows = compute(missing)
        except BaseException as exc:  # whoever waits for these hears of it; a later read tries again
            for text, future in zip(missing, claimed, strict=True):
                del seen[text]
                future.set_exception(exc)
            raise
        for row, future in zip(rows, claimed, strict=True):
            future.set_result(np.array(row, dtype=np.float32))
    return np.stack([seen[text].result() for text in texts])  # a copy: callers may change their rows


class _Waiting:
    """One caller's texts waiting in ``QueryBatcher``, and what it gets back."""

    __slots__ = ("done", "error", "result", "texts")

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.done = threading.Event()
        self.result: np.ndarray | None = None
        self.error: BaseException | None = None


class QueryBatcher:
    """Embeds the questions of concurrent callers (worker threads) together, in one model run.

    A caller that finds the model idle runs at once, so a lone question waits for nobody. Callers that
    arrive while it runs wait, and the first of them then runs everything that queued meanwhile (up to
    ``max_texts``) as one batch: the batching window is one model run, never a fixed delay.
    """

    def __init__(self, embed: Callable[[list[str]], np.ndarray], *, max_texts: int = MAX_BATCH_TEXTS) -> None:
        self._embed = embed
        self._max_texts = max_texts
        self._lock = threading.Lock()
        self._queue: list[_Waiting] = []
        self._busy = False

    def embed(self, texts: list[str]) -> np.ndarray:
        """The embeddings of ``texts`` (rows in order), computed in a batch with other callers' texts."""
        waiting = _Waiting(texts)
        with self._lock:
            self._queue.append(waiting)
            lead, self._busy = not self._busy, True
        if not lead:
            waiting.done.wait()
        if waiting.result is None and waiting.error is None:  # leading: first, or woken to
            self._run_batch()
        if waiting.error is not None:
            raise waiting.error
        assert waiting.result is not None
        return waiting.result

    def _run_batch(self) -> None:
        with self._lock:
            batch: list[_Waiting] = []
            size = 0
            while self._queue and (not batch or size + len(self._queue[0].texts) <= self._max_texts):
                batch.append(self._queue.pop(0))
                size += len(batch[-1].texts)
        try:
            vectors = self._embed([text for w in batch for text in w.texts])
        except BaseException as exc:  # every caller of the batch hears of it
            for w in batch:
                w.error = exc
        else:
            start = 0
            for w in batch:
                w.result, start = vectors[start:start + len(w.texts)], start + len(w.texts)
        with self._lock:
            following = self._queue[0] if self._queue else None
            self._busy = following is not None
        for w in batch:
            w.done.set()
        if following is not None:  # woken with no result, it leads the next batch: whoever queued meanwhile
            following.done.set()
