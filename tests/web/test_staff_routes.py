"""The staff inbox API: roster, list, context detail, conflicts."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests._shop import act_as

from warmline.domain import OutboundMessage, new_id


def hand_off(client: TestClient, customer: str = "c-1") -> tuple[str, str]:
    """A handoff; ``client`` is then signed in as the person it went to."""
    body = client.post("/api/v1/messages", json={"customer_id": customer, "name": "Ana Silva",
                                                  "text": "Can I talk to a person? My order 4411 is late"}).json()
    act_as(client, body["decision"]["assignee"]["id"])
    return body["conversation_id"], body["decision"]["assignee"]["id"]


@pytest.fixture
def client(staff_client: TestClient) -> TestClient:
    """Every test here is a signed-in person's (Maya, owner, until ``hand_off`` signs in as the assignee)."""
    return staff_client


def test_roster_lists_named_people_and_their_load(client: TestClient) -> None:
    hand_off(client)

    roster = client.get("/api/v1/staff/roster").json()

    assert {m["name"] for m in roster} == {"Maya Lindqvist", "Leo Park"}
    assert all(m["on_shift"] for m in roster)
    assert sum(m["open_conversations"] for m in roster) == 1


def test_inbox_lists_handed_off_conversations_with_reasons(client: TestClient) -> None:
    conversation_id, staff_id = hand_off(client)

    rows = client.get("/api/v1/staff/conversations", params={"assignee": staff_id}).json()

    assert [r["conversation_id"] for r in rows] == [conversation_id]
    assert rows[0]["customer"]["name"] == "Ana Silva"
    assert rows[0]["handoff_reasons"]
    assert client.get("/api/v1/staff/conversations", params={"state": "resolved"}).json() == []


def test_detail_has_the_context_a_person_needs(client: TestClient) -> None:
    conversation_id, _ = hand_off(client)

    detail = client.get(f"/api/v1/staff/conversations/{conversation_id}").json()

    assert detail["customer"]["name"] == "Ana Silva"
    assert detail["messages"][0]["text"].startswith("Can I talk to a person?")
    assert detail["context"]["reasons"]
    assert "4411" in " ".join(detail["context"]["identifiers"])
    assert detail["handoff"]["status"] == "open"


def test_second_person_cannot_take_a_claimed_conversation(client: TestClient) -> None:
    conversation_id, staff_id = hand_off(client)
    other = "leo" if staff_id == "maya" else "maya"
    client.post(f"/api/v1/staff/conversations/{conversation_id}/claim", json={"staff_id": staff_id})
    act_as(client, other)

    response = client.post(f"/api/v1/staff/conversations/{conversation_id}/claim", json={"staff_id": other})

    assert response.status_code == (409 if other == "maya" else 403)  # the owner hears "taken"; an agent "not yours"
    after = client.get(f"/api/v1/conversations/{conversation_id}").json()
    assert after["assignee"]["id"] == staff_id
    assert after["state"] == "with_human"


def test_hand_back_returns_the_conversation_to_the_bot(client: TestClient) -> None:
    conversation_id, staff_id = hand_off(client)

    back = client.post(f"/api/v1/staff/conversations/{conversation_id}/handback", json={"staff_id": staff_id})

    assert back.json()["state"] == "bot"
    answer = client.post("/api/v1/messages", json={"customer_id": "c-1", "text": "how long does shipping take?"})
    assert answer.json()["decision"]["action"] == "answer"


def test_resolving_a_bot_conversation_is_a_conflict(client: TestClient) -> None:
    body = client.post("/api/v1/messages", json={"customer_id": "c-2", "text": "how long does shipping take?"})

    conversation_id = body.json()["conversation_id"]
    before = client.get(f"/api/v1/conversations/{conversation_id}").json()

    response = client.post(f"/api/v1/staff/conversations/{conversation_id}/resolve", json={"staff_id": "maya"})

    assert response.status_code == 409
    after = client.get(f"/api/v1/conversations/{conversation_id}").json()
    assert after["state"] == before["state"] == "bot"
    assert after["messages"] == before["messages"], "a refused resolve must not send the closing message"
    assert not any("Did you like how this went?" in m["text"] for m in after["messages"])


def test_empty_staff_reply_is_refused(client: TestClient) -> None:
    conversation_id, staff_id = hand_off(client)

    response = client.post(f"/api/v1/staff/conversations/{conversation_id}/reply",
                           json={"staff_id": staff_id, "text": "   "})

    assert response.status_code == 422
    assert response.json()["detail"]["field"] == "text"


