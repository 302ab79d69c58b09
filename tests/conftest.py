"""Shared fixtures for the whole suite: a guard that fails any connection leaving this machine.

Tests talk only to 127.0.0.1 (local fakes stand in for Slack, Telegram and Meta), so a connection to
any other address is a bug: a base URL that was not pointed at a fake, or a library phoning home. The
guard raises before ``connect`` is called, so nothing is sent, and the error names the address.
Unix sockets and loopback (127.0.0.0/8, ::1, ``localhost``) pass.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest

# The small always-staffed test shop and its `settings` / `client` fixtures, for every full-app test.
pytest_plugins = ["tests._shop"]

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_create_connection = socket.create_connection


class NetworkBlockedError(RuntimeError):
    """A test tried to open a connection to an address outside this machine."""


def _is_loopback_host(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if not isinstance(host, str):
        return False
    if host.lower() == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    except ValueError:
        return False  # any other host name would need DNS and the network
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _check(family: int, address: Any) -> None:
    # Only IP sockets can leave the machine; AF_UNIX (and e.g. AF_NETLINK) always pass.
    if family not in (socket.AF_INET, socket.AF_INET6):
        return
    host = address[0] if isinstance(address, tuple) and address else address
    if not _is_loopback_host(host):
        raise NetworkBlockedError(
            f"test tried to connect to {address!r}: only loopback (127.0.0.1, ::1, localhost) is "
            "allowed in tests; point the client's base URL at a local fake"
        )


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check(self.family, address)
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check(self.family, address)
    return _real_connect_ex(self, address)


def _guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
    # Checked before the host name is resolved, so no DNS query goes out either.
    _check(socket.AF_INET, address)
    return _real_create_connection(address, *args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _block_outside_network() -> Iterator[None]:
    """Fail every connection to a non-loopback address for the whole test session."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _guarded_connect)
        patch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
        patch.setattr(socket, "create_connection", _guarded_create_connection)
        yield


# Files that start servers, worker processes or a browser go first: with one file per worker at a time
# (`--dist loadfile`), a long file handed out last keeps the run going while the other workers sit idle.
_LONG_FILES_FIRST = ("tests/runtime/", "tests/e2e/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Collection order with the long files first (stable: the rest keep their order)."""
    items.sort(key=lambda item: not item.nodeid.startswith(_LONG_FILES_FIRST))
