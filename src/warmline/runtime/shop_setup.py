"""Which shop connectors this process runs, from the settings (a shop system without credentials is off),
and the sync that reads a shop's orders and products into the store."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from warmline.config.settings import Settings
from warmline.engine.customer.order_book import OrderBook
from warmline.shops import ShopConnector
from warmline.shops.shopify import ShopifyConnector
from warmline.shops.woocommerce import WooCommerceConnector

__all__ = ["SyncResult", "build_shops", "sync_shop"]

logger = logging.getLogger(__name__)


def build_shops(settings: Settings) -> dict[str, ShopConnector]:
    """The connectors whose credentials are set, by webhook route name ("shopify", "woocommerce")."""
    shops: dict[str, ShopConnector] = {}
    if settings.shopify_shop and settings.shopify_token:
        shops["shopify"] = ShopifyConnector(shop=settings.shopify_shop, token=settings.shopify_token,
                                            webhook_secret=settings.shopify_webhook_secret,
                                            api_url=settings.shopify_api_url)
    if settings.woocommerce_url and settings.woocommerce_key and settings.woocommerce_secret:
        shops["woocommerce"] = WooCommerceConnector(url=settings.woocommerce_url, key=settings.woocommerce_key,
                                                    secret=settings.woocommerce_secret,
                                                    webhook_secret=settings.woocommerce_webhook_secret)
    return shops


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncResult:
    """How much one sync read."""

    orders: int
    products: int


async def sync_shop(connector: ShopConnector, book: OrderBook, *, updated_since: datetime | None = None) -> SyncResult:
    """Read the shop's products and orders (changed since ``updated_since``) into the store."""
    products = orders = 0
    async for product in connector.products():
        await book.save_product(product)
        products += 1
    async for order in connector.orders(updated_since=updated_since):
        await book.save(order)
        orders += 1
    logger.info("%s sync: %d orders, %d products", connector.name, orders, products)
    return SyncResult(orders=orders, products=products)
