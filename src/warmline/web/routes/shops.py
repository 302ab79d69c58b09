"""Shop webhooks: ``POST /webhooks/shopify`` and ``POST /webhooks/woocommerce``. The connector checks the
signature over the raw body before anything is read; the order, product or customer it carries is stored
at once, so the next customer who asks gets the new status."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request, status

from warmline.engine.customer.order_book import OrderBook
from warmline.web.routes._deps import services

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter(tags=["webhooks"])


@router.post("/webhooks/shopify")
async def shopify_webhook(request: Request) -> dict[str, bool]:
    """Shopify's orders/*, products/* and customers/* webhooks, signed with ``X-Shopify-Hmac-Sha256``."""
    return await _apply("shopify", request)


@router.post("/webhooks/woocommerce")
async def woocommerce_webhook(request: Request) -> dict[str, bool]:
    """WooCommerce's order.* and product.* webhooks, signed with ``X-WC-Webhook-Signature``."""
    return await _apply("woocommerce", request)


async def _apply(platform: str, request: Request) -> dict[str, bool]:
    svc = services(request)
    connector = svc.shops.get(platform)
    if connector is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail={
            "error": f"no shop connector {platform!r} is configured", "field": "platform",
            "expected": "shopify or woocommerce, with its WARMLINE_* credentials set"})
    update = connector.webhook(body=await request.body(), headers=dict(request.headers))
    await OrderBook(store=svc.store).apply(update)
    return {"ok": True}
