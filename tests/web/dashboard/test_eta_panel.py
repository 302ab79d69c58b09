"""Promised vs actual waits per case type and person on the dashboard (issue 20), after real traffic through
the API on the manual clock: a promise kept the week before, one broken and one still running this week."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from tests._clock import ManualClock
from tests._shop import act_as_async

from warmline.config import Settings
from warmline.runtime.services import Services
from warmline.web import create_app


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A staff sign-in that outlasts the test's week on the manual clock."""
    return settings.model_copy(update={"staff_session_hours": 24 * 30})


@pytest.fixture
async def api(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(services=services)),
                                 base_url="http://test") as client:
        await act_as_async(client, services, "maya")  # the owner: the damaged-item cases are hers
        yield client


async def _say(api: httpx.AsyncClient, customer: str, text: str) -> dict[str, Any]:
    response = await api.post("/api/v1/messages", json={"customer_id": customer, "name": "Ana", "text": text})
    assert response.status_code == 200, response.text
    decision = response.json()["decision"]
    assert decision["eta_minutes"], decision
    assert decision["assignee"], decision
    return response.json()


async def _staff_reply(api: httpx.AsyncClient, said: dict[str, Any]) -> None:
    response = await api.post(f"/api/v1/staff/conversations/{said['conversation_id']}/reply",
                              json={"staff_id": said["decision"]["assignee"]["id"], "text": "Hi, Maya here."})
    assert response.status_code == 200, response.text


def _group(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(row for row in rows if row["key"] == key)


async def test_kept_rate_and_promised_vs_waited_per_case_type_and_person(
        api: httpx.AsyncClient, clock: ManualClock) -> None:
    last_week = await _say(api, "c-early", "my mug arrived broken, order 5521")
    promised = last_week["decision"]["eta_minutes"]
    clock.advance(minutes=promised / 2)
    await _staff_reply(api, last_week)  # kept, at half the promised time

    clock.advance(days=7)
    broken = await _say(api, "c-late", "the sweater came torn, order 7730")
    assert broken["decision"]["assignee"]["id"] == "maya"
    clock.advance(minutes=broken["decision"]["eta_minutes"] + 10)
    await _staff_reply(api, broken)  # 10 minutes late
    running = await _say(api, "c-now", "Can I talk to a person please?")  # still within its promise
    clock.advance(minutes=1)

    figures = (await api.get("/api/v1/dashboard", params={"days": 1})).json()

    damaged = _group(figures["eta_by_case_type"], "damaged_item")
    assert damaged["label"] == "Damaged item"
    assert damaged["period"]["settled"] == 1
    assert damaged["period"]["kept_rate"] == 0.0
    assert damaged["period"]["promised_median_minutes"] == broken["decision"]["eta_minutes"]
    assert damaged["period"]["waited_median_minutes"] == pytest.approx(broken["decision"]["eta_minutes"] + 10)
    assert damaged["last_week"]["settled"] == 1
    assert damaged["last_week"]["kept_rate"] == 1.0
    assert damaged["last_week"]["promised_over_actual"] == pytest.approx(2.0)
    assert all(row["key"] != "(none)" for row in figures["eta_by_case_type"])  # still running: not settled
    maya = _group(figures["eta_by_person"], "maya")
    assert maya["label"] == "Maya Lindqvist"
    assert (maya["period"]["settled"], maya["period"]["kept"]) == (1, 0)
    assert (maya["last_week"]["settled"], maya["last_week"]["kept"]) == (1, 1)
    assert running["conversation_id"] in {w["conversation_id"] for w in figures["waits"]}

    page = (await api.get("/dashboard", params={"days": 1})).text
    assert 'id="eta-h">Promised vs actual waits<' in page
    assert "<td>Damaged item</td><td>0% (0 of 1)</td>" in page
    assert "<td>Maya Lindqvist</td><td>0% (0 of 1)</td>" in page
    assert "<td>100% (1 of 1)</td><td>2.0×</td>" in page  # the week before: kept, promised twice the wait


async def test_nothing_settled_says_so(api: httpx.AsyncClient, clock: ManualClock) -> None:
    running = await _say(api, "c-now", "Can I talk to a person please?")
    clock.advance(minutes=1)

    figures = (await api.get("/api/v1/dashboard", params={"days": 1})).json()
    page = (await api.get("/dashboard", params={"days": 1})).text

    assert [w["conversation_id"] for w in figures["waits"]] == [running["conversation_id"]]
    assert figures["eta_by_case_type"] == []
    assert figures["eta_by_person"] == []
    assert "No promise settled in this period or the week before." in page
