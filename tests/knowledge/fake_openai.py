"""A tiny local stand-in for an OpenAI-compatible ``/v1/chat/completions`` endpoint, on 127.0.0.1.

Tests point the real ``langchain-openai`` client at it (``base_url=server.base_url``), script the
replies it gives, and read back exactly what the client sent::

    async with FakeOpenAI() as server:
        server.reply_with('{"answer": "…", "sources": [1], "supported": true}')
        model = init_chat_model("gpt-4o-mini", model_provider="openai", base_url=server.base_url)
        ...
        server.requests[0]["messages"]  # what went over the wire

Only non-streaming chat completions are served; anything else gets a 400 naming what was asked.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Self

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass(frozen=True)
class ScriptedReply:
    """What the fake answers to the next request: a message, or an HTTP error."""

    content: str = ""
    status: int = 200
    error: str = ""


class FakeOpenAI:
    """An OpenAI-compatible chat-completions server that replays scripted replies and records requests."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.authorizations: list[str] = []
        self._script: deque[ScriptedReply] = deque()
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._port = 0
        self.app = Starlette(routes=[Route("/v1/chat/completions", self._completions, methods=["POST"])])

    @property
    def base_url(self) -> str:
        """The address to give the client as ``base_url``."""
        return f"http://127.0.0.1:{self._port}/v1"

    def reply_with(self, content: str) -> None:
        """Queue an assistant message for the next request."""
        self._script.append(ScriptedReply(content=content))

    def fail_with(self, status: int, error: str) -> None:
        """Queue an HTTP error for the next request."""
        self._script.append(ScriptedReply(status=status, error=error))

    async def _completions(self, request: Request) -> JSONResponse:
        body = await request.json()
        self.requests.append(body)
        self.authorizations.append(request.headers.get("authorization", ""))
        if body.get("stream"):
            return _error(400, "the fake serves only non-streaming completions")
        if not self._script:
            return _error(500, "the fake has no scripted reply left")
        reply = self._script.popleft()
        if reply.status != 200:
            return _error(reply.status, reply.error)
        return JSONResponse(_completion(model=str(body.get("model", "")), content=reply.content))

    async def __aenter__(self) -> Self:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():  # startup failed: surface its exception instead of waiting forever
                self._task.result()
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": "invalid_request_error", "code": None}},
                        status_code=status)


def _completion(*, model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
