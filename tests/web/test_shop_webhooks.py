"""Shop webhooks through the real app: a signed Shopify or WooCommerce webhook changes the next answer;
a forged one changes nothing; an unconfigured platform is a 404."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.shops import fake_shopify, fake_woocommerce

from warmline.config import Settings
from warmline.web import create_app

OWNER_ASKS = "has #1042 shipped? jane@example.com"


@pytest.fixture
def shop_client(settings: Settings) -> Iterator[TestClient]:
    connected = settings.model_copy(update={
        "shopify_shop": "mossa", "shopify_token": fake_shopify.TOKEN, "shopify_webhook_secret": fake_shopify.SECRET,
        "shopify_api_url": "http://127.0.0.1:9",  # never called: webhooks need no API round trip
        "woocommerce_url": "http://127.0.0.1:9", "woocommerce_key": fake_woocommerce.KEY,
        "woocommerce_secret": fake_woocommerce.SECRET, "woocommerce_webhook_secret": fake_woocommerce.WEBHOOK_SECRET})
    with TestClient(create_app(connected)) as client:
        yield client


def _ask(client: TestClient, text: str, customer: str) -> dict[str, Any]:
    response = client.post("/api/v1/messages", json={"customer_id": customer, "text": text, "channel": "webchat"})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_signed_shopify_webhook_changes_the_answer_the_next_customer_gets(shop_client: TestClient) -> None:
    body, headers = fake_shopify.signed(fake_shopify.webhook_order(1042, fulfilled=False), topic="orders/create")
    assert shop_client.post("/webhooks/shopify", content=body, headers=headers).status_code == 200
    before = _ask(shop_client, OWNER_ASKS, "web-1")
    assert "being made and packed" in before["replies"][0]["text"]

    shipped = (datetime.now(UTC) - timedelta(hours=3)).isoformat()  # on its way, not late
    body, headers = fake_shopify.signed(fake_shopify.webhook_order(1042, fulfilled=True, shipped_at=shipped),
                                        topic="orders/updated")
    assert shop_client.post("/webhooks/shopify", content=body, headers=headers).status_code == 200
    after = _ask(shop_client, OWNER_ASKS, "web-2")

    assert "DHL" in after["replies"][0]["text"]
    assert "https://dhl.example/JD0001" in after["replies"][0]["text"]
    assert shop_client.get("/api/v1/customers/shopify:7001").json()["orders_count"] == 1


def test_a_forged_shopify_webhook_is_refused_and_changes_nothing(shop_client: TestClient) -> None:
    body, headers = fake_shopify.signed(fake_shopify.webhook_order(1042, fulfilled=True), topic="orders/updated",
                                        secret="a guess")
    response = shop_client.post("/webhooks/shopify", content=body, headers=headers)
    assert response.status_code in (401, 403)
    assert shop_client.get("/api/v1/orders/1042").status_code == 404


def test_a_signed_woocommerce_webhook_is_stored(shop_client: TestClient) -> None:
    body, headers = fake_woocommerce.signed(fake_woocommerce.woo_order(2001), topic="order.updated")
    assert shop_client.post("/webhooks/woocommerce", content=body, headers=headers).status_code == 200
    assert shop_client.get("/api/v1/orders/2001").json()["carrier"] == "DHL"


def test_an_unconfigured_shop_platform_is_not_found(client: TestClient) -> None:
    body, headers = fake_shopify.signed({"name": "#1"}, topic="orders/create")
    assert client.post("/webhooks/shopify", content=body, headers=headers).status_code == 404
