"""Start a throwaway Redis server for the tests, from the Debian ``redis-server`` package.

The server runs in the foreground of a child process (no daemonizing, so it cannot outlive the tests
unnoticed), on 127.0.0.1 and a free port, with persistence off (no RDB snapshots, no AOF) and its
working directory in a temporary folder that is removed afterwards. Redis runs fine as root, so unlike
PostgreSQL no other user is needed.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from tests._processes import stop_process

logger = logging.getLogger(__name__)

HOW_TO_GET_IT = (
    "install the Debian package with `.ci/install-system-deps` (or `apt-get install redis-server`), "
    "or set WARMLINE_TEST_REDIS_URL to a server the tests may use (they flush its database)"
)

_START_ATTEMPTS = 3  # a free port can be taken between choosing it and the server binding it
_START_TIMEOUT_S = 20.0


REDIS_ENV = "WARMLINE_TEST_REDIS_URL"


class RedisUnavailable(RuntimeError):
    """No Redis server can be started here; the message says why and how to fix it."""


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """The URL of a Redis server for the tests: ``WARMLINE_TEST_REDIS_URL`` if set, else a throwaway local
    one. Fails (never skips) when neither is available: ``make test`` installs ``redis-server``.

    Import it into a test module to use it; tests keep apart by key prefix, never by flushing.
    """
    server_url = os.environ.get(REDIS_ENV)
    if server_url:
        yield server_url
        return
    with ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_redis())
        except RedisUnavailable as error:
            pytest.fail(f"Redis-backed code cannot be tested: {error}", pytrace=False)
        yield url


def find_server() -> str | None:
    """The ``redis-server`` program on ``PATH`` (or Debian's usual place), else ``None``."""
    found = shutil.which("redis-server")
    if found:
        return found
    debian = Path("/usr/bin/redis-server")
    return str(debian) if debian.is_file() else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers_ping(port: int) -> bool:
    """True once the server answers ``PING`` with ``+PONG`` (the RESP inline command, no client needed)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def throwaway_redis() -> Iterator[str]:
    """Start a new Redis server and yield its URL, ``redis://127.0.0.1:<port>/0``; stop it afterwards.

    Raises ``RedisUnavailable`` when the program is missing or the server does not start.
    """
    server = find_server()
    if server is None:
        raise RedisUnavailable(f"redis-server not found; {HOW_TO_GET_IT}")
    root = Path(tempfile.mkdtemp(prefix="warmline-redis-"))
    try:
        for attempt in range(1, _START_ATTEMPTS + 1):
            port = _free_port()
            log_file = root / f"server-{port}.log"
            with log_file.open("wb") as log:
                process = subprocess.Popen(
                    [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--dir", str(root), "--protected-mode", "yes", "--daemonize", "no"],
                    stdout=log, stderr=subprocess.STDOUT, cwd=root)
            deadline = time.monotonic() + _START_TIMEOUT_S
            while process.poll() is None and time.monotonic() < deadline and not _answers_ping(port):
                time.sleep(0.05)
            if process.poll() is None and _answers_ping(port):
                logger.info("throwaway Redis started on 127.0.0.1:%d", port)
                try:
                    yield f"redis://127.0.0.1:{port}/0"
                finally:
                    stop_process(process)
                return
            stop_process(process)
            output = log_file.read_text(errors="replace")[-2000:]
            if attempt == _START_ATTEMPTS:
                raise RedisUnavailable(f"redis-server did not start on port {port}:\n{output}")
            logger.warning("Redis did not start on port %d (attempt %d); retrying", port, attempt)
    finally:
        shutil.rmtree(root, ignore_errors=True)


