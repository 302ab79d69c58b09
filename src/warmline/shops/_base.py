"""What every shop connector offers, and the errors a shop platform can answer with.

A connector reads orders and products from one shop system (for the initial sync and look-ups) and turns
that system's signed webhooks into the same domain objects, so the engine never sees a platform's format.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from warmline.domain import CustomerProfile, Order, PermissionDeniedError, Product, WarmlineError

__all__ = ["ShopConnector", "ShopUnavailableError", "ShopUpdate", "check_signature", "parse_time"]


class ShopUnavailableError(WarmlineError):
    """The shop's platform can't be reached or keeps failing (5xx, timeouts, throttled past our patience)."""

    def __init__(self, message: str, *, platform: str, retry_after: float | None = None) -> None:
        super().__init__(f"{platform}: {message}")
        self.platform = platform
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True, kw_only=True)
class ShopUpdate:
    """What one webhook said: an order, a product, or a customer profile (keyed by the shop's customer id)."""

    order: Order | None = None
    product: Product | None = None
    customer_id: str | None = None
    profile: CustomerProfile | None = None


class ShopConnector(Protocol):
    """One shop system (Shopify, WooCommerce): reads orders and products, verifies and parses webhooks."""

    name: str

    def orders(self, *, updated_since: datetime | None = None) -> AsyncIterator[Order]:
        """Every order (changed since ``updated_since``), page by page, honouring the platform's limits."""

    def products(self) -> AsyncIterator[Product]:
        """The catalogue with its variants and stock."""

    async def find_order(self, number: str) -> Order | None:
        """The order with this number as the platform has it now (None when it has none): ``ShopUnavailableError``
        when the platform errors, times out or stays throttled past the retries."""

    def webhook(self, *, body: bytes, headers: Mapping[str, str]) -> ShopUpdate:
        """Verify the signature (``PermissionDeniedError`` if wrong), then parse; an unknown topic is empty."""

    async def close(self) -> None:
        """Release the HTTP client."""


def check_signature(*, platform: str, header: str, secret: str | None, body: bytes,
                    headers: Mapping[str, str]) -> None:
    """Base64 HMAC-SHA256 of the raw body with the webhook secret, as Shopify and WooCommerce both sign."""
    if not secret:
        raise PermissionDeniedError(f"{platform} webhooks are off: no webhook secret is set")
    given = next((v for k, v in headers.items() if k.lower() == header.lower()), "")
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise PermissionDeniedError(f"{platform} webhook signature ({header}) does not match")


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time from a platform (``Z`` or an offset), or None."""
    if not isinstance(value, str) or not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
