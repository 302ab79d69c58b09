"""Shopify: orders and products through the Admin GraphQL API, and signed webhooks (``X-Shopify-Hmac-Sha256``).

The GraphQL API is rate-limited by query cost (a leaky bucket per shop): every answer carries
``extensions.cost.throttleStatus`` (``currentlyAvailable``, ``restoreRate``), and a query that costs more
than is available gets a ``THROTTLED`` error. We wait for the bucket to refill before the next page
instead of hammering it. Webhooks arrive in Shopify's REST JSON shape, signed with the app's secret.
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
    CustomerProfile,
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

__all__ = ["API_VERSION", "ORDERS_QUERY", "ShopifyConnector", "order_from_graphql", "order_from_webhook"]

logger = logging.getLogger(__name__)

API_VERSION = "2024-10"
PLATFORM = "shopify"
_PAGE = 50
_ATTEMPTS = 4
_PAID = {"PAID", "PARTIALLY_REFUNDED", "REFUNDED", "paid", "partially_refunded", "refunded"}

ORDERS_QUERY = """
query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    edges { cursor node {
      name email phone createdAt processedAt cancelledAt displayFinancialStatus displayFulfillmentStatus
      totalPriceSet { shopMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount } }
      customer { id }
      shippingAddress { zip }
      fulfillments { createdAt deliveredAt estimatedDeliveryAt trackingInfo { company number url } }
      lineItems(first: 50) { edges { node { title variantTitle quantity sku
        originalUnitPriceSet { shopMoney { amount } } } } }
    } }
    pageInfo { hasNextPage }
  }
}
"""

PRODUCTS_QUERY = """
query Products($first: Int!, $after: String) {
  products(first: $first, after: $after) {
    edges { cursor node { id title onlineStoreUrl
      variants(first: 100) { edges { node { sku title price inventoryQuantity
        selectedOptions { name value } } } } } }
    pageInfo { hasNextPage }
  }
}
"""


def _customer_id(gid: object) -> str | None:
    """``gid://shopify/Customer/42`` (GraphQL) or ``42`` (webhook) → ``shopify:42``, one id either way."""
    if gid in (None, ""):
        return None
    return f"{PLATFORM}:{str(gid).rsplit('/', 1)[-1]}"


def _money(node: Mapping[str, Any] | None) -> float:
    return float(((node or {}).get("shopMoney") or {}).get("amount") or 0.0)


def order_from_graphql(node: Mapping[str, Any]) -> Order:
    """An order from the Admin GraphQL ``Order`` object."""
    fulfillments = node.get("fulfillments") or []
    shipped = fulfillments[-1] if fulfillments else {}
    tracking = (shipped.get("trackingInfo") or [{}])[0] if shipped else {}
    items = tuple(
        OrderItem(title=edge["node"]["title"], variant=edge["node"].get("variantTitle"),
                  quantity=int(edge["node"].get("quantity") or 1), sku=edge["node"].get("sku"),
                  price=_money(edge["node"].get("originalUnitPriceSet")))
        for edge in (node.get("lineItems") or {}).get("edges", []))
    paid = node.get("displayFinancialStatus") in _PAID
    return Order(
        number=node["name"], customer_id=_customer_id((node.get("customer") or {}).get("id")),
        email=node.get("email"), phone=node.get("phone"), postcode=(node.get("shippingAddress") or {}).get("zip"),
        status=str(node.get("displayFulfillmentStatus") or node.get("displayFinancialStatus") or "").lower(),
        created_at=parse_time(node.get("createdAt")),
        paid_at=parse_time(node.get("processedAt")) if paid else None,
        fulfilled_at=parse_time(shipped.get("createdAt")), delivered_at=parse_time(shipped.get("deliveredAt")),
        expected_at=parse_time(shipped.get("estimatedDeliveryAt")), cancelled_at=parse_time(node.get("cancelledAt")),
        carrier=tracking.get("company"), tracking_number=tracking.get("number"), tracking_url=tracking.get("url"),
        items=items, total=_money(node.get("totalPriceSet")), refunded=_money(node.get("totalRefundedSet")),
        currency=((node.get("totalPriceSet") or {}).get("shopMoney") or {}).get("currencyCode") or "EUR",
        source=PLATFORM)


