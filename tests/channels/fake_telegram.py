"""A local fake of the Telegram Bot API, and builders for updates in Telegram's documented format.

``FakeTelegram`` serves ``http://127.0.0.1:<port>/bot<token>/<method>`` (starlette on uvicorn, in the
test's event loop), records every call, and can be told to fail the next call of a method (429 with
``retry_after``, 403, 400, 502). It implements getMe, sendMessage, sendChatAction, answerCallbackQuery,
getUpdates (long polling with offsets, like the real one), setWebhook and deleteWebhook.

For a shared contract test::

    async with FakeTelegram() as fake:
        channel = fake.make_channel()                 # a TelegramChannel pointed at the fake
        request = make_text_update(42, "hello")       # a signed WebhookRequest carrying a text message
        result = await channel.handle_webhook(request)
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from warmline.channels import WebhookRequest
from warmline.channels.telegram import SECRET_HEADER, TelegramChannel

TOKEN = "123456:TEST-token_for-the-fake"
SECRET = "fake-webhook-secret_42"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Warmline Test", "username": "warmline_test_bot"}
_JSON_PARAMETERS = frozenset({"reply_markup", "allowed_updates"})  # sent JSON-encoded inside the form
_DATE = 1_760_000_000  # a fixed Unix time, so updates built twice are identical

_ids = itertools.count(1)


@dataclass
class BotApiCall:
    """One request the fake received: the method, its parameters (decoded), and the status answered."""

    method: str
    params: dict[str, Any]
    status: int = 200


@dataclass
class _Failure:
    status: int
    description: str
    retry_after: int | None = None


@dataclass
class FakeTelegram:
    """The fake Bot API server; use as ``async with FakeTelegram() as fake``."""

    token: str = TOKEN
    calls: list[BotApiCall] = field(default_factory=list)
    _failures: dict[str, list[_Failure]] = field(default_factory=dict)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _new_update: asyncio.Event = field(default_factory=asyncio.Event)
    _new_call: asyncio.Event = field(default_factory=asyncio.Event)
    _server: uvicorn.Server | None = None
    _task: asyncio.Task[None] | None = None
    _port: int = 0
    _sent_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    # --- lifecycle -------------------------------------------------------------------------------------

    async def __aenter__(self) -> FakeTelegram:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        app = Starlette(routes=[Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"])])
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False,
                                timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():
                self._task.result()  # surfaces the start-up error
            await asyncio.sleep(0.005)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        assert self._task is not None
        self._new_update.set()  # wake pending long polls
        self._server.should_exit = True
        await self._task

    @property
    def api_url(self) -> str:
        """What to pass as ``api_url`` / ``WARMLINE_TELEGRAM_API_URL``."""
        return f"http://127.0.0.1:{self._port}/bot"

    def make_channel(self, *, secret: str | None = SECRET, poll_timeout: int = 1) -> TelegramChannel:
        """A ``TelegramChannel`` pointed at this fake (not started; ``send`` starts it on first use)."""
        return TelegramChannel(token=self.token, secret=secret, api_url=self.api_url, poll_timeout=poll_timeout)

    # --- steering and inspecting -----------------------------------------------------------------------

    def fail_next(self, method: str, *, status: int, description: str = "", retry_after: int | None = None,
                  times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` fail the way Telegram does (e.g. 429, 403, 400)."""
        text = description or {429: f"Too Many Requests: retry after {retry_after}",
                               403: "Forbidden: bot was blocked by the user",
                               400: "Bad Request: chat not found"}.get(status, "Bad Gateway")
        self._failures.setdefault(method, []).extend([_Failure(status, text, retry_after)] * times)

    def push_update(self, update: Mapping[str, Any]) -> None:
        """Queue an update for getUpdates (as Telegram does when a customer writes)."""
        self._updates.append(dict(update))
        self._new_update.set()

    def calls_to(self, method: str) -> list[BotApiCall]:
        """The recorded calls of one method, failed ones included (see ``BotApiCall.status``)."""
        return [call for call in self.calls if call.method == method]

    async def wait_for_call(self, method: str) -> BotApiCall:
        """The first recorded call of ``method``, waiting until it arrives."""
        while not self.calls_to(method):
            self._new_call.clear()
            await self._new_call.wait()
        return self.calls_to(method)[0]

    def sent_texts(self) -> list[str]:
        """The text of every successful sendMessage, in order."""
        return [call.params["text"] for call in self.calls_to("sendMessage") if call.status == 200]

    # --- the API ---------------------------------------------------------------------------------------

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params = _decode(await request.body(), request.headers.get("content-type", ""), dict(request.query_params))
        call = BotApiCall(method=method, params=params)
        self.calls.append(call)
        self._new_call.set()
        if request.path_params["token"] != self.token:
            return self._error(call, 401, "Unauthorized")
        queued = self._failures.get(method)
        if queued:
            failure = queued.pop(0)
            extra = {"parameters": {"retry_after": failure.retry_after}} if failure.retry_after is not None else {}
            return self._error(call, failure.status, failure.description, **extra)
        handler = _HANDLERS.get(method)
        if handler is None:
            return self._error(call, 404, "Not Found: method not found")
        return JSONResponse({"ok": True, "result": await handler(self, params)})

    def _error(self, call: BotApiCall, status: int, description: str, **extra: Any) -> JSONResponse:
        call.status = status
        return JSONResponse({"ok": False, "error_code": status, "description": description, **extra},
                            status_code=status)

    async def _get_me(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    async def _send_message(self, params: dict[str, Any]) -> Any:
        message: dict[str, Any] = {
            "message_id": next(self._sent_ids), "date": _DATE, "from": BOT_USER,
            "chat": {"id": int(params["chat_id"]), "type": "private"}, "text": params["text"],
        }
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _true(self, params: dict[str, Any]) -> Any:
        return True

    async def _get_updates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset", 0))
        limit = int(params.get("limit", 100))
        timeout = float(params.get("timeout", 0))
        # Like Telegram: asking with an offset confirms (forgets) every update below it.
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while not self._updates and not (self._server and self._server.should_exit):
                    self._new_update.clear()
                    await self._new_update.wait()
        return self._updates[:limit]


_HANDLERS = {
    "getMe": FakeTelegram._get_me,
    "sendMessage": FakeTelegram._send_message,
    "sendChatAction": FakeTelegram._true,
    "answerCallbackQuery": FakeTelegram._true,
    "setWebhook": FakeTelegram._true,
    "deleteWebhook": FakeTelegram._true,
    "getUpdates": FakeTelegram._get_updates,
}


def _decode(body: bytes, content_type: str, query: dict[str, str]) -> dict[str, Any]:
    """Bot API parameters from a query string, a form body (what the SDK sends) or a JSON body."""
    params: dict[str, Any] = dict(query)
    if content_type.startswith("application/json") and body:
        params.update(json.loads(body))
        return params
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        params[key] = json.loads(value) if key in _JSON_PARAMETERS else value
    return params


# --- updates in Telegram's format (https://core.telegram.org/bots/api#update) ----------------------------

def user(user_id: int, *, first_name: str = "Ada", last_name: str | None = "Lovelace") -> dict[str, Any]:
    """A Telegram User object."""
    data: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name:
        data["last_name"] = last_name
    return data


def private_chat(chat_id: int, *, first_name: str = "Ada", last_name: str | None = "Lovelace") -> dict[str, Any]:
    """A private Chat object (in a private chat the chat id equals the user id)."""
    data: dict[str, Any] = {"id": chat_id, "type": "private", "first_name": first_name}
    if last_name:
        data["last_name"] = last_name
    return data


def message_update(chat_id: int, content: Mapping[str, Any], *, update_id: int | None = None,
                   message_id: int | None = None, first_name: str = "Ada", last_name: str | None = "Lovelace",
                   edited: bool = False) -> dict[str, Any]:
    """An Update carrying a message (or an ``edited_message``) whose content is ``content``."""
    message = {
        "message_id": message_id if message_id is not None else next(_ids),
        "from": user(chat_id, first_name=first_name, last_name=last_name),
        "chat": private_chat(chat_id, first_name=first_name, last_name=last_name),
        "date": _DATE,
        **content,
    }
    if edited:
        message["edit_date"] = _DATE + 60
    key = "edited_message" if edited else "message"
    return {"update_id": update_id if update_id is not None else next(_ids), key: message}


def text_update(chat_id: int, text: str, **kwargs: Any) -> dict[str, Any]:
    """An Update with a plain text message (keyword arguments as for ``message_update``)."""
    return message_update(chat_id, {"text": text}, **kwargs)


def callback_update(chat_id: int, data: str, *, choices: Sequence[tuple[str, str]] = (),
                    query_id: str = "4382bfdwdsb323b2d9", update_id: int | None = None,
                    message: bool = True) -> dict[str, Any]:
    """An Update for a pressed inline button; ``choices`` (text, callback_data) is the message's keyboard.

    With ``message=False`` the message is omitted, as Telegram does for messages it no longer has.
    """
    query: dict[str, Any] = {"id": query_id, "from": user(chat_id), "chat_instance": "-87364", "data": data}
    if message:
        query["message"] = {
            "message_id": next(_ids), "from": BOT_USER, "chat": private_chat(chat_id), "date": _DATE,
            "text": "Which one?",
            "reply_markup": {"inline_keyboard": [[{"text": t, "callback_data": d}] for t, d in choices]},
        }
    return {"update_id": update_id if update_id is not None else next(_ids), "callback_query": query}


def signed_request(update: Mapping[str, Any] | bytes, *, secret: str | None = SECRET) -> WebhookRequest:
    """The webhook POST Telegram would make for ``update`` (raw bytes are sent as they are)."""
    body = update if isinstance(update, bytes) else json.dumps(update).encode()
    headers = {"content-type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER.lower()] = secret
    return WebhookRequest(method="POST", path="/webhooks/telegram", headers=headers, body=body)


def make_text_update(chat_id: int, text: str, *, secret: str | None = SECRET, **kwargs: Any) -> WebhookRequest:
    """A signed webhook request carrying one text message (for the shared channel contract test)."""
    return signed_request(text_update(chat_id, text, **kwargs), secret=secret)
