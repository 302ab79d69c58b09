"""Slack end to end: the real app, the real slack_bolt / slack_sdk, a local fake of the Slack Web API.

A customer asks for a person → a card mentioning the named person lands in the handoff channel; a signed
thread reply from that person reaches the customer on their own channel; the customer's answer lands in
the thread; Resolve (a signed ``block_actions`` click) closes the conversation and redraws the card.

The thread ↔ conversation map lives in the real store (SQLite here), as in production.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from tests._shop import act_as, act_as_async

from channels.fake_telegram import SECRET as TELEGRAM_SECRET
from channels.fake_telegram import FakeTelegram, text_update
from channels.staff.fake_slack import (
    APP_TOKEN,
    BOT_TOKEN,
    HANDOFF_CHANNEL,
    SIGNING_SECRET,
    FakeSlack,
    SlackCall,
    action_request,
    block_action,
    event_request,
    message_event,
    view_submission,
)
from warmline.config import Settings
from warmline.engine.staff.slack_bridge import SlackBridge
from warmline.runtime.services import Services
from warmline.web import create_app

MAYA, LEO, STRANGER = "U0MAYA", "U0LEO", "U0STRANGER"
ASK_FOR_A_PERSON = "Can I talk to a person please? My order #4411 arrived broken and I need it for Friday"


@dataclass
@dataclass
class Shop:
    """The running app as Slack and a customer see it."""

    http: httpx.AsyncClient
    services: Services
    bridge: SlackBridge
    slack: FakeSlack

    async def customer_says(self, text: str, *, customer: str = "ana", channel: str = "api") -> dict[str, Any]:
        response = await self.http.post("/api/v1/messages", json={"customer_id": customer, "text": text,
                                                                    "name": "Ana Costa", "channel": channel})
        assert response.status_code == 200, response.text
        await self.bridge.drain()
        return dict(response.json())

    async def slack_event(self, payload: dict[str, Any], **sign: Any) -> httpx.Response:
        body, headers = event_request(payload, **sign)
        response = await self.http.post("/slack/events", content=body, headers=headers)
        await self.bridge.drain()
        return response

    async def slack_click(self, **action: Any) -> httpx.Response:
        sign = {k: action.pop(k) for k in ("secret", "timestamp") if k in action}
        body, headers = action_request(block_action(**action), **sign)
        response = await self.http.post("/slack/events", content=body, headers=headers)
        await self.bridge.drain()
        return response

    async def conversation(self, conversation_id: str) -> dict[str, Any]:
        return dict((await self.http.get(f"/api/v1/conversations/{conversation_id}")).json())

    def card(self) -> SlackCall:
        [card] = [c for c in self.slack.calls_to("chat.postMessage") if "blocks" in c.params and c.response["ok"]]
        return card


def slack_bot_file(test_bot: Path) -> Path:
    """The test shop (tests/_shop.py), with Maya and Leo's Slack user ids."""
    text = test_bot.read_text(encoding="utf-8")
    with_ids = (text.replace("    lead: true\n", f"    lead: true\n    slack_user_id: {MAYA}\n")
                .replace("    role: Orders\n", f"    role: Orders\n    slack_user_id: {LEO}\n"))
    assert with_ids.count("slack_user_id") == 2, "the test shop's staff changed; update slack_bot_file"
    bot_file = test_bot.with_name("test-shop-slack.yaml")
    bot_file.write_text(with_ids, encoding="utf-8")
    return bot_file


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack(users={STRANGER: {"name": "Stranger", "email": "stranger@example.com"}}) as server:
        yield server


async def running_shop(settings: Settings, fake_slack: FakeSlack, **extra: Any) -> AsyncIterator[Shop]:
    configured = settings.model_copy(update={
        "bot": slack_bot_file(settings.bot), "slack_bot_token": BOT_TOKEN, "slack_signing_secret": SIGNING_SECRET,
        "slack_handoff_channel": HANDOFF_CHANNEL, "slack_api_url": fake_slack.api_url, **extra})
    services = await Services.start(configured)
    assert services.slack is not None
    app = create_app(services=services)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shop.test") as http:
            yield Shop(http=http, services=services, bridge=services.slack, slack=fake_slack)
    finally:
        await services.stop()


@pytest.fixture
async def shop(settings: Settings, fake_slack: FakeSlack) -> AsyncIterator[Shop]:
    async for running in running_shop(settings, fake_slack):
        yield running


