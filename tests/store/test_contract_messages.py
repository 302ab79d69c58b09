"""The store contract, part 2: messages (idempotent, ordered, across channels) and decisions."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest

from warmline.domain import (
    Action,
    Assignee,
    Author,
    ChannelIdentity,
    Citation,
    ConversationState,
    Decision,
    Message,
    Mode,
    NotFoundError,
    PostComment,
    Reply,
    new_id,
)
from warmline.store import SqlStore

from .conftest import Clock
from .helpers import add_text, make_message, open_conversation

TELEGRAM = ChannelIdentity(channel="telegram", external_id="tg-1")
WEB = ChannelIdentity(channel="webchat", external_id="web-1")
CITATION = Citation(source="shipping.md", title="Shipping costs", url="https://shop.example/shipping")


async def test_message_round_trip_keeps_every_field(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    message = Message(id=new_id(), conversation_id=conversation.id, author=Author.STAFF, text="Hi Ann",
                      channel="telegram", created_at=clock.now, external_id=None, staff_id="maya",
                      choices=("Wait for Maya", "Email me"), citations=(CITATION,))
    stored, created = await store.add_message(message)
    assert created
    assert stored == message
    assert await store.messages(conversation.id) == [message]


async def test_a_comments_post_is_kept_with_the_message(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, ChannelIdentity(channel="instagram", external_id="ig-1"))
    post = PostComment(comment_id="c-1", post_id="p-1", parent_id="c-0", permalink="https://instagram.test/p/1",
                       caption="New mugs!", media_type="REELS")
    message = Message(id=new_id(), conversation_id=conversation.id, author=Author.CUSTOMER, text="price?",
                      channel="instagram", created_at=clock.now, external_id="comment:c-1", post=post)

    await store.add_message(message)

    assert await store.messages(conversation.id) == [message]


async def test_add_message_is_idempotent_on_platform_id(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    first = make_message(conversation, "hello", created_at=clock.now, external_id="update-1")
    retry = make_message(conversation, "hello", created_at=clock.advance(seconds=3), external_id="update-1")

    assert await store.add_message(first) == (first, True)
    stored, created = await store.add_message(retry)

    assert not created
    assert stored == first
    assert await store.messages(conversation.id) == [first]


async def test_same_platform_id_on_another_channel_is_another_message(store: SqlStore, clock: Clock) -> None:
    _, telegram = await open_conversation(store, TELEGRAM)
    _, web = await open_conversation(store, WEB)
    _, created_a = await store.add_message(make_message(telegram, "a", created_at=clock.now, external_id="7"))
    _, created_b = await store.add_message(make_message(web, "b", created_at=clock.now, external_id="7"))
    assert created_a
    assert created_b


async def test_messages_without_platform_id_are_all_stored(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    for text in ("one", "two"):
        _, created = await store.add_message(make_message(conversation, text, created_at=clock.now))
        assert created
    assert [m.text for m in await store.messages(conversation.id)] == ["one", "two"]


async def test_concurrent_copies_of_a_message_are_stored_once(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    copies = [make_message(conversation, "refund please", created_at=clock.now, external_id="wamid.1")
              for _ in range(20)]

    results = await asyncio.gather(*(store.add_message(copy) for copy in copies))

    assert sum(created for _, created in results) == 1
    winner = next(stored for stored, created in results if created)
    assert all(stored == winner for stored, _ in results)
    assert await store.messages(conversation.id) == [winner]


async def test_concurrent_writers_do_not_lock_each_other_out(store: SqlStore, clock: Clock) -> None:
    customers = await asyncio.gather(*(store.customer_for_identity(
        ChannelIdentity(channel="telegram", external_id=f"c{n}")) for n in range(10)))
    conversations = await asyncio.gather(*(store.current_conversation(customer_id=c.id, channel="telegram")
                                           for c in customers))
    writes = [store.add_message(make_message(c, f"m{n}", created_at=clock.now, external_id=f"x{n}"))
              for n, c in enumerate(conversations)]
    writes += [store.set_state(c.id, state=ConversationState.QUEUED, assignee_id="maya")
               for c in conversations]
    writes += [store.add_decision(Decision(action=Action.ANSWER, reasons=("faq",), confidence=0.9,
                                           conversation_id=c.id)) for c in conversations]
    await asyncio.gather(*writes)
    snapshot = await store.team_snapshot()
    assert snapshot.workload == {"maya": 10}
    for conversation in conversations:
        assert len(await store.messages(conversation.id)) == 1
        assert len(await store.decisions(conversation.id)) == 1


async def test_adding_a_message_marks_the_conversation_updated(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    clock.advance(minutes=3)
    await add_text(store, conversation, "still there?", clock=clock)
    assert (await store.get_conversation(conversation.id)).updated_at == conversation.created_at + \
        timedelta(minutes=3)


async def test_message_in_unknown_conversation_is_not_found(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    ghost = Message(id=new_id(), conversation_id="missing", author=Author.CUSTOMER, text="?",
                    channel="telegram", created_at=clock.now, external_id="e1")
    with pytest.raises(NotFoundError, match="missing"):
        await store.add_message(ghost)
    assert await store.messages(conversation.id) == []


async def test_messages_come_oldest_first_and_limit_keeps_the_last(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    same_instant = clock.now
    for text in ("a", "b", "c"):  # equal timestamps keep insertion order
        await store.add_message(make_message(conversation, text, created_at=same_instant))
    earlier = make_message(conversation, "earliest", created_at=same_instant - timedelta(minutes=1))
    await store.add_message(earlier)
    assert [m.text for m in await store.messages(conversation.id)] == ["earliest", "a", "b", "c"]
    assert [m.text for m in await store.messages(conversation.id, limit=2)] == ["b", "c"]


async def test_history_spans_channels_oldest_first(store: SqlStore, clock: Clock) -> None:
    customer, telegram = await open_conversation(store, TELEGRAM)
    await store.link_identity(customer.id, WEB)
    web = await store.current_conversation(customer_id=customer.id, channel="webchat")
    _, stranger = await open_conversation(store, ChannelIdentity(channel="telegram", external_id="other"))
    await add_text(store, telegram, "1 telegram", clock=clock)
    await add_text(store, stranger, "not theirs", clock=clock)
    await add_text(store, web, "2 web", clock=clock)
    await add_text(store, telegram, "3 telegram", clock=clock)

    history = await store.customer_history(customer.id)

    assert [(m.text, m.channel) for m in history] == [
        ("1 telegram", "telegram"), ("2 web", "webchat"), ("3 telegram", "telegram")]
    assert [m.text for m in await store.customer_history(customer.id, limit=2)] == ["2 web", "3 telegram"]


async def test_decisions_round_trip_every_field(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    message = await add_text(store, conversation, "my order arrived broken!!", clock=clock)
    handoff = Decision(
        action=Action.HANDOFF, reasons=("anger in 'broken!!'", "customer since 2019"), confidence=0.83,
        replies=(Reply(text="Maya will take it from here.", choices=("Wait for Maya", "Email me"),
                       citations=(CITATION,)),),
        citations=(CITATION, Citation(source="returns.md", title="")),
        assignee=Assignee(id="maya", name="Maya Lindqvist"), eta_minutes=12.5, mode=Mode.FAST_LANE,
        case_type="damaged_item", conversation_id=conversation.id, message_id=message.id)
    answer = Decision(action=Action.ANSWER, reasons=("faq match",), confidence=0.91,
                      conversation_id=conversation.id, message_id=message.id,
                      created_at=datetime(2026, 3, 2, 11, 30, tzinfo=timezone(timedelta(hours=2))))

    stored = await store.add_decision(handoff)
    stored_answer = await store.add_decision(answer)

    assert stored.created_at == clock.now
    assert stored_answer.created_at == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert stored_answer.created_at.tzinfo is UTC
    decisions = await store.decisions(conversation.id)
    assert decisions == [stored, stored_answer]
    assert decisions[0].assignee == Assignee(id="maya", name="Maya Lindqvist")
    assert decisions[1].assignee is None
    assert decisions[1].mode is Mode.CONCIERGE


async def test_decision_for_unknown_conversation_is_not_found(store: SqlStore) -> None:
    with pytest.raises(NotFoundError):
        await store.add_decision(Decision(action=Action.ANSWER, reasons=(), confidence=1.0,
                                          conversation_id="missing"))


async def test_datetimes_come_back_aware_utc(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    oslo = timezone(timedelta(hours=1))
    local = datetime(2026, 3, 2, 10, 30, tzinfo=oslo)
    naive = datetime(2026, 3, 2, 9, 45)  # taken to be UTC
    await store.add_message(make_message(conversation, "local", created_at=local))
    await store.add_message(make_message(conversation, "naive", created_at=naive))
    stored = await store.messages(conversation.id)
    assert [m.created_at for m in stored] == [datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
                                              datetime(2026, 3, 2, 9, 45, tzinfo=UTC)]
    fetched = await store.get_conversation(conversation.id)
    customer = await store.get_customer(fetched.customer_id)
    stamps = [*(m.created_at for m in stored), fetched.created_at, fetched.updated_at, customer.created_at]
    assert all(s is not None and s.utcoffset() == timedelta(0) for s in stamps)
