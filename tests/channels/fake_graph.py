"""A local stand-in for Meta's Graph API, plus builders for signed webhook requests in Meta's formats.

``FakeGraph`` is a small Starlette app served by uvicorn on 127.0.0.1 (a free port) inside the test's
event loop. It records every request and answers like the Send API / WhatsApp Cloud API, unless told to
fail the next requests (``fail_next(429, …)``) or to stall (``stall_next(seconds)``). Like the platform, it
refuses a request with a missing or unknown access token, an unversioned or unknown path, or a body the
endpoint does not take, with Graph's documented error JSON (``fake_graph_rules``); the tokens it accepts
are those given to ``running_fake_graph(tokens=…)``.

Helpers for other tests (the lead's shared channel contract test among them):
``signed_request(app_secret, payload)`` and ``text_event(object_kind, sender_id, text, mid)``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from warmline.channels import WebhookRequest

from .fake_graph_rules import check_request

__all__ = [
    "FakeGraph",
    "RecordedRequest",
    "messaging_payload",
    "running_fake_graph",
    "signed_request",
    "text_event",
    "whatsapp_payload",
]

OBJECT_KINDS = {"messenger": "page", "instagram": "instagram", "whatsapp": "whatsapp_business_account"}
PAGE_ID = "1100220033"
WABA_ID = "2200330044"
PHONE_NUMBER_ID = "106540352242922"
TIME_MS = 1_700_000_000_000  # 2023-11-14T22:13:20Z, the default event time
TOKENS = ("PAGE", "WA")  # the page and WhatsApp access tokens the fake accepts unless told others


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any


@dataclass
class _Scripted:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakeGraph:
    """Records Graph API calls; answers success unless a failure or a stall was scripted."""

    def __init__(self, *, tokens: Sequence[str] = TOKENS) -> None:
        self.tokens = frozenset(tokens)
        self.requests: list[RecordedRequest] = []
        self.refused: list[RecordedRequest] = []  # the requests the platform would have refused
        self._script: list[_Scripted] = []
        self.url = ""
        self._counter = 0
        self.app = Starlette(routes=[Route("/{path:path}", self._handle, methods=["GET", "POST", "DELETE"])])

    def fail_next(self, status: int, *, code: int | None = None, subcode: int | None = None,
                  message: str = "scripted failure", headers: Mapping[str, str] | None = None,
                  body: Any = None) -> None:
        """Answer the next request with ``status`` and a Graph error body (or ``body``)."""
        if body is None:
            error: dict[str, Any] = {"message": message, "type": "OAuthException", "fbtrace_id": "AbCdEf"}
            if code is not None:
                error["code"] = code
            if subcode is not None:
                error["error_subcode"] = subcode
            body = {"error": error}
        self._script.append(_Scripted(status, body, dict(headers or {})))

    def stall_next(self, seconds: float) -> None:
        """Wait ``seconds`` before answering the next request (successfully)."""
        self._script.append(_Scripted(200, None, delay=seconds))

    def sent(self, path_suffix: str = "/messages") -> list[Any]:
        """The JSON bodies of the accepted POSTs whose path ends with ``path_suffix`` (refused ones never arrived)."""
        refused = {id(r) for r in self.refused}
        return [r.json for r in self.requests
                if r.method == "POST" and r.path.endswith(path_suffix) and id(r) not in refused]

    async def _handle(self, request: Request) -> Response:
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            body = raw.decode(errors="replace")
        recorded = RecordedRequest(method=request.method, path=request.url.path, query=dict(request.query_params),
                                   headers={k.lower(): v for k, v in request.headers.items()}, json=body)
        self.requests.append(recorded)
        refused = check_request(method=recorded.method, path=recorded.path, headers=recorded.headers,
                                query=recorded.query, body=body, tokens=self.tokens)
        if refused is not None:
            self.refused.append(recorded)
            return JSONResponse(refused.body(), status_code=refused.status)
        scripted = self._script.pop(0) if self._script else None
        if scripted is not None and scripted.delay:
            await asyncio.sleep(scripted.delay)
        if scripted is not None and scripted.body is not None:
            return JSONResponse(scripted.body, status_code=scripted.status, headers=scripted.headers)
        return JSONResponse(self._success(request.url.path, body))

    def _success(self, path: str, body: Any) -> dict[str, Any]:
        self._counter += 1
        if isinstance(body, dict) and body.get("messaging_product") == "whatsapp":
            # Sent to a phone number ("to"): the contact has a wa_id; to a business-scoped user id
            # ("recipient"): a user_id instead.
            contact = ({"input": body["to"], "wa_id": body["to"]} if "to" in body
                       else {"input": body.get("recipient"), "user_id": body.get("recipient")})
            return {"messaging_product": "whatsapp", "contacts": [contact],
                    "messages": [{"id": f"wamid.fake{self._counter}"}]}
        target = body.get("recipient") if isinstance(body, dict) else None
        recipient = (target.get("id") or target.get("user_ref")) if isinstance(target, dict) else None
        if isinstance(body, dict) and "sender_action" in body:
            return {"recipient_id": recipient}
        return {"recipient_id": recipient, "message_id": f"m_fake{self._counter}"}


@asynccontextmanager
async def running_fake_graph(*, tokens: Sequence[str] = TOKENS) -> AsyncIterator[FakeGraph]:
    """Serve a ``FakeGraph`` accepting ``tokens`` on 127.0.0.1 for the duration of the block."""
    fake = FakeGraph(tokens=tokens)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    fake.url = f"http://127.0.0.1:{sock.getsockname()[1]}/v21.0"
    config = uvicorn.Config(fake.app, log_level="warning", lifespan="off", access_log=False)
    config.load()
    server = uvicorn.Server(config)
    server.lifespan = config.lifespan_class(config)
    # startup()/shutdown() directly rather than serve(): serve()'s main loop polls every 0.1 s, which
    # would add that to every test's teardown.
    await server.startup(sockets=[sock])
    try:
        yield fake
    finally:
        await _stop(server)
        sock.close()


async def _stop(server: uvicorn.Server) -> None:
    """Stop at once: uvicorn's own shutdown() sleeps 0.1 s and polls, which adds up over many tests."""
    for listener in server.servers:
        listener.close()
    for connection in list(server.server_state.connections):
        connection.shutdown()
    for task in list(server.server_state.tasks):
        task.cancel()  # a stalled handler (stall_next) has nobody waiting for it any more
    await asyncio.sleep(0)


