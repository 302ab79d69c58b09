"""Orders and products from the shop's systems, the order a conversation is about, and the customer
figures (customer since, orders, lifetime value, payments) derived from the orders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, func, insert, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from warmline.domain import (
    ConversationOrder,
    NotFoundError,
    Order,
    OrderItem,
    OrderLookup,
    OrderStage,
    Product,
    ProductVariant,
    normalize_order_number,
)

from .._base import Repository, retry_on_conflict
from .._models import CustomerRow
from ._models import ConversationOrderRow, OrderRow, ProductRow

__all__ = ["OrderRepository"]

_ORDER_FIELDS = ("number", "customer_id", "phone", "postcode", "status", "created_at", "paid_at",
                 "fulfilled_at", "delivered_at", "expected_at", "cancelled_at", "paid_late", "carrier",
                 "tracking_number", "tracking_url", "total", "refunded", "currency", "source")
_FIGURES = ("customer_since", "orders_count", "lifetime_value", "payments_on_time", "payments_late")


def _order_from_row(row: OrderRow) -> Order:
    items = tuple(OrderItem(title=i["title"], variant=i.get("variant"), quantity=int(i.get("quantity", 1)),
                            price=float(i.get("price", 0.0)), sku=i.get("sku")) for i in row.items or ())
    return Order(**{name: getattr(row, name) for name in _ORDER_FIELDS}, email=row.email, items=items,
                 attributes=dict(row.attributes or {}), updated_at=row.updated_at)


def _item_json(item: OrderItem) -> dict[str, Any]:
    return {"title": item.title, "variant": item.variant, "quantity": item.quantity, "price": item.price,
            "sku": item.sku}


def _variant_json(variant: ProductVariant) -> dict[str, Any]:
    return {"sku": variant.sku, "title": variant.title, "options": dict(variant.options),
            "price": variant.price, "stock": variant.stock}


def _product_from_row(row: ProductRow) -> Product:
    variants = tuple(ProductVariant(sku=v["sku"], title=v["title"], options=dict(v.get("options") or {}),
                                    price=float(v.get("price", 0.0)), stock=v.get("stock"))
                     for v in row.variants or ())
    return Product(id=row.id, title=row.title, url=row.url, source=row.source, variants=variants)


def _figures(orders: Sequence[OrderRow]) -> dict[str, Any]:
    """Customer since, orders count, lifetime value and payments, from the customer's orders."""
    kept = [o for o in orders if _order_from_row(o).stage is not OrderStage.CANCELLED]
    dates = [o.created_at for o in orders if o.created_at is not None]
    paid = [o for o in kept if o.paid_at is not None]
    return {
        "customer_since": min(dates).date() if dates else None,
        "orders_count": len(kept),
        "lifetime_value": round(sum(o.total - o.refunded for o in kept), 2),
        "payments_on_time": sum(1 for o in paid if not o.paid_late),
        "payments_late": sum(1 for o in paid if o.paid_late),
    }


