"""Slow clients are closed: a deadline for a request's headers and another for its body.

uvicorn times out only an idle keep-alive connection (``timeout_keep_alive``). A client that sends its
request headers one byte every few seconds, or declares a body and never finishes it, holds a connection
(and its memory) for as long as it likes; a few hundred of them ("slowloris") fill the server. So
``warmline serve`` runs uvicorn with ``SlowClientProtocol``, uvicorn's own httptools protocol plus two
deadlines:

- **headers** (``WARMLINE_HEADER_TIMEOUT_SECONDS``, default 10 s): from the connection opening (or the first
  byte of the next request on a kept-alive connection) until the request's headers are complete;
- **body** (``WARMLINE_BODY_TIMEOUT_SECONDS``, default 30 s): from the headers until the last byte of the
  body.

A client that misses either is disconnected (a request still being sent has no one to answer). The time
the app takes to answer is not limited here, and a WebSocket, once upgraded, is not either.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from warmline.config.settings import Settings

__all__ = ["SlowClientProtocol", "server_options"]

logger = logging.getLogger(__name__)


class SlowClientProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request headers or body come too slowly."""

    header_timeout = 10.0
    body_timeout = 30.0

    @classmethod
    def configure(cls, settings: Settings) -> None:
        """Take the deadlines from the settings (one process serves one configuration)."""
        cls.header_timeout = settings.header_timeout_seconds
        cls.body_timeout = settings.body_timeout_seconds

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.header_timeout, "headers")

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._deadline is None:  # the next request on a kept-alive connection
            self._arm(self.header_timeout, "headers")

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._arm(self.body_timeout, "body")

    def on_message_complete(self) -> None:
        self._disarm()  # the whole request is in: how long the answer takes is the app's business
        super().on_message_complete()

    def handle_websocket_upgrade(self) -> None:
        self._disarm()  # the WebSocket protocol takes the connection over, with its own pings
        super().handle_websocket_upgrade()

    def _arm(self, seconds: float, part: str) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._too_slow, seconds, part)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self, seconds: float, part: str) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            logger.info("closed a connection: the request %s did not arrive within %g s", part, seconds)
            self.transport.close()


def server_options(settings: Settings) -> dict[str, Any]:
    """The ``uvicorn.run`` options for this process: slow clients bounded, the trusted proxies' addresses.

    The deadlines are set on the protocol class, not a subclass made here: with ``--workers`` uvicorn sends
    its options to each worker process by pickling them, which needs a class importable by name (each worker
    sets them again from its own settings, see ``web/workers.py``).
    """
    SlowClientProtocol.configure(settings)
    return {"http": SlowClientProtocol, "timeout_keep_alive": settings.keep_alive_seconds,
            "proxy_headers": True, "forwarded_allow_ips": settings.forwarded_allow_ips}
