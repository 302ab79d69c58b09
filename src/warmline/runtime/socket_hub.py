"""The event hub for several workers on one machine, without Redis: Unix sockets in the data dir.

Each worker listens on ``<folder>/<pid>-<tag>.sock`` (in a private folder of the system's temporary
directory instead when the data dir's path is too long for a socket). Its own subscribers get what it publishes at once,
as in one process; every other worker's socket in the folder gets the event from one background task,
in the order it was published, over a connection kept open (length-prefixed JSON frames, the codec the
Redis hub uses). A worker that stopped leaves a socket file nobody listens on: the first refused
connection removes it. A worker that stops reading loses events rather than holding the others up
(its web-chat sockets catch up from the store when they reconnect), as with Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import stat
import struct
import tempfile
from pathlib import Path

from warmline.domain import ConfigError, new_id
from warmline.engine.events import ConversationEvent, EventHub

from ._event_codec import decode_event, encode_event, enqueue_dropping_oldest

__all__ = ["SocketEventHub"]

logger = logging.getLogger(__name__)

_FRAME = struct.Struct("!I")
_OUTGOING_LIMIT = 10_000
_MAX_FRAME = 16 * 1024 * 1024  # far above any event (a message is capped by the request body limit)
_PEER_BUFFER_LIMIT = 4 * 1024 * 1024  # unsent bytes for one worker before it counts as not reading
_CLOSE_FLUSH_S = 5.0
_MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux, 104 on macOS
_SOCKET_NAME_LENGTH = len("4194304-0123abcd.sock")


def _short_enough(folder: Path) -> Path:
    """``folder``, or, when a socket's path in it would be too long for the system, a folder of this user in
    the system's temporary directory named after it (the same for every worker that shares ``folder``)."""
    folder = folder.resolve()
    if len(os.fsencode(folder)) + 1 + _SOCKET_NAME_LENGTH <= _MAX_SOCKET_PATH:
        return folder
    digest = hashlib.sha256(os.fsencode(folder)).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"warmline-{os.getuid()}-{digest}"


def _check_private(folder: Path) -> None:
    """Refuse a folder another user could publish into (a shared temporary directory is everyone's)."""
    status = folder.lstat()
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o077:
        raise ConfigError(f"{folder} must be a directory of this user that nobody else can open",
                          field="WARMLINE_DATA_DIR", fix=f"remove {folder} (the workers make it again) or "
                          "set WARMLINE_REDIS_URL to share events")


class SocketEventHub(EventHub):
    """The same hub across the workers of one machine that share ``folder``."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self._folder = _short_enough(folder)
        self._path = self._folder / f"{os.getpid()}-{new_id()[:8]}.sock"
        self._outgoing: asyncio.Queue[bytes] = asyncio.Queue(_OUTGOING_LIMIT)
        self._peers: dict[Path, asyncio.StreamWriter] = {}
        self._server: asyncio.AbstractServer | None = None
        self._incoming: dict[asyncio.StreamWriter, asyncio.Task[None]] = {}  # the other workers' connections
        self._sender: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Listen on this worker's socket, then start sending."""
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _check_private(self._folder)
        self._server = await asyncio.start_unix_server(self._read_peer, path=str(self._path))
        self._path.chmod(0o600)  # only this user's processes may publish into this worker
        self._sender = asyncio.create_task(self._send(), name="warmline-events-send")

    async def close(self) -> None:
        """Send what is still queued (briefly), stop listening, and remove this worker's socket."""
        if self._sender is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.flush(), timeout=_CLOSE_FLUSH_S)
            self._sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sender
            self._sender = None
        if self._server is not None:
            self._server.close()
            self._path.unlink(missing_ok=True)
            self._server = None
        # Closing a connection ends its reader at the next read (asyncio logs a cancelled handler as an error).
        for writer in self._incoming:
            writer.close()
        if self._incoming:
            await asyncio.wait(tuple(self._incoming.values()), timeout=_CLOSE_FLUSH_S)
        for writer in self._peers.values():
            writer.close()
        self._peers.clear()

    async def flush(self) -> None:
        """Wait until every event published so far has been written to every other worker's connection."""
        await self._outgoing.join()

    def publish(self, event: ConversationEvent) -> None:
        """This worker's subscribers now; the other workers' through their sockets."""
        self._fan_out_local_only(event)
        self._fan_out(event)
        payload = encode_event(event)
        enqueue_dropping_oldest(self._outgoing, _FRAME.pack(len(payload)) + payload,
                                what="event queue for the other workers")

    async def _send(self) -> None:
        while True:
            frame = await self._outgoing.get()
            try:
                for path in sorted(self._folder.glob("*.sock")):
                    if path != self._path:
                        await self._send_to(path, frame)
            finally:
                self._outgoing.task_done()

    async def _send_to(self, path: Path, frame: bytes) -> None:
        writer = self._peers.get(path)
        if writer is None or writer.is_closing():
            try:
                _, writer = await asyncio.open_unix_connection(str(path))
            except ConnectionRefusedError:  # its worker stopped without removing it
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
                return
            except OSError as exc:
                logger.warning("could not reach the worker at %s: %s", path.name, exc)
                return
            self._peers[path] = writer
        if writer.transport.get_write_buffer_size() > _PEER_BUFFER_LIMIT:
            logger.warning("the worker at %s is not reading its events: dropped the connection", path.name)
            writer.close()
            del self._peers[path]
            return
        writer.write(frame)

    async def _read_peer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._incoming[writer] = task
        try:
            while True:
                (size,) = _FRAME.unpack(await reader.readexactly(_FRAME.size))
                if size > _MAX_FRAME:
                    logger.warning("an event of %d bytes from another worker: closed that connection", size)
                    return
                self._receive(await reader.readexactly(size))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the other worker closed or stopped
        finally:
            self._incoming.pop(writer, None)
            writer.close()

    def _receive(self, payload: bytes) -> None:
        try:
            event = decode_event(payload)
        except (ValueError, KeyError, TypeError) as exc:
            logger.warning("ignored a malformed event from another worker: %s", exc)
            return
        if self._wants(event.conversation_id):
            self._fan_out(event)
