"""A tiny in-memory stand-in for the Warmline web routes, speaking docs' web protocol.

Used to develop and screenshot the pages, and by the browser tests of things the real server cannot be
made to do on demand (dropping a WebSocket to check reconnect + resend).
Run by hand: ``.venv/bin/python -m tests.e2e.fake_backend 8765``.
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse, HTMLResponse

WEB = Path(__file__).resolve().parents[2] / "src" / "warmline" / "app" / "web"
ROSTER = [
    {"id": "maya", "name": "Maya Lindqvist", "role": "Customer care", "on_shift": True, "open_conversations": 1},
    {"id": "leo", "name": "Leo Park", "role": "Orders", "on_shift": False, "open_conversations": 0},
]
SHIPPING = {"source": "shipping.yaml", "title": "How long does shipping take?", "url": None}


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _msg(author: str, text: str, **extra: Any) -> dict[str, Any]:
    base = {"id": uuid.uuid4().hex, "author": author, "text": text, "choices": [], "citations": [],
            "staff_name": None, "created_at": _now(), "client_id": None, "channel": "web"}
    return base | extra


@dataclass
class Conversation:
    id: str
    session: str
    state: str = "bot"
    assignee: dict[str, str] | None = None
    reasons: list[str] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    sockets: list[WebSocket] = field(default_factory=list)


class FakeBackend:
    """The conversations, the open sockets, and a switch to drop the next chat message on the floor."""

    def __init__(self) -> None:
        self.conversations: dict[str, Conversation] = {}
        self.staff_sockets: list[WebSocket] = []
        self.drop_next_message = False

    def by_session(self, session: str) -> Conversation:
        for conv in self.conversations.values():
            if conv.session == session:
                return conv
        conv = Conversation(id=uuid.uuid4().hex[:12], session=session)
        self.conversations[conv.id] = conv
        return conv

    async def push(self, conv: Conversation, frame: dict[str, Any]) -> None:
        for socket in list(conv.sockets):
            try:
                await socket.send_json(frame)
            except Exception:
                conv.sockets.remove(socket)
        for socket in list(self.staff_sockets):
            try:
                await socket.send_json({"type": "conversation", "conversation_id": conv.id, "state": conv.state})
            except Exception:
                self.staff_sockets.remove(socket)

    async def add(self, conv: Conversation, message: dict[str, Any]) -> None:
        conv.messages.append(message)
        await self.push(conv, {"type": "message", "message": message})

    async def set_state(self, conv: Conversation, state: str, assignee: dict[str, str] | None) -> None:
        conv.state, conv.assignee = state, assignee
        await self.push(conv, {"type": "state", "state": state, "assignee": assignee, "eta_minutes": 15})

    async def customer_says(self, conv: Conversation, text: str, client_id: str) -> None:
        if any(m["client_id"] == client_id for m in conv.messages):
            return
        await self.add(conv, _msg("customer", text, client_id=client_id))
        if conv.state in ("queued", "with_human"):
            return
        await self.push(conv, {"type": "typing", "author": "bot"})
        await asyncio.sleep(0.3)
        lowered = text.lower()
        if "shipping" in lowered:
            await self.add(conv, _msg("bot", "Orders ship within 1 business day; delivery takes 2–4 days.",
                                      citations=[SHIPPING]))
        elif "person" in lowered or "human" in lowered:
            conv.reasons = ["asked for a person"]
            await self.add(conv, _msg("bot", "Maya from our team will take it from here, usually within "
                                      "15 minutes.", choices=["Wait for Maya", "Email me instead"]))
            await self.set_state(conv, "queued", {"id": "maya", "name": "Maya Lindqvist"})
        else:
            await self.add(conv, _msg("bot", "I'm not sure about that one, and I'd rather not guess.",
                                      choices=["Can I talk to a person?", "Ask something else"]))

    def summary(self, conv: Conversation) -> dict[str, Any]:
        last = conv.messages[-1] if conv.messages else None
        return {"conversation_id": conv.id, "customer": {"id": conv.session, "name": "Ana Souza"},
                "channel": "web", "state": conv.state, "assignee": conv.assignee,
                "last_message": last and {k: last[k] for k in ("author", "text", "created_at")},
                "handoff_reasons": conv.reasons, "eta_minutes": 15 if conv.state == "queued" else None,
                "updated_at": last["created_at"] if last else _now()}

    def detail(self, conv: Conversation) -> dict[str, Any]:
        return {
            "conversation_id": conv.id, "channel": "web", "state": conv.state, "assignee": conv.assignee,
            "customer": {"id": conv.session, "name": "Ana Souza", "email": "ana@example.com", "phone": None,
                         "customer_since": "2019-04-02", "orders_count": 23, "lifetime_value": 1840.5,
                         "payments_on_time": 22, "payments_late": 1, "tier": "gold", "account_owner": "maya",
                         "identities": [{"channel": "web", "external_id": conv.session},
                                        {"channel": "instagram", "external_id": "17841400000"}]},
            "context": {"customer_summary": ["Customer since 2019, 23 orders", "Paid on time 22 of 23"],
                        "summary": "Asked about shipping, then for a person.", "reasons": conv.reasons,
                        "identifiers": ["order #1042"],
                        "knowledge": [{"text": "Orders ship within 1 business day.", "citation": SHIPPING}],
                        "suggested_reply": "Hi Ana, Maya here. Let me look at this for you right now."},
            "messages": conv.messages,
            "decisions": [],
        }


def create_app(backend: FakeBackend | None = None) -> FastAPI:
    backend = backend or FakeBackend()
    app = FastAPI()
    app.state.backend = backend

    def page(name: str) -> HTMLResponse:
        html = (WEB / name).read_text(encoding="utf-8")
        return HTMLResponse(html.replace("{{SHOP_NAME}}", "Fern & Thread").replace("{{BOT_NAME}}", "Fern"))

    @app.get("/")
    async def chat_page() -> HTMLResponse:
        return page("chat.html")

    @app.get("/staff")
    async def staff_page() -> HTMLResponse:
        return page("staff.html")

    @app.get("/static/{name}")
    async def static(name: str) -> FileResponse:
        path = (WEB / "static" / name).resolve()
        if path.parent != (WEB / "static").resolve() or not path.is_file():
            raise HTTPException(404)
        return FileResponse(path)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.websocket("/ws/chat")
    async def ws_chat(socket: WebSocket, session_id: str) -> None:
        await socket.accept()
        conv = backend.by_session(session_id)
        conv.sockets.append(socket)
        await socket.send_json({"type": "history", "conversation_id": conv.id, "state": conv.state,
                                "assignee": conv.assignee, "messages": conv.messages,
                                "eta_minutes": 15 if conv.state == "queued" else None})
        try:
            while True:
                frame = await socket.receive_json()
                if backend.drop_next_message:
                    backend.drop_next_message = False
                    await socket.close()
                    return
                await backend.customer_says(conv, frame["text"], frame["client_id"])
        except WebSocketDisconnect:
            pass
        finally:
            if socket in conv.sockets:
                conv.sockets.remove(socket)

    @app.websocket("/ws/staff")
    async def ws_staff(socket: WebSocket) -> None:
        await socket.accept()
        backend.staff_sockets.append(socket)
        try:
            while True:
                await socket.receive_text()
        except WebSocketDisconnect:
            backend.staff_sockets.remove(socket)

    def conversation(conv_id: str) -> Conversation:
        if conv_id not in backend.conversations:
            raise HTTPException(404, {"error": f"conversation {conv_id!r} not found"})
        return backend.conversations[conv_id]

    def staff(body: dict[str, Any]) -> dict[str, str]:
        member = next((m for m in ROSTER if m["id"] == body.get("staff_id")), None)
        if member is None:
            raise HTTPException(422, {"error": "unknown staff member", "field": "staff_id"})
        return {"id": str(member["id"]), "name": str(member["name"])}

    @app.get("/api/v1/staff/roster")
    async def roster() -> list[dict[str, Any]]:
        return ROSTER

    @app.get("/api/v1/staff/conversations")
    async def conversations(assignee: str | None = None) -> list[dict[str, Any]]:
        convs = [c for c in backend.conversations.values() if c.messages]
        if assignee:
            convs = [c for c in convs if c.assignee and c.assignee["id"] == assignee]
        return [backend.summary(c) for c in reversed(convs)]

    @app.get("/api/v1/staff/conversations/{conv_id}")
    async def detail(conv_id: str) -> dict[str, Any]:
        return backend.detail(conversation(conv_id))

    @app.post("/api/v1/staff/conversations/{conv_id}/{action}")
    async def act(conv_id: str, action: str, body: dict[str, Any]) -> dict[str, Any]:
        conv, member = conversation(conv_id), staff(body)
        if action == "claim":
            if conv.state == "with_human" and conv.assignee and conv.assignee["id"] != member["id"]:
                raise HTTPException(409, {"error": f"already claimed by {conv.assignee['name']}"})
            await backend.set_state(conv, "with_human", member)
        elif action == "reply":
            if conv.state == "queued":
                await backend.set_state(conv, "with_human", member)
            message = _msg("staff", body["text"], staff_name=member["name"].split()[0], staff_role="Customer care")
            await backend.add(conv, message)
            return {"message": message}
        elif action in ("resolve", "handback"):
            await backend.set_state(conv, "resolved" if action == "resolve" else "bot", None)
        else:
            raise HTTPException(404, {"error": f"unknown action {action!r}"})
        return backend.detail(conv)

    return app


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(create_app(), host="127.0.0.1", port=int(sys.argv[1]) if len(sys.argv) > 1 else 8765)