class OrderRepository(Repository):
    """Orders, products and the conversation's order; writing an order refreshes its customer's figures."""

    async def upsert_order(self, order: Order) -> Order:
        """Create or replace the order with this number (all fields), then refresh the figures of its
        customer (and of the customer it belonged to before, when that changed)."""
        await self.upsert_orders([order])
        return await self.get_order(order.number)

    async def upsert_orders(self, orders: Sequence[Order]) -> int:
        """``upsert_order`` for many orders in one transaction (a sync or an import); each customer's figures
        are refreshed once. Returns how many were written."""

        async def upsert() -> None:
            async with self._db.write() as session:
                touched: set[str] = set()
                keys = [order.key for order in orders]
                existing = {row.key: row for row in (await session.scalars(
                    select(OrderRow).where(OrderRow.key.in_(keys)).with_for_update())).all()}
                new: dict[str, dict[str, Any]] = {}  # inserted in one statement: an import is mostly new orders
                for order in orders:
                    row = existing.get(order.key)
                    if row is None:
                        new[order.key] = self._columns(order)
                    else:
                        if row.customer_id is not None:
                            touched.add(row.customer_id)
                        for name, value in self._columns(order).items():
                            setattr(row, name, value)
                    if order.customer_id is not None:
                        touched.add(order.customer_id)
                await session.flush()
                if new:
                    await session.execute(insert(OrderRow), list(new.values()))
                await self._refresh_figures(session, touched)

        await retry_on_conflict(upsert)
        return len(orders)

    def _columns(self, order: Order) -> dict[str, Any]:
        """The order's row, column by column (the email lower-case, as it is looked up)."""
        return {"key": order.key, **{name: getattr(order, name) for name in _ORDER_FIELDS},
                "email": order.email.strip().lower() if order.email else None,
                "items": [_item_json(i) for i in order.items], "attributes": dict(order.attributes),
                "updated_at": order.updated_at or self._now()}

    async def find_order(self, number: str) -> Order | None:
        """The order with this number (any spelling ``normalize_order_number`` makes equal), if any."""
        async with self._db.read() as session:
            row = await session.get(OrderRow, normalize_order_number(number))
            return None if row is None else _order_from_row(row)

    async def get_order(self, number: str) -> Order:
        """The order with this number; ``NotFoundError`` if unknown."""
        order = await self.find_order(number)
        if order is None:
            raise NotFoundError("order", number)
        return order

    async def customer_orders(self, *, customer_id: str | None = None, email: str | None = None,
                              limit: int = 20) -> list[Order]:
        """A customer's orders (by customer id and/or the email on the order), newest first."""
        conditions = []
        if customer_id:
            conditions.append(OrderRow.customer_id == customer_id)
        if email:
            conditions.append(OrderRow.email == email.strip().lower())
        if not conditions:
            return []
        query = (select(OrderRow).where(or_(*conditions))
                 .order_by(OrderRow.created_at.desc().nulls_last(), OrderRow.key.desc()).limit(limit))
        async with self._db.read() as session:
            return [_order_from_row(row) for row in (await session.scalars(query)).all()]

    async def count_orders(self) -> int:
        """How many orders the store holds."""
        async with self._db.read() as session:
            return int(await session.scalar(select(func.count()).select_from(OrderRow)) or 0)

    async def has_orders(self) -> bool:
        """Whether the shop has sent any order at all (one indexed row read, however many there are)."""
        async with self._db.read() as session:
            return await session.scalar(select(OrderRow.key).limit(1)) is not None

    async def upsert_product(self, product: Product) -> Product:
        """Create or replace a product and its variants."""

        async def upsert() -> None:
            async with self._db.write() as session:
                row = await session.get(ProductRow, product.id, with_for_update=True)
                if row is None:
                    row = ProductRow(id=product.id)
                    session.add(row)
                row.title, row.url, row.source = product.title, product.url, product.source
                row.variants = [_variant_json(v) for v in product.variants]
                row.updated_at = self._now()

        await retry_on_conflict(upsert)
        async with self._db.read() as session:
            stored = await session.get(ProductRow, product.id)
            assert stored is not None
            return _product_from_row(stored)

    async def products(self) -> list[Product]:
        """The whole catalogue, by title (a shop's catalogue is small next to its orders)."""
        async with self._db.read() as session:
            rows = await session.scalars(select(ProductRow).order_by(ProductRow.title, ProductRow.id))
            return [_product_from_row(row) for row in rows.all()]

    async def remember_order(self, conversation_id: str, *, number: str, verified_by: str | None = None) -> None:
        """Note that the conversation is about this order; ``verified_by`` (the matching email or postcode)
        is kept once given, even when a later message repeats the number alone."""
        key = normalize_order_number(number)
        dialect_insert = sqlite_insert if self._db.is_sqlite else postgresql_insert
        row = ConversationOrderRow
        given = dialect_insert(row).values(conversation_id=conversation_id, order_key=key,
                                             verified_by=verified_by, updated_at=self._now())
        # One statement on a customer's turn: the same order keeps an earlier proof; another order starts over.
        upsert = given.on_conflict_do_update(index_elements=[row.conversation_id], set_={
            "order_key": given.excluded.order_key, "updated_at": given.excluded.updated_at,
            "verified_by": case((row.order_key == given.excluded.order_key,
                                 func.coalesce(given.excluded.verified_by, row.verified_by)),
                                else_=given.excluded.verified_by)})
        try:
            async with self._db.write() as session:
                await session.execute(upsert)
        except IntegrityError as exc:  # the only constraint it can break: the conversation's foreign key
            raise NotFoundError("conversation", conversation_id) from exc

    async def order_lookup(self, conversation_id: str, *, numbers: Sequence[str] = ()) -> OrderLookup:
        """The conversation's order and the stored orders among ``numbers`` (and the remembered one), in one
        read transaction: a customer's order question costs one round of reads, however it is phrased."""
        async with self._db.read() as session:
            row = await session.get(ConversationOrderRow, conversation_id)
            remembered = None if row is None else ConversationOrder(order_key=row.order_key,
                                                                    verified_by=row.verified_by)
            keys = {normalize_order_number(n) for n in numbers} | ({row.order_key} if row is not None else set())
            if not keys:
                return OrderLookup(remembered=remembered)
            rows = (await session.scalars(select(OrderRow).where(OrderRow.key.in_(sorted(keys))))).all()
            return OrderLookup(remembered=remembered, orders={r.key: _order_from_row(r) for r in rows})

    async def conversation_order(self, conversation_id: str) -> ConversationOrder | None:
        """The order the conversation is about, if one was named."""
        async with self._db.read() as session:
            row = await session.get(ConversationOrderRow, conversation_id)
            return None if row is None else ConversationOrder(order_key=row.order_key, verified_by=row.verified_by)

    @staticmethod
    async def _refresh_figures(session: AsyncSession, customer_ids: set[str]) -> None:
        """Write the order-derived figures into each customer's profile, except fields a person set by hand."""
        if not customer_ids:
            return
        ids = sorted(customer_ids)
        customers = (await session.scalars(select(CustomerRow).where(CustomerRow.id.in_(ids))
                                           .order_by(CustomerRow.id).with_for_update())).all()
        rows = (await session.scalars(select(OrderRow).where(OrderRow.customer_id.in_(ids)))).all()
        by_customer: dict[str, list[OrderRow]] = {}
        for row in rows:
            by_customer.setdefault(str(row.customer_id), []).append(row)
        for customer in customers:
            manual = set(customer.manual_fields or ())
            for name, value in _figures(by_customer.get(customer.id, [])).items():
                if name not in manual and value is not None:
                    setattr(customer, name, value)
