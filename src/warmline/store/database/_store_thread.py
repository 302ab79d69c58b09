"""The SQLite store's own thread: each store operation runs there whole, one at a time.

With the in-thread driver (``_sqlite_driver``) a statement is a plain ``sqlite3`` call, so an
operation's statements cost no hop between threads; the one hop is handing the operation to this
thread and its result back. Operations run one after another: SQLite has one writer at a time anyway,
and a second write transaction opened while the first is still going would only sleep in SQLite's
busy handler, holding up this thread. The event loop that serves customers never waits on SQLite.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

__all__ = ["StoreThread"]

T = TypeVar("T")


class StoreThread:
    """A thread running an event loop of its own, where ``run`` carries out operations one at a time."""

    def __init__(self, name: str = "warmline-store") -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._one_at_a_time: asyncio.Lock | None = None

    def start(self) -> None:
        """Start the thread and its loop; returns once the loop runs."""
        if self._thread is not None:
            return
        loop = asyncio.new_event_loop()
        running = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(loop)
            loop.call_soon(running.set)
            loop.run_forever()
            loop.close()

        self._loop = loop
        self._thread = threading.Thread(target=serve, name=self._name, daemon=True)
        self._thread.start()
        running.wait()

    def is_current(self) -> bool:
        """True when called from this thread (an operation that calls another runs it in place)."""
        return self._thread is threading.current_thread()

    async def run(self, operation: Callable[[], Awaitable[T]]) -> T:
        """The result of ``operation()``, carried out on this thread after the ones handed in before it."""
        if self.is_current():
            return await operation()
        if self._loop is None:
            raise RuntimeError("the store is not started: call `await store.start()` first")
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._in_turn(operation), self._loop))

    async def _in_turn(self, operation: Callable[[], Awaitable[T]]) -> T:
        if self._one_at_a_time is None:
            self._one_at_a_time = asyncio.Lock()
        async with self._one_at_a_time:
            return await operation()

    async def stop(self) -> None:
        """Stop the loop and wait for the thread to end; operations still waiting their turn are cancelled."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        self._loop = None  # from here on, ``run`` refuses
        asyncio.run_coroutine_threadsafe(_cancel_the_rest(), loop).add_done_callback(
            lambda _: loop.call_soon_threadsafe(loop.stop))
        await asyncio.to_thread(thread.join)
        self._thread = self._one_at_a_time = None


async def _cancel_the_rest() -> None:
    """Cancel every other task of the running loop and wait until they have ended."""
    others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)
