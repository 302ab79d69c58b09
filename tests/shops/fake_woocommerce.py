"""A local fake of the WooCommerce REST API v3 and its webhook signer, in WooCommerce's documented format.

Serves ``GET /wp-json/wc/v3/orders``, ``/products`` and ``/products/<id>/variations`` behind HTTP Basic
auth (consumer key and secret), paged with ``page``/``per_page`` and the ``X-WP-Total`` /
``X-WP-TotalPages`` headers. Errors use WooCommerce's JSON shape ``{"code", "message", "data": {"status"}}``;
``fail_next`` scripts one (401, 404, 429 with ``Retry-After``, 500). ``search`` filters orders by number.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

KEY = "ck_fake0123456789"
SECRET = "cs_fake0123456789"
WEBHOOK_SECRET = "woo-webhook-secret-for-tests"
_CODES = {401: "woocommerce_rest_cannot_view", 404: "rest_no_route", 429: "too_many_requests",
          500: "internal_server_error"}


def woo_order(number: int, *, completed: bool = True) -> dict[str, Any]:
    """An order as ``GET /wp-json/wc/v3/orders`` returns it."""
    meta = [{"id": 1, "key": "_wc_shipment_tracking_items", "value": [{
        "tracking_provider": "DHL", "tracking_number": f"JD{number}",
        "custom_tracking_link": f"https://dhl.example/JD{number}", "date_shipped": "1772550000"}]}] if completed else []
    return {
        "id": 700 + number, "number": str(number), "status": "completed" if completed else "processing",
        "currency": "EUR", "date_created_gmt": "2026-03-01T10:00:00", "date_paid_gmt": "2026-03-01T10:01:00",
        "date_completed_gmt": "2026-03-02T09:00:00" if completed else None, "date_modified_gmt": "2026-03-02T09:00:00",
        "total": "64.50", "customer_id": 12,
        "billing": {"first_name": "Jane", "email": "jane@example.com", "phone": "+31 6 5550 1201",
                    "postcode": "1021 AB"},
        "shipping": {"postcode": "1021 AB"},
        "line_items": [{"id": 1, "name": "Moss mug", "quantity": 2, "price": 32.25, "sku": "MUG-MOSS",
                        "meta_data": [{"key": "pa_colour", "display_key": "Colour", "display_value": "Moss"}]}],
        "refunds": [], "meta_data": meta,
    }


def signed(payload: dict[str, Any], *, topic: str, secret: str = WEBHOOK_SECRET) -> tuple[bytes, dict[str, str]]:
    """The body and headers WooCommerce sends for a webhook delivery."""
    body = json.dumps(payload).encode()
    digest = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    return body, {"X-WC-Webhook-Signature": digest, "X-WC-Webhook-Topic": topic, "X-WC-Webhook-Source":
                  "https://mossa.example/", "Content-Type": "application/json"}


@dataclass
class FakeWooCommerce:
    """The fake's state: orders, products (with variations), scripted failures, requests seen."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)
    variations: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    _failures: list[int] = field(default_factory=list)

    def fail_next(self, status: int, times: int = 1) -> None:
        self._failures.extend([status] * times)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/wp-json/wc/v3/{path:path}", self._get, methods=["GET"])])

    async def _get(self, request: Request) -> JSONResponse:
        path = request.path_params["path"]
        self.requests.append(f"{path}?{request.url.query}")
        auth = request.headers.get("authorization", "")
        expected = "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
        if auth != expected:
            return self._error(401, "Sorry, you cannot list resources.")
        if self._failures:
            status = self._failures.pop(0)
            return self._error(status, "scripted failure", retry_after="3" if status == 429 else None)
        items = self._collection(path)
        if items is None:
            return self._error(404, "No route was found matching the URL and request method.")
        search = request.query_params.get("search")
        if search is not None:  # WooCommerce searches many fields; the number is the one that matters here
            items = [item for item in items if str(item.get("number")) == search]
        page, per_page = int(request.query_params.get("page", 1)), int(request.query_params.get("per_page", 10))
        chunk = items[(page - 1) * per_page: page * per_page]
        pages = max(1, math.ceil(len(items) / per_page))
        return JSONResponse(chunk, headers={"X-WP-Total": str(len(items)), "X-WP-TotalPages": str(pages)})

    def _collection(self, path: str) -> list[dict[str, Any]] | None:
        if path == "orders":
            return self.orders
        if path == "products":
            return self.products
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == "products" and parts[2] == "variations":
            return self.variations.get(int(parts[1]), [])
        return None

    @staticmethod
    def _error(status: int, message: str, *, retry_after: str | None = None) -> JSONResponse:
        headers = {"Retry-After": retry_after} if retry_after else None
        return JSONResponse({"code": _CODES.get(status, "error"), "message": message, "data": {"status": status}},
                            status_code=status, headers=headers)
