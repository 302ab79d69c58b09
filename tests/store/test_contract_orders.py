"""The store contract, orders: orders and products, the conversation's order, and customer figures
derived from orders (a profile field set by hand wins). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from warmline.domain import (
    ChannelIdentity,
    ConversationOrder,
    CustomerProfile,
    NotFoundError,
    Order,
    OrderItem,
    OrderLookup,
    Product,
    ProductVariant,
)
from warmline.store import SqlStore

from .helpers import open_conversation

DAY = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def _order(number: str, *, customer_id: str | None = "c-1", days: int = 0, total: float = 50.0,
           paid_late: bool = False, **changes: object) -> Order:
    created = DAY + timedelta(days=days)
    fields: dict[str, object] = {
        "number": number, "customer_id": customer_id, "email": "Jane@Example.com", "postcode": "1021 AB",
        "status": "paid", "created_at": created, "paid_at": created + timedelta(hours=1),
        "paid_late": paid_late, "total": total, "currency": "EUR",
        "items": (OrderItem(title="Wool cardigan", variant="Blue / M", quantity=1, price=total),),
    }
    fields.update(changes)
    return Order(**fields)  # type: ignore[arg-type]


async def test_an_order_is_stored_and_read_back_by_any_spelling_of_its_number(store: SqlStore) -> None:
    assert not await store.has_orders()
    saved = await store.upsert_order(_order("MS-1042", carrier="PostNL", tracking_number="3SABC",
                                            tracking_url="https://track.example/3SABC",
                                            fulfilled_at=DAY + timedelta(days=1)))
    assert saved.number == "MS-1042"
    assert saved.email == "jane@example.com"  # one spelling, so verification compares equal
    assert saved.items == (OrderItem(title="Wool cardigan", variant="Blue / M", quantity=1, price=50.0),)
    assert saved.fulfilled_at == DAY + timedelta(days=1)
    assert await store.find_order("ms-1042") == saved
    assert await store.find_order(" MS-1042 ") == saved
    assert await store.find_order("MS-1043") is None
    with pytest.raises(NotFoundError, match="MS-1043"):
        await store.get_order("MS-1043")
    assert await store.count_orders() == 1
    assert await store.has_orders()


async def test_writing_an_order_again_replaces_it(store: SqlStore) -> None:
    await store.upsert_order(_order("MS-1", status="paid"))
    again = await store.upsert_order(_order("MS-1", status="fulfilled", carrier="DHL"))
    assert (again.status, again.carrier) == ("fulfilled", "DHL")
    assert await store.count_orders() == 1


async def test_customer_orders_come_newest_first_by_id_or_email(store: SqlStore) -> None:
    await store.upsert_order(_order("MS-1", days=0))
    await store.upsert_order(_order("MS-2", days=5))
    await store.upsert_order(_order("MS-3", customer_id=None, days=9))  # same email, no shop customer id
    await store.upsert_order(_order("MS-4", customer_id="c-2", email="other@example.com"))
    by_id = await store.customer_orders(customer_id="c-1")
    assert [o.number for o in by_id] == ["MS-2", "MS-1"]
    both = await store.customer_orders(customer_id="c-1", email="JANE@example.com")
    assert [o.number for o in both] == ["MS-3", "MS-2", "MS-1"]
    assert await store.customer_orders() == []


async def test_customer_figures_follow_the_orders(store: SqlStore) -> None:
    await store.upsert_profile("c-1", CustomerProfile(name="Jane"))
    await store.upsert_order(_order("MS-1", days=0, total=40.0))
    await store.upsert_order(_order("MS-2", days=400, total=60.0, paid_late=True))
    await store.upsert_order(_order("MS-3", days=500, total=99.0, status="cancelled"))
    customer = await store.get_customer("c-1")
    assert customer.customer_since == date(2024, 5, 1)
    assert customer.orders_count == 2  # the cancelled one does not count
    assert customer.lifetime_value == pytest.approx(100.0)
    assert (customer.payments_on_time, customer.payments_late) == (1, 1)


async def test_a_field_set_by_hand_wins_over_the_order_figures(store: SqlStore) -> None:
    await store.upsert_profile("c-1", CustomerProfile(orders_count=40, customer_since=date(2015, 1, 1)))
    await store.upsert_order(_order("MS-1", total=25.0))
    customer = await store.get_customer("c-1")
    assert (customer.orders_count, customer.customer_since) == (40, date(2015, 1, 1))
    assert customer.lifetime_value == pytest.approx(25.0)  # not set by hand: from the orders


async def test_moving_an_order_to_another_customer_refreshes_both(store: SqlStore) -> None:
    for customer_id in ("c-1", "c-2"):
        await store.upsert_profile(customer_id, CustomerProfile(name=customer_id))
    await store.upsert_order(_order("MS-1"))
    await store.upsert_order(_order("MS-1", customer_id="c-2"))
    assert (await store.get_customer("c-1")).orders_count == 0
    assert (await store.get_customer("c-2")).orders_count == 1


async def test_products_keep_their_variants_and_stock(store: SqlStore) -> None:
    blue_m = ProductVariant(sku="CARD-BLUE-M", title="Blue / M", options={"colour": "Blue", "size": "M"},
                            price=129.0, stock=3)
    await store.upsert_product(Product(id="p-1", title="Wool cardigan", variants=(blue_m,)))
    sold_out = ProductVariant(sku="CARD-BLUE-M", title="Blue / M", options={"colour": "Blue", "size": "M"},
                              price=129.0, stock=0)
    saved = await store.upsert_product(Product(id="p-1", title="Wool cardigan", variants=(sold_out,)))
    assert saved.variants == (sold_out,)
    await store.upsert_product(Product(id="p-0", title="Mug", variants=()))
    assert [p.title for p in await store.products()] == ["Mug", "Wool cardigan"]


async def test_a_conversation_remembers_its_order_and_keeps_the_verification(store: SqlStore) -> None:
    _, conversation = await open_conversation(store, ChannelIdentity(channel="webchat", external_id="w-1"))
    assert await store.conversation_order(conversation.id) is None
    await store.remember_order(conversation.id, number="ms-1042")
    assert await store.conversation_order(conversation.id) == ConversationOrder(order_key="MS-1042")
    await store.remember_order(conversation.id, number="MS-1042", verified_by="jane@example.com")
    await store.remember_order(conversation.id, number="ms-1042")  # named again: still verified
    assert await store.conversation_order(conversation.id) == ConversationOrder(
        order_key="MS-1042", verified_by="jane@example.com")
    await store.remember_order(conversation.id, number="MS-2000")  # another order: not verified yet
    assert await store.conversation_order(conversation.id) == ConversationOrder(order_key="MS-2000")


async def test_remembering_an_order_for_an_unknown_conversation_is_not_found(store: SqlStore) -> None:
    with pytest.raises(NotFoundError, match="conversation"):
        await store.remember_order("nope", number="MS-1")


async def test_one_lookup_reads_the_conversations_order_and_the_orders_asked_for(store: SqlStore) -> None:
    _, conversation = await open_conversation(store, ChannelIdentity(channel="webchat", external_id="w-2"))
    await store.upsert_orders([_order("MS-1042"), _order("MS-1043", days=1)])
    assert await store.order_lookup(conversation.id) == OrderLookup()
    await store.remember_order(conversation.id, number="MS-1042", verified_by="jane@example.com")

    lookup = await store.order_lookup(conversation.id, numbers=("ms-1043", "MS-9999"))

    assert lookup.remembered == ConversationOrder(order_key="MS-1042", verified_by="jane@example.com")
    assert sorted(lookup.orders) == ["MS-1042", "MS-1043"]  # the remembered one comes along; unknown ones don't
    assert lookup.order("#ms-1043") == await store.find_order("MS-1043")
    assert lookup.order("MS-9999") is None


async def test_many_new_and_changed_orders_are_written_in_one_go(store: SqlStore) -> None:
    await store.upsert_profile("c-1", CustomerProfile(name="Jane"))
    await store.upsert_orders([_order("MS-1", total=10.0)])
    written = await store.upsert_orders([_order("MS-1", total=30.0),
                                         *(_order(f"MS-{n}", days=n) for n in range(2, 60))])

    assert written == 59
    assert await store.count_orders() == 59
    assert (await store.get_order("MS-1")).total == 30.0
    assert (await store.get_customer("c-1")).orders_count == 59
