"""Pipeline behaviours beyond the HTTP contract: content it can't read, /start, linking, numbered choices."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests._clock import ManualClock

from warmline.config import Settings
from warmline.domain import (
    MAX_TEXT_CHARS,
    Action,
    Author,
    ChannelIdentity,
    ContentKind,
    CustomerProfile,
    InboundMessage,
    Message,
    Order,
    new_id,
)
from warmline.engine.customer.order_book import OrderBook
from warmline.knowledge.embeddings import MiniLMEmbeddings
from warmline.runtime.services import Services


@pytest.fixture
async def services(settings: Settings) -> AsyncIterator[Services]:
    started = await Services.start(settings)
    yield started
    await started.stop()


def inbound(text: str, *, sender: str = "u-1", channel: str = "api", kind: ContentKind = ContentKind.TEXT,
            message_id: str | None = None) -> InboundMessage:
    return InboundMessage(channel=channel, sender_id=sender, text=text, kind=kind, platform_message_id=message_id)


async def test_a_photo_gets_a_kind_reply_with_choices_and_is_stored(services: Services) -> None:
    result = await services.pipeline.handle(inbound("[photo]", kind=ContentKind.IMAGE))

    assert "can't open photos" in result.replies[0].text
    assert result.replies[0].choices
    assert result.inbound.text == "[photo]"


async def test_a_reaction_is_stored_and_not_answered(services: Services) -> None:
    result = await services.pipeline.handle(inbound("[reacted ❤️]", kind=ContentKind.REACTION))

    assert result.replies == ()
    assert len(await services.store.messages(result.conversation.id)) == 1


async def test_start_greets_instead_of_searching(services: Services) -> None:
    result = await services.pipeline.handle(inbound("/start", channel="telegram"))

    assert result.replies[0].text.startswith("Hi")
    assert result.decision.action is Action.ANSWER
    assert result.decision.citations == ()


async def test_a_number_answers_the_choices_of_the_last_message(services: Services) -> None:
    unsure = await services.pipeline.handle(inbound("what is the boiling point of tungsten?"))
    talk = next(i for i, c in enumerate(unsure.replies[-1].choices, 1) if "person" in c.lower())

    result = await services.pipeline.handle(inbound(str(talk)))

    assert result.decision.action is Action.HANDOFF


async def test_an_email_the_shop_knows_links_a_new_channel_to_that_customer(services: Services) -> None:
    await services.store.upsert_profile("shop-42", CustomerProfile(name="Ana Silva", email="ana@example.com"))
    await services.store.link_identity("shop-42", ChannelIdentity(
        channel="api", external_id="shop-42"))

    result = await services.pipeline.handle(inbound("hi, I'm ana@example.com", channel="telegram", sender="tg-7"))

    assert result.customer.id == "shop-42"
    assert {i.channel for i in result.customer.identities} == {"api", "telegram"}
    history = await services.store.customer_history("shop-42")
    assert any(m.text == "hi, I'm ana@example.com" for m in history)


async def test_an_email_never_opens_a_conversation_on_a_channel_the_customer_already_uses(
        services: Services) -> None:
    await services.store.upsert_profile("shop-43", CustomerProfile(email="bo@example.com"))
    await services.pipeline.handle(inbound("hello", channel="telegram", sender="tg-owner"))
    owner = await services.store.customer_for_identity(
        ChannelIdentity(channel="telegram", external_id="tg-owner"))
    await services.store.link_identity("shop-43", owner.identities[0])

    result = await services.pipeline.handle(inbound("I'm bo@example.com", channel="telegram", sender="tg-stranger"))

    assert result.customer.id != "shop-43"


async def test_a_captioned_photo_is_answered_from_its_caption(services: Services) -> None:
    result = await services.pipeline.handle(inbound("how long does shipping take?", kind=ContentKind.IMAGE))

    assert result.decision.action is Action.ANSWER
    assert "2-4 business days" in result.replies[0].text


async def test_a_phone_number_from_the_shop_export_links_whatever_way_it_is_typed(services: Services) -> None:
    from warmline.web.schemas import CustomerProfileIn

    profile = CustomerProfileIn(name="Eva de Boer", phone="+31 6 5550 1201")
    await services.store.upsert_profile("c-1001", CustomerProfile(**profile.model_dump(exclude_unset=True)))
    await services.store.link_identity("c-1001", ChannelIdentity(channel="api", external_id="c-1001"))

    result = await services.pipeline.handle(inbound("it's Eva, +31-6-5550-1201", channel="whatsapp", sender="wa-9"))

    assert result.customer.id == "c-1001"


async def test_a_redelivered_message_that_was_stored_but_never_answered_is_answered_once(
        services: Services) -> None:
    # What a crash between "stored" and "answered" leaves behind: the customer's message and nothing else.
    identity = ChannelIdentity(channel="api", external_id="crash-1")
    customer = await services.store.customer_for_identity(identity)
    conversation = await services.store.current_conversation(customer_id=customer.id, channel="api")
    await services.store.add_message(Message(
        id=new_id(), conversation_id=conversation.id, author=Author.CUSTOMER, text="when are you open?",
        channel="api", created_at=services.clock(), external_id="m-crash"))

    retried = await services.pipeline.handle(inbound("when are you open?", sender="crash-1", message_id="m-crash"))
    again = await services.pipeline.handle(inbound("when are you open?", sender="crash-1", message_id="m-crash"))

    assert not retried.duplicate
    assert retried.replies
    assert again.duplicate
    assert [m.id for m in again.replies] == [m.id for m in retried.replies]
    history = await services.store.messages(conversation.id)
    assert [m.author for m in history] == [Author.CUSTOMER, *(m.author for m in retried.replies)]
    assert len(await services.store.decisions(conversation.id)) == 1


@pytest.mark.parametrize("text", ["how long does shipping take? " + "x" * 200_000, "4" * 200_000])
async def test_a_huge_message_is_stored_whole_and_only_its_start_is_read(services: Services, text: str) -> None:
    result = await services.pipeline.handle(inbound(text, channel="email", sender="ana@example.com"))

    assert result.decision.action in {Action.ANSWER, Action.CLARIFY, Action.HANDOFF, Action.DELAY}
    assert result.inbound.text == text[:MAX_TEXT_CHARS]  # what the bot read and decided on
    stored = await services.store.messages(result.conversation.id)
    assert stored[0].text == text  # staff see all of it


async def test_an_out_of_hours_promise_falls_due_at_the_time_the_customer_was_told(
        settings: Settings, tmp_path: Path) -> None:
    # The test shop with Maya and Leo on weekdays 9-17 (UTC): at Saturday 20:00 nobody is on shift, Maya is back
    # first on Monday at 9:00, and the customer is told exactly that. The promise must fall due then, not at
    # the ETA rounded up to whole hours (which would let it run up to an hour past what was said).
    spec = yaml.safe_load(settings.bot.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    weekdays = [{"days": "mon-fri", "start": "09:00", "end": "17:00"}]
    spec["business_hours"]["shifts"] = weekdays
    spec["staff"] = [{**member, "shifts": weekdays} for member in spec["staff"]]
    bot_file = tmp_path / "weekdays.yaml"
    bot_file.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    (tmp_path / "knowledge").symlink_to(settings.bot.parent / "knowledge")  # type: ignore[union-attr]
    clock = ManualClock(datetime(2026, 12, 5, 20, 7, 31, tzinfo=UTC))  # Saturday evening, at an odd second
    started = await Services.start(settings.model_copy(update={"bot": bot_file}), clock=clock)
    try:
        result = await started.pipeline.handle(inbound("Can I talk to a person please?"))
        (promise,) = await started.store.promises(conversation_id=result.conversation.id)
    finally:
        await started.stop()

    assert result.decision.action is Action.HANDOFF
    assert "Maya is back at 9:00 on Monday" in result.decision.replies[0].text, result.decision.replies[0].text
    assert promise.owner_id == "maya"
    assert promise.due_at == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def test_a_customer_who_proved_one_order_is_asked_to_verify_a_different_unknown_number(
        services: Services) -> None:
    shipped = datetime.now(UTC) - timedelta(days=1)
    await OrderBook(store=services.store).save(Order(
        number="MS-20417", email="greta@example.com", postcode="1021 AB", created_at=shipped - timedelta(days=2),
        paid_at=shipped - timedelta(days=2), fulfilled_at=shipped, carrier="PostNL",
        tracking_url="https://track.example/GRETA"))
    said = [await services.pipeline.handle(inbound(text, sender="greta", channel="webchat")) for text in (
        "has MS-20417 shipped? greta@example.com", "and where is MS-99999?", "when will MS-99999 arrive?")]
    stranger = await services.pipeline.handle(inbound("and where is MS-99999?", sender="nobody", channel="webchat"))

    proven, other, still_other = (turn.decision for turn in said)
    assert proven.action is Action.ANSWER
    assert "https://track.example/GRETA" in proven.replies[0].text
    for unknown in (other, still_other):
        assert unknown.action is Action.CLARIFY  # checked on its own: asked to verify, like anyone else
        assert unknown.replies == stranger.decision.replies
        assert "GRETA" not in unknown.replies[0].text


async def test_the_message_is_embedded_while_it_is_stored_and_once_a_turn(services: Services,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    question = "how long does shipping take?"
    embedded: list[str] = []
    started = threading.Event()
    real_embed = MiniLMEmbeddings._embed_batch

    def spy(model: Any, texts: list[str]) -> Any:
        embedded.extend(texts)
        started.set()
        return real_embed(model, texts)

    real_receive = services.store.receive

    async def receive_once_the_model_runs(*args: Any, **kwargs: Any) -> Any:
        # Stored only after the model has started on the message: without reading ahead this waits in vain.
        assert await asyncio.to_thread(started.wait, 10)
        return await real_receive(*args, **kwargs)

    monkeypatch.setattr(MiniLMEmbeddings, "_embed_batch", staticmethod(spy))
    monkeypatch.setattr(services.store, "receive", receive_once_the_model_runs)
    turn = await services.pipeline.handle(inbound(question))
    assert turn.decision.action is Action.ANSWER
    assert embedded.count(question) == 1  # retrieval and the signals took the vector read ahead
