"""Rate limits: token buckets, the 429 that names the limit, and platforms that are never refused.

Time is a fake clock the tests move by hand (no sleeping, no wall clock).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse
from tests.channels import fake_telegram

from warmline.config import Settings
from warmline.runtime.services import Services
from warmline.web import create_app
from warmline.web.ratelimit import Limit, RateLimitExceeded, RateLimits, TokenBuckets


class FakeClock:
    """Monotonic seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limit(per_minute: int) -> Limit:
    return Limit(name="per_customer", per_minute=per_minute, setting="WARMLINE_RATE_LIMIT_PER_CUSTOMER",
                 what="messages from this customer")


# --- the buckets ----------------------------------------------------------------------------------------

def test_a_bucket_holds_a_minutes_worth_then_refills_at_the_rate() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(limit(6), clock=clock)  # one token every 10 s

    for _ in range(6):
        buckets.take("ana")
    with pytest.raises(RateLimitExceeded) as refused:
        buckets.take("ana")
    assert refused.value.retry_after == pytest.approx(10.0)
    assert refused.value.retry_after_header == "10"

    buckets.take("leo")  # another key has its own bucket
    clock.now += 9.0
    assert buckets.wait("ana") == pytest.approx(1.0)
    clock.now += 1.0
    buckets.take("ana")
    with pytest.raises(RateLimitExceeded):
        buckets.take("ana")


def test_a_refused_take_costs_nothing() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(limit(60), clock=clock)  # one a second
    for _ in range(60):
        buckets.take("k")
    for _ in range(5):
        with pytest.raises(RateLimitExceeded):
            buckets.take("k")
    clock.now += 1.0
    buckets.take("k")  # the refusals did not dig a deeper hole


def test_zero_turns_a_limit_off() -> None:
    buckets = TokenBuckets(limit(0), clock=FakeClock())
    for _ in range(10_000):
        buckets.take("k")
    assert buckets.wait("k") == 0


def test_the_number_of_buckets_is_bounded() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(limit(1), clock=clock, max_keys=3)
    for key in ("a", "b", "c", "d"):
        buckets.take(key)
    assert buckets.wait("b") > 0  # still tracked
    assert buckets.wait("a") == 0  # the least recently used bucket was dropped (it starts full again)


def test_retry_after_is_whole_seconds_rounded_up() -> None:
    exc = RateLimitExceeded(limit(30), 0.2)
    assert exc.retry_after_header == "1"
    assert exc.body()["detail"] == {"error": "too many messages from this customer: the limit is 30 a minute "
                                             "(WARMLINE_RATE_LIMIT_PER_CUSTOMER)",
                                    "limit": "per_customer", "setting": "WARMLINE_RATE_LIMIT_PER_CUSTOMER",
                                    "retry_after": 1}


# --- through the app -----------------------------------------------------------------------------------

@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def limited(settings: Settings, clock: FakeClock, **limits: int) -> TestClient:
    configured = settings.model_copy(update=limits)
    app = create_app(configured)
    app.state.rate_limits = RateLimits.from_settings(configured, clock=clock)
    return TestClient(app)


@pytest.fixture
def api(settings: Settings, clock: FakeClock) -> Iterator[TestClient]:
    with limited(settings, clock, rate_limit_per_customer=3, rate_limit_per_source=10) as client:
        yield client


def say(client: TestClient, customer: str, text: str = "how long does shipping take?") -> httpx.Response:
    return client.post("/api/v1/messages", json={"customer_id": customer, "text": text})


def customer_messages(client: TestClient, conversation_id: str) -> list[str]:
    conversation = client.get(f"/api/v1/conversations/{conversation_id}").json()
    return [m["text"] for m in conversation["messages"] if m["author"] == "customer"]


def test_a_customer_over_the_limit_gets_429_naming_it_and_nothing_is_stored(api: TestClient,
                                                                            clock: FakeClock) -> None:
    first = say(api, "ana", "message 1")
    for n in (2, 3):
        assert say(api, "ana", f"message {n}").status_code == 200

    refused = say(api, "ana", "message 4")

    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "20"  # 3 a minute: one token every 20 s
    detail = refused.json()["detail"]
    assert (detail["limit"], detail["setting"], detail["retry_after"]) == (
        "per_customer", "WARMLINE_RATE_LIMIT_PER_CUSTOMER", 20)
    assert "3 a minute" in detail["error"]
    assert say(api, "leo").status_code == 200  # someone else is not held up
    conversation_id = first.json()["conversation_id"]
    assert customer_messages(api, conversation_id) == ["message 1", "message 2", "message 3"]

    clock.now += 20
    assert say(api, "ana", "message 4").status_code == 200
    assert customer_messages(api, conversation_id)[-1] == "message 4"


def test_one_address_over_the_limit_gets_429_before_anything_runs(api: TestClient) -> None:
    answered = [say(api, f"c-{n}").status_code for n in range(10)]

    refused = say(api, "c-10")
    profile = api.put("/api/v1/customers/c-11", json={"name": "Never Stored"})

    assert answered == [200] * 10
    assert [refused.status_code, profile.status_code] == [429, 429]
    assert refused.json()["detail"]["limit"] == "per_source"
    assert refused.json()["detail"]["setting"] == "WARMLINE_RATE_LIMIT_PER_SOURCE"
    assert int(refused.headers["retry-after"]) >= 1
    assert api.get("/healthz").status_code == 200  # health and pages are not limited
    assert api.get("/").status_code == 200