async def hand_off(shop: Shop) -> tuple[str, SlackCall]:
    turn = await shop.customer_says(ASK_FOR_A_PERSON)
    assert turn["decision"]["action"] == "handoff"
    assert turn["decision"]["assignee"]["id"] == "maya"
    return turn["conversation_id"], shop.card()


def reply_in_thread(card: SlackCall, text: str, *, user: str = MAYA, **extra: Any) -> dict[str, Any]:
    return message_event(user=user, text=text, channel=HANDOFF_CHANNEL, thread_ts=card_ts(card), **extra)


def card_ts(card: SlackCall) -> str:
    """The ts Slack gave the card: its thread hangs from it."""
    return str(card.response["ts"])


def blocks_text(call: SlackCall) -> str:
    return json.dumps(call.params["blocks"], ensure_ascii=False)


# --- the whole loop ----------------------------------------------------------------------------------------

async def test_handoff_card_thread_reply_customer_answer_and_resolve(shop: Shop) -> None:
    conversation_id, card = await hand_off(shop)

    # The card: in the handoff channel, pinging the named person, with everything they need.
    assert card.params["channel"] == HANDOFF_CHANNEL
    assert f"<@{MAYA}>" in card.params["text"]
    rendered = blocks_text(card)
    for expected in ("Ana Costa", "api", "Why a person", "My order #4411 arrived broken", "`#4411`",
                     "Suggested reply", "Promised to the customer", "Maya Lindqvist replies within"):
        assert expected in rendered, expected

    # Maya answers in the thread: the customer gets it, the conversation is hers, nothing echoes back.
    answer = "Hi Ana, so sorry! A new one ships today by express, it'll be there Thursday."
    response = await shop.slack_event(reply_in_thread(card, answer))
    assert response.status_code == 200
    conversation = await shop.conversation(conversation_id)
    assert conversation["state"] == "with_human"
    staff = [m for m in conversation["messages"] if m["author"] == "staff"]
    assert [(m["text"], m["staff_name"]) for m in staff] == [(answer, "Maya Lindqvist")]
    assert not any(answer in text for text in shop.slack.thread_texts(card_ts(card)))
    assert ":speech_balloon:" in blocks_text(shop.slack.calls_to("chat.update")[-1])

    # The customer's answer lands in the thread; the bot stays silent.
    turn = await shop.customer_says("Thursday is perfect, thank you!")
    assert turn["decision"]["action"] == "relay"
    assert turn["replies"] == []
    assert "*Ana Costa (api):* Thursday is perfect, thank you!" in shop.slack.thread_texts(card_ts(card))

    # Resolve: the conversation closes warmly and the card turns into a record; of its buttons only
    # "Add to knowledge" stays (Maya's answer can still be taught).
    response = await shop.slack_click(user=MAYA, action_id="warmline_resolve", value=conversation_id,
                                      message_ts=card_ts(card))
    assert response.status_code == 200
    conversation = await shop.conversation(conversation_id)
    assert conversation["state"] == "resolved"
    final = shop.slack.calls_to("chat.update")[-1]
    assert final.params["ts"] == card_ts(card)
    assert "Resolved" in blocks_text(final)
    [actions] = [b for b in final.params["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == ["warmline_teach"]


async def test_a_thread_reply_retried_to_another_worker_reaches_the_customer_once(shop: Shop) -> None:
    conversation_id, card = await hand_off(shop)
    answer = "Hi Ana, a new one ships today."
    event = reply_in_thread(card, answer, ts="1760000600.000001")

    await shop.slack_event(event)
    # The same Slack message again under a new event id: what a worker that never saw the first delivery
    # gets (its in-memory retry check can't know it), so only the store can tell it was relayed.
    await shop.slack_event({**event, "event_id": "Ev-retried-elsewhere"})
    await shop.bridge.drain()

    conversation = await shop.conversation(conversation_id)
    assert [m["text"] for m in conversation["messages"] if m["author"] == "staff"] == [answer]


async def test_forged_or_stale_requests_change_nothing(shop: Shop) -> None:
    conversation_id, card = await hand_off(shop)
    before = await shop.conversation(conversation_id)
    calls_before = len(shop.slack.calls)
    forged = await shop.slack_event(reply_in_thread(card, "forged reply"), secret="guessed-secret")
    stale = await shop.slack_event(reply_in_thread(card, "replayed reply"), timestamp=1_700_000_000)
    forged_click = await shop.slack_click(user=MAYA, action_id="warmline_resolve", value=conversation_id,
                                          secret="guessed-secret")
    assert [forged.status_code, stale.status_code, forged_click.status_code] == [401, 401, 401]
    assert await shop.conversation(conversation_id) == before
    assert len(shop.slack.calls) == calls_before


async def test_someone_off_the_roster_gets_a_private_explanation_and_nothing_changes(shop: Shop) -> None:
    conversation_id, card = await hand_off(shop)
    before = await shop.conversation(conversation_id)
    await shop.slack_click(user=STRANGER, action_id="warmline_resolve", value=conversation_id)
    await shop.slack_event(reply_in_thread(card, "I can help!", user=STRANGER))
    assert await shop.conversation(conversation_id) == before
    ephemerals = shop.slack.calls_to("chat.postEphemeral")
    assert [e.params["user"] for e in ephemerals] == [STRANGER, STRANGER]
    assert all("roster" in e.params["text"] for e in ephemerals)


async def test_a_conflicting_click_is_explained_to_the_person_who_clicked(shop: Shop) -> None:
    conversation_id, _card = await hand_off(shop)
    await shop.slack_click(user=MAYA, action_id="warmline_claim", value=conversation_id)
    await shop.slack_click(user=LEO, action_id="warmline_claim", value=conversation_id)
    [refusal] = shop.slack.calls_to("chat.postEphemeral")
    assert refusal.params["user"] == LEO
    assert "Maya Lindqvist's" in refusal.params["text"]  # Leo, an agent, works his own and unassigned cases
    assert (await shop.conversation(conversation_id))["assignee"]["id"] == "maya"


async def test_reassign_pings_the_new_person_and_tells_the_customer(shop: Shop) -> None:
    conversation_id, card = await hand_off(shop)
    await shop.slack_click(user=MAYA, action_id="warmline_reassign", selected=f"{conversation_id}|leo")
    conversation = await shop.conversation(conversation_id)
    assert (conversation["state"], conversation["assignee"]["id"]) == ("queued", "leo")
    assert "Maya asked Leo to take this over" in conversation["messages"][-1]["text"]
    assert f"<@{LEO}>" in blocks_text(shop.slack.calls_to("chat.update")[-1])
    assert any(text.startswith(f"<@{LEO}>") for text in shop.slack.thread_texts(card_ts(card)))
    promises = await shop.services.store.promises(conversation_id=conversation_id, open_only=True)
    assert [(p.owner_id, p.text) for p in promises] == [("leo", "Leo Park replies")]


async def test_inbox_actions_show_up_on_the_card_and_in_the_thread(shop: Shop) -> None:
    conversation_id, card = await hand_off(shop)
    await act_as_async(shop.http, shop.services, "maya")
    reply = await shop.http.post(f"/api/v1/staff/conversations/{conversation_id}/reply",
                                 json={"staff_id": "maya", "text": "Looking into it now."})
    assert reply.status_code == 200
    await shop.bridge.drain()
    assert "*Maya Lindqvist (from the inbox):* Looking into it now." in shop.slack.thread_texts(card_ts(card))
    await shop.http.post(f"/api/v1/staff/conversations/{conversation_id}/handback", json={"staff_id": "maya"})
    await shop.bridge.drain()
    assert "Handed back to the bot" in blocks_text(shop.slack.calls_to("chat.update")[-1])


async def test_a_new_handoff_after_resolve_gets_a_new_card(shop: Shop) -> None:
    conversation_id, _card = await hand_off(shop)
    await shop.slack_click(user=MAYA, action_id="warmline_resolve", value=conversation_id)
    turn = await shop.customer_says("It broke again. I want to speak to a person, now.")
    assert turn["decision"]["action"] == "handoff"
    cards = [c for c in shop.slack.calls_to("chat.postMessage") if "blocks" in c.params]
    assert len(cards) == 2
    assert "It broke again" in blocks_text(cards[1])


async def test_a_card_slack_refused_is_posted_with_the_next_message(shop: Shop) -> None:
    shop.slack.fail_next("chat.postMessage", error="not_in_channel")
    turn = await shop.customer_says(ASK_FOR_A_PERSON)
    assert turn["decision"]["action"] == "handoff"
    await shop.customer_says("Hello? Is anyone there?")
    cards = [c for c in shop.slack.calls_to("chat.postMessage") if "blocks" in c.params]
    assert len(cards) == 2  # the refused one, then the one that got through with the next message
    assert "My order #4411" in blocks_text(cards[1])
    shown = blocks_text(cards[1]) + "\n".join(shop.slack.thread_texts(card_ts(cards[1])))
    assert "Is anyone there?" in shown


async def test_a_thread_still_reaches_its_customer_after_a_restart(settings: Settings, fake_slack: FakeSlack) -> None:
    async for before_restart in running_shop(settings, fake_slack):
        conversation_id, card = await hand_off(before_restart)
    async for after_restart in running_shop(settings, fake_slack):
        await after_restart.slack_event(reply_in_thread(card, "Back online: your replacement ships today."))
        messages = (await after_restart.conversation(conversation_id))["messages"]
        assert messages[-1]["text"] == "Back online: your replacement ships today."
        assert messages[-1]["author"] == "staff"


async def test_a_handoff_from_telegram_reaches_slack_and_the_reply_goes_back_to_telegram(
        settings: Settings, fake_slack: FakeSlack) -> None:
    async with FakeTelegram() as telegram:
        extra = {"telegram_token": telegram.token, "telegram_secret": TELEGRAM_SECRET,
                 "telegram_api_url": telegram.api_url}
        async for shop in running_shop(settings, fake_slack, **extra):
            update = json.dumps(text_update(4242, "I need a human, my order #5150 never came")).encode()
            response = await shop.http.post("/webhooks/telegram", content=update, headers={
                "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"})
            assert response.status_code == 200
            await shop.bridge.drain()
            card = shop.card()
            assert "telegram" in blocks_text(card)
            assert "#5150" in blocks_text(card)
            await shop.slack_event(reply_in_thread(card, "Hi! I'm checking #5150 with the courier right now."))
            sent = await _sent_once_it_holds(telegram, shop, "checking #5150")
            assert any("checking #5150 with the courier" in text and "Maya" in text for text in sent), sent


async def _sent_once_it_holds(telegram: FakeTelegram, shop: Shop, fragment: str) -> list[str]:
    """What the bot sent on Telegram, once a text holds ``fragment`` (10 s at most): the app's own delivery
    worker may have leased the item and be sending it while the test's ``deliver_due`` finds nothing left."""
    for _ in range(200):
        await shop.services.deliverer.deliver_due()
        if any(fragment in text for text in telegram.sent_texts()):
            break
        await asyncio.sleep(0.05)
    return telegram.sent_texts()


async def test_socket_mode_is_started_with_an_app_token_and_a_failure_keeps_the_app_up(
        settings: Settings, fake_slack: FakeSlack) -> None:
    fake_slack.fail_next("apps.connections.open", error="invalid_auth")
    async for shop in running_shop(settings, fake_slack, slack_app_token=APP_TOKEN):
        [opened] = await fake_slack.wait_for_async("apps.connections.open")  # connecting in the background
        assert opened.token == APP_TOKEN
        _conversation_id, card = await hand_off(shop)  # Slack still gets the card over the Web API
        assert f"<@{MAYA}>" in card.params["text"]


def test_slack_events_is_404_without_slack_and_the_inbox_still_works(client: TestClient) -> None:
    assert client.post("/slack/events", content=b"{}").status_code == 404
    turn = client.post("/api/v1/messages", json={"customer_id": "c-9", "text": ASK_FOR_A_PERSON}).json()
    act_as(client, "maya")
    claimed = client.post(f"/api/v1/staff/conversations/{turn['conversation_id']}/claim", json={"staff_id": "maya"})
    assert claimed.status_code == 200
    assert claimed.json()["state"] == "with_human"


async def test_resolving_in_slack_asks_which_staff_promises_were_kept_and_keeps_only_those(shop: Shop) -> None:
    conversation_id, card = await hand_off(shop)
    await shop.slack_event(reply_in_thread(card, "I'll send you the tracking link by 3pm today."))
    [commitment] = [p for p in await shop.services.store.promises(conversation_id=conversation_id, open_only=True)
                    if p.source.value == "staff"]

    await shop.slack_click(user=MAYA, action_id="warmline_resolve", value=conversation_id, message_ts=card_ts(card))
    assert (await shop.conversation(conversation_id))["state"] == "with_human"  # asked first, not resolved
    [opened] = shop.slack.calls_to("views.open")
    view = opened.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert "tracking link" in json.dumps(view)

    body, headers = action_request(view_submission(user=MAYA, view=view, ticked=[]))  # nothing was sent yet
    response = await shop.http.post("/slack/events", content=body, headers=headers)
    await shop.bridge.drain()

    assert response.status_code == 200
    assert (await shop.conversation(conversation_id))["state"] == "resolved"
    still_open = await shop.services.store.promises(conversation_id=conversation_id, open_only=True)
    assert commitment.id in {p.id for p in still_open}, "resolving must not fake a kept promise"
