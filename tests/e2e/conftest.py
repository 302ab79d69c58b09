"""Fixtures for the browser tests: the real Warmline server, headless Chromium, a throwaway web page host.

The server is the real thing: ``warmline ingest`` then ``warmline serve`` on a free loopback port, with
its data in a temporary folder and its clock pinned (``SERVER_CLOCK``), shared by every browser test of
the session. Chromium is Debian's
(``/usr/bin/chromium``, installed by ``make``), driven by Playwright; its own browser download is not
used. Chromium gets a fresh temporary profile and may resolve no host but 127.0.0.1.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect, sync_playwright
from tests._built_once import built_once
from tests._processes import stop_process
from tests._shop import keep_example_vectors
from typer.testing import CliRunner

from warmline.cli.main import app as cli
from warmline.config import Settings

from ._helpers import STAFF_PASSWORD, STAFF_ROLES, OpenPage, WarmlineServer

expect.set_options(timeout=15_000)  # a handoff or a first answer may take a few seconds on a slow CI box

REPO = Path(__file__).resolve().parents[2]
BOT_FILE = REPO / "bots" / "demo-shop.yaml"
CHROMIUM = Path(os.environ.get("WARMLINE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    # Nothing but loopback resolves, so a stray request fails fast instead of leaving the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
SERVER_START_TIMEOUT_S = 120.0
INGEST_TIMEOUT_S = 600.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _warmline_command() -> list[str]:
    script = Path(sys.executable).with_name("warmline")
    if script.exists():
        return [str(script)]
    found = shutil.which("warmline")
    if found is None:
        pytest.fail("the `warmline` console script is not installed (pip install -e .)")
    return [found]


# The servers' clock is pinned (a Wednesday late morning in Amsterdam, then on at real speed), so what the
# bot says about who and when is the same at any hour the suite runs. WARMLINE_E2E_CLOCK picks another
# moment, e.g. 2026-12-05T20:00:00+01:00 (Saturday evening) or 2026-12-06T23:30:00+01:00 (Sunday night).
SERVER_CLOCK = os.environ.get("WARMLINE_E2E_CLOCK", "2026-12-09T11:00:00+01:00")


def _server_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARMLINE_")}
    env["WARMLINE_DATA_DIR"] = str(data_dir)
    env["WARMLINE_CLOCK"] = SERVER_CLOCK
    env["HF_HUB_OFFLINE"] = "1"
    env["WARMLINE_PASSWORD_HASH_TIME_COST"] = "1"  # argon2 at its cheapest: sign-ins stay instant in tests
    env["WARMLINE_PASSWORD_HASH_MEMORY_KIB"] = "8"
    return env


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log_file: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"warmline serve exited with {process.returncode}:\n{log_file.read_text()[-4000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"warmline serve did not answer /healthz in {SERVER_START_TIMEOUT_S:.0f} s:\n"
                f"{log_file.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; the browser tests skip (saying why) when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make` does it) to run browser tests")
    return CHROMIUM


@pytest.fixture(autouse=True)
def _needs_chromium(chromium_path: Path) -> None:
    """Skip before anything expensive (ingest, servers) when there is no browser to drive."""


def _ingest_with_accounts(data_dir: Path) -> None:
    """``warmline ingest`` of the demo shop into ``data_dir``, then each person's own sign-in, as a shop does."""
    ingest = subprocess.run([*_warmline_command(), "ingest", "--bot", str(BOT_FILE)], cwd=REPO,
                            env=_server_env(data_dir), capture_output=True, text=True,
                            timeout=INGEST_TIMEOUT_S, check=False)
    if ingest.returncode != 0:
        pytest.fail(f"warmline ingest failed ({ingest.returncode}):\n{ingest.stdout[-2000:]}\n"
                    f"{ingest.stderr[-4000:]}")
    keep_example_vectors(Settings(bot=BOT_FILE, data_dir=data_dir))
    # `warmline staff add` in this process (a new interpreter per person cost seconds each), in a thread of
    # its own: the command runs an event loop, and Playwright's may be open in this one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(_add_staff_accounts, data_dir).result()


def _add_staff_accounts(data_dir: Path) -> None:
    runner = CliRunner()
    for staff_id, role in STAFF_ROLES.items():
        added = runner.invoke(cli, ["staff", "add", staff_id, "--role", role, "--password-stdin",
                                    "--bot", str(BOT_FILE)], input=STAFF_PASSWORD + "\n", env=_server_env(data_dir))
        if added.exit_code != 0:
            pytest.fail(f"warmline staff add {staff_id} failed:\n{added.output}\n{added.exception!r}")