async def test_another_address_is_not_held_up(settings: Settings, clock: FakeClock) -> None:
    configured = settings.model_copy(update={"rate_limit_per_source": 2})
    services = await Services.start(configured)
    try:
        app = create_app(services=services)
        app.state.rate_limits = RateLimits.from_settings(configured, clock=clock)
        async with client_at(app, "203.0.113.7") as noisy, client_at(app, "198.51.100.9") as quiet:
            assert [(await noisy.get("/api/v1/customers/x")).status_code for _ in range(3)] == [404, 404, 429]
            assert (await quiet.get("/api/v1/customers/x")).status_code == 404
    finally:
        await services.stop()


def test_web_chat_over_the_customer_limit_gets_an_error_frame_and_nothing_is_stored(settings: Settings,
                                                                                   clock: FakeClock) -> None:
    with limited(settings, clock, rate_limit_per_customer=2) as client, \
            client.websocket_connect("/ws/chat?session_id=flood") as ws:
        assert ws.receive_json()["type"] == "history"
        for n in range(3):
            ws.send_json({"type": "message", "text": f"hello {n}", "client_id": f"k{n}"})
        frames = [ws.receive_json() for _ in range(5)]  # 2 × (customer echo + reply) and 1 refusal
        [error] = [f for f in frames if f["type"] == "error"]
        assert (error["limit"], error["retry_after"], error["field"]) == ("per_customer", 30, "text")
        assert "2 a minute" in error["error"]
    with limited(settings, clock, rate_limit_per_customer=2) as client, \
            client.websocket_connect("/ws/chat?session_id=flood") as ws:
        history = ws.receive_json()["messages"]
        assert [m["text"] for m in history if m["author"] == "customer"] == ["hello 0", "hello 1"]


def test_opening_too_many_sockets_from_one_address_is_refused_with_429(settings: Settings,
                                                                      clock: FakeClock) -> None:
    with limited(settings, clock, rate_limit_per_source=2) as client:
        for n in range(2):
            with client.websocket_connect(f"/ws/chat?session_id=s{n}") as ws:
                ws.receive_json()
        with pytest.raises(WebSocketDenialResponse) as denied, client.websocket_connect("/ws/chat?session_id=s9"):
            pass
        assert denied.value.status_code == 429
        assert denied.value.json()["detail"]["limit"] == "per_source"
        assert "retry-after" in denied.value.headers


# --- platforms: forgers are limited, the platform never is -----------------------------------------------

@pytest.fixture
async def telegram_shop(settings: Settings, clock: FakeClock) -> AsyncIterator[tuple[Services, Any, Any]]:
    async with fake_telegram.FakeTelegram() as fake:
        configured = settings.model_copy(update={
            "telegram_token": fake_telegram.TOKEN, "telegram_secret": fake_telegram.SECRET,
            "telegram_api_url": fake.api_url, "rate_limit_per_customer": 2, "rate_limit_per_source": 3})
        services = await Services.start(configured)
        app = create_app(services=services)
        app.state.rate_limits = RateLimits.from_settings(configured, clock=clock)
        yield services, app, fake
        await services.stop()


def client_at(app: Any, address: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 443)),
                             base_url="http://warmline.test")


def update(chat: int, text: str, *, message_id: int, secret: str = fake_telegram.SECRET) -> dict[str, Any]:
    request = fake_telegram.make_text_update(chat, text, message_id=message_id, update_id=message_id,
                                             secret=secret)
    return {"content": request.body, "headers": dict(request.headers)}


async def test_a_verified_platform_over_every_limit_is_still_accepted_and_every_message_stored(
        telegram_shop: Any) -> None:
    services, app, _fake = telegram_shop
    async with client_at(app, "149.154.167.220") as telegram:  # Telegram's own address
        statuses = [(await telegram.post("/webhooks/telegram", **update(901, f"question {n}", message_id=n))
                     ).status_code for n in range(1, 7)]

    assert statuses == [200] * 6  # 6 messages from one customer: over per_customer (2) and per_source (3)
    [conversation] = await services.store.list_conversations()
    texts = [m.text for m in await services.store.messages(conversation.id) if m.author.value == "customer"]
    assert texts == [f"question {n}" for n in range(1, 7)]


async def test_an_address_sending_forgeries_is_cut_off_but_the_platform_is_not(telegram_shop: Any) -> None:
    services, app, _fake = telegram_shop
    async with client_at(app, "203.0.113.66") as forger, client_at(app, "149.154.167.220") as telegram:
        forged = [(await forger.post("/webhooks/telegram", **update(902, "hi", message_id=n, secret="guess"))
                   ).status_code for n in range(1, 5)]
        real = await telegram.post("/webhooks/telegram", **update(903, "can I pay with paypal?", message_id=9))
        blocked_even_when_signed = await forger.post("/webhooks/telegram", **update(904, "hi", message_id=10))

    assert forged == [403, 403, 403, 429]
    assert real.status_code == 200
    assert blocked_even_when_signed.status_code == 429
    body = blocked_even_when_signed.json()["detail"]
    assert body["limit"] == "per_source"
    assert "unverified webhook requests" in body["error"]
    conversations = await services.store.list_conversations()
    assert len(conversations) == 1  # only the real one


def test_limits_come_from_the_settings(settings: Settings) -> None:
    limits = RateLimits.from_settings(settings.model_copy(update={"rate_limit_per_source": 7,
                                                                  "rate_limit_per_customer": 0}))
    assert (limits.source.limit.per_minute, limits.customer.limit.enabled) == (7, False)
    defaults = RateLimits.from_settings(Settings())
    assert (defaults.source.limit.per_minute, defaults.customer.limit.per_minute) == (300, 30)
    assert json.loads(json.dumps(RateLimitExceeded(defaults.source.limit, 1.5).body()))["detail"]["retry_after"] == 2
