"""A local fake of Shopify's Admin GraphQL API and webhook signer, in Shopify's documented wire format.

Serves ``POST /admin/api/<version>/graphql.json`` with ``X-Shopify-Access-Token``; answers the ``orders``
and ``products`` connections with cursor pagination and ``extensions.cost`` (requested/actual cost and
``throttleStatus``). ``fail_next`` scripts an HTTP failure (401 with Shopify's error body, 404, 502);
``throttle_next`` answers one query (or ``times``) with the ``THROTTLED`` error and an almost empty bucket;
``delay_seconds`` makes it hang that long before answering. An ``orders`` query with ``name:<number>`` is
filtered to that order, as Shopify's search does.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKEN = "shpat_fake_token_for_tests"
SECRET = "shopify-webhook-secret-for-tests"
ORDERS_COST = 252
BUCKET = 2000.0
RESTORE = 100.0


def shopify_order(number: int, *, email: str = "jane@example.com", shipped: bool = True,
                  delivered: bool = False) -> dict[str, Any]:
    """An ``Order`` node as the Admin GraphQL API returns it."""
    fulfillments = [{
        "createdAt": "2026-03-02T15:00:00Z", "deliveredAt": "2026-03-04T11:00:00Z" if delivered else None,
        "estimatedDeliveryAt": "2026-03-05T18:00:00Z",
        "trackingInfo": [{"company": "PostNL", "number": f"3S{number}", "url": f"https://postnl.example/3S{number}"}],
    }] if shipped else []
    return {
        "name": f"#{number}", "email": email, "phone": None, "createdAt": "2026-03-01T10:00:00Z",
        "processedAt": "2026-03-01T10:00:05Z", "cancelledAt": None, "displayFinancialStatus": "PAID",
        "displayFulfillmentStatus": "FULFILLED" if shipped else "UNFULFILLED",
        "totalPriceSet": {"shopMoney": {"amount": "129.0", "currencyCode": "EUR"}},
        "totalRefundedSet": {"shopMoney": {"amount": "0.0"}},
        "customer": {"id": "gid://shopify/Customer/7001"}, "shippingAddress": {"zip": "1021 AB"},
        "fulfillments": fulfillments,
        "lineItems": {"edges": [{"node": {"title": "Wool cardigan", "variantTitle": "Blue / M", "quantity": 1,
                                          "sku": "CARD-BLUE-M",
                                          "originalUnitPriceSet": {"shopMoney": {"amount": "129.0"}}}}]},
    }


def webhook_order(number: int, *, fulfilled: bool, shipped_at: str = "2026-03-03T09:00:00+01:00") -> dict[str, Any]:
    """An order as ``orders/updated`` sends it (REST shape)."""
    return {
        "id": 450789469 + number, "name": f"#{number}", "email": "jane@example.com",
        "created_at": "2026-03-01T10:00:00+01:00",
        "processed_at": "2026-03-01T10:00:05+01:00", "financial_status": "paid",
        "fulfillment_status": "fulfilled" if fulfilled else None, "total_price": "129.00", "currency": "EUR",
        "customer": {"id": 7001}, "shipping_address": {"zip": "1021 AB"},
        "line_items": [{"title": "Wool cardigan", "variant_title": "Blue / M", "quantity": 1, "price": "129.00",
                        "sku": "CARD-BLUE-M"}],
        "fulfillments": [{"created_at": shipped_at, "tracking_company": "DHL",
                          "tracking_number": "JD0001", "tracking_url": "https://dhl.example/JD0001",
                          "shipment_status": "in_transit", "updated_at": shipped_at}]
        if fulfilled else [],
        "refunds": [],
    }


def signed(payload: dict[str, Any], *, topic: str, secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
    """The body and headers Shopify sends for a webhook."""
    body = json.dumps(payload).encode()
    digest = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    return body, {"X-Shopify-Hmac-Sha256": digest, "X-Shopify-Topic": topic, "X-Shopify-Shop-Domain":
                  "mossa.myshopify.com", "Content-Type": "application/json"}


@dataclass
class FakeShopify:
    """The fake's state: orders, products, scripted failures, and every query received."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)
    queries: list[dict[str, Any]] = field(default_factory=list)
    page_size_seen: list[int] = field(default_factory=list)
    _failures: list[int] = field(default_factory=list)
    _throttles: int = 0
    delay_seconds: float = 0.0  # answer this late (a platform that hangs)

    def fail_next(self, status: int, times: int = 1) -> None:
        self._failures.extend([status] * times)

    def throttle_next(self, times: int = 1) -> None:
        self._throttles += times

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/admin/api/{version}/graphql.json", self._graphql, methods=["POST"])])

    async def _graphql(self, request: Request) -> JSONResponse:
        if request.headers.get("x-shopify-access-token") != TOKEN:
            return JSONResponse({"errors": "[API] Invalid API key or access token (unrecognized login or wrong "
                                           "password)"}, status_code=401)
        if self._failures:
            status = self._failures.pop(0)
            errors = {401: "[API] Invalid API key or access token (unrecognized login or wrong password)",
                      404: "Not Found"}.get(status, "Internal Server Error")
            return JSONResponse({"errors": errors}, status_code=status)
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        body = await request.json()
        self.queries.append(body)
        variables = body.get("variables") or {}
        if self._throttles:
            self._throttles -= 1
            return JSONResponse({"errors": [{"message": "Throttled", "extensions": {
                "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                "extensions": self._cost(available=52.0, actual=None)})
        root, nodes = ("orders", self.orders) if "orders(" in body["query"] else ("products", self.products)
        search = str(variables.get("query") or "")
        if root == "orders" and search.startswith("name:"):  # Shopify's search by order name, "#" optional
            wanted = search.removeprefix("name:").lstrip("#").upper()
            nodes = [node for node in nodes if str(node["name"]).lstrip("#").upper() == wanted]
        first = int(variables["first"])
        start = int(variables["after"]) if variables.get("after") else 0
        page = nodes[start:start + first]
        edges = [{"cursor": str(start + i + 1), "node": node} for i, node in enumerate(page)]
        data = {root: {"edges": edges, "pageInfo": {"hasNextPage": start + first < len(nodes)}}}
        cost = self._cost(available=BUCKET - ORDERS_COST, actual=ORDERS_COST)
        return JSONResponse({"data": data, "extensions": cost})

    @staticmethod
    def _cost(*, available: float, actual: int | None) -> dict[str, Any]:
        return {"cost": {"requestedQueryCost": ORDERS_COST, "actualQueryCost": actual, "throttleStatus": {
            "maximumAvailable": BUCKET, "currentlyAvailable": available, "restoreRate": RESTORE}}}
