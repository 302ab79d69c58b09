"""The session-wide network guard (tests/conftest.py) blocks the outside world and lets loopback through.

The blocked addresses are from TEST-NET-3 (203.0.113.0/24) and the IPv6 documentation prefix: even if
the guard were broken nothing would answer there, and the short timeouts keep a broken guard from
hanging the suite (it would then fail with a timeout, not the guard's error).
"""

from __future__ import annotations

import asyncio
import socket
import threading
from pathlib import Path

import pytest

BLOCKED_V4 = ("203.0.113.1", 80)


def test_create_connection_to_outside_address_is_blocked() -> None:
    with pytest.raises(RuntimeError, match=r"203\.0\.113\.1"):
        socket.create_connection(BLOCKED_V4, timeout=0.5)


def test_host_name_is_blocked_before_any_dns_lookup() -> None:
    with pytest.raises(RuntimeError, match=r"api\.telegram\.org"):
        socket.create_connection(("api.telegram.org", 443), timeout=0.5)


@pytest.mark.parametrize("method", ["connect", "connect_ex"])
def test_raw_socket_connect_to_outside_address_is_blocked(method: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        with pytest.raises(RuntimeError, match=r"203\.0\.113\.1"):
            getattr(sock, method)(BLOCKED_V4)


def test_ipv6_outside_address_is_blocked() -> None:
    try:
        sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    except OSError:
        pytest.skip("IPv6 sockets are not available on this machine")
    with sock:
        sock.settimeout(0.5)
        with pytest.raises(RuntimeError, match=r"2001:db8::1"):
            sock.connect(("2001:db8::1", 80, 0, 0))


async def test_asyncio_connection_to_outside_address_is_blocked() -> None:
    with pytest.raises(RuntimeError, match=r"203\.0\.113\.1"):
        await asyncio.wait_for(asyncio.open_connection(*BLOCKED_V4), timeout=2)


def _echo_once(server: socket.socket) -> None:
    conn, _ = server.accept()
    with conn:
        conn.sendall(conn.recv(64))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_connections_pass(host: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        echo = threading.Thread(target=_echo_once, args=(server,), daemon=True)
        echo.start()
        with socket.create_connection((host, port), timeout=5) as client:
            client.sendall(b"ping")
            assert client.recv(64) == b"ping"
        echo.join(timeout=5)


def test_unix_socket_connections_pass(tmp_path: Path) -> None:
    path = str(tmp_path / "guard.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)
        echo = threading.Thread(target=_echo_once, args=(server,), daemon=True)
        echo.start()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(5)
            client.connect(path)
            client.sendall(b"pong")
            assert client.recv(64) == b"pong"
        echo.join(timeout=5)
