"""The store contract, part 1: schema, customers and identities, conversations and their states.

Every case runs on each backend of the ``store`` fixture (tests/store/conftest.py). Messages and
decisions are in test_contract_messages.py; handoffs, promises, team and outbox in
test_contract_team.py.
"""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from warmline.domain import (
    ChannelIdentity,
    ConflictError,
    ConversationState,
    CustomerProfile,
    NotFoundError,
)
from warmline.store import SqlStore, normalize_url
from warmline.store._models import Base

from .conftest import Clock
from .helpers import add_text, open_conversation

TELEGRAM = ChannelIdentity(channel="telegram", external_id="tg-1")
WEB = ChannelIdentity(channel="webchat", external_id="web-1")


# schema ------------------------------------------------------------------------------------------
def _schema_differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def _head_revision() -> str:
    """The newest migration shipped in the package (what ``upgrade head`` must reach)."""
    from importlib import resources

    from alembic.script import ScriptDirectory

    folder = resources.files("warmline.store").joinpath("migrations")
    head = ScriptDirectory(str(folder)).get_current_head()
    assert head is not None
    return head


async def _schema_of(url: str) -> tuple[list[tuple[str]], list[object]]:
    """The Alembic version rows and the differences between the live schema and the models."""
    engine = create_async_engine(normalize_url(url), poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
            differences = await connection.run_sync(_schema_differences)
    finally:
        await engine.dispose()
    return [tuple(row) for row in version], differences


async def test_migrations_build_the_schema_of_the_models_and_run_twice(unmigrated_url: str) -> None:
    store = SqlStore(unmigrated_url)
    await store.start()
    try:
        customer = await store.customer_for_identity(TELEGRAM, name="Ann")
        await store.start()  # same store: nothing happens
        again = SqlStore(unmigrated_url)
        await again.start()  # a second store on a migrated database: upgrade head is a no-op
        try:
            assert (await again.get_customer(customer.id)).name == "Ann"
        finally:
            await again.close()
    finally:
        await store.close()
    assert await _schema_of(unmigrated_url) == ([(_head_revision(),)], [])


async def test_stores_starting_together_migrate_once(unmigrated_url: str) -> None:
    stores = [SqlStore(unmigrated_url) for _ in range(3)]
    try:
        await asyncio.gather(*(store.start() for store in stores))
        customers = await asyncio.gather(*(store.customer_for_identity(TELEGRAM) for store in stores))
        assert len({c.id for c in customers}) == 1
    finally:
        for store in stores:
            await store.close()
    assert (await _schema_of(unmigrated_url))[0] == [(_head_revision(),)]


async def test_store_can_be_closed_and_started_again(store: SqlStore) -> None:
    customer = await store.customer_for_identity(TELEGRAM)
    await store.close()
    with pytest.raises(RuntimeError, match="start"):
        await store.get_customer(customer.id)
    await store.start()
    assert (await store.get_customer(customer.id)).id == customer.id


# customers ---------------------------------------------------------------------------------------
async def test_first_contact_creates_a_customer_once(store: SqlStore, clock: Clock) -> None:
    first = await store.customer_for_identity(TELEGRAM, name="Ann Lee")
    again = await store.customer_for_identity(TELEGRAM, name="Someone Else")
    assert again.id == first.id
    assert again.name == "Ann Lee"
    assert again.identities == (TELEGRAM,)
    assert again.created_at == clock.now
    other = await store.customer_for_identity(WEB)
    assert other.id != first.id
    assert (await store.get_customer(first.id)) == first


async def test_first_contact_with_the_shops_id_joins_that_customers_profile(store: SqlStore) -> None:
    profiled = await store.upsert_profile("shop-42", CustomerProfile(name="Helena Brandt", tier="gold"))

    joined = await store.customer_for_identity(TELEGRAM, name="helena_b", customer_id="shop-42")
    created = await store.customer_for_identity(WEB, name="Ann", customer_id="shop-43")

    assert joined.id == profiled.id
    assert (joined.name, joined.tier, joined.identities) == ("Helena Brandt", "gold", (TELEGRAM,))
    assert (created.id, created.name) == ("shop-43", "Ann")


async def test_unknown_customer_is_not_found(store: SqlStore) -> None:
    with pytest.raises(NotFoundError, match="nobody"):
        await store.get_customer("nobody")


async def test_concurrent_first_contacts_create_one_customer(store: SqlStore) -> None:
    customers = await asyncio.gather(*(store.customer_for_identity(TELEGRAM, name=f"n{i}")
                                       for i in range(20)))
    assert len({c.id for c in customers}) == 1
    assert (await store.get_customer(customers[0].id)).identities == (TELEGRAM,)


async def test_profile_update_sets_only_given_fields(store: SqlStore) -> None:
    created = await store.upsert_profile("shop-42", CustomerProfile(
        name="Ann Lee", email="Ann@Example.com", customer_since=date(2019, 4, 1), orders_count=31,
        lifetime_value=1840.5, payments_on_time=36, tier="gold", attributes={"city": "Oslo"}))
    assert created.id == "shop-42"
    assert created.identities == ()
    updated = await store.upsert_profile("shop-42", CustomerProfile(payments_late=1, phone="+4712345678",
                                                                    attributes={"vip": True}))
    assert updated.name == "Ann Lee"
    assert updated.customer_since == date(2019, 4, 1)
    assert (updated.orders_count, updated.lifetime_value) == (31, 1840.5)
    assert (updated.payments_on_time, updated.payments_late) == (36, 1)
    assert updated.tier == "gold"
    assert updated.attributes == {"vip": True}
    assert await store.get_customer("shop-42") == updated


async def test_find_customer_by_email_or_phone(store: SqlStore) -> None:
    await store.upsert_profile("c1", CustomerProfile(email="Ann@Example.com", phone="+4711"))
    found = await store.find_customer(email="ann@example.COM")
    assert found is not None
    assert found.id == "c1"
    by_phone = await store.find_customer(phone="+4711")
    assert by_phone is not None
    assert by_phone.id == "c1"
    assert await store.find_customer(email="bob@example.com") is None
    assert await store.find_customer() is None


async def test_find_customer_prefers_one_with_identities(store: SqlStore, clock: Clock) -> None:
    await store.upsert_profile("old-orphan", CustomerProfile(email="ann@example.com"))
    clock.advance(minutes=1)
    linked = await store.customer_for_identity(TELEGRAM)
    await store.upsert_profile(linked.id, CustomerProfile(email="ann@example.com"))
    found = await store.find_customer(email="ann@example.com")
    assert found is not None
    assert found.id == linked.id


async def test_link_identity_merges_an_emptied_customer(store: SqlStore, clock: Clock) -> None:
    instagram_customer, conversation = await open_conversation(store, TELEGRAM)
    await add_text(store, conversation, "where is my parcel?", clock=clock)
    shop_customer = await store.upsert_profile("shop-7", CustomerProfile(name="Ann", email="a@x.io"))

    linked = await store.link_identity(shop_customer.id, TELEGRAM)

    assert linked.identities == (TELEGRAM,)
    assert (await store.get_conversation(conversation.id)).customer_id == shop_customer.id
    history = await store.customer_history(shop_customer.id)
    assert [m.text for m in history] == ["where is my parcel?"]
    assert await store.customer_history(instagram_customer.id) == []
    assert (await store.customer_for_identity(TELEGRAM)).id == shop_customer.id


async def test_link_identity_keeps_history_of_a_customer_with_other_identities(store: SqlStore) -> None:
    first, conversation = await open_conversation(store, TELEGRAM)
    await store.link_identity(first.id, WEB)
    second = await store.upsert_profile("shop-8", CustomerProfile(name="Bo"))

    await store.link_identity(second.id, WEB)

    assert (await store.get_customer(first.id)).identities == (TELEGRAM,)
    assert (await store.get_customer(second.id)).identities == (WEB,)
    assert (await store.get_conversation(conversation.id)).customer_id == first.id


async def test_link_identity_is_idempotent_and_needs_a_known_customer(store: SqlStore) -> None:
    customer = await store.customer_for_identity(TELEGRAM)
    assert (await store.link_identity(customer.id, TELEGRAM)).identities == (TELEGRAM,)
    with pytest.raises(NotFoundError):
        await store.link_identity("nobody", WEB)
    assert (await store.customer_for_identity(WEB)).id != customer.id


# conversations -----------------------------------------------------------------------------------
async def test_current_conversation_opens_once_in_bot_state(store: SqlStore, clock: Clock) -> None:
    customer = await store.customer_for_identity(TELEGRAM)
    opened = await store.current_conversation(customer_id=customer.id, channel="telegram")
    assert opened.state is ConversationState.BOT
    assert (opened.customer_id, opened.channel, opened.assignee_id) == (customer.id, "telegram", None)
    assert opened.created_at == opened.updated_at == clock.now
    clock.advance(minutes=5)
    assert await store.current_conversation(customer_id=customer.id, channel="telegram") == opened
    other_channel = await store.current_conversation(customer_id=customer.id, channel="webchat")
    assert other_channel.id != opened.id
    assert await store.get_conversation(opened.id) == opened


async def test_concurrent_first_messages_open_one_conversation(store: SqlStore) -> None:
    customer = await store.customer_for_identity(TELEGRAM)
    opened = await asyncio.gather(*(store.current_conversation(customer_id=customer.id, channel="telegram")
                                    for _ in range(10)))
    assert len({c.id for c in opened}) == 1


async def test_conversation_lookups_of_unknown_ids_fail(store: SqlStore) -> None:
    with pytest.raises(NotFoundError):
        await store.get_conversation("missing")
    with pytest.raises(NotFoundError):
        await store.current_conversation(customer_id="missing", channel="telegram")
    with pytest.raises(NotFoundError):
        await store.set_state("missing", state=ConversationState.QUEUED)


async def test_set_state_is_compare_and_set(store: SqlStore, clock: Clock) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    clock.advance(minutes=1)
    queued = await store.set_state(conversation.id, state=ConversationState.QUEUED, assignee_id="maya",
                                   expected={ConversationState.BOT})
    assert (queued.state, queued.assignee_id, queued.updated_at) == (ConversationState.QUEUED, "maya",
                                                                     clock.now)
    with pytest.raises(ConflictError, match="queued"):
        await store.set_state(conversation.id, state=ConversationState.QUEUED,
                              expected=[ConversationState.BOT, ConversationState.RESOLVED])
    assert await store.get_conversation(conversation.id) == queued
    back = await store.set_state(conversation.id, state=ConversationState.BOT)  # unconditional
    assert (back.state, back.assignee_id) == (ConversationState.BOT, None)


async def test_two_concurrent_claims_exactly_one_wins(store: SqlStore) -> None:
    _, conversation = await open_conversation(store, TELEGRAM)
    await store.set_state(conversation.id, state=ConversationState.QUEUED, assignee_id="maya")
    results = await asyncio.gather(
        *(store.set_state(conversation.id, state=ConversationState.WITH_HUMAN, assignee_id=staff,
                          expected={ConversationState.QUEUED}) for staff in ("maya", "leo")),
        return_exceptions=True)
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1
    assert len(losers) == 1
    assert isinstance(losers[0], ConflictError)
    assert "with_human" in str(losers[0])
    stored = await store.get_conversation(conversation.id)
    assert stored.assignee_id == winners[0].assignee_id


async def test_list_conversations_filters_newest_update_first(store: SqlStore, clock: Clock) -> None:
    ids = []
    for n in range(3):
        _, conversation = await open_conversation(store, ChannelIdentity(channel="telegram",
                                                                         external_id=f"u{n}"))
        ids.append(conversation.id)
        clock.advance(seconds=1)
    await store.set_state(ids[0], state=ConversationState.WITH_HUMAN, assignee_id="maya")
    clock.advance(seconds=1)
    await store.set_state(ids[1], state=ConversationState.QUEUED, assignee_id="leo")

    assert [c.id for c in await store.list_conversations()] == [ids[1], ids[0], ids[2]]
    assert [c.id for c in await store.list_conversations(limit=1)] == [ids[1]]
    human = await store.list_conversations(states={ConversationState.QUEUED, ConversationState.WITH_HUMAN})
    assert [c.id for c in human] == [ids[1], ids[0]]
    assert [c.id for c in await store.list_conversations(assignee_id="maya")] == [ids[0]]
