"""Small page helpers shared by the browser tests: what a customer and a staff member do and see."""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.parse
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


# Every e2e server gives the demo roster accounts (``warmline staff add``, see conftest): the owner, a lead
# and agents, all with this password.
STAFF_PASSWORD = "e2e staff password 4c1d"
STAFF_ROLES = {"maya": "owner", "joris": "lead", "amara": "agent", "ines": "agent", "sam": "agent"}
_STAFF_SIDE = ("/api/v1/staff", "/api/v1/dashboard")
_HTTP_TIMEOUT_S = 120  # a bound, not a measurement: the first answer of a fresh server on a busy machine is slow


@dataclass(frozen=True)
class StaffSession:
    """A staff member signed in over plain HTTP: their cookie jar and the session's CSRF token."""

    opener: urllib.request.OpenerDirector
    csrf: str


_SESSIONS: dict[tuple[str, str], StaffSession] = {}


def staff_session(base_url: str, staff_id: str) -> StaffSession:
    """Sign ``staff_id`` in to the server at ``base_url`` (once per server and person)."""
    key = (base_url, staff_id)
    if key not in _SESSIONS:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = urllib.parse.urlencode({"staff_id": staff_id, "password": STAFF_PASSWORD}).encode()
        signin = urllib.request.Request(f"{base_url}/staff/signin", data=form, method="POST")
        opener.open(signin, timeout=_HTTP_TIMEOUT_S)
        with opener.open(f"{base_url}/api/v1/staff/me", timeout=_HTTP_TIMEOUT_S) as response:
            _SESSIONS[key] = StaffSession(opener=opener, csrf=json.loads(response.read())["csrf_token"])
    return _SESSIONS[key]


def get_json(url: str, *, token: str | None = None, as_staff: str = "maya") -> Any:
    """GET a JSON document from the test server (loopback only); the staff side as ``as_staff``."""
    return _request("GET", url, None, token, as_staff)


def post_json(url: str, body: dict[str, Any], *, token: str | None = None) -> Any:
    """POST a JSON body to the test server and return its JSON answer; a staff action is signed in as the
    person its body names (``staff_id``), else as the owner."""
    return _request("POST", url, body, token, str(body.get("staff_id") or "maya"))


def _request(method: str, url: str, body: dict[str, Any] | None, token: str | None, as_staff: str) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    opener: urllib.request.OpenerDirector | None = None
    parts = urllib.parse.urlsplit(url)
    if parts.path.startswith(_STAFF_SIDE):
        session = staff_session(f"{parts.scheme}://{parts.netloc}", as_staff)
        opener, headers["X-CSRF-Token"] = session.opener, session.csrf
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with (opener or urllib.request.build_opener()).open(request, timeout=_HTTP_TIMEOUT_S) as response:
        return json.loads(response.read())


def open_signed_in(new_page: OpenPage, base_url: str, staff_id: str, *, target: str = "/staff",
                   **options: Any) -> Page:
    """A new page signed in as ``staff_id`` through the sign-in form, landing on ``target`` (/staff or
    /dashboard). The test's pages share one browser context, so they share this sign-in too."""
    page = new_page(f"{base_url}/staff/signin?next={target}", **options)
    page.get_by_label("Your staff id").fill(staff_id)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}{target}")
    return page


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