def order_from_webhook(payload: Mapping[str, Any]) -> Order:
    """An order from a webhook (``orders/create``, ``orders/updated``, ``orders/fulfilled``…), REST shape."""
    fulfillments = payload.get("fulfillments") or []
    shipped = fulfillments[-1] if fulfillments else {}
    delivered = shipped.get("shipment_status") == "delivered"
    items = tuple(OrderItem(title=line["title"], variant=line.get("variant_title"),
                            quantity=int(line.get("quantity") or 1), price=float(line.get("price") or 0.0),
                            sku=line.get("sku")) for line in payload.get("line_items") or [])
    refunded = sum(float(t.get("amount") or 0.0) for r in payload.get("refunds") or []
                   for t in r.get("transactions") or [])
    return Order(
        number=payload["name"], customer_id=_customer_id((payload.get("customer") or {}).get("id")),
        email=payload.get("email"), phone=payload.get("phone"),
        postcode=(payload.get("shipping_address") or {}).get("zip"),
        status=str(payload.get("fulfillment_status") or payload.get("financial_status") or ""),
        created_at=parse_time(payload.get("created_at")),
        paid_at=parse_time(payload.get("processed_at")) if payload.get("financial_status") in _PAID else None,
        fulfilled_at=parse_time(shipped.get("created_at")),
        delivered_at=parse_time(shipped.get("updated_at")) if delivered else None,
        cancelled_at=parse_time(payload.get("cancelled_at")), carrier=shipped.get("tracking_company"),
        tracking_number=shipped.get("tracking_number"), tracking_url=shipped.get("tracking_url"), items=items,
        total=float(payload.get("total_price") or 0.0), refunded=refunded,
        currency=payload.get("currency") or "EUR", source=PLATFORM)


def _product_from_graphql(node: Mapping[str, Any]) -> Product:
    variants = tuple(
        ProductVariant(sku=v["node"].get("sku") or v["node"]["title"], title=v["node"]["title"],
                       options={o["name"]: o["value"] for o in v["node"].get("selectedOptions") or []},
                       price=float(v["node"].get("price") or 0.0), stock=v["node"].get("inventoryQuantity"))
        for v in (node.get("variants") or {}).get("edges", []))
    return Product(id=f"{PLATFORM}:{str(node['id']).rsplit('/', 1)[-1]}", title=node["title"],
                   url=node.get("onlineStoreUrl"), variants=variants, source=PLATFORM)


def _product_from_webhook(payload: Mapping[str, Any]) -> Product:
    names = [o.get("name", f"option{i}") for i, o in enumerate(payload.get("options") or [], start=1)]
    variants = tuple(
        ProductVariant(sku=v.get("sku") or v["title"], title=v["title"], price=float(v.get("price") or 0.0),
                       options={name: v[f"option{i}"] for i, name in enumerate(names, start=1) if v.get(f"option{i}")},
                       stock=v.get("inventory_quantity"))
        for v in payload.get("variants") or [])
    return Product(id=f"{PLATFORM}:{payload['id']}", title=payload["title"], variants=variants, source=PLATFORM)


