"""The customer web chat: its page, the staff inbox page (for the signed-in), and the chat WebSocket."""

from __future__ import annotations

import html
import logging
from functools import lru_cache
from importlib import resources
from typing import Any

import anyio
from fastapi import APIRouter, Request, WebSocket
from fastapi.responses import HTMLResponse, Response

from warmline.domain import MAX_TEXT_CHARS, ChannelIdentity, InboundMessage, WarmlineError
from warmline.runtime.services import Services
from warmline.web.ratelimit import RateLimitExceeded, RateLimits
from warmline.web.routes._deps import services, ws_services
from warmline.web.routes._sockets import serve_socket
from warmline.web.routes.signin import signed_in_or_redirect
from warmline.web.schemas import UNSTORABLE as _UNSTORABLE
from warmline.web.views import assignee_json, message_json

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter()

_CHANNEL = "web"
_MAX_TEXT = MAX_TEXT_CHARS
_MAX_ID = 200


@lru_cache(maxsize=8)
def _page_template(name: str) -> str:
    return resources.files("warmline.web").joinpath("pages", name).read_text(encoding="utf-8")


def _page(name: str, svc: Services) -> HTMLResponse:
    page = (_page_template(name)
            .replace("{{SHOP_NAME}}", html.escape(svc.bot.display_name))
            .replace("{{BOT_NAME}}", html.escape(svc.bot.name)))
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def chat_page(request: Request) -> HTMLResponse:
    """The customer web chat."""
    return _page("chat.html", services(request))


@router.get("/staff", response_class=HTMLResponse, include_in_schema=False)
async def staff_page(request: Request) -> Response:
    """The built-in staff inbox, for a signed-in person (others go to the sign-in form first)."""
    user = await signed_in_or_redirect(request, "/staff")
    if isinstance(user, Response):
        return user
    return _page("staff.html", services(request))


def _frame_error(message: str, field: str | None = None) -> dict[str, Any]:
    return {"type": "error", "error": message, **({"field": field} if field else {})}


@router.websocket("/ws/chat")
async def chat_socket(websocket: WebSocket) -> None:
    """One browser tab of a customer: history on connect, then messages both ways, live."""
    svc = ws_services(websocket)
    limits: RateLimits = websocket.app.state.rate_limits
    session_id = websocket.query_params.get("session_id", "").strip()
    name = _UNSTORABLE.sub("", websocket.query_params.get("name") or "").strip()[:_MAX_ID] or None
    await websocket.accept()
    if not session_id or len(session_id) > _MAX_ID or _UNSTORABLE.search(session_id):
        await websocket.send_json(_frame_error("session_id is required (1–200 characters, no control "
                                               "characters)", "session_id"))
        await websocket.close(code=1008)
        return
    customer = await svc.store.customer_for_identity(
        ChannelIdentity(channel=_CHANNEL, external_id=session_id), name=name)
    conversation = await svc.store.current_conversation(customer_id=customer.id, channel=_CHANNEL)
    history = await svc.store.messages(conversation.id)
    handoff = await svc.store.active_handoff(conversation.id) if conversation.state.human_owns else None
    await websocket.send_json({
        "type": "history", "conversation_id": conversation.id, "state": conversation.state.value,
        "assignee": assignee_json(svc.outbound.assignee(conversation)),
        "eta_minutes": handoff.eta_minutes if handoff else None,
        "greeting": svc.bot.voice.greet(customer.first_name),
        "messages": [message_json(m, bot=svc.bot) for m in history]})

    async def on_frame(frame: Any) -> None:
        if not isinstance(frame, dict) or frame.get("type") != "message":
            await websocket.send_json(_frame_error("expected {\"type\": \"message\", \"text\": …}", "type"))
            return
        text, client_id = frame.get("text"), frame.get("client_id")
        if not isinstance(text, str) or not text.strip() or len(text) > _MAX_TEXT:
            await websocket.send_json(_frame_error(f"text must be 1–{_MAX_TEXT} characters", "text"))
            return
        if client_id is not None and (not isinstance(client_id, str) or len(client_id) > _MAX_ID):
            await websocket.send_json(_frame_error("client_id must be a string of up to 200 characters",
                                                   "client_id"))
            return
        for field, value in (("text", text), ("client_id", client_id)):
            if value is not None and _UNSTORABLE.search(value):
                await websocket.send_json(_frame_error(f"{field} contains a control character or an unpaired "
                                                       "surrogate, which cannot be stored", field))
                return
        try:
            limits.customer.take(f"{_CHANNEL}:{session_id}")
        except RateLimitExceeded as exc:  # not stored: the page may send it again after retry_after
            await websocket.send_json({**_frame_error(exc.limit.describe(), "text"), "limit": exc.limit.name,
                                       "retry_after": int(exc.retry_after_header)})
            return
        try:
            # Shielded: once a message is stored it must be answered, even if the tab closes meanwhile.
            with anyio.CancelScope(shield=True):
                result = await svc.pipeline.handle(InboundMessage(
                    channel=_CHANNEL, sender_id=session_id, text=text.strip(), sender_name=name,
                    platform_message_id=f"web:{session_id}:{client_id}" if client_id else None))
        except WarmlineError as exc:
            logger.warning("web chat message refused: %s", exc)
            await websocket.send_json(_frame_error(exc.message))
            return
        svc.metrics.messages.labels(_CHANNEL).inc()
        if not result.duplicate:
            svc.metrics.decisions.labels(result.decision.action.value).inc()

    async with svc.events.conversation(conversation.id) as queue:

        async def push() -> dict[str, Any]:
            event = await queue.get()
            if event.message is not None:
                return {"type": "message", "message": message_json(event.message, bot=svc.bot)}
            return {"type": "state", "state": event.state.value, "assignee": assignee_json(event.assignee),
                    "eta_minutes": event.eta_minutes}

        await serve_socket(websocket, push=push, on_frame=on_frame)
