"""Asking the shop's own platform (Shopify, WooCommerce) for one order while a customer waits.

The store's copy, kept current by webhooks, answers almost every order question. The platform is asked
only when that copy can't settle it: the number isn't in the store (a new order whose webhook is late, a
shop that never ran a full sync), or the proof the customer gave doesn't match the copy (the email may
have changed at the shop). What the platform says is stored, so the next question is answered locally.

A platform that errors, times out, stays throttled past the connector's retries, refuses the credentials
or answers something unreadable is reported as ``ShopUnavailableError`` (the cause is logged); the whole
look-up is also bounded by ``budget_seconds`` so a hanging platform can't hold a customer's turn. The
caller turns that into an honest delay, never a guess.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from warmline.domain import Order
from warmline.engine.customer.order_book import OrderBook
from warmline.shops import ShopConnector, ShopUnavailableError

__all__ = ["LiveOrders"]

logger = logging.getLogger(__name__)

DEFAULT_BUDGET_SECONDS = 8.0  # a customer in a chat waits this long at most before hearing the honest delay


class LiveOrders:
    """Finds one order on the shop's connected platforms and keeps what they say in the store."""

    def __init__(self, *, shops: Sequence[ShopConnector], book: OrderBook,
                 budget_seconds: float = DEFAULT_BUDGET_SECONDS) -> None:
        self._shops = tuple(shops)
        self._book = book
        self._budget = budget_seconds

    def __bool__(self) -> bool:
        return bool(self._shops)

    async def fetch(self, number: str) -> Order | None:
        """The order as the platform has it now (stored on the way), or None when no platform has it.

        Raises ``ShopUnavailableError`` when a platform can't answer within the budget."""
        for shop in self._shops:
            try:
                async with asyncio.timeout(self._budget):
                    order = await shop.find_order(number)
            except ShopUnavailableError:
                raise
            except TimeoutError as exc:
                raise ShopUnavailableError(f"no answer within {self._budget:g} s", platform=shop.name) from exc
            except Exception as exc:
                # A refused token, a moved shop, an answer we can't read: the admin must fix it (logged with
                # the cause), and the customer still gets the honest delay, never an error.
                logger.exception("%s order look-up failed", shop.name)
                raise ShopUnavailableError(f"look-up failed ({exc})", platform=shop.name) from exc
            if order is not None:
                logger.info("order %s fetched live from %s", order.number, shop.name)
                return await self._book.save(order)
        return None
