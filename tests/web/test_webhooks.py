"""Platform webhooks through the whole app: a message on each channel is answered on that channel."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests._shop import pinned_settings
from tests.channels import fake_graph, fake_telegram

from warmline.config import Settings
from warmline.runtime.services import Services
from warmline.web import create_app

APP_SECRET = "webhook-app-secret"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test shop on a pinned clock: a waiting customer hears "today" at any hour the suite runs."""
    return pinned_settings(settings)


async def started(settings: Settings) -> tuple[Services, httpx.AsyncClient]:
    services = await Services.start(settings)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(services=services)),
                               base_url="http://warmline.test")
    return services, client


async def eventually(condition: Any, *, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


@pytest.fixture
async def telegram(settings: Settings) -> AsyncIterator[tuple[Services, httpx.AsyncClient, Any]]:
    async with fake_telegram.FakeTelegram() as fake:
        services, client = await started(settings.model_copy(update={
            "telegram_token": fake_telegram.TOKEN, "telegram_secret": fake_telegram.SECRET,
            "telegram_api_url": fake.api_url}))
        yield services, client, fake
        await client.aclose()
        await services.stop()


@pytest.fixture
async def meta(settings: Settings) -> AsyncIterator[tuple[Services, httpx.AsyncClient, Any]]:
    async with fake_graph.running_fake_graph() as graph:
        services, client = await started(settings.model_copy(update={
            "meta_app_secret": APP_SECRET, "meta_verify_token": "verify-me", "meta_page_token": "PAGE",
            "meta_api_url": graph.url, "whatsapp_token": "WA", "whatsapp_phone_id": "1555"}))
        yield services, client, graph
        await client.aclose()
        await services.stop()


def telegram_post(request: Any) -> dict[str, Any]:
    return {"content": request.body, "headers": dict(request.headers)}


async def test_telegram_question_is_answered_on_telegram(telegram: Any) -> None:
    _, client, fake = telegram
    request = fake_telegram.make_text_update(777, "how long does shipping take?")

    response = await client.post("/webhooks/telegram", **telegram_post(request))

    assert response.status_code == 200
    await eventually(lambda: fake.sent_texts())
    [sent] = fake.calls_to("sendMessage")
    assert sent.params["chat_id"] in (777, "777")
    assert "2-4 business days" in sent.params["text"]


async def test_telegram_retry_is_processed_once(telegram: Any) -> None:
    _, client, fake = telegram
    request = fake_telegram.make_text_update(778, "can I pay with paypal?", message_id=5, update_id=9)

    for _ in range(3):
        assert (await client.post("/webhooks/telegram", **telegram_post(request))).status_code == 200

    await eventually(lambda: fake.sent_texts())
    await asyncio.sleep(0.3)
    assert len(fake.calls_to("sendMessage")) == 1


async def test_forged_telegram_webhook_is_refused_and_changes_nothing(telegram: Any) -> None:
    services, client, fake = telegram
    request = fake_telegram.make_text_update(779, "hello", secret="forged")

    response = await client.post("/webhooks/telegram", **telegram_post(request))

    assert response.status_code == 403
    assert await services.store.list_conversations() == []
    assert fake.calls_to("sendMessage") == []


def meta_request(kind: str, sender: str, text: str, mid: str, *, secret: str = APP_SECRET) -> dict[str, Any]:
    payload = fake_graph.text_event(kind, sender, text, mid, timestamp_ms=int(time.time() * 1000))
    signed = fake_graph.signed_request(secret, payload)
    return {"content": signed.body, "headers": dict(signed.headers)}


@pytest.mark.parametrize("kind", ["messenger", "instagram", "whatsapp"])
async def test_meta_question_is_answered_on_its_own_channel(meta: Any, kind: str) -> None:
    _, client, graph = meta

    response = await client.post("/webhooks/meta", **meta_request(kind, "5551", "do you ship to the USA?", "m.1"))

    assert response.status_code == 200
    await eventually(lambda: graph.sent())
    body = json.dumps(graph.sent())
    assert "19 euros" in body
    assert ("whatsapp" in body) == (kind == "whatsapp")


async def test_whatsapp_handoff_offers_reply_buttons(meta: Any) -> None:
    _, client, graph = meta

    await client.post("/webhooks/meta", **meta_request("whatsapp", "5552", "Can I talk to a person?", "m.2"))

    await eventually(lambda: graph.sent())
    [sent] = [b for b in graph.sent() if b.get("type") == "interactive"]
    titles = [b["reply"]["title"] for b in sent["interactive"]["action"]["buttons"]]
    assert len(titles) <= 3
    assert any(title.startswith("Wait for") for title in titles)


async def test_meta_verify_challenge_needs_the_right_token(meta: Any) -> None:
    _, client, _ = meta
    params = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}

    ok = await client.get("/webhooks/meta", params={**params, "hub.verify_token": "verify-me"})
    wrong = await client.get("/webhooks/meta", params={**params, "hub.verify_token": "guess"})

    assert (ok.status_code, ok.text) == (200, "1158201444")
    assert wrong.status_code == 403


