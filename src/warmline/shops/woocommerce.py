"""WooCommerce: orders and products through the REST API v3 (consumer key/secret), and signed webhooks
(``X-WC-Webhook-Signature``: base64 HMAC-SHA256 of the body with the webhook's secret).

Pages are walked with ``page``/``per_page`` until ``X-WP-TotalPages``. WooCommerce marks an order
``completed`` when it was sent; tracking comes from the widely used Shipment Tracking extension's
``_wc_shipment_tracking_items`` meta data when present.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any

import httpx

from warmline.domain import (
    NotFoundError,
    Order,
    OrderItem,
    PermissionDeniedError,
    Product,
    ProductVariant,
    ValidationError,
    normalize_order_number,
)

from ._base import ShopUnavailableError, ShopUpdate, check_signature, parse_time

__all__ = ["WooCommerceConnector", "order_from_rest"]

logger = logging.getLogger(__name__)

PLATFORM = "woocommerce"
_PAGE = 100
_ATTEMPTS = 4
_TRACKING_KEY = "_wc_shipment_tracking_items"


def _tracking(order: Mapping[str, Any]) -> Mapping[str, Any]:
    for meta in order.get("meta_data") or []:
        if meta.get("key") == _TRACKING_KEY and meta.get("value"):
            return dict(meta["value"][-1])
    return {}


def order_from_rest(payload: Mapping[str, Any]) -> Order:
    """An order from the REST API's (and the webhooks') order JSON."""
    billing, shipping = payload.get("billing") or {}, payload.get("shipping") or {}
    tracking = _tracking(payload)
    status = str(payload.get("status") or "")
    shipped = parse_time(payload.get("date_completed_gmt")) if status == "completed" else None
    items = tuple(OrderItem(title=line["name"], quantity=int(line.get("quantity") or 1),
                            price=float(line.get("price") or 0.0), sku=line.get("sku") or None,
                            variant=" / ".join(str(m.get("display_value")) for m in line.get("meta_data") or []
                                               if m.get("display_key") and not str(m.get("key", "")).startswith("_"))
                            or None)
                  for line in payload.get("line_items") or [])
    customer = payload.get("customer_id")
    return Order(
        number=str(payload.get("number") or payload["id"]),
        customer_id=f"{PLATFORM}:{customer}" if customer else None,
        email=billing.get("email") or None, phone=billing.get("phone") or None,
        postcode=shipping.get("postcode") or billing.get("postcode") or None, status=status,
        created_at=parse_time(payload.get("date_created_gmt")), paid_at=parse_time(payload.get("date_paid_gmt")),
        fulfilled_at=shipped,
        cancelled_at=parse_time(payload.get("date_modified_gmt")) if status == "cancelled" else None,
        carrier=tracking.get("tracking_provider") or tracking.get("custom_tracking_provider") or None,
        tracking_number=tracking.get("tracking_number") or None,
        tracking_url=tracking.get("custom_tracking_link") or None, items=items,
        total=float(payload.get("total") or 0.0),
        refunded=sum(abs(float(r.get("total") or 0.0)) for r in payload.get("refunds") or []),
        currency=payload.get("currency") or "EUR", source=PLATFORM)


def _variant(data: Mapping[str, Any], fallback_title: str) -> ProductVariant:
    options = {a["name"]: a["option"] for a in data.get("attributes") or [] if a.get("option")}
    return ProductVariant(sku=data.get("sku") or str(data.get("id")),
                          title=" / ".join(options.values()) or fallback_title, options=options,
                          price=float(data.get("price") or 0.0), stock=data.get("stock_quantity"))


class WooCommerceConnector:
    """The REST API v3 of one WooCommerce shop (``WOOCOMMERCE_URL``, ``_KEY``, ``_SECRET``) and its webhooks."""

    name = PLATFORM

    def __init__(self, *, url: str, key: str, secret: str, webhook_secret: str | None = None,
                 sleep: Any = asyncio.sleep, timeout: float = 10.0) -> None:
        self._base = f"{url.rstrip('/')}/wp-json/wc/v3"
        self._secret = webhook_secret
        self._sleep = sleep
        self._http = httpx.AsyncClient(timeout=timeout, auth=httpx.BasicAuth(key, secret))

    async def close(self) -> None:
        """Release the HTTP client."""
        await self._http.aclose()

    async def orders(self, *, updated_since: datetime | None = None) -> AsyncIterator[Order]:
        """Every order (modified after ``updated_since``), 100 a page."""
        params = {"modified_after": updated_since.isoformat()} if updated_since else {}
        async for entry in self._pages("orders", params):
            yield order_from_rest(entry)

    async def find_order(self, number: str) -> Order | None:
        """The order with this number, asked live: one ``search`` request, matched exactly on the number."""
        wanted = normalize_order_number(number)
        response = await self._get("orders", {"search": wanted, "per_page": "10"})
        for entry in response.json():
            order = order_from_rest(entry)
            if order.key == wanted:
                return order
        return None

    async def products(self) -> AsyncIterator[Product]:
        """Products; a variable product's variations are its variants."""
        async for entry in self._pages("products", {}):
            if entry.get("type") == "variable":
                variants = tuple([_variant(v, entry["name"]) async for v in
                                  self._pages(f"products/{entry['id']}/variations", {})])
            else:
                variants = (_variant(entry, entry["name"]),)
            yield Product(id=f"{PLATFORM}:{entry['id']}", title=entry["name"], url=entry.get("permalink"),
                          variants=variants, source=PLATFORM)

    def webhook(self, *, body: bytes, headers: Mapping[str, str]) -> ShopUpdate:
        """Verify ``X-WC-Webhook-Signature``, then read the topic (``X-WC-Webhook-Topic``) and payload."""
        check_signature(platform=PLATFORM, header="X-WC-Webhook-Signature", secret=self._secret, body=body,
                        headers=headers)
        topic = next((v for k, v in headers.items() if k.lower() == "x-wc-webhook-topic"), "")
        try:
            payload = json.loads(body)
            if topic.startswith("order."):
                return ShopUpdate(order=order_from_rest(payload))
            if topic.startswith("product.") and payload.get("type") != "variable":
                return ShopUpdate(product=Product(id=f"{PLATFORM}:{payload['id']}", title=payload["name"],
                                                  url=payload.get("permalink"), source=PLATFORM,
                                                  variants=(_variant(payload, payload["name"]),)))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValidationError(f"unreadable {topic or 'webhook'} payload ({exc})", field="body",
                                  expected="WooCommerce's webhook JSON") from exc
        logger.info("woocommerce webhook topic %r ignored", topic)
        return ShopUpdate()

    async def _pages(self, path: str, params: Mapping[str, str]) -> AsyncIterator[Mapping[str, Any]]:
        page = 1
        while True:
            response = await self._get(path, {**params, "page": str(page), "per_page": str(_PAGE)})
            for entry in response.json():
                yield entry
            if page >= int(response.headers.get("X-WP-TotalPages", "1")):
                return
            page += 1

    async def _get(self, path: str, params: Mapping[str, str]) -> httpx.Response:
        """One GET: waits out 429 (``Retry-After``), retries 5xx and timeouts, maps 401/404 to our errors."""
        wait: float | None = None
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                response = await self._http.get(f"{self._base}/{path}", params=params)
            except httpx.HTTPError as exc:
                problem, wait = f"unreachable ({type(exc).__name__})", None
            else:
                if response.status_code == 401:
                    raise PermissionDeniedError(f"woocommerce: the consumer key was refused (401: "
                                                f"{_message(response)}): check WOOCOMMERCE_KEY and _SECRET")
                if response.status_code == 404:
                    raise NotFoundError("woocommerce endpoint", f"{self._base}/{path}")
                if response.status_code < 400:
                    return response
                problem = f"HTTP {response.status_code}: {_message(response)}"
                wait = float(response.headers.get("Retry-After") or 0) or None
            if attempt < _ATTEMPTS:
                await self._sleep(wait or 0.5 * 2 ** (attempt - 1))
        raise ShopUnavailableError(f"{problem} after {_ATTEMPTS} attempts", platform=PLATFORM, retry_after=wait)


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json().get("message") or response.reason_phrase)
    except ValueError:
        return response.reason_phrase
