"""The web chat socket: history on connect, live replies, staff replies pushed, bad frames refused."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from tests._shop import act_as


def receive_until(ws: WebSocketTestSession, predicate: Any, *, limit: int = 20) -> dict[str, Any]:
    for _ in range(limit):
        frame = ws.receive_json()
        if predicate(frame):
            return frame
    raise AssertionError("expected frame never arrived")


def is_from(author: str) -> Any:
    return lambda f: f["type"] == "message" and f["message"]["author"] == author


def test_pages_are_served_with_the_shop_name(client: TestClient) -> None:
    for path in ("/", "/staff"):
        page = client.get(path)
        assert page.status_code == 200
        assert "Test Shop" in page.text
        assert "{{SHOP_NAME}}" not in page.text


def test_chat_answers_live_and_keeps_history(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat?session_id=s-1&name=Ana") as ws:
        hello = ws.receive_json()
        assert hello["type"] == "history"
        assert hello["messages"] == []
        ws.send_json({"type": "message", "text": "how long does shipping take?", "client_id": "k1"})
        echo = receive_until(ws, is_from("customer"))
        assert echo["message"]["client_id"] == "k1"
        answer = receive_until(ws, is_from("bot"))
        assert "2-4 business days" in answer["message"]["text"]
        assert answer["message"]["citations"][0]["title"] == "How long does shipping take?"

    with client.websocket_connect("/ws/chat?session_id=s-1") as ws:
        history = ws.receive_json()
        assert [m["author"] for m in history["messages"]] == ["customer", "bot"]


def test_resent_message_after_reconnect_is_not_processed_twice(client: TestClient) -> None:
    frame = {"type": "message", "text": "can I pay with paypal?", "client_id": "same"}
    with client.websocket_connect("/ws/chat?session_id=s-2") as ws:
        ws.receive_json()
        ws.send_json(frame)
        receive_until(ws, is_from("bot"))
    with client.websocket_connect("/ws/chat?session_id=s-2") as ws:
        ws.receive_json()
        ws.send_json(frame)
        ws.send_json({"type": "message", "text": "what are your opening hours?", "client_id": "next"})
        receive_until(ws, lambda f: f["type"] == "message" and "Tuesday" in f["message"]["text"])
    with client.websocket_connect("/ws/chat?session_id=s-2") as ws:
        authors = [m["author"] for m in ws.receive_json()["messages"]]
    assert authors == ["customer", "bot", "customer", "bot"]


def test_staff_reply_reaches_the_customer_socket_live(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat?session_id=s-3") as ws:
        conversation_id = ws.receive_json()["conversation_id"]
        ws.send_json({"type": "message", "text": "Can I talk to a person?", "client_id": "h"})
        handoff = receive_until(ws, lambda f: f["type"] == "state" and f["state"] == "queued")
        staff_id = handoff["assignee"]["id"]
        act_as(client, staff_id)
        reply = client.post(f"/api/v1/staff/conversations/{conversation_id}/reply",
                            json={"staff_id": staff_id, "text": "Hello from the team"})
        assert reply.status_code == 200, reply.text
        staff = receive_until(ws, is_from("staff"))
        assert staff["message"]["text"] == "Hello from the team"
        assert staff["message"]["staff_name"] == handoff["assignee"]["name"]


def test_bad_frames_get_an_error_naming_the_field(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat?session_id=s-4") as ws:
        ws.receive_json()
        ws.send_json({"type": "message", "text": ""})
        assert ws.receive_json() == {"type": "error", "error": "text must be 1–4000 characters", "field": "text"}
        ws.send_json({"type": "wave"})
        assert ws.receive_json()["field"] == "type"
        ws.send_text("not json")
        assert ws.receive_json()["type"] == "error"
    with client.websocket_connect("/ws/chat?session_id=s-4") as ws:
        assert ws.receive_json()["messages"] == []


def test_missing_session_is_refused(client: TestClient) -> None:
    with client.websocket_connect("/ws/chat") as ws:
        assert ws.receive_json()["field"] == "session_id"
