"""The demo shop's order history, generated from a seed at demo set-up (``warmline orders demo``).

Mossa Studio's customers from ``knowledge/demo-shop/customers.csv`` get their years of orders (Eva since
2017 with one late payment, Noor with four), plus a few hundred one-off customers; the newest orders are
still being made or on their way, relative to ``now``, so "where is my order?" always has something to
show. Same seed and same ``now``, same shop. The catalogue carries variants and stock.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from warmline.config.settings import Settings
from warmline.domain import CustomerProfile, Order, OrderItem, Product, ProductVariant
from warmline.engine.customer.order_book import OrderBook
from warmline.store import create_store

__all__ = ["DemoCustomer", "demo_orders", "demo_products", "read_demo_customers", "seed_demo_shop"]

_SIZES = ("S", "M", "L")
_Line = tuple[str, float, tuple[str, ...]]  # title, price, colours
_KNITS: tuple[_Line, ...] = (("Wadden sweater", 159.0, ("Oat", "Moss", "Navy")),
                             ("Noord cardigan", 179.0, ("Blue", "Oat", "Rust")),
                             ("Dijk turtleneck", 169.0, ("Charcoal", "Oat")))
_SMALL: tuple[_Line, ...] = (("Haven beanie", 39.0, ("Moss", "Rust", "Navy")), ("Polder scarf", 69.0, ("Oat", "Moss")),
          ("Wool socks", 24.0, ("Grey", "Moss")))
_CERAMICS: tuple[_Line, ...] = (("Moss mug", 28.0, ("Moss", "Sand", "Ink")), ("Breakfast bowl", 26.0, ("Sand", "Ink")),
             ("Bud vase", 24.0, ("Sand",)))
_CARRIERS = (("PostNL", "https://jouw.postnl.example/track-and-trace/{code}"),
             ("DHL", "https://www.dhl.example/track?tracking-id={code}"))
_POSTCODES = ("1021 AB", "1012 JS", "3511 LX", "2011 VB", "9711 LM", "10115", "75003", "SW1A 1AA")
_GUEST_NAMES = ("Anna", "Bram", "Chloé", "Daan", "Elif", "Finn", "Greta", "Hugo", "Iris", "Jonas", "Kiki", "Lars",
                "Mila", "Nina", "Olaf", "Pien", "Quinn", "Ruben", "Sara", "Thijs")


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoCustomer:
    """A customer of the demo export: who, since when, how many orders, how many paid late."""

    id: str
    name: str
    email: str
    phone: str | None
    since: date
    orders: int
    late: int
    tier: str | None
    account_owner: str | None


def read_demo_customers(path: Path) -> list[DemoCustomer]:
    """The demo's customer export (``customers.csv``)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [DemoCustomer(id=row["id"], name=row["name"], email=row["email"], phone=row["phone"] or None,
                             since=date.fromisoformat(row["customer_since"]), orders=int(row["orders_count"]),
                             late=int(row["payments_late"]), tier=row["tier"] or None,
                             account_owner=row["account_owner"] or None)
                for row in csv.DictReader(handle)]


def demo_products() -> list[Product]:
    """The catalogue with every colour (and size for knits), and a believable stock per variant."""
    rng = random.Random(1042)
    products = []
    for title, price, colours in (*_KNITS, *_SMALL, *_CERAMICS):
        sized = title in {k[0] for k in _KNITS}
        variants = tuple(
            ProductVariant(sku=f"{title[:4].upper()}-{colour[:3].upper()}{'-' + size if sized else ''}",
                           title=f"{colour} / {size}" if sized else colour,
                           options={"colour": colour, **({"size": size} if sized else {})}, price=price,
                           stock=rng.choice((0, 1, 2, 3, 5, 8)))
            for colour in colours for size in (_SIZES if sized else ("",)))
        products.append(Product(id=f"demo:{title.lower().replace(' ', '-')}", title=title, variants=variants,
                                url=f"https://mossa.example/shop/{title.lower().replace(' ', '-')}", source="demo"))
    return products


def _items(rng: random.Random) -> tuple[OrderItem, ...]:
    lines = []
    if rng.random() < 0.55:
        title, price, colours = rng.choice(_KNITS)
        lines.append(OrderItem(title=title, variant=f"{rng.choice(colours)} / {rng.choice(_SIZES)}", price=price))
    for _ in range(rng.choice((0, 1, 1, 2))):
        title, price, colours = rng.choice(_SMALL + _CERAMICS)
        lines.append(OrderItem(title=title, variant=rng.choice(colours), quantity=rng.choice((1, 1, 2)), price=price))
    return tuple(lines) or (OrderItem(title="Moss mug", variant="Sand", quantity=2, price=28.0),)


