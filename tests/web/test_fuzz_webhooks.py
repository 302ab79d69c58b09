"""Fuzzing every webhook and API body: hostile and broken input gets a 4xx (never a 5xx) and stores nothing.

Bodies come three ways: random bytes (invalid UTF-8 included), random JSON (NaN, huge numbers, unpaired
surrogates, deep nesting), and a *valid* platform payload with one field replaced by a random value or
removed — wrong types and missing fields, past the signature check (each body is signed correctly, so the
parser is what is being tested). After every request: no 5xx, and when the answer is an error, no row
was added anywhere in the store.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from anyio.from_thread import start_blocking_portal
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests._shop import FAST_PASSWORDS, act_as, write_test_bot

from channels import fake_graph, fake_telegram
from channels.staff.fake_slack import BOT_TOKEN, HANDOFF_CHANNEL, SIGNING_SECRET, FakeSlack, message_event, sign
from warmline.channels.meta import sign_body
from warmline.config import Settings
from warmline.web import create_app

APP_SECRET = "fuzz-app-secret-5e2a"
MAX_BODY = 4096
# Rows a refused request must not add (the outbox and Slack threads change in the background).
TABLES = ("customers", "identities", "conversations", "messages", "decisions", "handoffs", "promises", "feedback")
FUZZ = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@dataclass
class Shop:
    """The running app with every channel on, and its database file."""

    client: TestClient
    database: Path
    conversation_id: str  # a conversation handed off to a person, for the staff actions

    def rows(self) -> dict[str, int]:
        with sqlite3.connect(self.database) as db:
            return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}

    def send(self, method: str, path: str, *, body: bytes = b"", headers: dict[str, str] | None = None,
             params: dict[str, str] | None = None) -> Any:
        """One request: never a 5xx, and nothing stored when refused."""
        before = self.rows()
        response = self.client.request(method, path, content=body, headers=headers or {}, params=params)
        assert response.status_code < 500, (path, body[:200], response.text[:300])
        if response.status_code >= 400:
            assert self.rows() == before, (path, body[:200], response.status_code)
            if path.startswith("/api/"):
                assert response.json()["detail"], response.text  # the error says what is wrong
        return response


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    root = tmp_path_factory.mktemp("fuzz")
    with start_blocking_portal() as portal, \
            portal.wrap_async_context_manager(fake_telegram.FakeTelegram()) as telegram, \
            portal.wrap_async_context_manager(fake_graph.running_fake_graph(tokens=("PAGE", "WA-token"))) as graph, \
            FakeSlack() as slack:
        database = root / "warmline.sqlite3"
        configured = Settings(
            bot=write_test_bot(root), data_dir=root / "data", database_url=f"sqlite:///{database}",
            max_body_bytes=MAX_BODY, rate_limit_per_source=0, rate_limit_per_customer=0,
            telegram_token=fake_telegram.TOKEN, telegram_secret=fake_telegram.SECRET, telegram_api_url=telegram.api_url,
            meta_app_secret=APP_SECRET, meta_verify_token="fuzz-verify", meta_page_token="PAGE",
            meta_api_url=graph.url, whatsapp_token="WA-token", whatsapp_phone_id="1555",
            slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_handoff_channel=HANDOFF_CHANNEL,
            slack_api_url=slack.api_url, **FAST_PASSWORDS)
        with TestClient(create_app(configured)) as client:
            handoff = client.post("/api/v1/messages", json={"customer_id": "fuzz", "text": "Can I talk to a person?"})
            act_as(client, "maya")  # the owner: staff actions reach the desk, not just the sign-in check
            yield Shop(client=client, database=database, conversation_id=handoff.json()["conversation_id"])


# --- strategies -----------------------------------------------------------------------------------------

# Text with unpaired surrogates and control characters too (json.dumps sends them as \\u escapes).
texts = st.text(st.characters(codec="utf-8"), max_size=30)  # any text a client can send (no lone surrogates)
scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=2**63, max_value=2**80)
           | st.floats() | texts)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(texts, inner, max_size=3), max_leaves=12)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document that can be replaced or removed."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, template: dict[str, Any]) -> dict[str, Any]:
    """``template`` with one field given a random value, or removed."""
    document = json.loads(json.dumps(template))
    path = draw(st.sampled_from(paths(document)))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(json_values)
    return document


def bodies(template: dict[str, Any]) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=200),
        json_values.map(lambda v: json.dumps(v).encode()),
        mutated(template).map(lambda v: json.dumps(v).encode()),
    )


TELEGRAM = fake_telegram.text_update(4242, "how long does shipping take?", message_id=7, update_id=70)
MESSENGER = fake_graph.text_event("messenger", "5551", "do you ship to the USA?", "m.fuzz",
                                  timestamp_ms=1_700_000_000_000)
WHATSAPP = fake_graph.text_event("whatsapp", "15550001", "can I pay with paypal?", "wamid.fuzz",
                                 timestamp_ms=1_700_000_000_000)
SLACK = message_event(user="U0MAYA", text="Hi!", channel=HANDOFF_CHANNEL, thread_ts="1760000000.000001")
MESSAGE = {"customer_id": "c-1", "text": "how long does shipping take?", "name": "Ana", "channel": "api",
           "message_id": "m-1"}
PROFILE = {"name": "Ana", "email": "ana@example.com", "phone": "+31 6 1234 5678", "customer_since": "2019-03-01",
           "orders_count": 3, "lifetime_value": 120.5, "payments_on_time": 3, "payments_late": 0, "tier": "gold",
           "account_owner": "maya", "attributes": {"vip": True}}
REPLY = {"staff_id": "maya", "text": "Hi Ana!"}


# --- platform webhooks, signed ------------------------------------------------------------------------

@FUZZ
@given(body=bodies(TELEGRAM))
@example(body=b"\xff\xfe\x00")
@example(body=b'{"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": 5, "type": "private"}, '
              b'"text": 5}}')
def test_telegram_webhook(shop: Shop, body: bytes) -> None:
    shop.send("POST", "/webhooks/telegram", body=body,
              headers={"content-type": "application/json", "x-telegram-bot-api-secret-token": fake_telegram.SECRET})


@FUZZ
@given(body=st.one_of(bodies(MESSENGER), bodies(WHATSAPP)))
@example(body=b'{"object": "page", "entry": [{"messaging": [{"sender": {"id": "1"}, "timestamp": 1e300, '
              b'"message": {"mid": "m", "text": "hi"}}]}]}')
def test_meta_webhook(shop: Shop, body: bytes) -> None:
    shop.send("POST", "/webhooks/meta", body=body,
              headers={"content-type": "application/json", "x-hub-signature-256": sign_body(APP_SECRET, body)})


@FUZZ
@given(query=st.dictionaries(st.sampled_from(["hub.mode", "hub.verify_token", "hub.challenge", "x"]), texts))
def test_meta_subscription_check(shop: Shop, query: dict[str, str]) -> None:
    shop.send("GET", "/webhooks/meta", params=query)


@FUZZ
@given(body=bodies(SLACK), form=st.booleans())
def test_slack_events(shop: Shop, body: bytes, form: bool) -> None:
    if form:  # interactivity arrives form-encoded, the JSON in a "payload" field
        body = urlencode({"payload": body.decode("utf-8", errors="surrogateescape")}, errors="surrogateescape"
                         ).encode()
    content_type = "application/x-www-form-urlencoded" if form else "application/json"
    shop.send("POST", "/slack/events", body=body, headers={"content-type": content_type, **sign(body)})


@FUZZ
@given(body=st.binary(max_size=300), route=st.sampled_from(["/webhooks/telegram", "/webhooks/meta", "/slack/events"]))
def test_unsigned_requests_are_refused_and_store_nothing(shop: Shop, body: bytes, route: str) -> None:
    response = shop.send("POST", route, body=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500


# --- the HTTP API ---------------------------------------------------------------------------------------

@FUZZ
@given(body=bodies(MESSAGE))
@example(body=b'{"customer_id": "a", "text": "hi\\u0000"}')
@example(body=b"[" * 3000 + b"]" * 3000)
def test_api_messages(shop: Shop, body: bytes) -> None:
    shop.send("POST", "/api/v1/messages", body=body, headers={"content-type": "application/json"})


def path_segment(text: str) -> str:
    """``text`` percent-encoded as raw bytes (unpaired surrogates become the invalid UTF-8 they encode to)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


