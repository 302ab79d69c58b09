"""Slow clients are disconnected (headers sent byte by byte, a body that never ends) while the server keeps
serving everyone else. The real app runs under uvicorn on 127.0.0.1 with the options ``warmline serve`` uses
and one-second deadlines; the clients are raw sockets."""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from tests._shop import with_index, write_test_bot

from warmline.config import Settings
from warmline.web import create_app
from warmline.web.timeouts import SlowClientProtocol, server_options

DEADLINE = 1.0
GIVE_UP = 20.0  # a bound so a broken server fails the test instead of hanging it; not a measurement


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory, test_shop_index: Path) -> Iterator[tuple[str, int]]:
    root: Path = tmp_path_factory.mktemp("timeouts")
    settings = Settings(bot=write_test_bot(root), data_dir=with_index(root / "data", test_shop_index),
                        database_url=f"sqlite:///{root / 'warmline.sqlite3'}",
                        header_timeout_seconds=DEADLINE, body_timeout_seconds=DEADLINE)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning",
                                           lifespan="on", **server_options(settings)))
    thread = threading.Thread(target=server.run, name="timeouts-server", daemon=True)
    thread.start()
    started = time.monotonic()
    while not server.started:
        if not thread.is_alive() or time.monotonic() - started > 60:
            raise RuntimeError("the app under test did not start")
        time.sleep(0.05)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    yield host, port
    server.should_exit = True
    thread.join(timeout=30)
    SlowClientProtocol.header_timeout, SlowClientProtocol.body_timeout = 10.0, 30.0


def _healthz(address: tuple[str, int]) -> int:
    connection = http.client.HTTPConnection(*address, timeout=GIVE_UP)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    finally:
        connection.close()


def _closed_by_server(client: socket.socket) -> bool:
    """True once the server has closed the connection (EOF or reset), False if it still holds it open."""
    try:
        return client.recv(4096) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_headers_sent_byte_by_byte_are_cut_off_while_others_are_served(address: tuple[str, int]) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\nAccept: */*\r\n\r\n"
    served_meanwhile: list[int] = []
    with socket.create_connection(address, timeout=GIVE_UP) as client:
        cut_off = False
        for byte in request:  # one byte every 0.1 s: the whole request would take about 6 s
            try:
                client.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                cut_off = True
                break
            time.sleep(0.1)
            if len(served_meanwhile) < 3:
                served_meanwhile.append(_healthz(address))
        client.settimeout(GIVE_UP)
        assert cut_off or _closed_by_server(client)

    assert served_meanwhile == [200, 200, 200]


def test_a_body_that_never_finishes_is_cut_off(address: tuple[str, int]) -> None:
    with socket.create_connection(address, timeout=GIVE_UP) as client:
        client.sendall(b"POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                       b"Content-Length: 1000\r\n\r\n{\"customer_id\": \"slow\", ")
        assert _healthz(address) == 200
        assert _closed_by_server(client)


def test_a_request_slower_than_nothing_but_inside_the_deadlines_is_answered(address: tuple[str, int]) -> None:
    body = b'{"customer_id": "patient", "text": "how long does shipping take?"}'
    with socket.create_connection(address, timeout=GIVE_UP) as client:
        client.sendall(b"POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(DEADLINE / 4)
        client.sendall(b"Content-Type: application/json\r\nConnection: close\r\n"
                       + f"Content-Length: {len(body)}\r\n\r\n".encode())
        time.sleep(DEADLINE / 4)
        client.sendall(body)
        response = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := client.recv(65536):
                response += chunk

    assert response.startswith(b"HTTP/1.1 200"), response[:200]


def test_a_web_socket_outlives_the_deadlines(address: tuple[str, int]) -> None:
    key = "dGhlIHNhbXBsZSBub25jZQ=="
    with socket.create_connection(address, timeout=GIVE_UP) as client:
        client.sendall(f"GET /ws/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
        assert client.recv(4096).startswith(b"HTTP/1.1 101")
        time.sleep(DEADLINE * 2.5)
        client.settimeout(0.5)
        assert not _closed_by_server(client)