def _order(rng: random.Random, *, number: int, customer: DemoCustomer, placed: datetime, now: datetime,
           late: bool) -> Order:
    items = _items(rng)
    paid = placed + (timedelta(days=rng.randint(16, 40)) if late else timedelta(minutes=2))
    age = now - placed
    shipped = placed + timedelta(days=rng.randint(1, 3)) if age > timedelta(days=1, hours=12) else None
    delivered = shipped + timedelta(days=rng.randint(1, 3)) if shipped and now - shipped > timedelta(days=4) else None
    carrier, link = rng.choice(_CARRIERS)
    code = f"3S{number:07d}NL" if carrier == "PostNL" else f"JD{number:09d}"
    return Order(
        number=f"MS-{number}", customer_id=customer.id, email=customer.email, phone=customer.phone,
        postcode=rng.choice(_POSTCODES), status="delivered" if delivered else "shipped" if shipped else "paid",
        created_at=placed, paid_at=paid if paid <= now else None, paid_late=late, fulfilled_at=shipped,
        delivered_at=delivered, carrier=carrier if shipped else None, tracking_number=code if shipped else None,
        tracking_url=link.format(code=code) if shipped else None, items=items,
        total=round(sum(i.price * i.quantity for i in items) + (0.0 if len(items) > 1 else 6.95), 2),
        currency="EUR", source="demo")


def _guests(rng: random.Random, count: int, now: datetime) -> list[DemoCustomer]:
    guests = []
    for index in range(count):
        first = rng.choice(_GUEST_NAMES)
        since = (now - timedelta(days=rng.randint(5, 5 * 365))).date()
        guests.append(DemoCustomer(id=f"guest-{index + 1:03d}", name=f"{first} {chr(65 + index % 26)}.",
                                   email=f"{first.lower()}.{index + 1}@example.org", phone=None, since=since,
                                   orders=rng.choice((1, 1, 1, 2, 3)), late=0, tier=None, account_owner=None))
    return guests


def demo_orders(customers: Sequence[DemoCustomer], *, now: datetime, seed: int = 7,
                guests: int = 160) -> tuple[list[DemoCustomer], list[Order]]:
    """Every customer's orders between their first day and ``now`` (numbered MS-1001…); the last one of
    each regular customer is recent. Returns the customers (with the generated guests) and the orders."""
    rng = random.Random(seed)
    everyone = [*customers, *_guests(rng, guests, now)]
    placed: list[tuple[datetime, DemoCustomer, bool]] = []
    for customer in everyone:
        start = datetime.combine(customer.since, time(10), tzinfo=UTC)
        span = max((now - start).total_seconds(), 3600.0)
        moments = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(customer.orders))
        if moments:
            moments[0] = start  # their first order is what made them a customer
        if customer.orders and customer in customers:
            moments[-1] = now - timedelta(hours=rng.randint(6, 24 * 8))  # something recent to ask about
        late = set(rng.sample(range(len(moments)), min(customer.late, len(moments))))
        placed += [(moment, customer, i in late) for i, moment in enumerate(moments)]
    placed.sort(key=lambda entry: entry[0])
    orders = [_order(rng, number=1001 + i, customer=c, placed=moment, now=now, late=late)
              for i, (moment, c, late) in enumerate(placed)]
    return everyone, orders


async def seed_demo_shop(settings: Settings, *, customers_csv: Path, seed: int = 7, now: datetime | None = None,
                         guests: int = 160) -> tuple[int, int]:
    """Write the demo catalogue, customers and order history into the store; returns (orders, products)."""
    customers, orders = demo_orders(read_demo_customers(customers_csv), now=now or datetime.now(UTC), seed=seed,
                                    guests=guests)
    products = demo_products()
    store = create_store(settings.resolved_database_url)
    await store.start()
    try:
        book = OrderBook(store=store)
        for customer in customers:  # contact details and tier; the figures come from the orders
            await store.upsert_profile(customer.id, CustomerProfile(
                name=customer.name, email=customer.email, phone=customer.phone, tier=customer.tier,
                account_owner=customer.account_owner))
        for product in products:
            await book.save_product(product)
        await book.save_many(orders)
    finally:
        await store.close()
    return len(orders), len(products)
