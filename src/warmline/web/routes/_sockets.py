"""Running a WebSocket that both pushes events and reads frames, until either side stops."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from fastapi import WebSocket, WebSocketDisconnect

__all__ = ["serve_socket"]


async def serve_socket(websocket: WebSocket, *, push: Callable[[], Awaitable[dict[str, Any] | None]],
                       on_frame: Callable[[Any], Awaitable[None]]) -> None:
    """Send what ``push`` yields and hand each received JSON frame to ``on_frame``.

    Reading runs beside writing so a closed browser tab is noticed at once, not at the next event.
    """

    async def writer(scope: anyio.CancelScope) -> None:
        try:
            while True:
                frame = await push()
                if frame is not None:
                    await websocket.send_json(frame)
        except (WebSocketDisconnect, RuntimeError):
            scope.cancel()  # the socket closed under us: stop reading too

    async def reader(scope: anyio.CancelScope) -> None:
        try:
            while True:
                try:
                    frame = await websocket.receive_json()
                except (ValueError, KeyError):
                    await websocket.send_json({"type": "error", "error": "frames must be JSON objects"})
                    continue
                await on_frame(frame)
        except WebSocketDisconnect:
            pass
        finally:
            scope.cancel()

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(writer, tasks.cancel_scope)
        tasks.start_soon(reader, tasks.cancel_scope)
