"""Shopify against a local fake of the Admin GraphQL API: sync, cost throttling, error shapes, webhooks."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from warmline.domain import NotFoundError, OrderStage, PermissionDeniedError
from warmline.shops import ShopUnavailableError
from warmline.shops.shopify import ShopifyConnector

from ._server import serving
from .fake_shopify import SECRET, TOKEN, FakeShopify, shopify_order, signed, webhook_order


class Sleeps(list[float]):
    """Records the connector's waits instead of sleeping."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeShopify, str]]:
    shop = FakeShopify(orders=[shopify_order(1000 + i, shipped=i % 2 == 0) for i in range(120)])
    async with serving(shop.app()) as url:
        yield shop, url


def _connector(url: str, sleeps: Sleeps, *, token: str = TOKEN) -> ShopifyConnector:
    return ShopifyConnector(shop="mossa", token=token, webhook_secret=SECRET, api_url=url, sleep=sleeps)


async def test_the_sync_reads_every_page_and_maps_the_order(fake: tuple[FakeShopify, str]) -> None:
    shop, url = fake
    sleeps = Sleeps()
    connector = _connector(url, sleeps)
    orders = [order async for order in connector.orders()]
    await connector.close()

    assert len(orders) == 120
    assert len(shop.queries) == 3  # 50 + 50 + 20
    first = orders[0]
    assert (first.number, first.customer_id, first.email, first.postcode) == ("#1000", "shopify:7001",
                                                                              "jane@example.com", "1021 AB")
    assert (first.stage, first.carrier, first.tracking_url) == (OrderStage.SHIPPED, "PostNL",
                                                                "https://postnl.example/3S1000")
    assert first.items[0].variant == "Blue / M"
    assert orders[1].stage is OrderStage.PAID
    assert sleeps == []  # the bucket was full enough: no waiting


async def test_a_throttled_query_waits_for_the_bucket_and_is_asked_again(fake: tuple[FakeShopify, str]) -> None:
    shop, url = fake
    shop.throttle_next()
    sleeps = Sleeps()
    connector = _connector(url, sleeps)
    orders = [order async for order in connector.orders()]
    await connector.close()

    assert len(orders) == 120
    assert sleeps == [pytest.approx((252 - 52) / 100)]  # (cost - available) / restore rate


@pytest.mark.parametrize(("status", "error"), [(401, PermissionDeniedError), (404, NotFoundError)])
async def test_refused_and_unknown_shops_fail_at_once_with_our_errors(
        fake: tuple[FakeShopify, str], status: int, error: type[Exception]) -> None:
    shop, url = fake
    shop.fail_next(status)
    sleeps = Sleeps()
    connector = _connector(url, sleeps)
    with pytest.raises(error):
        [order async for order in connector.orders()]
    await connector.close()
    assert sleeps == []


async def test_a_wrong_token_is_a_permission_error_naming_the_setting(fake: tuple[FakeShopify, str]) -> None:
    _, url = fake
    connector = _connector(url, Sleeps(), token="shpat_wrong")
    with pytest.raises(PermissionDeniedError, match="SHOPIFY_TOKEN"):
        [order async for order in connector.orders()]
    await connector.close()


async def test_server_errors_are_retried_then_reported_as_unavailable(fake: tuple[FakeShopify, str]) -> None:
    shop, url = fake
    shop.fail_next(502)
    sleeps = Sleeps()
    connector = _connector(url, sleeps)
    assert len([order async for order in connector.orders()]) == 120  # one 502, then fine
    shop.fail_next(503, times=4)
    with pytest.raises(ShopUnavailableError, match="503"):
        [order async for order in connector.orders()]
    await connector.close()
    assert sleeps == [0.5, 0.5, 1.0, 2.0]


async def test_an_unreachable_shop_is_unavailable() -> None:
    connector = ShopifyConnector(shop="mossa", token=TOKEN, api_url="http://127.0.0.1:9", sleep=Sleeps())
    with pytest.raises(ShopUnavailableError, match="unreachable"):
        [order async for order in connector.orders()]
    await connector.close()


async def test_signed_webhooks_are_parsed_and_forged_ones_refused() -> None:
    connector = ShopifyConnector(shop="mossa", token=TOKEN, webhook_secret=SECRET)
    body, headers = signed(webhook_order(1042, fulfilled=True), topic="orders/updated")

    update = connector.webhook(body=body, headers=headers)

    assert update.order is not None
    assert (update.order.number, update.order.carrier, update.order.stage) == ("#1042", "DHL", OrderStage.SHIPPED)
    assert update.order.customer_id == "shopify:7001"
    forged_body, forged = signed(webhook_order(1042, fulfilled=True), topic="orders/updated", secret="guess")
    with pytest.raises(PermissionDeniedError, match="X-Shopify-Hmac-Sha256"):
        connector.webhook(body=forged_body, headers=forged)
    with pytest.raises(PermissionDeniedError):
        connector.webhook(body=body + b" ", headers=headers)  # body changed after signing
    await connector.close()


async def test_customer_and_product_webhooks_and_unknown_topics() -> None:
    connector = ShopifyConnector(shop="mossa", token=TOKEN, webhook_secret=SECRET)
    customer = connector.webhook(**dict(zip(("body", "headers"), signed(
        {"id": 7001, "first_name": "Jane", "last_name": "Doe", "email": "jane@example.com"}, topic="customers/update"),
        strict=True)))
    assert customer.customer_id == "shopify:7001"
    assert customer.profile is not None
    assert customer.profile.name == "Jane Doe"
    product = connector.webhook(**dict(zip(("body", "headers"), signed(
        {"id": 9, "title": "Wool cardigan", "options": [{"name": "Colour"}, {"name": "Size"}],
         "variants": [{"title": "Blue / M", "option1": "Blue", "option2": "M", "price": "129.00", "sku": "C-B-M",
                       "inventory_quantity": 4}]}, topic="products/update"), strict=True)))
    assert product.product is not None
    assert product.product.variants[0].options == {"Colour": "Blue", "Size": "M"}
    assert product.product.variants[0].stock == 4
    ignored = connector.webhook(**dict(zip(("body", "headers"), signed({}, topic="app/uninstalled"), strict=True)))
    assert ignored.order is None
    assert ignored.product is None
    await connector.close()


async def test_one_order_is_found_by_its_number_live(fake: tuple[FakeShopify, str]) -> None:
    shop, url = fake
    connector = _connector(url, Sleeps())
    found = await connector.find_order("1042")
    missing = await connector.find_order("#9999")
    await connector.close()

    assert found is not None
    assert (found.number, found.tracking_url) == ("#1042", "https://postnl.example/3S1042")
    assert missing is None
    assert shop.queries[0]["variables"]["query"] == "name:1042"


async def test_throttled_past_the_retries_is_unavailable_not_a_crash(fake: tuple[FakeShopify, str]) -> None:
    shop, url = fake
    shop.throttle_next(times=4)
    sleeps = Sleeps()
    connector = _connector(url, sleeps)
    with pytest.raises(ShopUnavailableError, match="throttled"):
        await connector.find_order("1042")
    await connector.close()
    assert len(sleeps) == 4  # waited for the bucket each time, then gave up
