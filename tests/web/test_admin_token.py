"""The admin token guards every machine-to-machine ``/api/v1`` route: a wrong, missing or mis-schemed token
gets 401 on each of them, and changes nothing. It never opens the staff side (inbox, its API and socket,
the dashboard): people sign in as themselves there (tests/web/test_staff_signin.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from warmline.config import Settings
from warmline.web import create_app

TOKEN = "admin-token-for-tests-93b1"
STAFF_SIDE = ("/api/v1/staff", "/api/v1/dashboard")
WRONG = {"wrong token": {"Authorization": "Bearer admin-token-for-tests-93b2"},
         "token as a prefix": {"Authorization": f"Bearer {TOKEN}x"},
         "empty bearer": {"Authorization": "Bearer "},
         "other scheme": {"Authorization": f"Basic {TOKEN}"},
         "no header": {}}
BODY = {"customer_id": "c-guard", "text": "hello, I want a refund", "staff_id": "maya", "name": "Eve",
        "question": "q?", "answer": "a."}


@pytest.fixture
def guarded(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"admin_token": TOKEN}))) as client:
        yield client


def _protected_routes(client: TestClient) -> list[tuple[str, str]]:
    """Every (method, path) of the API, path parameters filled in, from the app's own OpenAPI document."""
    paths = client.get("/openapi.json").json()["paths"]
    return [(method.upper(), re.sub(r"\{[^}]+\}", "c-guard", path))
            for path, operations in paths.items() if path.startswith("/api/v1") and not path.startswith(STAFF_SIDE)
            for method in operations]


def test_every_api_route_refuses_a_wrong_token_and_stores_nothing(guarded: TestClient) -> None:
    routes = _protected_routes(guarded)
    assert len(routes) >= 6, routes  # the whole machine API, not a sample: messages, customers, conversations, orders

    for method, path in routes:
        for case, headers in WRONG.items():
            response = guarded.request(method, path, json=BODY, headers=headers)
            assert response.status_code == 401, f"{method} {path} with {case}: {response.status_code}"
            assert response.headers["www-authenticate"] == "Bearer"
            assert response.json()["detail"]["field"] == "Authorization"

    right = {"Authorization": f"Bearer {TOKEN}"}
    assert guarded.get("/api/v1/staff/conversations", headers=right).status_code == 401  # people only
    assert guarded.get("/api/v1/customers/c-guard", headers=right).status_code == 404


def test_the_right_token_still_works(guarded: TestClient) -> None:
    response = guarded.post("/api/v1/messages", json={"customer_id": "c-ok", "text": "hi"},
                            headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200


@pytest.mark.parametrize("frame", [{"type": "auth", "token": TOKEN}, {"type": "hello"}], ids=["token", "nothing"])
def test_the_admin_token_does_not_open_the_staff_socket(guarded: TestClient, frame: dict[str, str]) -> None:
    for url in ("/ws/staff", f"/ws/staff?token={TOKEN}"):
        with guarded.websocket_connect(url, headers={"Authorization": f"Bearer {TOKEN}"}) as socket:
            socket.send_json(frame)
            with pytest.raises(WebSocketDisconnect) as closed:
                socket.receive_json()
        assert closed.value.code == 1008
