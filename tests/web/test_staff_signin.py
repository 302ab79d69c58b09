"""Staff sign-in on the real app: the session cookie, CSRF on every action, roles, expiry, the failed
sign-in limit, and the admin token no longer opening the staff side. Each refusal changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect
from tests._shop import STAFF_PASSWORD, add_staff_accounts, sign_in

from warmline.config import Settings
from warmline.web import create_app


def _waiting_case_for(client: TestClient, staff_id: str, customer: str) -> str:
    """A conversation handed off and promised to ``staff_id`` (queued, not claimed yet)."""
    for attempt in range(6):
        body = client.post("/api/v1/messages", json={"customer_id": f"{customer}-{attempt}", "name": "Ana",
                                                      "text": "Can I talk to a person please?"}).json()
        if body["decision"]["assignee"]["id"] == staff_id:
            return str(body["conversation_id"])
    raise AssertionError(f"no handoff went to {staff_id}")


def _state(client: TestClient, conversation_id: str) -> tuple[str, str | None, int]:
    body = client.get(f"/api/v1/conversations/{conversation_id}").json()
    return body["state"], (body.get("assignee") or {}).get("id"), len(body["messages"])


def test_signing_in_sets_a_locked_down_cookie_and_opens_the_inbox(client: TestClient) -> None:
    add_staff_accounts(client)
    assert client.get("/staff", follow_redirects=False).headers["location"] == "/staff/signin?next=/staff"

    response = client.post("/staff/signin", data={"staff_id": "leo", "password": STAFF_PASSWORD, "next": "/staff"},
                           follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/staff"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie
    assert client.get("/staff").status_code == 200
    me = client.get("/api/v1/staff/me").json()
    assert (me["id"], me["role"]) == ("leo", "agent")
    assert len(me["csrf_token"]) >= 24


def test_cookies_are_secure_behind_https(settings: Settings) -> None:
    with TestClient(create_app(settings), base_url="https://shop.example") as secure:
        add_staff_accounts(secure)
        response = secure.post("/staff/signin", data={"staff_id": "maya", "password": STAFF_PASSWORD},
                               follow_redirects=False)
    assert "secure" in response.headers["set-cookie"].lower()


def test_a_wrong_password_is_refused_and_the_limit_stops_guessing(client: TestClient) -> None:
    add_staff_accounts(client)
    limit = client.app.state.services.settings.signin_failures_per_account  # type: ignore[attr-defined]
    for _ in range(limit):
        wrong = client.post("/staff/signin", data={"staff_id": "maya", "password": "not her password"})
        assert wrong.status_code == 401
        assert "Wrong staff id or password" in wrong.text

    blocked = client.post("/staff/signin", data={"staff_id": "maya", "password": STAFF_PASSWORD},
                          follow_redirects=False)

    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "set-cookie" not in blocked.headers  # even the right password waits
    assert client.get("/api/v1/staff/me").status_code == 401


def test_a_foreign_origin_cannot_sign_anyone_in(client: TestClient) -> None:
    add_staff_accounts(client)
    response = client.post("/staff/signin", data={"staff_id": "maya", "password": STAFF_PASSWORD},
                           headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert response.status_code == 403
    assert "set-cookie" not in response.headers


def test_before_any_account_the_form_says_how_to_create_the_owner(client: TestClient) -> None:
    page = client.get("/staff/signin")
    assert page.status_code == 200
    assert "warmline staff add" in page.text


def test_a_missing_or_wrong_csrf_token_changes_nothing(staff_client: TestClient) -> None:
    conversation_id = _waiting_case_for(staff_client, "maya", "c-csrf")
    before = _state(staff_client, conversation_id)
    path = f"/api/v1/staff/conversations/{conversation_id}/reply"

    for headers in ({"X-CSRF-Token": ""}, {"X-CSRF-Token": "forged-token"}):
        refused = staff_client.post(path, json={"text": "hello from elsewhere"}, headers=headers)
        assert refused.status_code == 403
        assert refused.json()["detail"]["field"] == "X-CSRF-Token"
    del staff_client.headers["X-CSRF-Token"]
    assert staff_client.post(path, json={"text": "no token at all"}).status_code == 403

    assert _state(staff_client, conversation_id) == before


def test_an_agent_is_refused_on_someone_elses_case(staff_client: TestClient) -> None:
    conversation_id = _waiting_case_for(staff_client, "maya", "c-agent")
    before = _state(staff_client, conversation_id)
    sign_in(staff_client, "leo")

    for action, body in (("claim", {}), ("reply", {"text": "I'll take it"}), ("resolve", {}), ("handback", {})):
        refused = staff_client.post(f"/api/v1/staff/conversations/{conversation_id}/{action}", json=body)
        assert refused.status_code == 403, action
        assert "Maya" in refused.json()["detail"]["error"]

    assert _state(staff_client, conversation_id) == before
    assert staff_client.get("/api/v1/staff/audit").status_code == 403  # owners only
    assert staff_client.get("/dashboard").status_code == 403  # leads and owners only


def test_nobody_acts_as_someone_else(staff_client: TestClient) -> None:
    conversation_id = _waiting_case_for(staff_client, "maya", "c-as")
    before = _state(staff_client, conversation_id)

    response = staff_client.post(f"/api/v1/staff/conversations/{conversation_id}/claim", json={"staff_id": "leo"})

    assert response.status_code == 403
    assert _state(staff_client, conversation_id) == before


def test_actions_are_the_signed_in_persons_and_owners_see_the_audit_log(staff_client: TestClient) -> None:
    conversation_id = _waiting_case_for(staff_client, "maya", "c-audit")

    staff_client.post(f"/api/v1/staff/conversations/{conversation_id}/reply", json={"text": "Hi Ana, Maya here."})
    staff_client.post(f"/api/v1/staff/conversations/{conversation_id}/reassign", json={"to_staff_id": "leo"})

    detail = staff_client.get(f"/api/v1/staff/conversations/{conversation_id}").json()
    assert [m["staff_name"] for m in detail["messages"] if m["author"] == "staff"] == ["Maya Lindqvist"]
    log = staff_client.get("/api/v1/staff/audit", params={"conversation_id": conversation_id}).json()
    assert [(e["staff_id"], e["action"], e["via"]) for e in log] == [
        ("maya", "reassign", "inbox"), ("maya", "reply", "inbox"), ("maya", "claim", "inbox")]
    assert "Audit log" in staff_client.get("/dashboard").text


def test_an_agent_cannot_reassign(staff_client: TestClient) -> None:
    conversation_id = _waiting_case_for(staff_client, "leo", "c-re")
    sign_in(staff_client, "leo")

    response = staff_client.post(f"/api/v1/staff/conversations/{conversation_id}/reassign",
                                 json={"to_staff_id": "maya"})

    assert response.status_code == 403
    assert _state(staff_client, conversation_id)[1] == "leo"


def test_an_expired_session_is_signed_out(staff_client: TestClient) -> None:
    services = staff_client.app.state.services  # type: ignore[attr-defined]
    lifetime = timedelta(hours=services.settings.staff_session_hours)
    real_clock = services.accounts._clock
    services.accounts._clock = lambda: real_clock() + lifetime + timedelta(seconds=1)
    try:
        assert staff_client.get("/api/v1/staff/me").status_code == 401
        assert staff_client.get("/staff", follow_redirects=False).status_code == 303
    finally:
        services.accounts._clock = real_clock


def test_signing_out_ends_the_session_and_needs_the_csrf_token(staff_client: TestClient) -> None:
    csrf = staff_client.headers.pop("X-CSRF-Token")
    assert staff_client.post("/staff/signout", data={"csrf_token": "wrong"}).status_code == 403
    assert staff_client.get("/api/v1/staff/me").status_code == 200

    response = staff_client.post("/staff/signout", data={"csrf_token": csrf}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/staff/signin"
    assert staff_client.get("/api/v1/staff/me").status_code == 401


def test_the_admin_token_opens_the_api_but_not_the_staff_side(settings: Settings) -> None:
    token = "admin-token-for-tests-5f3a"
    with TestClient(create_app(settings.model_copy(update={"admin_token": token}))) as guarded:
        bearer = {"Authorization": f"Bearer {token}"}
        assert guarded.post("/api/v1/messages", json={"customer_id": "m2m", "text": "hi"},
                            headers=bearer).status_code == 200
        assert guarded.get("/api/v1/staff/conversations", headers=bearer).status_code == 401
        assert guarded.get("/api/v1/dashboard", headers=bearer).status_code == 401
        assert guarded.get("/staff", headers=bearer, follow_redirects=False).status_code == 303


def test_the_staff_socket_needs_a_session_and_this_sites_origin(staff_client: TestClient) -> None:
    foreign = {"Origin": "https://evil.example"}
    with staff_client.websocket_connect("/ws/staff", headers=foreign) as socket, \
            pytest.raises(WebSocketDisconnect) as closed:
        socket.receive_json()
    assert closed.value.code == 1008

    staff_client.cookies.clear()
    with staff_client.websocket_connect("/ws/staff") as socket, pytest.raises(WebSocketDisconnect) as closed:
        socket.receive_json()
    assert closed.value.code == 1008