def test_context_explains_the_handoff_and_what_the_knowledge_base_says_about_the_real_question(
        client: TestClient) -> None:
    client.post("/api/v1/messages", json={"customer_id": "c-7", "text": "how long does shipping take?"})
    body = client.post("/api/v1/messages", json={"customer_id": "c-7", "text": "Can I talk to a person?"}).json()

    context = client.get(f"/api/v1/staff/conversations/{body['conversation_id']}").json()["context"]

    assert context["reasons"]
    assert not any(reason.startswith("answered from") for reason in context["reasons"])
    assert context["knowledge"][0]["citation"]["title"] == "How long does shipping take?"


def park_a_reply(client: TestClient, conversation_id: str, text: str) -> str:
    """What the delivery worker leaves when a platform keeps refusing a reply."""
    store = client.app.state.services.store  # type: ignore[attr-defined]

    async def park() -> str:
        [item_id] = await store.enqueue([OutboundMessage(channel="telegram", recipient_id="tg-1",
                                                         conversation_id=conversation_id, text=text,
                                                         message_id=new_id())])
        await store.mark_failed(item_id, error="403 Forbidden: bot was blocked by the user", retry_at=None)
        return str(item_id)

    assert client.portal is not None
    return client.portal.call(park)


def test_staff_see_an_undelivered_reply_and_send_it_again(client: TestClient) -> None:
    conversation_id, staff_id = hand_off(client)
    item_id = park_a_reply(client, conversation_id, "Your refund is on its way")

    detail = client.get(f"/api/v1/staff/conversations/{conversation_id}").json()
    assert [(p["id"], p["text"]) for p in detail["parked"]] == [(item_id, "Your refund is on its way")]
    assert "blocked" in detail["parked"][0]["last_error"]

    path = f"/api/v1/staff/conversations/{conversation_id}/deliveries/{item_id}/retry"
    assert client.post(path, json={"staff_id": "nobody"}).status_code == 403
    other_conversation, _ = hand_off(client, customer="c-2")
    act_as(client, staff_id)
    wrong = f"/api/v1/staff/conversations/{other_conversation}/deliveries/{item_id}/retry"
    assert client.post(wrong, json={"staff_id": staff_id}).status_code == 404

    retried = client.post(path, json={"staff_id": staff_id})

    assert retried.status_code == 200
    assert retried.json()["parked"] == []
    assert client.post(path, json={"staff_id": staff_id}).status_code == 404  # nothing parked any more


def test_detail_shows_the_customers_orders_and_the_one_the_conversation_named(client: TestClient) -> None:
    order = {"customer_id": "c-7", "email": "ana@example.com", "status": "paid", "total": 59.0,
             "created_at": "2026-03-01T10:00:00Z", "paid_at": "2026-03-01T10:01:00Z",
             "items": [{"title": "Moss mug", "variant": "Sand", "quantity": 2, "price": 29.5}]}
    client.put("/api/v1/orders/MS-2001", json=order)
    client.put("/api/v1/orders/MS-3001", json={**order, "customer_id": "someone-else", "email": "x@example.com"})
    # The email they type links this chat to the shop's customer c-7 (and so to c-7's orders).
    client.post("/api/v1/messages", json={"customer_id": "web-7", "text": "my order MS-3001 arrived broken, "
                                                                          "I'm ana@example.com"})
    conversation_id, _ = hand_off(client, customer="web-7")

    detail = client.get(f"/api/v1/staff/conversations/{conversation_id}").json()

    numbers = [o["number"] for o in detail["orders"]]
    assert numbers == ["MS-3001", "MS-2001"]  # the one named here first, then the customer's own
    assert detail["about_order"] == {"number": "MS-3001", "verified": False}  # named, never proved
    assert detail["context"]["orders"][0].startswith("MS-3001: paid")
    assert detail["context"]["orders"][0].endswith("NOT verified: the customer has not proved it is theirs")
    assert detail["orders"][1]["items"][0]["variant"] == "Sand"


def test_waiting_cases_come_urgent_first_then_by_when_their_promised_reply_is_due(client: TestClient) -> None:
    calm, _ = hand_off(client, "calm")
    upset, _ = hand_off(client, "upset")
    client.post("/api/v1/messages", json={"customer_id": "upset", "text": "This is ridiculous, I am furious!!"})

    rows = client.get("/api/v1/staff/conversations", params={"state": "queued"}).json()

    assert [r["conversation_id"] for r in rows] == [upset, calm]
    assert [r["urgent"] for r in rows] == [True, False]
    assert all(r["promise_due_at"] for r in rows)