class ShopifyConnector:
    """The Admin GraphQL API of one shop (``SHOPIFY_SHOP``, ``SHOPIFY_TOKEN``) and its signed webhooks."""

    name = PLATFORM

    def __init__(self, *, shop: str, token: str, webhook_secret: str | None = None, api_url: str | None = None,
                 sleep: Any = asyncio.sleep, timeout: float = 10.0) -> None:
        base = (api_url or f"https://{shop}.myshopify.com").rstrip("/")
        self._endpoint = f"{base}/admin/api/{API_VERSION}/graphql.json"
        self._secret = webhook_secret
        self._sleep = sleep
        self._http = httpx.AsyncClient(timeout=timeout, headers={"X-Shopify-Access-Token": token})

    async def close(self) -> None:
        """Release the HTTP client."""
        await self._http.aclose()

    async def orders(self, *, updated_since: datetime | None = None) -> AsyncIterator[Order]:
        """Every order, newest changes last, 50 a page."""
        search = f"updated_at:>'{updated_since.isoformat()}'" if updated_since else None
        async for node in self._pages(ORDERS_QUERY, "orders", {"query": search}):
            yield order_from_graphql(node)

    async def find_order(self, number: str) -> Order | None:
        """The order with this number, asked live (for an order the store has no copy of, or an old one):
        one search by name, matched exactly here because Shopify's search is looser than ours."""
        wanted = normalize_order_number(number)
        data = await self._query(ORDERS_QUERY, {"first": 5, "after": None, "query": f"name:{wanted}"})
        for edge in data["orders"]["edges"]:
            order = order_from_graphql(edge["node"])
            if order.key == wanted:
                return order
        return None

    async def products(self) -> AsyncIterator[Product]:
        """The catalogue, 50 products a page."""
        async for node in self._pages(PRODUCTS_QUERY, "products", {}):
            yield _product_from_graphql(node)

    def webhook(self, *, body: bytes, headers: Mapping[str, str]) -> ShopUpdate:
        """Verify ``X-Shopify-Hmac-Sha256``, then read the topic (``X-Shopify-Topic``) and payload."""
        check_signature(platform=PLATFORM, header="X-Shopify-Hmac-Sha256", secret=self._secret, body=body,
                        headers=headers)
        topic = next((v for k, v in headers.items() if k.lower() == "x-shopify-topic"), "")
        try:
            payload = json.loads(body)
            if topic.startswith("orders/"):
                return ShopUpdate(order=order_from_webhook(payload))
            if topic.startswith("products/"):
                return ShopUpdate(product=_product_from_webhook(payload))
            if topic.startswith("customers/"):
                name = " ".join(p for p in (payload.get("first_name"), payload.get("last_name")) if p) or None
                return ShopUpdate(customer_id=_customer_id(payload.get("id")), profile=CustomerProfile(
                    name=name, email=payload.get("email"), phone=payload.get("phone")))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValidationError(f"unreadable {topic or 'webhook'} payload ({exc})", field="body",
                                  expected="Shopify's webhook JSON") from exc
        logger.info("shopify webhook topic %r ignored", topic)
        return ShopUpdate()

    async def _pages(self, query: str, root: str, variables: dict[str, Any]) -> AsyncIterator[Mapping[str, Any]]:
        after: str | None = None
        while True:
            data = await self._query(query, {**variables, "first": _PAGE, "after": after})
            connection = data[root]
            for edge in connection["edges"]:
                yield edge["node"]
                after = edge["cursor"]
            if not connection["pageInfo"]["hasNextPage"]:
                return

    async def _query(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """One GraphQL call: waits out throttling, retries 5xx and timeouts, maps 401/404 to our errors."""
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                response = await self._http.post(self._endpoint, json={"query": query, "variables": variables})
            except httpx.HTTPError as exc:
                problem: str = f"unreachable ({type(exc).__name__})"
            else:
                if response.status_code == 401:
                    raise PermissionDeniedError("shopify: the access token was refused (401): check SHOPIFY_TOKEN")
                if response.status_code == 404:
                    raise NotFoundError("shopify shop", self._endpoint)
                if response.status_code < 500:
                    body = response.json()
                    wait = _throttle_wait(body)
                    if _throttled(body):
                        problem = "throttled (query cost over the bucket)"
                        logger.info("shopify throttled: waiting %.1fs for the cost bucket", wait)
                        await self._sleep(wait)
                        continue
                    if body.get("errors"):
                        raise ShopUnavailableError(f"query refused: {body['errors']}", platform=PLATFORM)
                    if wait > 0:  # the next page would not fit in the bucket: let it refill first
                        await self._sleep(wait)
                    return dict(body["data"])
                problem = f"server error {response.status_code}"
            if attempt < _ATTEMPTS:
                await self._sleep(0.5 * 2 ** (attempt - 1))
        raise ShopUnavailableError(f"{problem} after {_ATTEMPTS} attempts", platform=PLATFORM)


def _throttled(body: Mapping[str, Any]) -> bool:
    errors = body.get("errors")
    return isinstance(errors, list) and any((e.get("extensions") or {}).get("code") == "THROTTLED" for e in errors)


def _throttle_wait(body: Mapping[str, Any]) -> float:
    """Seconds until the bucket holds what this query cost (what the next page will cost, near enough)."""
    cost = (body.get("extensions") or {}).get("cost") or {}
    status = cost.get("throttleStatus") or {}
    needed = float(cost.get("requestedQueryCost") or 0)
    available = float(status.get("currentlyAvailable", needed))
    rate = float(status.get("restoreRate") or 50.0)
    return max(0.0, (needed - available) / rate)
