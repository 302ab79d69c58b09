"""The admin token guards every ``/api/v1`` route and the staff socket: a wrong, missing or mis-schemed
token gets 401 (a closed socket) on each of them, and changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from warmline.config import Settings
from warmline.web import create_app

TOKEN = "admin-token-for-tests-93b1"
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
            for path, operations in paths.items() if path.startswith("/api/v1") for method in operations]


def test_every_api_route_refuses_a_wrong_token_and_stores_nothing(guarded: TestClient) -> None:
    routes = _protected_routes(guarded)
    assert len(routes) >= 15, routes  # the whole API, not a sample: messages, customers, orders, staff, dashboard

    for method, path in routes:
        for case, headers in WRONG.items():
            response = guarded.request(method, path, json=BODY, headers=headers)
            assert response.status_code == 401, f"{method} {path} with {case}: {response.status_code}"
            assert response.headers["www-authenticate"] == "Bearer"
            assert response.json()["detail"]["field"] == "Authorization"

    right = {"Authorization": f"Bearer {TOKEN}"}
    assert guarded.get("/api/v1/staff/conversations", headers=right).json() == []
    assert guarded.get("/api/v1/customers/c-guard", headers=right).status_code == 404


def test_the_right_token_still_works(guarded: TestClient) -> None:
    response = guarded.post("/api/v1/messages", json={"customer_id": "c-ok", "text": "hi"},
                            headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200


@pytest.mark.parametrize("query", ["?token=admin-token-for-tests-93b2", f"?token={TOKEN}x", "?token=", ""])
def test_the_staff_socket_closes_on_a_wrong_token(guarded: TestClient, query: str) -> None:
    with pytest.raises(WebSocketDisconnect) as closed, guarded.websocket_connect(f"/ws/staff{query}") as socket:
        socket.receive_json()

    assert closed.value.code == 1008


def test_the_staff_socket_opens_with_the_right_token(guarded: TestClient) -> None:
    with guarded.websocket_connect(f"/ws/staff?token={TOKEN}") as socket:
        guarded.post("/api/v1/messages", json={"customer_id": "c-ok", "text": "hi"},
                     headers={"Authorization": f"Bearer {TOKEN}"})
        assert socket.receive_json()["type"] == "conversation"


def test_the_dashboard_page_shows_no_figures_without_the_token(guarded: TestClient) -> None:
    guarded.post("/api/v1/messages", json={"customer_id": "c-ok", "text": "what is the boiling point of tungsten?"},
                 headers={"Authorization": f"Bearer {TOKEN}"})

    page = guarded.get("/dashboard").text

    assert "panel-loading" in page
    assert "tungsten" not in page
