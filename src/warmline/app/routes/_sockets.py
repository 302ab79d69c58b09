"""Running a WebSocket that both pushes events and reads frames, until either side stops."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import WebSocket, WebSocketDisconnect

__all__ = ["serve_socket"]


async def serve_socket(websocket: WebSocket, *, push: Callable[[], Awaitable[dict[str, Any] | None]],
                       on_frame: Callable[[Any], Awaitable[None]]) -> None:
    """Send what ``push`` yields and hand each received JSON frame to ``on_frame``.

    Reading runs beside writing so a closed browser tab is noticed at once, not at the next event.
    """

    async def writer() -> None:
        while True:
            frame = await push()
            if frame is not None:
                await websocket.send_json(frame)

    async def reader() -> None:
        while True:
            try:
                frame = await websocket.receive_json()
            except (ValueError, KeyError):
                await websocket.send_json({"type": "error", "error": "frames must be JSON objects"})
                continue
            await on_frame(frame)

    tasks = [asyncio.create_task(writer()), asyncio.create_task(reader())]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            with contextlib.suppress(WebSocketDisconnect, RuntimeError):
                task.result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
