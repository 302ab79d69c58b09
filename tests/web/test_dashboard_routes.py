"""The dashboard page and its JSON, after real traffic through the API: figures, charts, the period and
channel choice, the admin token, and clear errors for a bad period."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests._shop import act_as, pinned_settings

from warmline.config import Settings
from warmline.web import create_app


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test shop on a pinned clock, so the day of the traffic is known before it is sent (no midnight race)."""
    return pinned_settings(settings)


TOKEN = "dashboard-test-token-7f3a"


def _say(client: TestClient, customer: str, text: str, *, channel: str = "api",
         headers: dict[str, str] | None = None) -> dict:
    response = client.post("/api/v1/messages", json={"customer_id": customer, "name": "Ana Silva", "text": text,
                                                      "channel": channel}, headers=headers or {})
    assert response.status_code == 200, response.text
    return response.json()


def _traffic(client: TestClient, headers: dict[str, str] | None = None) -> dict[str, dict]:
    """Four customers: answered, not answered, handed off (and answered by a person), delay explained."""
    said = {
        "answered": _say(client, "c-answer", "how long does shipping take?", headers=headers),
        "unsure": _say(client, "c-unsure", "what is the boiling point of tungsten?", channel="kiosk", headers=headers),
        "handoff": _say(client, "c-person", "Can I talk to a person please?", headers=headers),
        "delay": _say(client, "c-broken", "my mug arrived broken, order 5521", headers=headers),
    }
    assert [said[k]["decision"]["action"] for k in said] == ["answer", "clarify", "handoff", "delay"]
    handoff = said["handoff"]
    act_as(client, handoff["decision"]["assignee"]["id"])
    reply = client.post(f"/api/v1/staff/conversations/{handoff['conversation_id']}/reply", headers=headers or {},
                        json={"staff_id": handoff["decision"]["assignee"]["id"], "text": "Hi Ana, Maya here!"})
    assert reply.status_code == 200, reply.text
    act_as(client, "maya")  # the owner reads the dashboard
    return said


def test_figures_of_real_traffic(client: TestClient) -> None:
    _traffic(client)

    figures = client.get("/api/v1/dashboard", params={"days": 2}).json()

    assert figures["days"] == 2
    assert figures["conversations"] == 4
    assert {c["key"]: c["value"] for c in figures["outcomes"]} == {
        "answered": 1, "delay_explained": 1, "handed_off": 1, "not_answered": 1}
    assert [(row["channel"], row["conversations"]) for row in figures["by_channel"]] == [("api", 3), ("kiosk", 1)]
    assert [u["question"] for u in figures["unanswered"]] == ["what is the boiling point of tungsten?"]
    promises = {c["key"]: c["value"] for c in figures["promises"]}
    assert promises["kept"] == 1
    assert promises["kept"] + promises["open"] + promises["overdue"] == 2
    waits = {w["conversation_id"]: w for w in figures["waits"]}
    assert len(waits) == 2
    assert sum(w["replied"] for w in waits.values()) == 1
    assert {c["label"] for c in figures["handoff_reasons"] if c["value"]} >= {
        "Asked for a person", "Needs a person: damaged item"}
    assert figures["first_reply"]["count"] == 4
    assert figures["first_person_reply"]["count"] == 1


def test_the_page_shows_the_figures_with_charts(client: TestClient) -> None:
    _traffic(client)

    page = client.get("/dashboard", params={"days": 7})

    assert page.status_code == 200
    html = page.text
    assert re.search(r'data-kpi="conversations".*?kpi__value">4<', html)
    assert html.count('<svg class="chart chart--') == 5
    assert 'data-key="answered" data-value="1"' in html
    assert "what is the boiling point of tungsten?" in html
    assert "Maya Lindqvist" in html or "Leo Park" in html
    assert '<option value="7" selected>' in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing from elsewhere


def test_a_channel_and_custom_dates_narrow_the_figures(client: TestClient, settings: Settings) -> None:
    assert settings.clock is not None  # the app's pinned clock: the traffic's day is known before it is sent
    today = settings.clock.date().isoformat()
    _traffic(client)

    kiosk = client.get("/api/v1/dashboard", params={"channel": "kiosk", "since": today, "until": today}).json()

    assert kiosk["days"] is None
    assert kiosk["channel"] == "kiosk"
    assert kiosk["conversations"] == 1
    assert kiosk["channels"] == ["api", "kiosk"]
    page = client.get("/dashboard", params={"channel": "kiosk", "days": "", "since": today, "until": today}).text
    assert '<option value="kiosk" selected>' in page
    assert '<option value="" selected>Custom dates</option>' in page


@pytest.mark.parametrize(("params", "field"), [
    ({"days": "0"}, "days"), ({"days": "many"}, "days"), ({"since": "last tuesday"}, "since"),
    ({"since": "2026-03-05", "until": "2026-03-01"}, "until"), ({"channel": "x" * 65}, "channel"),
    ({"channel": "web\x00"}, "channel"),
])
def test_a_bad_period_is_a_422_naming_the_field(client: TestClient, params: dict[str, str], field: str) -> None:
    act_as(client, "maya")
    response = client.get("/api/v1/dashboard", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]["field"] == field
    page = client.get("/dashboard", params=params)
    assert page.status_code == 422
    assert 'role="alert"' in page.text
    assert "Internal Server Error" not in page.text


@pytest.fixture
def guarded(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"admin_token": TOKEN}))) as test_client:
        yield test_client


def test_the_admin_token_feeds_the_api_but_only_a_signed_in_lead_sees_the_dashboard(guarded: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    _traffic(guarded, headers=auth)
    guarded.cookies.clear()

    assert guarded.get("/api/v1/dashboard", headers=auth).status_code == 401  # not a person
    assert guarded.get("/dashboard", headers=auth, follow_redirects=False).status_code == 303
    act_as(guarded, "leo")
    assert guarded.get("/api/v1/dashboard").status_code == 403  # an agent

    act_as(guarded, "maya")
    page = guarded.get("/dashboard", params={"days": 7})
    assert page.status_code == 200
    assert re.search(r'data-kpi="conversations".*?kpi__value">4<', page.text)
    assert guarded.get("/api/v1/dashboard").json()["conversations"] == 4
