"""One reading of the orders a message names, shared by linking and answering: what it reads, what proves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from warmline.domain import Bot, ChannelIdentity, ConversationOrder, Order, OrderLookup, OrderRules
from warmline.engine.customer.order_answers import OrderAnswers
from warmline.engine.customer.order_book import OrderBook
from warmline.engine.customer.order_reading import OrderReading, order_like, part_of_postcode
from warmline.store import SqlStore

NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)
BOT = Bot(name="t", display_name="T", knowledge_dir=Path("."), orders=OrderRules(number_pattern=r"MS-\d{4,6}"))
GRETAS = Order(number="MS-20417", customer_id="greta", email="greta@example.com", postcode="1021 AB",
               created_at=NOW - timedelta(days=2))


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqlStore]:
    sql = SqlStore(f"sqlite:///{tmp_path / 'r.db'}", clock=lambda: NOW)
    await sql.start()
    await OrderBook(store=sql).save(GRETAS)
    yield sql
    await sql.close()


def test_order_like_is_a_number_a_question_a_digit_or_an_at_sign() -> None:
    assert order_like("has it shipped?", ())
    assert order_like("postcode 1021 AB", ())
    assert order_like("me@example.com", ())
    assert order_like("about that", ("MS-1042",))
    assert not order_like("how long does shipping take", ())
    assert not order_like("thanks 👍", ())


def test_a_number_is_part_of_a_postcode_only_when_the_message_carries_that_postcode() -> None:
    assert part_of_postcode("1021", GRETAS, "it's 1021 AB")
    assert not part_of_postcode("1021", GRETAS, "order 1021")  # the postcode itself is not there
    assert not part_of_postcode("9999", GRETAS, "1021 AB, and 9999")


def test_the_owner_is_proven_by_the_email_now_or_by_a_proof_remembered_for_that_order() -> None:
    orders = {"MS-20417": GRETAS}
    now = OrderReading(conversation_id="c", text="MS-20417 greta@example.com", numbers=("MS-20417",),
                       lookup=OrderLookup(orders=orders))
    earlier = OrderReading(conversation_id="c", text="when will it arrive?", numbers=(), lookup=OrderLookup(
        remembered=ConversationOrder(order_key="MS-20417", verified_by="greta@example.com"), orders=orders))
    unproven = OrderReading(conversation_id="c", text="MS-20417 other@example.com", numbers=("MS-20417",),
                            lookup=OrderLookup(remembered=ConversationOrder(order_key="MS-20417"), orders=orders))
    assert now.proven_owner() == "greta"
    assert earlier.proven_owner() == "greta"
    assert unproven.proven_owner() is None


async def test_a_message_with_nothing_order_like_reads_nothing_and_an_order_question_reads_it_all(
        store: SqlStore) -> None:
    answers = OrderAnswers(bot=BOT, store=store, clock=lambda: NOW)
    customer = await store.customer_for_identity(ChannelIdentity(channel="webchat", external_id="g"))
    conversation = await store.current_conversation(customer_id=customer.id, channel="webchat")
    await store.remember_order(conversation.id, number="MS-20417", verified_by="greta@example.com")

    idle = await answers.read(conversation=conversation, text="thanks 👍")
    asked = await answers.read(conversation=conversation, text="when will it arrive?")

    assert idle.lookup == OrderLookup()  # no read: it can neither prove nor ask about an order
    assert asked.lookup.remembered == ConversationOrder(order_key="MS-20417", verified_by="greta@example.com")
    stored = asked.lookup.order("MS-20417")
    assert stored is not None
    assert stored.customer_id == "greta"
    assert asked.fits(conversation, "when will it arrive?")
    assert not asked.fits(conversation, "when will it arrive")