# --- webhook payloads in Meta's documented formats -------------------------------------------------------


def signed_request(app_secret: str, payload: Mapping[str, Any] | bytes, *, signature: str | None = None,
                   sign: bool = True) -> WebhookRequest:
    """A POST /webhooks/meta request carrying ``payload``, signed with ``app_secret`` like Meta signs it
    (``signature`` overrides the header; ``sign=False`` leaves it out)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"content-type": "application/json"}
    if sign:
        headers["x-hub-signature-256"] = signature or (
            "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest())
    return WebhookRequest(method="POST", path="/webhooks/meta", headers=headers, body=body)


def messaging_payload(object_kind: str, events: list[dict[str, Any]], *, entries: int = 1) -> dict[str, Any]:
    """A Messenger (``page``) or Instagram webhook with ``events`` in ``entry[].messaging``, spread over
    ``entries`` entries (Meta batches several)."""
    object_kind = OBJECT_KINDS.get(object_kind, object_kind)
    per_entry = max(1, -(-len(events) // entries))
    batches = [events[i:i + per_entry] for i in range(0, len(events), per_entry)] or [[]]
    return {"object": object_kind, "entry": [
        {"id": PAGE_ID, "time": TIME_MS, "messaging": batch} for batch in batches]}


def messaging_event(sender_id: str, *, timestamp: int = TIME_MS, **content: Any) -> dict[str, Any]:
    """One ``entry[].messaging[]`` event from ``sender_id`` to our page (``message=…``, ``postback=…``)."""
    return {"sender": {"id": sender_id}, "recipient": {"id": PAGE_ID}, "timestamp": timestamp, **content}


def whatsapp_payload(messages: Sequence[dict[str, Any]] = (), *, contacts: Sequence[dict[str, Any]] = (),
                     statuses: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """A WhatsApp Cloud API webhook with ``messages``, ``contacts`` and ``statuses`` in one change."""
    value: dict[str, Any] = {"messaging_product": "whatsapp",
                             "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID}}
    if contacts:
        value["contacts"] = list(contacts)
    if messages:
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    return {"object": "whatsapp_business_account",
            "entry": [{"id": WABA_ID, "changes": [{"field": "messages", "value": value}]}]}


def whatsapp_message(wa_id: str, wamid: str, kind: str, content: dict[str, Any], *,
                     timestamp: int = TIME_MS // 1000) -> dict[str, Any]:
    """One ``value.messages[]`` item of type ``kind`` (``content`` is the object under that type's key)."""
    return {"from": wa_id, "id": wamid, "timestamp": str(timestamp), "type": kind, kind: content}


def text_event(object_kind: str, sender_id: str, text: str, mid: str, *, timestamp_ms: int = TIME_MS) -> dict[str, Any]:
    """A whole webhook payload with one text message, for ``object_kind`` ``page`` / ``instagram`` /
    ``whatsapp_business_account`` (or the channel names ``messenger`` / ``instagram`` / ``whatsapp``)."""
    object_kind = OBJECT_KINDS.get(object_kind, object_kind)
    if object_kind == "whatsapp_business_account":
        return whatsapp_payload([whatsapp_message(sender_id, mid, "text", {"body": text},
                                                  timestamp=timestamp_ms // 1000)],
                                contacts=[{"profile": {"name": "Kerry Fisher"}, "wa_id": sender_id}])
    return messaging_payload(object_kind, [messaging_event(sender_id, timestamp=timestamp_ms,
                                                           message={"mid": mid, "text": text})])


# --- Comments under posts (issue 18): webhook payloads as Meta sends them for the Instagram "comments"
# field and the Page "feed" field. Kept apart from the messaging helpers above.

IG_ACCOUNT_ID = "17841400000000000"


def instagram_comment_payload(sender_id: str, text: str, comment_id: str, *, media_id: str = "17900000000000001",
                              parent_id: str | None = None, username: str = "ana.makes",
                              media_product_type: str = "FEED", time_s: int = TIME_MS // 1000) -> dict[str, Any]:
    """An Instagram webhook with one ``comments`` change (a comment, or a reply when ``parent_id``)."""
    value: dict[str, Any] = {"from": {"id": sender_id, "username": username},
                             "media": {"id": media_id, "media_product_type": media_product_type},
                             "id": comment_id, "text": text}
    if parent_id is not None:
        value["parent_id"] = parent_id
    return {"object": "instagram", "entry": [{"id": IG_ACCOUNT_ID, "time": time_s,
                                              "changes": [{"field": "comments", "value": value}]}]}


def page_comment_payload(sender_id: str, text: str, comment_id: str, *, post_id: str = f"{PAGE_ID}_5550001",
                         verb: str = "add", parent_id: str | None = None, name: str = "Ana Silva",
                         created_time: int = TIME_MS // 1000) -> dict[str, Any]:
    """A Page webhook with one ``feed`` change for a comment (``verb`` add / edited / remove)."""
    value: dict[str, Any] = {
        "from": {"id": sender_id, "name": name}, "item": "comment", "verb": verb, "comment_id": comment_id,
        "post_id": post_id, "parent_id": parent_id or post_id, "created_time": created_time,
        "post": {"id": post_id, "status_type": "added_photos", "is_published": True,
                 "permalink_url": f"https://www.facebook.com/{PAGE_ID}/posts/{post_id.split('_')[-1]}"}}
    if verb != "remove":
        value["message"] = text
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": created_time,
                                         "changes": [{"field": "feed", "value": value}]}]}


def private_replies(graph: FakeGraph) -> list[Any]:
    """The Send API bodies that were private replies (``recipient: {comment_id}``)."""
    return [body for body in graph.sent() if isinstance(body, dict) and "comment_id" in body.get("recipient", {})]
