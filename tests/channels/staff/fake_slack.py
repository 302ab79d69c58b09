"""A local fake of the Slack Web API, and builders for signed Events API and interactivity requests.

``FakeSlack`` serves ``http://127.0.0.1:<port>/api/<method>`` (starlette on uvicorn in its own thread,
so both sync ``TestClient`` tests and async tests can use it), records every call with its decoded
parameters, and answers like Slack for ``auth.test``, ``chat.postMessage``, ``chat.update``,
``chat.postEphemeral``, ``users.info``, ``conversations.open`` and ``apps.connections.open``; any other
method gets ``{"ok": false, "error": "unknown_method"}``. ``fail_next`` makes a method fail once.

The request builders follow Slack's documented formats: an ``event_callback`` envelope posted as JSON,
and a ``block_actions`` payload posted as ``application/x-www-form-urlencoded`` ``payload=<json>``, both
signed with ``v0=HMAC-SHA256(signing_secret, "v0:{timestamp}:{body}")``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT_TOKEN = "xoxb-0000-test-token"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
APP_TOKEN = "xapp-1-test-app-token"
TEAM_ID = "T0WARMLINE"
BOT_USER_ID = "UBOTWARM1"
BOT_ID = "BWARMLINE1"
HANDOFF_CHANNEL = "C0HANDOFFS"


@dataclass
class SlackCall:
    """One Web API request the fake received: the method, its decoded parameters, and the token used."""

    method: str
    params: dict[str, Any]
    token: str | None
    response: dict[str, Any] = field(default_factory=dict)  # what the fake answered


@dataclass
class FakeSlack:
    """The fake Web API; use as ``with FakeSlack() as slack`` (sync or async tests alike)."""

    users: dict[str, dict[str, str]] = field(default_factory=dict)  # id → {"name", "email"}
    calls: list[SlackCall] = field(default_factory=list)
    _failures: dict[str, list[str]] = field(default_factory=dict)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None
    _port: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> FakeSlack:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        app = Starlette(routes=[Route("/api/{method}", self._endpoint, methods=["GET", "POST"])])
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False,
                                                     timeout_graceful_shutdown=1))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the fake Slack server did not start")
            time.sleep(0.005)
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._server is not None
        assert self._thread is not None
        self._server.should_exit = True
        self._thread.join(timeout=5)

    async def __aenter__(self) -> FakeSlack:
        return self.__enter__()

    async def __aexit__(self, *exc_info: object) -> None:
        await asyncio.to_thread(self.__exit__)

    @property
    def api_url(self) -> str:
        """What to pass as ``api_url`` / ``WARMLINE_SLACK_API_URL``."""
        return f"http://127.0.0.1:{self._port}/api/"

    # --- steering and inspecting ---------------------------------------------------------------------

    def fail_next(self, method: str, *, error: str = "channel_not_found") -> None:
        """Make the next call of ``method`` (e.g. ``chat.postMessage``) answer ``ok: false``."""
        self._failures.setdefault(method, []).append(error)

    def calls_to(self, method: str) -> list[SlackCall]:
        """The recorded calls of one method (dotted name, as Slack spells it)."""
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, *, count: int = 1, timeout: float = 10.0) -> list[SlackCall]:
        """Block until ``count`` calls of ``method`` arrived (work done by background tasks is async)."""
        deadline = time.monotonic() + timeout
        while len(found := self.calls_to(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} call(s) of {method}; got {len(found)}: {self.calls}")
            time.sleep(0.01)
        return found

    async def wait_for_async(self, method: str, *, count: int = 1, limit: float = 10.0) -> list[SlackCall]:
        """``wait_for`` without blocking the test's event loop (gives up after ``limit`` seconds)."""
        deadline = time.monotonic() + limit
        while len(found := self.calls_to(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} call(s) of {method}; got {len(found)}: {self.calls}")
            await asyncio.sleep(0.01)
        return found

    def thread_texts(self, ts: str) -> list[str]:
        """Texts posted into the thread hanging from message ``ts``."""
        return [c.params["text"] for c in self.calls_to("chat.postMessage") if c.params.get("thread_ts") == ts]

    # --- the Web API ------------------------------------------------------------------------------------

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params: dict[str, Any] = dict(request.query_params)
        raw = await request.body()
        if raw:
            if request.headers.get("content-type", "").startswith("application/json"):
                params.update(json.loads(raw))
            else:
                params.update(parse_qsl(raw.decode()))
        for key in ("blocks", "attachments"):  # form posts carry these JSON-encoded
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        auth = request.headers.get("authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        with self._lock:
            failures = self._failures.get(method)
            failure = failures.pop(0) if failures else None
            if failure is not None:
                answer = {"ok": False, "error": failure}
            elif token not in (BOT_TOKEN, APP_TOKEN):
                answer = {"ok": False, "error": "invalid_auth"}
            else:
                answer = self._answer(method, params)
            self.calls.append(SlackCall(method=method, params=params, token=token, response=answer))
        return JSONResponse(answer)

    def _answer(self, method: str, params: Mapping[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://warmline-test.slack.com/", "team": "Warmline Test",
                    "user": "warmline", "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID}
        if method == "chat.postMessage":
            ts = f"1760000000.{next(self._ts):06d}"
            return {"ok": True, "channel": params["channel"], "ts": ts,
                    "message": {"type": "message", "text": params.get("text", ""), "bot_id": BOT_ID,
                                "user": BOT_USER_ID, "ts": ts, "thread_ts": params.get("thread_ts")}}
        if method == "chat.update":
            return {"ok": True, "channel": params["channel"], "ts": params["ts"], "text": params.get("text", "")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1760000000.{next(self._ts):06d}"}
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            if user is None:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": {"id": params["user"], "name": user["name"], "real_name": user["name"],
                                         "profile": {"email": user.get("email"), "real_name": user["name"]}}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "")).split(",")[0]}}
        if method == "views.open":
            return {"ok": True, "view": {"id": f"V{next(self._ts):08d}", "type": "modal"}}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self._port}/link"}
        return {"ok": False, "error": "unknown_method"}


