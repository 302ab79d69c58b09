"""Taking orders and products in from the shop's systems (the API, an import file, a connector) and
tying each order to one customer, so the customer's profile figures follow their orders."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from warmline.domain import CustomerProfile, NotFoundError, Order, Product, new_id
from warmline.shops import ShopUpdate
from warmline.store import Store

__all__ = ["OrderBook"]

logger = logging.getLogger(__name__)

_CHUNK = 500


class OrderBook:
    """Saves orders and products; an order without a customer id joins the customer with its email or phone."""

    def __init__(self, *, store: Store) -> None:
        self._store = store

    async def save(self, order: Order) -> Order:
        """Store the order under its customer (found, or created from the order's contact details)."""
        customer_id = await self._customer_for(order)
        return await self._store.upsert_order(replace(order, customer_id=customer_id))

    async def save_many(self, orders: Sequence[Order]) -> int:
        """Store many orders in one transaction (an import, a sync page, the demo), each under its customer."""
        known: dict[tuple[str | None, str | None, str | None], str | None] = {}
        resolved = []
        for order in orders:  # one look-up per customer, not per order
            who = (order.customer_id, order.email, order.phone)
            if who not in known:
                known[who] = await self._customer_for(order)
            resolved.append(replace(order, customer_id=known[who]))
        # Chunks keep each transaction (and its IN lists) a bounded size however large the import is.
        written = 0
        for start in range(0, len(resolved), _CHUNK):
            written += await self._store.upsert_orders(resolved[start:start + _CHUNK])
        return written

    async def apply(self, update: ShopUpdate) -> None:
        """Store what a shop's webhook said (an order, a product or a customer's contact details)."""
        if update.order is not None:
            await self.save(update.order)
        if update.product is not None:
            await self.save_product(update.product)
        if update.customer_id is not None and update.profile is not None:
            await self._store.upsert_profile(update.customer_id, update.profile)

    async def save_product(self, product: Product) -> Product:
        """Store a product and its variants."""
        return await self._store.upsert_product(product)

    async def _customer_for(self, order: Order) -> str | None:
        if order.customer_id is not None:
            try:
                await self._store.get_customer(order.customer_id)
            except NotFoundError:
                await self._store.upsert_profile(order.customer_id, CustomerProfile(email=order.email,
                                                                                    phone=order.phone))
            return order.customer_id
        if not (order.email or order.phone):
            return None
        known = await self._store.find_customer(email=order.email, phone=order.phone)
        if known is not None:
            return known.id
        created = await self._store.upsert_profile(new_id(), CustomerProfile(email=order.email, phone=order.phone))
        logger.info("order %s: new customer %s from its contact details", order.number, created.id)
        return created.id