@pytest.fixture(scope="package")
def ingested_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the demo shop's knowledge indexed by ``warmline ingest`` and the staff's accounts,
    made once per test run (shared by the pytest-xdist workers); each server runs on a copy."""
    return built_once(tmp_path_factory, "e2e-ingested", _ingest_with_accounts)


@contextlib.contextmanager
def _serve(ingested: Path, data_dir: Path, **settings: str) -> Iterator[WarmlineServer]:
    """``warmline serve`` on a copy of the ingested data, on a free loopback port, until the block ends."""
    shutil.copytree(ingested, data_dir, dirs_exist_ok=True)
    log_file = data_dir / "server.log"
    env = _server_env(data_dir) | {f"WARMLINE_{key.upper()}": value for key, value in settings.items()}
    port = _free_port()
    with log_file.open("wb") as log:
        process = subprocess.Popen(
            [*_warmline_command(), "serve", "--bot", str(BOT_FILE), "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base_url, process, log_file)
        yield WarmlineServer(base_url=base_url, log_file=log_file, data_dir=data_dir)
    finally:
        stop_process(process)


@pytest.fixture(scope="package")
def warmline_server(request: pytest.FixtureRequest,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[WarmlineServer]:
    """The demo shop served with no admin token, shared by the session's browser tests.

    ``WARMLINE_E2E_URL=http://127.0.0.1:PORT`` uses a server you already run instead (for quick reruns).
    """
    external = os.environ.get("WARMLINE_E2E_URL")
    if external:
        yield WarmlineServer(base_url=external.rstrip("/"), log_file=Path(os.devnull), data_dir=Path(os.devnull))
        return
    ingested = request.getfixturevalue("ingested_data")
    with _serve(ingested, tmp_path_factory.mktemp("warmline-open")) as server:
        yield server


ADMIN_TOKEN = "e2e-admin-token-5d1c7f"


@pytest.fixture(scope="package")
def warmline_server_with_token(request: pytest.FixtureRequest,
                               tmp_path_factory: pytest.TempPathFactory) -> Iterator[WarmlineServer]:
    """A second server of the demo shop that requires ``ADMIN_TOKEN`` for the API and the staff inbox.

    ``WARMLINE_E2E_TOKEN_URL`` uses one you already run (with ``WARMLINE_ADMIN_TOKEN`` = ``ADMIN_TOKEN``).
    """
    external = os.environ.get("WARMLINE_E2E_TOKEN_URL")
    if external:
        yield WarmlineServer(base_url=external.rstrip("/"), log_file=Path(os.devnull), data_dir=Path(os.devnull))
        return
    ingested = request.getfixturevalue("ingested_data")
    with _serve(ingested, tmp_path_factory.mktemp("warmline-token"), admin_token=ADMIN_TOKEN) as server:
        yield server


# Package scope, not session: sync Playwright runs an event loop in the main thread while it is open,
# and pytest-asyncio tests collected after this package need that thread's loop to be free again.
@pytest.fixture(scope="package")
def browser(chromium_path: Path) -> Iterator[Browser]:
    """One headless Chromium for the session (Playwright gives it a fresh temporary profile)."""
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(chromium_path), headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[OpenPage]:
    """``new_page(url, width=, height=, websockets=)``: a page of one fresh context per test (own storage).

    ``websockets`` optionally maps a URL glob to a Playwright WebSocket route handler, installed before
    the page loads. The test fails if any page threw a JavaScript error.
    """
    context = browser.new_context(reduced_motion="reduce")  # steady screenshots; the pages honour it
    context.set_default_timeout(20_000)
    errors: list[str] = []

    def open_page(url: str, *, width: int = 1280, height: int = 860,
                  websockets: dict[str, Callable[[WebSocketRoute], None]] | None = None) -> Page:
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        page.on("pageerror", lambda error: errors.append(f"{url}: {error}"))
        for pattern, handler in (websockets or {}).items():
            page.route_web_socket(pattern, handler)
        page.goto(url)
        return page

    yield open_page
    context.close()
    assert not errors, f"JavaScript errors on the pages: {errors}"


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the tests save a screenshot of each page (WARMLINE_E2E_SHOTS, or a pytest tmp folder)."""
    folder = os.environ.get("WARMLINE_E2E_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def static_site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A throwaway loopback web server for pages a test writes into the returned folder."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return