async def test_forged_meta_signature_is_refused_and_changes_nothing(meta: Any) -> None:
    services, client, graph = meta

    response = await client.post("/webhooks/meta", **meta_request("messenger", "5553", "hi", "m.3", secret="nope"))

    assert response.status_code == 403
    assert await services.store.list_conversations() == []
    assert graph.sent() == []


async def test_a_channel_without_credentials_is_off(settings: Settings, tmp_path: Path) -> None:
    services, client = await started(settings)
    try:
        assert (await client.post("/webhooks/telegram", content=b"{}")).status_code == 404
        assert (await client.get("/webhooks/meta")).status_code == 404
    finally:
        await client.aclose()
        await services.stop()


async def test_telegram_long_polling_answers_without_a_public_url(settings: Settings) -> None:
    async with fake_telegram.FakeTelegram() as fake:
        services = await Services.start(settings.model_copy(update={
            "telegram_token": fake_telegram.TOKEN, "telegram_api_url": fake.api_url, "telegram_polling": True}))
        try:
            fake.push_update(fake_telegram.text_update(780, "what payment methods do you accept?"))

            await eventually(lambda: fake.sent_texts())

            assert "PayPal" in fake.sent_texts()[0]
        finally:
            await services.stop()


async def test_a_replayed_meta_delivery_is_stored_and_answered_once(meta: Any) -> None:
    """Meta has no timestamp window to check: a replay (Meta's own retry, or a captured request sent again)
    carries a message id already stored, so it is acknowledged and changes nothing."""
    services, client, graph = meta
    request = meta_request("messenger", "5560", "can I pay with paypal?", "m.replayed")

    responses = [await client.post("/webhooks/meta", **request) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    await eventually(lambda: graph.sent())
    await asyncio.sleep(0.3)
    assert len(graph.sent()) == 1
    [conversation] = await services.store.list_conversations()
    customer_texts = [m.text for m in await services.store.messages(conversation.id) if m.author.value == "customer"]
    assert customer_texts == ["can I pay with paypal?"]


async def test_a_replayed_telegram_update_is_stored_once(telegram: Any) -> None:
    services, client, _fake = telegram
    request = fake_telegram.make_text_update(781, "what are your opening hours?", message_id=40, update_id=41)

    for _ in range(2):
        assert (await client.post("/webhooks/telegram", **telegram_post(request))).status_code == 200

    [conversation] = await services.store.list_conversations()
    assert [m.text for m in await services.store.messages(conversation.id) if m.author.value == "customer"] == [
        "what are your opening hours?"]


async def test_a_signed_payload_with_characters_no_store_can_hold_is_stored_cleaned(meta: Any) -> None:
    services, client, _graph = meta
    payload = fake_graph.text_event("messenger", "5561", "hi\u0000 there\ud800", "m.odd",
                                    timestamp_ms=int(time.time() * 1000))
    body = json.dumps(payload).encode()  # "\ud800" travels as a JSON escape, as a platform could send it
    signed = fake_graph.signed_request(APP_SECRET, body)

    response = await client.post("/webhooks/meta", content=signed.body, headers=dict(signed.headers))

    assert response.status_code == 200
    [conversation] = await services.store.list_conversations()
    texts = [m.text for m in await services.store.messages(conversation.id) if m.author.value == "customer"]
    assert texts == ["hi\ufffd there\ufffd"]


@pytest.mark.parametrize("secret", [None, "", "forged", fake_telegram.SECRET + "x"], ids=["missing", "empty",
                                                                                        "forged", "prefix"])
async def test_an_unsigned_telegram_update_gets_exactly_403_and_changes_nothing(telegram: Any,
                                                                               secret: str | None) -> None:
    services, client, fake = telegram
    request = fake_telegram.make_text_update(780, "hello", secret=secret)

    response = await client.post("/webhooks/telegram", **telegram_post(request))

    assert response.status_code == 403, response.text
    assert await services.store.list_conversations() == []
    assert fake.calls_to("sendMessage") == []


@pytest.mark.parametrize("signature", [None, "", "sha256=", "sha1=" + "0" * 40, "sha256=" + "0" * 64, "garbage"],
                         ids=["missing", "empty", "no-digest", "sha1", "wrong-digest", "garbage"])
async def test_an_unsigned_meta_delivery_gets_exactly_403_and_changes_nothing(meta: Any,
                                                                             signature: str | None) -> None:
    services, client, graph = meta
    payload = fake_graph.text_event("messenger", "5554", "hi", "m.9", timestamp_ms=int(time.time() * 1000))
    signed = fake_graph.signed_request(APP_SECRET, payload, sign=signature is not None, signature=signature or None)
    headers = dict(signed.headers)
    if signature == "":
        headers["x-hub-signature-256"] = ""

    response = await client.post("/webhooks/meta", content=signed.body, headers=headers)

    assert response.status_code == 403, response.text
    assert await services.store.list_conversations() == []
    assert graph.sent() == []


def signed_payload(payload: dict[str, Any]) -> dict[str, Any]:
    signed = fake_graph.signed_request(APP_SECRET, payload)
    return {"content": signed.body, "headers": dict(signed.headers)}


def whatsapp_text(sender: str, wamid: str, text: str) -> dict[str, Any]:
    return fake_graph.whatsapp_message(sender, wamid, "text", {"body": text}, timestamp=int(time.time()))


async def customer_texts(services: Services, sender: str) -> list[str]:
    texts = []
    for conversation in await services.store.list_conversations():
        customer = await services.store.get_customer(conversation.customer_id)
        if any(i.external_id == sender for i in customer.identities):
            texts += [m.text for m in await services.store.messages(conversation.id) if m.author.value == "customer"]
    return texts


async def test_a_unicode_digit_answering_choices_does_not_cost_the_rest_of_the_batch(meta: Any) -> None:
    """Reproduction from the outside probe: "²" right after a message with choices, batched with another
    customer's message, was a 500 on every retry and the other message was never stored."""
    services, client, graph = meta
    photo = fake_graph.whatsapp_message("5570", "wamid.photo", "image", {"id": "img1", "mime_type": "image/jpeg"},
                                        timestamp=int(time.time()))
    response = await client.post("/webhooks/meta", **signed_payload(fake_graph.whatsapp_payload([photo])))
    assert response.status_code == 200
    await eventually(lambda: graph.sent())  # "I can't open photos here" with two choices

    batch = fake_graph.whatsapp_payload([whatsapp_text("5570", "wamid.sup2", "²"),
                                         whatsapp_text("5571", "wamid.other", "do you ship to the USA?")])
    responses = [await client.post("/webhooks/meta", **signed_payload(batch)) for _ in range(2)]

    assert [r.status_code for r in responses] == [200, 200]
    assert await customer_texts(services, "5571") == ["do you ship to the USA?"]
    assert (await customer_texts(services, "5570"))[-1] == "²"
    await eventually(lambda: any("19 euros" in json.dumps(b) for b in graph.sent()))


async def test_a_message_that_fails_is_logged_and_the_others_in_its_batch_are_answered(
        meta: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    services, client, _graph = meta
    handle = services.pipeline.handle

    async def failing_for_5580(inbound: Any) -> Any:
        if inbound.sender_id == "5580":
            raise RuntimeError("the store is unreachable")
        return await handle(inbound)

    monkeypatch.setattr(services.pipeline, "handle", failing_for_5580)
    batch = fake_graph.whatsapp_payload([whatsapp_text("5580", "wamid.a", "hello?"),
                                         whatsapp_text("5581", "wamid.b", "do you ship to the USA?")])

    response = await client.post("/webhooks/meta", **signed_payload(batch))

    assert response.status_code == 503  # not stored: Meta sends the batch again
    assert await customer_texts(services, "5581") == ["do you ship to the USA?"]
    assert "was not stored" in caplog.text
    monkeypatch.setattr(services.pipeline, "handle", handle)
    assert (await client.post("/webhooks/meta", **signed_payload(batch))).status_code == 200
    assert await customer_texts(services, "5580") == ["hello?"]
    assert await customer_texts(services, "5581") == ["do you ship to the USA?"]  # the retry stored it once


async def test_a_message_id_already_used_by_another_customer_is_skipped_not_retried_forever(meta: Any) -> None:
    """Found by the fuzz test: the refusal was a 503, so Meta would have sent the batch again and again."""
    services, client, _graph = meta
    first = fake_graph.whatsapp_payload([whatsapp_text("5590", "wamid.same", "do you ship to the USA?")])
    assert (await client.post("/webhooks/meta", **signed_payload(first))).status_code == 200
    reused = fake_graph.whatsapp_payload([whatsapp_text("5591", "wamid.same", "hello, anyone?"),
                                          whatsapp_text("5591", "wamid.new", "can I pay with paypal?")])

    response = await client.post("/webhooks/meta", **signed_payload(reused))

    assert response.status_code == 200  # acknowledged: the same id would be refused on every retry
    assert await customer_texts(services, "5590") == ["do you ship to the USA?"]
    assert await customer_texts(services, "5591") == ["can I pay with paypal?"]  # the rest of the batch


DEEP_JSON = b"[" * 10_000 + b"]" * 10_000


async def test_signed_but_malformed_telegram_bodies_are_422_and_change_nothing(telegram: Any) -> None:
    """Reproductions from the outside probe: 10,000-deep JSON (RecursionError) and ``"date": 1e20``
    (OverflowError) were 500s."""
    services, client, _fake = telegram
    huge_date = fake_telegram.text_update(790, "hello", update_id=70)
    huge_date["message"]["date"] = 1e20

    responses = [await client.post("/webhooks/telegram", **telegram_post(fake_telegram.signed_request(body)))
                 for body in (DEEP_JSON, huge_date)]

    assert [r.status_code for r in responses] == [422, 422]
    assert [r.json()["detail"]["field"] for r in responses] == ["body", "body"]
    assert await services.store.list_conversations() == []


async def test_signed_but_too_deep_meta_body_is_422_and_changes_nothing(meta: Any) -> None:
    services, client, _graph = meta
    signed = fake_graph.signed_request(APP_SECRET, DEEP_JSON)

    response = await client.post("/webhooks/meta", content=signed.body, headers=dict(signed.headers))

    assert response.status_code == 422
    assert "nested too deeply" in response.json()["detail"]["error"]
    assert await services.store.list_conversations() == []


@pytest.mark.parametrize("kind", ["messenger", "instagram", "whatsapp"])
async def test_a_waiting_meta_customer_who_keeps_writing_is_answered_every_time(meta: Any, kind: str) -> None:
    _, client, graph = meta
    await client.post("/webhooks/meta", **meta_request(kind, "5553", "Can I talk to a person?", "w.1"))
    await eventually(lambda: len(graph.sent()) >= 1)

    await client.post("/webhooks/meta", **meta_request(kind, "5553", "hello?? is anyone actually there", "w.2"))
    await eventually(lambda: len(graph.sent()) >= 2)
    await client.post("/webhooks/meta", **meta_request(kind, "5553", "Keep chatting", "w.3"))
    await eventually(lambda: len(graph.sent()) >= 3)

    later = json.dumps(graph.sent()[1:])
    assert "Maya" in later or "Leo" in later, "who has the case"
    assert "today" in later, "when, in words"
    assert "meanwhile" in later


async def test_a_waiting_telegram_customer_who_keeps_writing_is_answered_every_time(telegram: Any) -> None:
    _, client, fake = telegram
    await client.post("/webhooks/telegram", **telegram_post(
        fake_telegram.make_text_update(779, "Can I talk to a person?", message_id=1, update_id=1)))
    await eventually(lambda: len(fake.sent_texts()) >= 1)

    await client.post("/webhooks/telegram", **telegram_post(
        fake_telegram.make_text_update(779, "hello?? is anyone actually there", message_id=2, update_id=2)))
    await eventually(lambda: len(fake.sent_texts()) >= 2)

    waiting = fake.calls_to("sendMessage")[-1]
    assert "today" in waiting.params["text"]
    assert "Keep chatting" in json.dumps(waiting.params.get("reply_markup", ""))
