"""The store contract, part 2b: a customer's message arriving (``Store.receive``) — identify, open the
conversation and store the message in one transaction, all or nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from warmline.domain import Author, ChannelIdentity, ConversationState, CustomerProfile, Message, new_id
from warmline.store import SqlStore

from .conftest import Clock
from .helpers import open_conversation

TELEGRAM = ChannelIdentity(channel="telegram", external_id="tg-1")


def _arriving(text: str, *, clock: Clock, channel: str = "telegram", external_id: str | None = None) -> Message:
    return Message(id=new_id(), conversation_id="", author=Author.CUSTOMER, text=text, channel=channel,
                   created_at=clock.now, external_id=external_id)


@contextmanager
def _transactions() -> Iterator[list[str]]:
    """The transactions begun on any engine meanwhile (SQLAlchemy's ``begin`` event)."""
    begun: list[str] = []

    def count(connection: Any) -> None:
        begun.append("begin")

    event.listen(Engine, "begin", count)
    try:
        yield begun
    finally:
        event.remove(Engine, "begin", count)


async def test_first_contact_creates_customer_conversation_and_message(store: SqlStore, clock: Clock) -> None:
    arrival = await store.receive(_arriving("hello", clock=clock, external_id="u1"), identity=TELEGRAM, name="Ann")

    assert arrival.created
    assert arrival.customer.name == "Ann"
    assert arrival.customer.identities == (TELEGRAM,)
    assert arrival.conversation.customer_id == arrival.customer.id
    assert arrival.conversation.state is ConversationState.BOT
    assert arrival.message.conversation_id == arrival.conversation.id
    assert await store.messages(arrival.conversation.id) == [arrival.message]
    assert await store.customer_for_identity(TELEGRAM) == arrival.customer


async def test_a_returning_customer_continues_their_conversation(store: SqlStore, clock: Clock) -> None:
    customer, conversation = await open_conversation(store, TELEGRAM)
    await store.set_state(conversation.id, state=ConversationState.QUEUED, assignee_id="maya")

    arrival = await store.receive(_arriving("still there?", clock=clock), identity=TELEGRAM)

    assert arrival.customer == customer
    assert arrival.conversation.id == conversation.id
    assert arrival.conversation.state is ConversationState.QUEUED
    assert [m.text for m in await store.messages(conversation.id)] == ["still there?"]


async def test_the_arrival_brings_the_conversations_last_messages_as_messages_reads_them(
        store: SqlStore, clock: Clock) -> None:
    for text in ("one", "two", "three"):
        clock.advance(seconds=1)
        last = await store.receive(_arriving(text, clock=clock), identity=TELEGRAM, history=2)
    assert [m.text for m in last.recent] == ["two", "three"]  # oldest first, this message last
    assert list(last.recent) == await store.messages(last.conversation.id, limit=2)
    clock.advance(seconds=1)
    without = await store.receive(_arriving("four", clock=clock), identity=TELEGRAM)
    assert without.recent == ()  # only when asked for


async def test_the_shops_customer_id_joins_the_profile(store: SqlStore, clock: Clock) -> None:
    await store.upsert_profile("shop-42", CustomerProfile(name="Ann Lee", orders_count=7))

    arrival = await store.receive(_arriving("hi", clock=clock, channel="api"),
                                  identity=ChannelIdentity(channel="api", external_id="shop-42"),
                                  name="Someone", customer_id="shop-42")

    assert arrival.customer.id == "shop-42"
    assert (arrival.customer.name, arrival.customer.orders_count) == ("Ann Lee", 7)


async def test_a_copy_comes_back_as_the_first_and_stores_nothing(store: SqlStore, clock: Clock) -> None:
    first = await store.receive(_arriving("refund?", clock=clock, external_id="wamid.1"), identity=TELEGRAM)
    again = await store.receive(_arriving("refund?", clock=clock, external_id="wamid.1"), identity=TELEGRAM)

    assert not again.created
    assert again.message == first.message
    assert again.conversation == first.conversation
    assert await store.messages(first.conversation.id) == [first.message]


async def test_a_copy_names_the_conversation_it_was_stored_in(store: SqlStore, clock: Clock) -> None:
    first = await store.receive(_arriving("refund?", clock=clock, external_id="wamid.1"), identity=TELEGRAM)
    other = ChannelIdentity(channel="telegram", external_id="tg-2")

    copy = await store.receive(_arriving("refund?", clock=clock, external_id="wamid.1"), identity=other)

    assert not copy.created
    assert copy.conversation.id == first.conversation.id
    assert copy.conversation.customer_id != copy.customer.id  # the caller refuses another customer's id


async def test_concurrent_first_messages_make_one_customer_and_conversation(store: SqlStore, clock: Clock) -> None:
    arrivals = await asyncio.gather(*(store.receive(_arriving(f"m{n}", clock=clock, external_id=f"x{n}"),
                                                    identity=TELEGRAM) for n in range(8)))

    assert len({a.customer.id for a in arrivals}) == 1
    assert len({a.conversation.id for a in arrivals}) == 1
    assert len(await store.messages(arrivals[0].conversation.id)) == 8


async def test_concurrent_copies_are_stored_once(store: SqlStore, clock: Clock) -> None:
    arrivals = await asyncio.gather(*(store.receive(_arriving("hi", clock=clock, external_id="same"),
                                                    identity=TELEGRAM) for _ in range(8)))

    assert sum(a.created for a in arrivals) == 1
    assert len({a.message.id for a in arrivals}) == 1
    assert len(await store.messages(arrivals[0].conversation.id)) == 1


async def test_it_is_one_transaction(store: SqlStore, clock: Clock) -> None:
    with _transactions() as begun:
        await store.receive(_arriving("hello", clock=clock), identity=TELEGRAM, name="Ann")
    assert len(begun) == 1


async def test_a_failure_stores_nothing_at_all(store: SqlStore, clock: Clock) -> None:
    taken = await store.receive(_arriving("first", clock=clock), identity=TELEGRAM)
    newcomer = ChannelIdentity(channel="telegram", external_id="tg-new")
    clash = Message(id=taken.message.id, conversation_id="", author=Author.CUSTOMER, text="second",
                    channel="telegram", created_at=clock.now)

    with pytest.raises(IntegrityError):  # the message id is taken
        await store.receive(clash, identity=newcomer)

    assert [c.id for c in await store.list_conversations()] == [taken.conversation.id]
    assert await store.messages(taken.conversation.id) == [taken.message]
