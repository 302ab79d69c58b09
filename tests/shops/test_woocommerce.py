"""WooCommerce against a local fake of the REST API v3: pages, variations, error shapes, signed webhooks."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from warmline.domain import NotFoundError, OrderStage, PermissionDeniedError
from warmline.shops import ShopUnavailableError
from warmline.shops.woocommerce import WooCommerceConnector

from ._server import serving
from .fake_woocommerce import KEY, SECRET, WEBHOOK_SECRET, FakeWooCommerce, signed, woo_order


class Sleeps(list[float]):
    """Records the connector's waits instead of sleeping."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeWooCommerce, str]]:
    shop = FakeWooCommerce(orders=[woo_order(1000 + i, completed=i % 2 == 0) for i in range(230)])
    shop.products = [{"id": 5, "name": "Moss mug", "type": "simple", "sku": "MUG-MOSS", "price": "32.25",
                      "stock_quantity": 0, "permalink": "https://mossa.example/mug", "attributes": []},
                     {"id": 6, "name": "Wool cardigan", "type": "variable", "permalink": "https://mossa.example/c"}]
    shop.variations[6] = [{"id": 61, "sku": "C-B-M", "price": "129.00", "stock_quantity": 3,
                           "attributes": [{"name": "Colour", "option": "Blue"}, {"name": "Size", "option": "M"}]}]
    async with serving(shop.app()) as url:
        yield shop, url


def _connector(url: str, sleeps: Sleeps, *, key: str = KEY) -> WooCommerceConnector:
    return WooCommerceConnector(url=url, key=key, secret=SECRET, webhook_secret=WEBHOOK_SECRET, sleep=sleeps)


async def test_orders_are_read_page_by_page_and_mapped(fake: tuple[FakeWooCommerce, str]) -> None:
    shop, url = fake
    connector = _connector(url, Sleeps())
    orders = [order async for order in connector.orders()]
    await connector.close()

    assert len(orders) == 230
    assert len(shop.requests) == 3  # 100 + 100 + 30
    first = orders[0]
    assert (first.number, first.customer_id, first.email, first.postcode) == ("1000", "woocommerce:12",
                                                                              "jane@example.com", "1021 AB")
    assert (first.stage, first.carrier, first.tracking_url) == (OrderStage.SHIPPED, "DHL", "https://dhl.example/JD1000")
    assert (first.items[0].quantity, first.items[0].variant, first.total) == (2, "Moss", 64.5)
    assert orders[1].stage is OrderStage.PAID


async def test_products_with_variations_and_stock(fake: tuple[FakeWooCommerce, str]) -> None:
    _, url = fake
    connector = _connector(url, Sleeps())
    mug, cardigan = [product async for product in connector.products()]
    await connector.close()
    assert (mug.variants[0].stock, mug.url) == (0, "https://mossa.example/mug")
    assert cardigan.variants[0].options == {"Colour": "Blue", "Size": "M"}
    assert cardigan.variants[0].title == "Blue / M"


async def test_a_refused_key_names_the_settings(fake: tuple[FakeWooCommerce, str]) -> None:
    _, url = fake
    connector = _connector(url, Sleeps(), key="ck_wrong")
    with pytest.raises(PermissionDeniedError, match="WOOCOMMERCE_KEY"):
        [order async for order in connector.orders()]
    await connector.close()


async def test_a_wrong_url_is_not_found(fake: tuple[FakeWooCommerce, str]) -> None:
    shop, url = fake
    shop.fail_next(404)
    connector = _connector(url, Sleeps())
    with pytest.raises(NotFoundError):
        [order async for order in connector.orders()]
    await connector.close()


async def test_rate_limits_wait_for_retry_after_and_server_errors_give_up(fake: tuple[FakeWooCommerce, str]) -> None:
    shop, url = fake
    shop.fail_next(429)
    sleeps = Sleeps()
    connector = _connector(url, sleeps)
    assert len([order async for order in connector.orders()]) == 230
    assert sleeps == [3.0]  # the Retry-After header
    shop.fail_next(500, times=4)
    with pytest.raises(ShopUnavailableError, match="500"):
        [order async for order in connector.orders()]
    await connector.close()


async def test_signed_webhooks_are_parsed_and_forged_ones_refused() -> None:
    connector = WooCommerceConnector(url="http://127.0.0.1:9", key=KEY, secret=SECRET, webhook_secret=WEBHOOK_SECRET)
    body, headers = signed(woo_order(1042), topic="order.updated")
    update = connector.webhook(body=body, headers=headers)
    assert update.order is not None
    assert update.order.number == "1042"
    forged_body, forged = signed(woo_order(1042), topic="order.updated", secret="guess")
    with pytest.raises(PermissionDeniedError, match="X-WC-Webhook-Signature"):
        connector.webhook(body=forged_body, headers=forged)
    unsigned = WooCommerceConnector(url="http://127.0.0.1:9", key=KEY, secret=SECRET)
    with pytest.raises(PermissionDeniedError, match="no webhook secret"):
        unsigned.webhook(body=body, headers=headers)
    await connector.close()
    await unsigned.close()


async def test_one_order_is_found_by_its_number_live(fake: tuple[FakeWooCommerce, str]) -> None:
    shop, url = fake
    connector = _connector(url, Sleeps())
    found = await connector.find_order("#1042")
    missing = await connector.find_order("9999")
    await connector.close()

    assert found is not None
    assert (found.number, found.carrier) == ("1042", "DHL")
    assert missing is None
    assert shop.requests[0].startswith("orders?search=1042")


async def test_rate_limited_past_the_retries_is_unavailable(fake: tuple[FakeWooCommerce, str]) -> None:
    shop, url = fake
    shop.fail_next(429, times=4)
    sleeps = Sleeps()
    connector = _connector(url, sleeps)
    with pytest.raises(ShopUnavailableError, match="429") as raised:
        await connector.find_order("1042")
    await connector.close()
    assert sleeps == [3.0, 3.0, 3.0]
    assert raised.value.retry_after == 3.0
