"""Serving questions: one model run for the questions of concurrent turns (``QueryBatcher``), one per text
within a turn (``each_text_once``)."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import pytest

from warmline.knowledge._batching import QueryBatcher, each_text_once, embed_once


class GatedModel:
    """An embedding function that records its batches; the first one waits until the test opens the gate."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.fail_with: Exception | None = None

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.batches.append(list(texts))
        self.entered.set()
        self.gate.wait(timeout=10)
        if self.fail_with is not None:
            error, self.fail_with = self.fail_with, None
            raise error
        return np.array([[float(len(t)), float(i)] for i, t in enumerate(texts)])


def _queue_behind_a_running_batch(batcher: QueryBatcher, model: GatedModel, pool: ThreadPoolExecutor,
                                  *questions: str) -> list[Future[np.ndarray]]:
    """Start "first" (it runs and holds the model), then ``questions``, waiting until all have queued."""
    futures = [pool.submit(batcher.embed, ["first"])]
    assert model.entered.wait(timeout=10)
    futures += [pool.submit(batcher.embed, [q]) for q in questions]
    deadline = time.monotonic() + 10
    while len(batcher._queue) < len(questions) and time.monotonic() < deadline:
        time.sleep(0.001)
    model.gate.set()
    return futures


def test_a_lone_question_is_embedded_at_once() -> None:
    model = GatedModel()
    model.gate.set()
    vectors = QueryBatcher(model).embed(["hours?", "open?"])
    assert model.batches == [["hours?", "open?"]]
    assert vectors.tolist() == [[6.0, 0.0], [5.0, 1.0]]


def test_questions_arriving_during_a_run_go_together_in_the_next() -> None:
    model = GatedModel()
    batcher = QueryBatcher(model)
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = _queue_behind_a_running_batch(batcher, model, pool, "a", "bb", "ccc")
        results = [f.result(timeout=10) for f in futures]
    assert model.batches[0] == ["first"]
    assert len(model.batches) == 2
    assert sorted(model.batches[1]) == ["a", "bb", "ccc"]
    # each caller gets its own row back, whatever its place in the batch
    assert [r[0][0] for r in results] == [5.0, 1.0, 2.0, 3.0]


def test_a_batch_holds_at_most_max_texts() -> None:
    model = GatedModel()
    batcher = QueryBatcher(model, max_texts=2)
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = _queue_behind_a_running_batch(batcher, model, pool, "a", "b", "c")
        for f in futures:
            f.result(timeout=10)
    assert [len(b) for b in model.batches] == [1, 2, 1]


def test_a_failed_run_fails_its_callers_and_the_next_batch_still_runs() -> None:
    model = GatedModel()
    model.fail_with = RuntimeError("onnx broke")
    batcher = QueryBatcher(model)
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = _queue_behind_a_running_batch(batcher, model, pool, "a", "b")
        with pytest.raises(RuntimeError, match="onnx broke"):
            futures[0].result(timeout=10)
        assert [f.result(timeout=10)[0][0] for f in futures[1:]] == [1.0, 1.0]


class _Counting:
    """Vectors from each text's length and first letter, recording every call."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.array([[float(len(t)), float(ord(t[0]))] for t in texts], dtype=np.float32)


def test_within_a_turn_a_text_is_embedded_once_and_rows_keep_their_order() -> None:
    model = _Counting()
    with each_text_once():
        first = embed_once(["hi", "where is my order?"], model)
        again = embed_once(["where is my order?", "thanks", "hi", "thanks"], model)
    assert model.calls == [["hi", "where is my order?"], ["thanks"]]  # a repeated new text: run once
    assert again.tolist() == [first[1].tolist(), [6.0, 116.0], first[0].tolist(), [6.0, 116.0]]


def test_outside_a_turn_and_in_the_next_turn_texts_are_embedded_again() -> None:
    model = _Counting()
    embed_once(["hi"], model)
    embed_once(["hi"], model)
    with each_text_once():
        embed_once(["hi"], model)
    with each_text_once():
        embed_once(["hi"], model)
    assert model.calls == [["hi"]] * 4


async def test_worker_threads_of_the_turn_share_it_and_concurrent_turns_do_not() -> None:
    model = _Counting()

    async def turn(text: str) -> None:
        with each_text_once():
            await asyncio.to_thread(embed_once, [text], model)  # retrieval
            await asyncio.to_thread(embed_once, [text], model)  # the signals

    await asyncio.gather(turn("hi"), turn("hi"), turn("thanks"))
    assert sorted(model.calls) == [["hi"], ["hi"], ["thanks"]]


def test_a_caller_changing_its_rows_does_not_change_what_the_turn_kept() -> None:
    model = _Counting()
    with each_text_once():
        embed_once(["hi"], model)[0] *= 0
        assert embed_once(["hi"], model).tolist() == [[2.0, 104.0]]


def test_a_failed_run_keeps_nothing() -> None:
    def broken(texts: list[str]) -> np.ndarray:
        raise RuntimeError("onnx broke")

    model = _Counting()
    with each_text_once():
        with pytest.raises(RuntimeError, match="onnx broke"):
            embed_once(["hi"], broken)
        embed_once(["hi"], model)
    assert model.calls == [["hi"]]


def test_a_block_inside_a_turn_is_part_of_it() -> None:
    model = _Counting()
    with each_text_once():
        embed_once(["hi"], model)  # read ahead, while the turn stores the message
        with each_text_once():  # retrieval and signals open their own block
            embed_once(["hi"], model)
        embed_once(["hi"], model)
    assert model.calls == [["hi"]]


def test_a_text_another_thread_is_embedding_is_waited_for_not_embedded_again() -> None:
    model = GatedModel()
    with each_text_once(), ThreadPoolExecutor(2) as pool:
        ahead = pool.submit(contextvars.copy_context().run, embed_once, ["where is my order?"], model)
        assert model.entered.wait(timeout=10)
        search = pool.submit(contextvars.copy_context().run, embed_once, ["where is my order?"], model)
        time.sleep(0.05)
        assert not search.done()  # waiting for the run under way
        model.gate.set()
        assert search.result(timeout=10).tolist() == ahead.result(timeout=10).tolist()
    assert model.batches == [["where is my order?"]]


def test_whoever_waits_for_a_failed_run_hears_of_it_and_the_next_read_runs_again() -> None:
    model = GatedModel()
    model.fail_with = RuntimeError("onnx broke")
    with each_text_once(), ThreadPoolExecutor(2) as pool:
        ahead = pool.submit(contextvars.copy_context().run, embed_once, ["hi"], model)
        assert model.entered.wait(timeout=10)
        waiting = pool.submit(contextvars.copy_context().run, embed_once, ["hi"], model)
        time.sleep(0.05)
        model.gate.set()
        for future in (ahead, waiting):
            with pytest.raises(RuntimeError, match="onnx broke"):
                future.result(timeout=10)
        assert embed_once(["hi"], model).tolist() == [[2.0, 0.0]]
    assert model.batches == [["hi"], ["hi"]]
