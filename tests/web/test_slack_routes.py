"""``POST /slack/events`` refuses replays: a correctly signed request older than five minutes is a 401 and
changes nothing; the same request inside the window is accepted. Through the real route, the real
slack_bolt verification and a local fake of the Slack Web API."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest

from channels.staff.fake_slack import (
    BOT_TOKEN,
    HANDOFF_CHANNEL,
    SIGNING_SECRET,
    FakeSlack,
    event_request,
    message_event,
    sign,
)
from warmline.config import Settings
from warmline.runtime.services import Services
from warmline.web import create_app

MAYA = "U0MAYA"


@dataclass
class SlackShop:
    http: httpx.AsyncClient
    services: Services
    slack: FakeSlack


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture
async def shop(settings: Settings, fake_slack: FakeSlack) -> AsyncIterator[SlackShop]:
    text = settings.bot.read_text(encoding="utf-8")
    bot_file = settings.bot.with_name("test-shop-slack-routes.yaml")
    bot_file.write_text(text.replace("    lead: true\n", f"    lead: true\n    slack_user_id: {MAYA}\n"),
                        encoding="utf-8")
    services = await Services.start(settings.model_copy(update={
        "bot": bot_file, "slack_bot_token": BOT_TOKEN, "slack_signing_secret": SIGNING_SECRET,
        "slack_handoff_channel": HANDOFF_CHANNEL, "slack_api_url": fake_slack.api_url}))
    assert services.slack is not None
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(services=services)),
                                     base_url="http://shop.test") as http:
            yield SlackShop(http=http, services=services, slack=fake_slack)
    finally:
        await services.stop()


async def staff_messages(shop: SlackShop, conversation_id: str) -> list[str]:
    return [m.text for m in await shop.services.store.messages(conversation_id) if m.author.value == "staff"]


async def test_a_signed_request_older_than_five_minutes_is_refused_and_one_inside_is_accepted(
        shop: SlackShop) -> None:
    turn = await shop.http.post("/api/v1/messages", json={"customer_id": "ana", "text": "Can I talk to a person?"})
    assert turn.json()["decision"]["assignee"]["id"] == "maya"
    conversation_id = turn.json()["conversation_id"]
    assert shop.services.slack is not None
    await shop.services.slack.drain()
    [card] = [c for c in shop.slack.calls_to("chat.postMessage") if "blocks" in c.params]
    reply = message_event(user=MAYA, text="Hi Ana, Maya here.", channel=HANDOFF_CHANNEL,
                          thread_ts=str(card.response["ts"]))
    now = int(time.time())

    body, headers = event_request(reply, timestamp=now - 5 * 60 - 30)  # valid signature, replayed late
    replayed = await shop.http.post("/slack/events", content=body, headers=headers)
    await shop.services.slack.drain()

    assert replayed.status_code == 401
    assert await staff_messages(shop, conversation_id) == []

    body, headers = event_request(reply, timestamp=now - 4 * 60)  # the same event, inside the window
    accepted = await shop.http.post("/slack/events", content=body, headers=headers)
    await shop.services.slack.drain()

    assert accepted.status_code == 200
    assert await staff_messages(shop, conversation_id) == ["Hi Ana, Maya here."]


async def test_a_timestamp_from_the_future_is_refused_too(shop: SlackShop) -> None:
    payload = message_event(user=MAYA, text="from the future", channel=HANDOFF_CHANNEL, thread_ts=None)
    body, headers = event_request(payload, timestamp=int(time.time()) + 10 * 60)

    response = await shop.http.post("/slack/events", content=body, headers=headers)

    assert response.status_code == 401
    assert await shop.services.store.list_conversations() == []


async def test_a_signed_event_with_an_odd_event_id_is_not_a_server_error(shop: SlackShop) -> None:
    # Found by the fuzz test: a list where Slack sends a string made the retry check crash.
    payload = message_event(user=MAYA, text="Hi!", channel=HANDOFF_CHANNEL, thread_ts="1760000000.000100")
    body, headers = event_request({**payload, "event_id": ["Ev1"]}, timestamp=int(time.time()))

    response = await shop.http.post("/slack/events", content=body, headers=headers)
    await shop.services.slack.drain()  # type: ignore[union-attr]

    assert response.status_code == 200
    assert await shop.services.store.list_conversations() == []


@pytest.mark.parametrize("tamper", ["forged-secret", "no-signature", "no-timestamp", "empty-signature", "v1-scheme"])
async def test_a_missing_or_forged_signature_gets_exactly_401_and_relays_nothing(shop: SlackShop, tamper: str) -> None:
    turn = await shop.http.post("/api/v1/messages", json={"customer_id": "ana", "text": "Can I talk to a person?"})
    conversation_id = turn.json()["conversation_id"]
    assert shop.services.slack is not None
    await shop.services.slack.drain()
    [card] = [c for c in shop.slack.calls_to("chat.postMessage") if "blocks" in c.params]
    reply = message_event(user=MAYA, text="Hi Ana, Maya here.", channel=HANDOFF_CHANNEL,
                          thread_ts=str(card.response["ts"]))
    body, headers = event_request(reply, secret="not-the-signing-secret" if tamper == "forged-secret"
                                  else SIGNING_SECRET)
    if tamper == "no-signature":
        del headers["X-Slack-Signature"]
    elif tamper == "no-timestamp":
        del headers["X-Slack-Request-Timestamp"]
    elif tamper == "empty-signature":
        headers["X-Slack-Signature"] = ""
    elif tamper == "v1-scheme":
        headers["X-Slack-Signature"] = headers["X-Slack-Signature"].replace("v0=", "v1=")

    response = await shop.http.post("/slack/events", content=body, headers=headers)
    await shop.services.slack.drain()

    assert response.status_code == 401, response.text
    assert await staff_messages(shop, conversation_id) == []


DEEP = b"[" * 10_000 + b"]" * 10_000


async def test_unsigned_hostile_bodies_are_refused_before_parsing_then_rate_limited(
        settings: Settings, fake_slack: FakeSlack) -> None:
    """Reproduction from the outside probe: 10,000-deep JSON or ``X-Slack-Request-Timestamp: abc`` without a
    valid signature was parsed first and answered 500 every time, never 429."""
    services = await Services.start(settings.model_copy(update={
        "slack_bot_token": BOT_TOKEN, "slack_signing_secret": SIGNING_SECRET, "rate_limit_per_source": 3,
        "slack_handoff_channel": HANDOFF_CHANNEL, "slack_api_url": fake_slack.api_url}))
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(services=services)),
                                     base_url="http://shop.test") as http:
            stamp = str(int(time.time()))
            attempts = [
                {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": "v0=0"},
                {"Content-Type": "application/json", "X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=0"},
                {"Content-Type": "application/json"},
            ] * 3
            codes = [(await http.post("/slack/events", content=DEEP, headers=h)).status_code for h in attempts]
    finally:
        await services.stop()

    assert codes[:3] == [401, 401, 401]
    assert set(codes[3:]) == {429}


async def test_signed_but_malformed_bodies_are_a_4xx_or_ignored(shop: SlackShop) -> None:
    deep_headers = {"Content-Type": "application/json", **sign(DEEP)}
    deep = await shop.http.post("/slack/events", content=DEEP, headers=deep_headers)
    payload = message_event(user=MAYA, text="x", channel=HANDOFF_CHANNEL, thread_ts="1760000000.000100")
    body, headers = event_request({**payload, "event": {**payload["event"], "text": 5}})
    number_text = await shop.http.post("/slack/events", content=body, headers=headers)
    await shop.services.slack.drain()  # type: ignore[union-attr]

    assert deep.status_code == 400
    assert number_text.status_code == 200  # acknowledged (Slack retries anything else) and ignored
    assert shop.slack.calls_to("chat.postEphemeral") == []
    assert await shop.services.store.list_conversations() == []
