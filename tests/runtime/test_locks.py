"""Per-key ordering, in-process, across workers through Redis (a real throwaway redis-server), and across
one machine's workers through lock files.

"Two workers" are two ``RedisOrdering`` instances with their own clients on one server, as two processes
would have, or two ``FileOrdering`` instances on one folder (each opens its own lock files, as another
process would); the in-process ordering's two "workers" are one instance (it is one process).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from tests._redis import redis_server  # noqa: F401  (the session fixture)

from warmline.domain import ConflictError, new_id
from warmline.engine.customer.ordering import Ordering
from warmline.runtime.locks import FileOrdering, RedisOrdering, create_ordering

BACKENDS = ["memory", "redis", "files"]
WAIT = 20.0  # a hang guard, not a speed requirement


@pytest.fixture(params=BACKENDS)
async def workers(request: pytest.FixtureRequest) -> AsyncIterator[tuple[Ordering, Ordering]]:
    """(worker A's ordering, worker B's ordering) on the same keys."""
    if request.param == "memory":
        ordering = Ordering()
        yield ordering, ordering
        return
    if request.param == "files":
        folder = request.getfixturevalue("tmp_path")
        yield FileOrdering(folder), FileOrdering(folder)
        return
    url: str = request.getfixturevalue("redis_server")
    prefix = f"test:{new_id()}:"
    clients = [Redis.from_url(url), Redis.from_url(url)]
    try:
        yield RedisOrdering(clients[0], prefix=prefix), RedisOrdering(clients[1], prefix=prefix)
    finally:
        for client in clients:
            await client.aclose()


async def _work(ordering: Ordering, key: str, name: str, log: list[str]) -> None:
    async with ordering.hold(key):
        log.append(f"start {name}")
        for _ in range(3):  # give anyone else every chance to slip in
            await asyncio.sleep(0.001)
        log.append(f"end {name}")


async def test_one_key_is_held_by_one_worker_at_a_time(workers: tuple[Ordering, Ordering]) -> None:
    a, b = workers
    log: list[str] = []
    tasks = [_work(a if n % 2 else b, "web:ana", str(n), log) for n in range(16)]
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=WAIT)
    assert len(log) == 32
    for start, end in zip(log[::2], log[1::2], strict=True):  # never two inside at once
        assert start.startswith("start ")
        assert end == "end " + start.removeprefix("start ")


async def test_waiters_in_one_worker_go_in_arrival_order(workers: tuple[Ordering, Ordering]) -> None:
    a, _ = workers
    log: list[str] = []
    async with a.hold("web:ana"):
        tasks = []
        for n in range(8):
            tasks.append(asyncio.create_task(_work(a, "web:ana", str(n), log)))
            await asyncio.sleep(0)  # each task starts waiting before the next is created
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=WAIT)
    assert [line for line in log if line.startswith("start")] == [f"start {n}" for n in range(8)]


async def test_different_keys_do_not_wait_for_each_other(workers: tuple[Ordering, Ordering]) -> None:
    a, b = workers

    async def nested() -> str:
        async with a.hold("web:ana"), b.hold("web:bo"):
            return "both held"

    assert await asyncio.wait_for(nested(), timeout=WAIT) == "both held"


async def test_the_key_is_free_again_after_an_error(workers: tuple[Ordering, Ordering]) -> None:
    a, b = workers
    with pytest.raises(RuntimeError):
        async with a.hold("web:ana"):
            raise RuntimeError("the pipeline failed")

    async def again() -> str:
        async with b.hold("web:ana"):
            return "held again"

    assert await asyncio.wait_for(again(), timeout=WAIT) == "held again"


def test_without_redis_ordering_is_in_process() -> None:
    assert type(create_ordering(None)) is Ordering


async def test_a_long_holder_keeps_its_lease_renewed(redis_server: str) -> None:  # noqa: F811
    prefix, clients = f"test:{new_id()}:", [Redis.from_url(redis_server), Redis.from_url(redis_server)]
    a = RedisOrdering(clients[0], prefix=prefix, lease_seconds=0.3)
    b = RedisOrdering(clients[1], prefix=prefix, lease_seconds=0.3)
    log: list[str] = []
    try:
        async with a.hold("tg:42"):
            waiter = asyncio.create_task(_work(b, "tg:42", "b", log))
            await asyncio.sleep(1.2)  # four leases long: only renewal keeps b out
            log.append("a done")
        await asyncio.wait_for(waiter, timeout=WAIT)
    finally:
        for client in clients:
            await client.aclose()
    assert log == ["a done", "start b", "end b"]


async def test_a_dead_workers_lease_runs_out(redis_server: str) -> None:  # noqa: F811
    prefix, client = f"test:{new_id()}:", Redis.from_url(redis_server)
    try:
        dead = client.lock(prefix + "tg:42", timeout=0.3, thread_local=False)  # taken, never released
        assert await dead.acquire(blocking=False)
        ordering = RedisOrdering(client, prefix=prefix)

        async def after_expiry() -> str:
            async with ordering.hold("tg:42"):
                return "held"

        assert await asyncio.wait_for(after_expiry(), timeout=WAIT) == "held"
    finally:
        await client.aclose()


async def test_waiting_too_long_is_a_conflict_and_the_key_stays_with_its_holder(
        redis_server: str) -> None:  # noqa: F811
    prefix, client = f"test:{new_id()}:", Redis.from_url(redis_server)
    try:
        holder = client.lock(prefix + "tg:42", timeout=30, thread_local=False)
        assert await holder.acquire(blocking=False)
        impatient = RedisOrdering(client, prefix=prefix, wait_seconds=0.2)
        with pytest.raises(ConflictError):
            async with impatient.hold("tg:42"):
                pytest.fail("entered a key another worker holds")
        assert await holder.owned()
        await holder.release()
    finally:
        await client.aclose()


async def test_a_lease_that_ran_out_is_logged_not_raised(redis_server: str,  # noqa: F811
                                                         caplog: pytest.LogCaptureFixture) -> None:
    prefix, client = f"test:{new_id()}:", Redis.from_url(redis_server)
    ordering = RedisOrdering(client, prefix=prefix, lease_seconds=30)
    try:
        with caplog.at_level(logging.WARNING, logger="warmline.engine.customer.ordering"):
            async with ordering.hold("tg:42"):
                await client.delete(prefix + "tg:42")  # as if the lease had expired meanwhile
        assert "could not release the lock on tg:42" in caplog.text
    finally:
        await client.aclose()


def test_workers_without_redis_order_through_lock_files(tmp_path: Path) -> None:
    assert type(create_ordering(None, shared_folder=tmp_path)) is FileOrdering


async def test_a_key_held_by_another_process_waits_until_that_process_dies(tmp_path: Path) -> None:
    holder = await asyncio.create_subprocess_exec(sys.executable, "-c", _HOLD_IN_ANOTHER_PROCESS, str(tmp_path),
                                                  stdout=asyncio.subprocess.PIPE)
    try:
        assert holder.stdout is not None
        assert (await asyncio.wait_for(holder.stdout.readline(), timeout=WAIT)).strip() == b"held"
        waiting = asyncio.create_task(_held_after(FileOrdering(tmp_path), "web:ana"))
        await asyncio.sleep(0.3)
        assert not waiting.done()  # the other process holds the key
        holder.kill()  # a crashed worker: the system releases its locks, no lease to run out
        assert await asyncio.wait_for(waiting, timeout=WAIT) == "held"
    finally:
        if holder.returncode is None:
            holder.kill()
        await holder.wait()


async def test_waiting_too_long_for_a_lock_file_is_a_conflict(tmp_path: Path) -> None:
    a, b = FileOrdering(tmp_path), FileOrdering(tmp_path, wait_seconds=0.2)
    async with a.hold("web:ana"):
        with pytest.raises(ConflictError):
            async with b.hold("web:ana"):
                pass
    assert await asyncio.wait_for(_held_after(b, "web:ana"), timeout=WAIT) == "held"


async def _held_after(ordering: Ordering, key: str) -> str:
    async with ordering.hold(key):
        return "held"


_HOLD_IN_ANOTHER_PROCESS = """
import asyncio, sys, time
from pathlib import Path
from warmline.runtime.locks import FileOrdering

async def main():
    async with FileOrdering(Path(sys.argv[1])).hold("web:ana"):
        print("held", flush=True)
        time.sleep(600)

asyncio.run(main())
"""
