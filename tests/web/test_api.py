"""The direct API channel and resources, as DESIGN.md specifies them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests._shop import act_as, pinned_settings

from warmline.config import Settings
from warmline.web import create_app


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test shop on a pinned clock: a waiting customer hears "today" at any hour the suite runs."""
    return pinned_settings(settings)


def say(client: TestClient, text: str, *, customer: str = "c-1", **extra: Any) -> dict[str, Any]:
    response = client.post("/api/v1/messages", json={"customer_id": customer, "text": text, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def test_simple_question_is_answered_at_once_with_its_source(client: TestClient) -> None:
    body = say(client, "how long does shipping take?", name="Ana")

    assert body["state"] == "bot"
    assert body["decision"]["action"] == "answer"
    assert "2-4 business days" in body["replies"][0]["text"]
    assert any("How long does shipping take?" in c for c in body["decision"]["citations"])
    assert 0 < body["decision"]["confidence"] <= 1


def test_question_outside_the_knowledge_gets_an_honest_not_sure_with_choices(client: TestClient) -> None:
    body = say(client, "what is the boiling point of tungsten?")

    assert body["decision"]["action"] in {"clarify", "delay", "handoff"}
    assert body["decision"]["citations"] == []
    assert body["replies"], "the customer must hear something"
    assert body["replies"][-1]["choices"], "offer choices, not a dead end"
    assert "1 business day" not in body["replies"][0]["text"]


def test_wish_for_a_person_hands_off_to_a_named_person_who_the_waiting_customer_hears_about(
        client: TestClient) -> None:
    handoff = say(client, "Can I talk to a person please?")

    decision = handoff["decision"]
    assert decision["action"] == "handoff"
    assert decision["assignee"]["name"] in {"Maya Lindqvist", "Leo Park"}
    assert decision["eta_minutes"] is not None
    assert handoff["state"] == "queued"
    first_name = decision["assignee"]["name"].split()[0]
    assert first_name in handoff["replies"][0]["text"]

    waiting = say(client, "it's about my order 12345")
    assert waiting["decision"]["action"] == "relay"
    assert waiting["conversation_id"] == handoff["conversation_id"]
    [reply] = waiting["replies"]
    assert first_name in reply["text"]
    assert "today" in reply["text"], "the promised time, in words"
    assert f"Wait for {first_name}" in reply["choices"]
    assert "Email me when it's done" not in reply["choices"], "no SMTP set up: not offered"

    staff = decision["assignee"]["id"]
    act_as(client, staff)
    claimed = client.post(f"/api/v1/staff/conversations/{handoff['conversation_id']}/claim", json={"staff_id": staff})
    assert claimed.status_code == 200, claimed.text
    silent = say(client, "thanks, here's the photo too")
    assert silent["state"] == "with_human"
    assert silent["replies"] == [], "a person is on it: the bot stays quiet"


def test_conversation_resource_shows_messages_and_decisions(client: TestClient) -> None:
    first = say(client, "how long does shipping take?")
    say(client, "can I pay with paypal?")

    conversation = client.get(f"/api/v1/conversations/{first['conversation_id']}").json()

    assert conversation["state"] == "bot"
    assert [m["author"] for m in conversation["messages"]] == ["customer", "bot", "customer", "bot"]
    assert [d["action"] for d in conversation["decisions"]] == ["answer", "answer"]
    assert conversation["decisions"][0]["reasons"]


def test_staff_claim_reply_resolve_then_the_bot_answers_again(client: TestClient) -> None:
    handoff = say(client, "I want to speak to a human")
    conversation_id = handoff["conversation_id"]
    staff_id = handoff["decision"]["assignee"]["id"]
    act_as(client, staff_id)

    claimed = client.post(f"/api/v1/staff/conversations/{conversation_id}/claim", json={"staff_id": staff_id})
    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["state"] == "with_human"
    reply = client.post(f"/api/v1/staff/conversations/{conversation_id}/reply",
                        json={"staff_id": staff_id, "text": "Hi! I'm on it."})
    assert reply.json()["message"]["author"] == "staff"
    assert say(client, "thanks!")["decision"]["action"] == "relay"

    resolved = client.post(f"/api/v1/staff/conversations/{conversation_id}/resolve", json={"staff_id": staff_id})
    assert resolved.json()["state"] == "resolved"
    again = say(client, "how long does shipping take?")
    assert again["decision"]["action"] == "answer"
    assert again["state"] == "bot"
    assert again["conversation_id"] == conversation_id


def test_nobody_can_act_as_someone_else(client: TestClient) -> None:
    conversation_id = say(client, "I want to speak to a human")["conversation_id"]
    act_as(client, "maya")

    response = client.post(f"/api/v1/staff/conversations/{conversation_id}/claim", json={"staff_id": "mallory"})

    assert response.status_code == 403
    assert "signed in as maya" in response.json()["detail"]["error"]
    assert client.get(f"/api/v1/conversations/{conversation_id}").json()["state"] == "queued"


def test_a_retried_message_is_answered_from_the_store_and_not_processed_twice(client: TestClient) -> None:
    first = say(client, "how long does shipping take?", message_id="m-1")
    again = say(client, "how long does shipping take?", message_id="m-1")

    assert again["duplicate"] is True
    assert again["replies"] == first["replies"]
    messages = client.get(f"/api/v1/conversations/{first['conversation_id']}").json()["messages"]
    assert len(messages) == 2


@pytest.mark.parametrize(("body", "field"), [
    ({"text": "hi"}, "customer_id"),
    ({"customer_id": "c-1"}, "text"),
    ({"customer_id": "c-1", "text": ""}, "text"),
    ({"customer_id": "c-1", "text": 42}, "text"),
    ({"customer_id": "has spaces!", "text": "hi"}, "customer_id"),
    ({"customer_id": "c-1", "text": "hi", "surprise": 1}, "surprise"),
    ({"customer_id": "c-1", "text": "x" * 4001}, "text"),
    # The API is a channel of its own: naming a platform would make the bot write to that platform's chat.
    ({"customer_id": "424242", "text": "hi", "channel": "telegram"}, "channel"),
    ({"customer_id": "c-1", "text": "hi", "channel": "whatsapp"}, "channel"),
    ({"customer_id": "c-1", "text": "hi", "channel": "web"}, "channel"),
])
def test_bad_message_bodies_name_the_field_and_store_nothing(client: TestClient, body: dict[str, Any],
                                                             field: str) -> None:
    response = client.post("/api/v1/messages", json=body)

    assert response.status_code == 422
    assert response.json()["detail"]["field"] == field
    assert client.get(f"/api/v1/customers/{body.get('customer_id', 'c-1')}").status_code == 404


def test_malformed_json_is_a_clear_422(client: TestClient) -> None:
    response = client.post("/api/v1/messages", content=b'{"customer_id": "c-1", "text": ',
                           headers={"content-type": "application/json"})

    assert response.status_code == 422
    assert "JSON" in response.json()["detail"]["error"]


def test_oversized_body_is_refused_with_413(client: TestClient) -> None:
    response = client.post("/api/v1/messages", content=b"x" * (300 * 1024),
                           headers={"content-type": "application/json"})

    assert response.status_code == 413


def test_customer_profile_round_trip_with_linked_identity(client: TestClient) -> None:
    say(client, "hello", customer="c-9")
    put = client.put("/api/v1/customers/c-9", json={
        "name": "Ana Silva", "email": "Ana@Example.com", "customer_since": "2017-03-01", "orders_count": 62,
        "lifetime_value": 3400.5, "payments_on_time": 62, "payments_late": 0, "tier": "gold",
        "account_owner": "maya", "attributes": {"vip": True}})
    assert put.status_code == 200, put.text

    got = client.get("/api/v1/customers/c-9").json()

    assert got["email"] == "ana@example.com"
    assert got["customer_since"] == "2017-03-01"
    assert got["account_owner"] == "maya"
    assert got["attributes"] == {"vip": True}


def test_a_profile_and_messages_with_its_customer_id_are_one_customer(client: TestClient) -> None:
    client.put("/api/v1/customers/c-7", json={"name": "Helena Brandt", "tier": "gold"})

    body = say(client, "how long does shipping take?", customer="c-7")

    conversation = client.get(f"/api/v1/conversations/{body['conversation_id']}").json()
    assert conversation["customer_id"] == "c-7"
    identities = client.get("/api/v1/customers/c-7").json()["identities"]
    assert {"channel": "api", "external_id": "c-7"} in identities


def test_messages_first_then_the_profile_is_still_one_customer(client: TestClient) -> None:
    body = say(client, "hello", customer="c-8", name="Ana")
    client.put("/api/v1/customers/c-8", json={"tier": "gold"})

    conversation = client.get(f"/api/v1/conversations/{body['conversation_id']}").json()
    got = client.get("/api/v1/customers/c-8").json()
    assert conversation["customer_id"] == "c-8"
    assert (got["name"], got["tier"]) == ("Ana", "gold")


def test_a_long_reliable_customer_whose_card_was_declined_gets_a_named_person_now(client: TestClient) -> None:
    client.put("/api/v1/customers/c-62", json={
        "name": "Helena Brandt", "customer_since": "2019-02-01", "orders_count": 40, "lifetime_value": 3100,
        "payments_on_time": 62, "payments_late": 0, "tier": "gold"})

    body = say(client, "Hi, my card was declined for my order 1234, what's going on?", customer="c-62")

    decision = body["decision"]
    assert decision["action"] == "handoff"
    first_name = decision["assignee"]["name"].split()[0]
    text = body["replies"][0]["text"]
    assert "Helena" in text
    assert first_name in text
    assert any("personal help" in reason for reason in decision["reasons"])
    assert any("62 payments on time" in reason for reason in decision["reasons"]), "the staff card says why"


@pytest.mark.parametrize(("body", "field"), [
    ({"email": "not-an-email"}, "email"),
    ({"customer_since": "last year"}, "customer_since"),
    ({"orders_count": -1}, "orders_count"),
    ({"account_owner": "nobody"}, "account_owner"),
])
def test_bad_profiles_name_the_field_and_change_nothing(client: TestClient, body: dict[str, Any],
                                                        field: str) -> None:
    client.put("/api/v1/customers/c-5", json={"name": "Before"})

    response = client.put("/api/v1/customers/c-5", json={"name": "After", **body})

    assert response.status_code == 422
    assert response.json()["detail"]["field"] == field
    assert client.get("/api/v1/customers/c-5").json()["name"] == "Before"


def test_unknown_conversation_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/conversations/nope")

    assert response.status_code == 404
    assert "nope" in response.json()["detail"]["error"]


def test_admin_token_guards_the_api_but_not_the_health_check(settings: Settings) -> None:
    guarded = settings.model_copy(update={"admin_token": "s3cret-token-for-tests"})
    with TestClient(create_app(guarded)) as client:
        assert client.post("/api/v1/messages", json={"customer_id": "c", "text": "hi"}).status_code == 401
        assert client.get("/api/v1/staff/roster").status_code == 401
        ok = client.post("/api/v1/messages", json={"customer_id": "c", "text": "hi"},
                         headers={"Authorization": "Bearer s3cret-token-for-tests"})
        assert ok.status_code == 200
        assert client.get("/healthz").status_code == 200


def test_health_and_metrics(client: TestClient) -> None:
    say(client, "how long does shipping take?")

    assert client.get("/healthz").json()["status"] == "ok"
    metrics = client.get("/metrics").text
    assert 'warmline_decisions_total{action="answer"} 1.0' in metrics


def test_an_answered_turn_fills_the_stage_histograms(client: TestClient) -> None:
    before = client.get("/metrics").text
    say(client, "how long does shipping take?")
    metrics = client.get("/metrics").text

    assert 'warmline_stage_seconds_count{stage="retrieve"} 0.0' in before
    for stage in ("retrieve", "signals", "policy"):
        assert f'warmline_stage_seconds_count{{stage="{stage}"}} 1.0' in metrics
    # Storing the message (with the customer, the conversation and its last messages), storing the reply.
    assert 'warmline_stage_seconds_count{stage="store"} 2.0' in metrics
    assert 'warmline_stage_seconds_count{stage="deliver"} 0.0' in metrics  # the API answers in the response


def test_a_complex_case_explains_the_delay_and_queues_it_for_a_named_person(client: TestClient) -> None:
    body = say(client, "my mug arrived broken, order 5521")

    decision = body["decision"]
    assert decision["action"] == "delay"
    assert decision["eta_minutes"] is not None
    assert decision["assignee"]["id"] == "maya"  # the only one with the damaged_item skill
    assert body["state"] == "queued"
    assert "photo" in " ".join(r["text"] for r in body["replies"])
    act_as(client, "maya")
    rows = client.get("/api/v1/staff/conversations", params={"assignee": "maya"}).json()
    assert [r["conversation_id"] for r in rows] == [body["conversation_id"]]


# orders ------------------------------------------------------------------------------------------
JANES_ORDER = {
    "customer_id": "jane", "email": "Jane@Example.com", "postcode": "1021 AB", "status": "fulfilled",
    "created_at": "2026-03-01T10:00:00Z", "paid_at": "2026-03-01T10:05:00Z", "fulfilled_at": "2026-03-02T15:00:00Z",
    "carrier": "PostNL", "tracking_number": "3SABC", "tracking_url": "https://track.example/3SABC",
    "items": [{"title": "Wool cardigan", "variant": "Blue / M", "quantity": 1, "price": 129.0}],
    "total": 129.0, "currency": "EUR",
}


def test_an_order_round_trips_and_its_customer_figures_follow(client: TestClient) -> None:
    put = client.put("/api/v1/orders/MS-1042", json=JANES_ORDER)
    assert put.status_code == 200, put.text
    assert put.json()["stage"] == "shipped"

    got = client.get("/api/v1/orders/ms-1042").json()  # any spelling of the number

    assert got["number"] == "MS-1042"
    assert got["email"] == "jane@example.com"
    assert got["items"][0]["variant"] == "Blue / M"
    customer = client.get("/api/v1/customers/jane").json()
    assert (customer["orders_count"], customer["lifetime_value"], customer["customer_since"]) == (1, 129.0,
                                                                                                  "2026-03-01")


@pytest.mark.parametrize(("body", "field"), [
    ({"customer_id": None, "email": None}, "customer_id"),
    ({"email": "not-an-email"}, "email"),
    ({"paid_at": "yesterday"}, "paid_at"),
    ({"total": -5}, "total"),
    ({"tracking_url": "javascript:alert(1)"}, "tracking_url"),
    ({"items": [{"title": "", "quantity": 1}]}, "items.0.title"),
    ({"currency": "euro"}, "currency"),
])
def test_bad_orders_name_the_field_and_change_nothing(client: TestClient, body: dict[str, Any], field: str) -> None:
    client.put("/api/v1/orders/MS-1042", json=JANES_ORDER)

    response = client.put("/api/v1/orders/MS-1042", json={**JANES_ORDER, "status": "cancelled", **body})

    assert response.status_code == 422
    assert response.json()["detail"]["field"] == field
    assert client.get("/api/v1/orders/MS-1042").json()["status"] == "fulfilled"


def test_unknown_order_is_404_and_a_bad_number_is_422(client: TestClient) -> None:
    assert client.get("/api/v1/orders/MS-9").status_code == 404
    assert client.put("/api/v1/orders/a b", json=JANES_ORDER).status_code == 422


def test_the_owner_with_number_and_email_gets_the_status_a_stranger_gets_nothing(client: TestClient) -> None:
    shipped = (datetime.now(UTC) - timedelta(hours=5)).isoformat()  # on its way, not overdue
    client.put("/api/v1/orders/MS-1042", json={**JANES_ORDER, "fulfilled_at": shipped})

    owner = say(client, "has MS-1042 shipped? jane@example.com", customer="web-1", channel="webchat")
    stranger = say(client, "has MS-1042 shipped?", customer="web-2", channel="webchat")
    made_up = say(client, "has MS-7777 shipped?", customer="web-3", channel="webchat")

    assert owner["decision"]["action"] == "answer"
    assert "https://track.example/3SABC" in owner["replies"][0]["text"]
    assert owner["decision"]["citations"] == ["order MS-1042 › shipped"]
    assert stranger["decision"]["action"] == "clarify"
    assert stranger["replies"] == made_up["replies"]
    assert "PostNL" not in stranger["replies"][0]["text"]
