"""Small page helpers shared by the browser tests: what a customer and a staff member do and see."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import FrameLocator, Locator, Page, expect

Surface = Page | FrameLocator
T = TypeVar("T")
OpenPage = Callable[..., Page]  # the ``new_page`` fixture: new_page(url, width=, height=, websockets=)


@dataclass(frozen=True)
class WarmlineServer:
    """A running ``warmline serve``: where it listens and where its log goes."""

    base_url: str
    log_file: Path
    data_dir: Path

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log, for failure messages."""
        text = self.log_file.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def send(surface: Surface, text: str) -> None:
    """Type into the chat composer and press Enter, as a customer would."""
    box = surface.get_by_label("Your message")
    box.fill(text)
    box.press("Enter")


def shop_messages(surface: Surface) -> Locator:
    """Every message the shop's side (bot or staff) wrote, in order."""
    return surface.locator("#log .msg--bot:not([data-id=greeting]), #log .msg--staff")


def wait_for_new_shop_message(surface: Surface, seen: int) -> Locator:
    """Wait until the shop has written more than ``seen`` messages; return the newest."""
    messages = shop_messages(surface)
    expect(messages).not_to_have_count(seen)
    expect(messages.nth(seen)).to_be_visible()
    return messages.last


def customer_message(surface: Surface, text: str) -> Locator:
    """The customer's own message with this text, once the server has echoed it (not pending)."""
    return surface.locator("#log .msg--customer:not(.msg--pending)").filter(has_text=text)


def get_json(url: str, *, token: str | None = None) -> Any:
    """GET a JSON document from the test server (loopback only)."""
    return _request("GET", url, None, token)


def post_json(url: str, body: dict[str, Any], *, token: str | None = None) -> Any:
    """POST a JSON body to the test server and return its JSON answer."""
    return _request("POST", url, body, token)


def _request(method: str, url: str, body: dict[str, Any] | None, token: str | None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def wait_for(probe: Callable[[], T], *, until: Callable[[T], bool], timeout_s: float = 20.0) -> T:
    """Call ``probe`` until ``until`` accepts its value (or the time is up); return the last value.

    A wait, not a speed assertion: the caller asserts on the value it gets back.
    """
    deadline = time.monotonic() + timeout_s
    value = probe()
    while not until(value) and time.monotonic() < deadline:
        time.sleep(0.1)
        value = probe()
    return value
