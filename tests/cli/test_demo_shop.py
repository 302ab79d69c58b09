"""The demo shop's order history: deterministic from the seed, believable, and the profiles follow it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from warmline.cli.demo_shop import demo_orders, demo_products, read_demo_customers, seed_demo_shop
from warmline.config import Settings
from warmline.domain import OrderStage
from warmline.store import create_store

EXPORT = Path(__file__).parents[2] / "knowledge" / "demo-shop" / "customers.csv"
NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)


def test_the_same_seed_makes_the_same_shop_and_another_seed_another() -> None:
    customers = read_demo_customers(EXPORT)
    assert demo_orders(customers, now=NOW, seed=7) == demo_orders(customers, now=NOW, seed=7)
    assert demo_orders(customers, now=NOW, seed=7)[1] != demo_orders(customers, now=NOW, seed=8)[1]


def test_a_few_hundred_orders_with_years_of_history_and_recent_ones_on_their_way() -> None:
    customers = read_demo_customers(EXPORT)
    _, orders = demo_orders(customers, now=NOW)
    assert 300 <= len(orders) <= 600
    assert len({o.number for o in orders}) == len(orders)
    evas = [o for o in orders if o.customer_id == "c-1001"]
    assert len(evas) == 41
    assert min(o.created_at for o in evas if o.created_at) < NOW - timedelta(days=8 * 365)
    assert sum(o.paid_late for o in evas) == 1
    stages = {o.stage for o in orders}
    assert {OrderStage.DELIVERED, OrderStage.SHIPPED, OrderStage.PAID} <= stages
    assert all(o.tracking_url for o in orders if o.stage is OrderStage.SHIPPED)


def test_the_catalogue_has_variants_and_some_are_sold_out() -> None:
    products = demo_products()
    cardigan = next(p for p in products if p.title == "Noord cardigan")
    assert {"colour", "size"} == set(cardigan.variants[0].options)
    assert any(v.stock == 0 for p in products for v in p.variants)


async def test_seeding_fills_the_store_and_the_profiles_follow_the_orders(settings: Settings) -> None:
    orders, products = await seed_demo_shop(settings, customers_csv=EXPORT, now=NOW, guests=10)
    # Run twice: the orders are replaced, not doubled.
    again, _ = await seed_demo_shop(settings, customers_csv=EXPORT, now=NOW, guests=10)
    store = create_store(settings.resolved_database_url)
    await store.start()
    try:
        eva = await store.get_customer("c-1001")
        count = await store.count_orders()
        latest = await store.customer_orders(customer_id="c-1001", limit=1)
    finally:
        await store.close()
    assert (again, count, products) == (orders, orders, 9)
    assert (eva.name, eva.orders_count, eva.payments_late, str(eva.customer_since)) == ("Eva de Boer", 41, 1,
                                                                                      "2017-03-12")
    assert latest[0].created_at is not None
    assert latest[0].created_at > NOW - timedelta(days=9)