ids = st.one_of(st.just("c-1"), texts.filter(lambda t: t.strip(".") != ""))


@FUZZ
@given(body=bodies(PROFILE), customer_id=ids)
@example(body=b'{"orders_count": 100000000000000000000000000}', customer_id="c-1")
@example(body=b'{"attributes": {"x": "\\ud800"}}', customer_id="c-1")
@example(body=b'{"name": "x"}', customer_id="\x00")
def test_api_customer_profile(shop: Shop, body: bytes, customer_id: str) -> None:
    shop.send("PUT", f"/api/v1/customers/{path_segment(customer_id)}", body=body,
              headers={"content-type": "application/json"})
    shop.send("GET", f"/api/v1/customers/{path_segment(customer_id)}")


@FUZZ
@given(body=bodies(REPLY), action=st.sampled_from(["claim", "reply", "resolve", "handback"]),
       conversation=st.one_of(st.none(), ids))
def test_staff_actions(shop: Shop, body: bytes, action: str, conversation: str | None) -> None:
    target = shop.conversation_id if conversation is None else path_segment(conversation)
    shop.send("POST", f"/api/v1/staff/conversations/{target}/{action}", body=body,
              headers={"content-type": "application/json"})
    shop.send("GET", f"/api/v1/staff/conversations/{target}")
    shop.send("GET", f"/api/v1/conversations/{target}")


# --- size -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/webhooks/telegram", "/webhooks/meta", "/slack/events", "/api/v1/messages"])
def test_huge_bodies_get_413_whether_declared_or_streamed(shop: Shop, path: str) -> None:
    huge = b'{"text": "' + b"a" * (MAX_BODY + 10) + b'"}'

    declared = shop.send("POST", path, body=huge, headers={"content-type": "application/json"})

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as the body streams in
        for start in range(0, len(huge), 1000):
            yield huge[start:start + 1000]

    before = shop.rows()
    streamed = shop.client.post(path, content=chunks(), headers={"content-type": "application/json"})

    assert (declared.status_code, streamed.status_code) == (413, 413)
    assert declared.json()["detail"]["field"] == "body"
    assert shop.rows() == before


def test_a_valid_signed_message_is_still_answered_after_all_that(shop: Shop) -> None:
    """The fuzzing did not break the app: a real message still goes through, and is stored."""
    body = json.dumps(fake_graph.text_event("messenger", "777001", "do you ship to the USA?", f"m.{time.time_ns()}",
                                            timestamp_ms=1_700_000_000_000)).encode()
    before = shop.rows()["messages"]
    response = shop.send("POST", "/webhooks/meta", body=body, headers={
        "content-type": "application/json", "x-hub-signature-256": sign_body(APP_SECRET, body)})
    assert response.status_code == 200
    assert shop.rows()["messages"] == before + 2  # the customer's message and the answer
