"""The turn's statements run straight on SQLite's driver connection: the same values in and out as through
the session (on PostgreSQL they go through it), the same errors, and the session's own unit of work flushed
first."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy import Table, bindparam, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from warmline.store import SqlStore
from warmline.store._models import ConversationRow, CustomerRow, MessageRow
from warmline.store.database import execute, fetch_all, fetch_first, fetch_scalar, insert_values

T = TypeVar("T")
CUSTOMERS: Table = CustomerRow.__table__  # type: ignore[assignment]
CONVERSATIONS: Table = ConversationRow.__table__  # type: ignore[assignment]
MESSAGES: Table = MessageRow.__table__  # type: ignore[assignment]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MESSAGES_OF = (select(MESSAGES).where(MESSAGES.c.conversation_id == bindparam("b_conversation_id"))
               .order_by(MESSAGES.c.created_at.desc()).limit(bindparam("b_limit")))
CUSTOMER_NAMED = select(CUSTOMERS.c.id, CUSTOMERS.c.attributes).where(CUSTOMERS.c.name == "Ines")  # a literal bind
RENAME = update(CUSTOMERS).where(CUSTOMERS.c.id == bindparam("b_id")).values(name=bindparam("b_name"))


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[SqlStore]:
    async with SqlStore(store_url) as started:
        yield started


def in_write(store: SqlStore, body: Callable[[AsyncSession], Awaitable[T]]) -> Awaitable[T]:
    async def operation() -> T:
        async with store._db.write() as session:
            return await body(session)

    return store._db.run(operation)


def message(index: int, **values: Any) -> dict[str, Any]:
    return {"id": f"m{index}", "conversation_id": "c1", "author": "customer", "text": f"hello {index}",
            "channel": "telegram", "external_id": None, "staff_id": None, "choices": ["Yes", "No"],
            "citations": [{"title": "Shipping"}], "post": None, "created_at": NOW + timedelta(minutes=index),
            **values}


async def seed(session: AsyncSession) -> None:
    # Only the required columns: counters, attributes and the JSON lists take their Python-side defaults.
    await insert_values(session, CUSTOMERS, [{"id": "u1", "name": "Ines", "created_at": NOW, "updated_at": NOW}])
    await insert_values(session, CONVERSATIONS, [{"id": "c1", "customer_id": "u1", "channel": "telegram",
                                                  "state": "bot", "assignee_id": None, "created_at": NOW,
                                                  "updated_at": NOW}])
    await insert_values(session, MESSAGES, [message(1), message(2, choices=[]), message(3, external_id="tg-3")])


async def test_rows_come_back_as_through_the_session(store: SqlStore) -> None:
    async def body(session: AsyncSession) -> tuple[list[Any], list[Any]]:
        await seed(session)
        direct = await fetch_all(session, MESSAGES_OF, {"b_conversation_id": "c1", "b_limit": 2})
        through_session = (await session.execute(MESSAGES_OF, {"b_conversation_id": "c1", "b_limit": 2})).all()
        return direct, list(through_session)

    direct, through_session = await in_write(store, body)
    assert [tuple(row) for row in direct] == [tuple(row) for row in through_session]
    assert [row.id for row in direct] == ["m3", "m2"]
    newest = direct[0]
    assert newest.created_at == NOW + timedelta(minutes=3)
    assert newest.created_at.tzinfo is not None
    assert newest.choices == ["Yes", "No"]
    assert newest.citations == [{"title": "Shipping"}]
    assert newest.external_id == "tg-3"
    assert newest.post is None


async def test_left_out_columns_take_their_defaults_and_literals_bind(store: SqlStore) -> None:
    async def body(session: AsyncSession) -> tuple[Any, Any, Any]:
        await seed(session)
        customer = await fetch_first(session, select(CUSTOMERS).where(CUSTOMERS.c.id == bindparam("b_id")),
                                     {"b_id": "u1"})
        return customer, await fetch_first(session, CUSTOMER_NAMED, {}), await fetch_scalar(
            session, CUSTOMER_NAMED, {})

    customer, named, first_column = await in_write(store, body)
    assert (customer.orders_count, customer.lifetime_value, customer.payments_late, customer.attributes) == (
        0, 0.0, 0, {})
    assert tuple(named) == ("u1", {})
    assert first_column == "u1"


async def test_an_update_runs_once_for_each_set_of_parameters(store: SqlStore) -> None:
    async def body(session: AsyncSession) -> list[Any]:
        await insert_values(session, CUSTOMERS, [{"id": f"u{i}", "name": None, "created_at": NOW,
                                                  "updated_at": NOW} for i in range(3)])
        await execute(session, RENAME, [{"b_id": "u0", "b_name": "Ada"}, {"b_id": "u2", "b_name": "Ines"}])
        await execute(session, RENAME, [])  # nothing to do: no statement
        return await fetch_all(session, select(CUSTOMERS.c.id, CUSTOMERS.c.name).order_by(CUSTOMERS.c.id), {})

    assert [tuple(row) for row in await in_write(store, body)] == [("u0", "Ada"), ("u1", None), ("u2", "Ines")]


async def test_a_clash_raises_the_sessions_integrity_error_and_stores_nothing(store: SqlStore) -> None:
    async def clash(session: AsyncSession) -> None:
        await seed(session)
        await insert_values(session, MESSAGES, [message(4), message(5, external_id="tg-3")])  # (channel, external id)

    with pytest.raises(IntegrityError):
        await in_write(store, clash)

    async def count(session: AsyncSession) -> Any:
        return await fetch_scalar(session, select(MESSAGES.c.id).limit(1), {})

    assert await in_write(store, count) is None  # the whole transaction rolled back


async def test_no_statement_goes_through_sqlalchemys_execution_layer(store: SqlStore) -> None:
    statements: list[str] = []

    def note(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        rows = await in_write(store, _seed_and_read)
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    assert [row.id for row in rows] == ["m3", "m2", "m1"]
    # Only the session's own BEGIN on SQLite (asyncpg's adapter begins without a statement): the rest ran directly.
    assert statements == (["BEGIN IMMEDIATE"] if store._db.is_sqlite else [])


async def _seed_and_read(session: AsyncSession) -> list[Any]:
    await seed(session)
    return await fetch_all(session, MESSAGES_OF, {"b_conversation_id": "c1", "b_limit": 10})


async def test_objects_the_session_holds_are_flushed_first(store: SqlStore) -> None:
    async def body(session: AsyncSession) -> Any:
        session.add(CustomerRow(id="u9", name="Maya", orders_count=0, lifetime_value=0.0, payments_on_time=0,
                                payments_late=0, attributes={}, created_at=NOW, updated_at=NOW))
        return await fetch_scalar(session, select(CUSTOMERS.c.name).where(CUSTOMERS.c.id == "u9"), {})

    assert await in_write(store, body) == "Maya"
