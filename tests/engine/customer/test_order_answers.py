"""Order answers from the shop's own data: verified customers get the record, strangers learn nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from warmline.domain import (
    Action,
    Bot,
    ChannelIdentity,
    Conversation,
    ConversationOrder,
    Customer,
    CustomerProfile,
    Order,
    OrderItem,
    OrderLookup,
    OrderRules,
    Product,
    ProductVariant,
    StaffMember,
)
from warmline.engine.customer.order_answers import OrderAnswers
from warmline.engine.customer.order_book import OrderBook
from warmline.handoff import Routing
from warmline.store import SqlStore

NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)
SHIPPED = NOW - timedelta(days=1)
URL = "https://track.example/3SABC"
BOT = Bot(name="t", display_name="T", knowledge_dir=Path("."),
          orders=OrderRules(number_pattern=r"MS-\d{4,6}", number_example="MS-1042", return_window_days=30))
JANES = Order(number="MS-1042", customer_id="jane", email="jane@example.com", postcode="1021 AB", status="fulfilled",
              created_at=NOW - timedelta(days=3), paid_at=NOW - timedelta(days=3), fulfilled_at=SHIPPED,
              carrier="PostNL", tracking_url=URL, items=(OrderItem(title="Wool cardigan", variant="Blue / M"),),
              total=129.0)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqlStore]:
    sql = SqlStore(f"sqlite:///{tmp_path / 'w.db'}", clock=lambda: NOW)
    await sql.start()
    await OrderBook(store=sql).save(JANES)
    yield sql
    await sql.close()


@pytest.fixture
def answers(store: SqlStore) -> OrderAnswers:
    return OrderAnswers(bot=BOT, store=store, clock=lambda: NOW)


async def _visitor(store: SqlStore, external_id: str, channel: str = "webchat") -> tuple[Customer, Conversation]:
    customer = await store.customer_for_identity(ChannelIdentity(channel=channel, external_id=external_id))
    return customer, await store.current_conversation(customer_id=customer.id, channel=channel)


async def test_number_and_email_get_the_status_and_tracking_link_citing_the_order(
        store: SqlStore, answers: OrderAnswers) -> None:
    customer, conversation = await _visitor(store, "w-1")
    decision = await answers.respond(customer=customer, conversation=conversation,
                                     text="Hi, where is my order MS-1042? jane@example.com")
    assert decision is not None
    assert decision.action is Action.ANSWER
    assert "PostNL" in decision.replies[0].text
    assert URL in decision.replies[0].text
    assert [c.source for c in decision.citations] == ["order MS-1042"]
    # Remembered on the conversation: the next question needs neither number nor email again.
    follow_up = await answers.respond(customer=customer, conversation=conversation, text="when will it arrive?")
    assert follow_up is not None
    assert "should arrive by Friday 6 March" in follow_up.replies[0].text


async def test_the_postcode_proves_it_too(store: SqlStore, answers: OrderAnswers) -> None:
    customer, conversation = await _visitor(store, "w-2")
    decision = await answers.respond(customer=customer, conversation=conversation, text="has ms-1042 shipped? 1021ab")
    assert decision is not None
    assert decision.action is Action.ANSWER


async def test_a_stranger_gets_exactly_what_someone_with_a_made_up_number_gets(
        store: SqlStore, answers: OrderAnswers) -> None:
    customer, conversation = await _visitor(store, "stranger")
    real = await answers.respond(customer=customer, conversation=conversation, text="has MS-1042 shipped?")
    wrong_email = await answers.respond(customer=customer, conversation=conversation,
                                        text="has MS-1042 shipped? me@evil.example")
    other, other_conversation = await _visitor(store, "stranger-2")
    made_up = await answers.respond(customer=other, conversation=other_conversation, text="has MS-9999 shipped?")
    assert real is not None
    assert wrong_email is not None
    assert made_up is not None
    assert real.action is Action.CLARIFY
    assert (real.replies, real.reasons) == (made_up.replies, made_up.reasons) == (wrong_email.replies,
                                                                                   wrong_email.reasons)
    said = " ".join(r.text for r in (*real.replies, *wrong_email.replies))
    for secret in ("PostNL", URL, "cardigan", "shipped", "jane"):
        assert secret not in said
    assert real.citations == ()


async def test_an_email_sent_after_being_asked_verifies_the_order_named_before(
        store: SqlStore, answers: OrderAnswers) -> None:
    customer, conversation = await _visitor(store, "w-3")
    asked = await answers.respond(customer=customer, conversation=conversation, text="where is MS-1042?")
    assert asked is not None
    assert asked.action is Action.CLARIFY
    unrelated = await answers.respond(customer=customer, conversation=conversation, text="thanks 👍")
    assert unrelated is None
    wrong = await answers.respond(customer=customer, conversation=conversation, text="1099 ZZ")
    assert wrong is None
    answered = await answers.respond(customer=customer, conversation=conversation, text="it's 1021 AB")
    assert answered is not None
    assert answered.action is Action.ANSWER


async def test_a_new_unknown_number_after_a_proven_order_is_checked_on_its_own(
        store: SqlStore, answers: OrderAnswers) -> None:
    customer, conversation = await _visitor(store, "w-6")
    proven = await answers.respond(customer=customer, conversation=conversation,
                                   text="has MS-1042 shipped? jane@example.com")
    assert proven is not None
    assert proven.action is Action.ANSWER

    other = await answers.respond(customer=customer, conversation=conversation, text="and where is MS-7777?")
    again = await answers.respond(customer=customer, conversation=conversation,
                                  text="has MS-7777 shipped? jane@example.com")

    stranger, theirs = await _visitor(store, "w-6-stranger")
    made_up = await answers.respond(customer=stranger, conversation=theirs, text="and where is MS-7777?")
    assert made_up is not None
    for decision in (other, again):
        assert decision is not None
        assert decision.action is Action.CLARIFY  # asked to verify, as for any number it can't show
        assert decision.replies == made_up.replies
        assert URL not in decision.replies[0].text
    assert (await store.conversation_order(conversation.id)) == ConversationOrder(order_key="MS-7777")


async def test_a_postcode_that_looks_like_an_order_number_still_proves_the_order_named_before(
        store: SqlStore) -> None:
    loose = OrderAnswers(bot=Bot(name="t", display_name="T", knowledge_dir=Path(".")), store=store, clock=lambda: NOW)
    customer, conversation = await _visitor(store, "w-7")
    asked = await loose.respond(customer=customer, conversation=conversation, text="where is MS-1042?")
    assert asked is not None
    assert asked.action is Action.CLARIFY

    answered = await loose.respond(customer=customer, conversation=conversation, text="postcode 1021 AB")

    assert answered is not None  # "1021" fits the default number pattern, and is the postcode's start
    assert answered.action is Action.ANSWER
    assert URL in answered.replies[0].text


async def test_a_message_with_nothing_order_like_reads_nothing_and_an_order_question_reads_it_all(
        store: SqlStore, answers: OrderAnswers) -> None:
    _, conversation = await _visitor(store, "w-8")
    await store.remember_order(conversation.id, number="MS-1042", verified_by="jane@example.com")

    idle = await answers.read(conversation=conversation, text="thanks 👍")
    asked = await answers.read(conversation=conversation, text="when will it arrive?")

    assert idle.lookup == OrderLookup()  # no read: it can neither prove nor ask about an order
    assert asked.lookup.remembered == ConversationOrder(order_key="MS-1042", verified_by="jane@example.com")
    stored = asked.lookup.order("MS-1042")
    assert stored is not None
    assert stored.customer_id == "jane"
    assert asked.fits(conversation, "when will it arrive?")
    assert not asked.fits(conversation, "when will it arrive")


async def test_the_shops_own_api_channel_may_ask_by_customer_id(store: SqlStore, answers: OrderAnswers) -> None:
    customer = await store.customer_for_identity(ChannelIdentity(channel="api", external_id="jane"))
    await store.link_identity("jane", ChannelIdentity(channel="api", external_id="jane"))
    customer = await store.get_customer("jane")
    conversation = await store.current_conversation(customer_id="jane", channel="api")
    decision = await answers.respond(customer=customer, conversation=conversation, text="where is my order?")
    assert decision is not None
    assert "MS-1042" in decision.replies[0].text


async def test_where_is_my_order_without_a_number_asks_for_it_and_general_questions_pass(
        store: SqlStore, answers: OrderAnswers) -> None:
    customer, conversation = await _visitor(store, "w-4")
    asked = await answers.respond(customer=customer, conversation=conversation, text="where is my parcel??")
    assert asked is not None
    assert "(like MS-1042)" in asked.replies[0].text
    for general in ("when will my order arrive", "how long does shipping take?", "my mug arrived broken MS-1042"):
        assert await answers.respond(customer=customer, conversation=conversation, text=general) is None


async def test_the_customer_is_asked_to_verify_in_their_own_language(store: SqlStore, answers: OrderAnswers) -> None:
    # "Wo ist meine Bestellung MS-70315?" was asked for the email or postcode in English (demo, twenty-third pass)
    customer, conversation = await _visitor(store, "w-5")
    asked = await answers.respond(customer=customer, conversation=conversation,
                                  text="Wo ist meine Bestellung MS-1042?", language="de")
    assert asked is not None
    assert asked.action is Action.CLARIFY
    assert asked.replies[0].text.startswith("Das schaue ich gern für dich nach.")
    assert "(z. B. MS-1042)" in asked.replies[0].text
    # and, proven, told where it is in German too
    proven = await answers.respond(customer=customer, conversation=conversation,
                                   text="Wo ist meine Bestellung MS-1042? Postleitzahl 1021 AB", language="de")
    assert proven is not None
    assert proven.action is Action.ANSWER
    assert proven.replies[0].text.startswith("Deine Bestellung MS-1042 (Wool cardigan (Blue / M)) hat unser Atelier "
                                             "am Dienstag, 3. März mit PostNL verlassen")
    when = await answers.respond(customer=customer, conversation=conversation, text="Und wann kommt sie an?",
                                 language="de")
    assert when is not None
    assert when.replies[0].text.startswith("Deine Bestellung MS-1042 sollte bis Freitag, 6. März ankommen.")
    spanish = await answers.respond(customer=customer, conversation=conversation,
                                    text="¿dónde está mi pedido MS-9999?", language="es")
    assert spanish is not None
    assert "número de pedido (como MS-1042)" in spanish.replies[0].text


async def test_an_overdue_parcel_goes_to_a_named_person_with_the_order(store: SqlStore) -> None:
    maya = StaffMember(id="maya", name="Maya Lindqvist")

    async def router(customer: Customer, case_type: str | None) -> Routing:
        return Routing(assignee=maya, eta_minutes=30)

    late = OrderAnswers(bot=BOT, store=store, clock=lambda: NOW + timedelta(days=10), router=router)
    customer, conversation = await _visitor(store, "w-5")
    decision = await late.respond(customer=customer, conversation=conversation,
                                  text="where is MS-1042? jane@example.com")
    assert decision is not None
    assert decision.action is Action.DELAY
    assert decision.assignee is not None
    assert decision.assignee.name == "Maya Lindqvist"
    assert decision.replies[0].text.startswith("Your order MS-1042 should have arrived by Friday 6 March")
    assert "Maya will ask PostNL where it is" in decision.replies[0].text
    assert "MS-1042" in decision.reasons[0]
    assert (await store.conversation_order(conversation.id)) == ConversationOrder(order_key="MS-1042",
                                                                                 verified_by="jane@example.com")


async def test_stock_questions_answer_from_the_variants(store: SqlStore, answers: OrderAnswers) -> None:
    await store.upsert_product(Product(id="p1", title="Wool cardigan", variants=(
        ProductVariant(sku="a", title="Blue / M", options={"colour": "Blue", "size": "M"}, stock=0),)))
    customer, conversation = await _visitor(store, "w-6")
    decision = await answers.respond(customer=customer, conversation=conversation,
                                     text="is the blue cardigan in M in stock?")
    assert decision is not None
    assert decision.replies[0].text == "The Wool cardigan in Blue / M is sold out right now."
    assert await answers.respond(customer=customer, conversation=conversation, text="is the teapot in stock?") is None


async def test_a_shop_without_orders_changes_nothing(tmp_path: Path) -> None:
    async with SqlStore(f"sqlite:///{tmp_path / 'empty.db'}") as empty:
        customer, conversation = await _visitor(empty, "w-7")
        answers = OrderAnswers(bot=BOT, store=empty, clock=lambda: NOW)
        assert await answers.respond(customer=customer, conversation=conversation, text="where is my order?") is None


async def test_the_order_book_ties_orders_to_customers_by_email(store: SqlStore) -> None:
    await store.upsert_profile("piet", CustomerProfile(email="piet@example.com"))
    saved = await OrderBook(store=store).save(Order(number="MS-2000", email="PIET@example.com", total=10.0,
                                                    created_at=NOW, paid_at=NOW))
    assert saved.customer_id == "piet"
    assert (await store.get_customer("piet")).orders_count == 1
    new = await OrderBook(store=store).save(Order(number="MS-2001", email="new@example.com", total=5.0))
    assert new.customer_id is not None
    assert (await store.get_customer(new.customer_id)).email == "new@example.com"