# --- signed requests, in Slack's documented formats ---------------------------------------------------

def sign(body: bytes, *, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The two headers Slack sends: ``X-Slack-Request-Timestamp`` and ``X-Slack-Signature``."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


_event_ids = itertools.count(1)


def message_event(*, user: str, text: str, channel: str, thread_ts: str | None, ts: str | None = None,
                  event_id: str | None = None, **extra: Any) -> dict[str, Any]:
    """An ``event_callback`` envelope carrying a ``message`` event (a reply in a thread when ``thread_ts``)."""
    ts = ts or f"1760000500.{next(_event_ids):06d}"
    event: dict[str, Any] = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
                             "event_ts": ts, "channel_type": "channel", **extra}
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return {"token": "deprecated-verification-token", "team_id": TEAM_ID, "api_app_id": "A0WARMLINE",
            "event": event, "type": "event_callback", "event_id": event_id or f"Ev{next(_event_ids):08d}",
            "event_time": int(ts.split(".")[0]),
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}]}


def block_action(*, user: str, action_id: str, value: str | None = None, selected: str | None = None,
                 channel: str = HANDOFF_CHANNEL, message_ts: str = "1760000000.000001") -> dict[str, Any]:
    """A ``block_actions`` payload: a click on a card button (``value``) or a select (``selected``)."""
    action: dict[str, Any] = {"action_id": action_id, "block_id": "warmline_actions", "action_ts": "1760000600.1"}
    if selected is not None:
        action.update(type="static_select", selected_option={"text": {"type": "plain_text", "text": "x"},
                                                            "value": selected})
    else:
        action.update(type="button", value=value, text={"type": "plain_text", "text": action_id})
    return {"type": "block_actions", "team": {"id": TEAM_ID, "domain": "warmline-test"},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
            "api_app_id": "A0WARMLINE", "token": "deprecated-verification-token",
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": False},
            "trigger_id": "123.456.abc", "channel": {"id": channel, "name": "handoffs"},
            "message": {"type": "message", "ts": message_ts, "bot_id": BOT_ID, "text": "card"},
            "response_url": "https://hooks.slack.com/actions/T0/1/x", "actions": [action]}


def view_submission(*, user: str, view: Mapping[str, Any], ticked: Sequence[str]) -> dict[str, Any]:
    """A ``view_submission`` payload: the modal ``view`` (as opened) submitted with the ``ticked`` checkbox values."""
    block = next(b for b in view["blocks"] if b.get("type") == "input")
    element = block["element"]
    chosen = [o for o in element["options"] if o["value"] in ticked]
    state = {"values": {block["block_id"]: {element["action_id"]: {"type": "checkboxes",
                                                                   "selected_options": chosen}}}}
    return {"type": "view_submission", "team": {"id": TEAM_ID, "domain": "warmline-test"},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID}, "api_app_id": "A0WARMLINE",
            "token": "deprecated-verification-token", "trigger_id": "124.457.abd",
            "view": {**view, "id": "V00000001", "team_id": TEAM_ID, "state": state}}


def event_request(payload: Mapping[str, Any], **sign_kwargs: Any) -> tuple[bytes, dict[str, str]]:
    """Body and headers of a signed Events API POST."""
    body = json.dumps(payload).encode()
    return body, {"Content-Type": "application/json", **sign(body, **sign_kwargs)}


def action_request(payload: Mapping[str, Any], **sign_kwargs: Any) -> tuple[bytes, dict[str, str]]:
    """Body and headers of a signed interactivity POST (form-encoded ``payload``)."""
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return body, {"Content-Type": "application/x-www-form-urlencoded", **sign(body, **sign_kwargs)}
