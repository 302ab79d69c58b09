"""Orders on the Slack card, end to end: the real app, the local fake Slack Web API and the local fake
Shopify. A parcel past its date and a look-up the shop's platform can't answer both go to a named person,
and the card Slack receives carries the order: number, status, carrier and tracking, whether it was proved."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from tests.engine.staff.test_slack_bridge import Shop, blocks_text, running_shop
from tests.shops._server import serving
from tests.shops.fake_shopify import SECRET as SHOPIFY_SECRET
from tests.shops.fake_shopify import TOKEN as SHOPIFY_TOKEN
from tests.shops.fake_shopify import FakeShopify, shopify_order

from channels.staff.fake_slack import FakeSlack
from warmline.config import Settings

ORDER_BODY = {"email": "jane@example.com", "postcode": "1021 AB", "status": "fulfilled", "carrier": "PostNL",
              "tracking_number": "3SABC", "tracking_url": "https://track.example/3SABC", "total": 129.0,
              "items": [{"title": "Wool cardigan", "variant": "Blue / M", "quantity": 1, "price": 129.0}]}


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture
async def shopify() -> AsyncIterator[tuple[FakeShopify, str]]:
    order = shopify_order(2001, email="piet@example.com")
    on_its_way = order["fulfillments"][0]
    on_its_way["createdAt"] = (datetime.now(UTC) - timedelta(days=1)).isoformat()  # shipped yesterday, not late
    on_its_way["estimatedDeliveryAt"] = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    fake = FakeShopify(orders=[order])
    async with serving(fake.app()) as url:
        yield fake, url


@pytest.fixture
async def shop(settings: Settings, fake_slack: FakeSlack, shopify: tuple[FakeShopify, str]) -> AsyncIterator[Shop]:
    _, url = shopify
    async for running in running_shop(settings, fake_slack, shopify_shop="mossa", shopify_token=SHOPIFY_TOKEN,
                                      shopify_webhook_secret=SHOPIFY_SECRET, shopify_api_url=url):
        yield running


async def test_a_parcel_past_its_date_goes_to_a_named_person_and_the_card_shows_the_order(shop: Shop) -> None:
    shipped = datetime.now(UTC) - timedelta(days=10)
    put = await shop.http.put("/api/v1/orders/MS-1042", json={
        **ORDER_BODY, "created_at": (shipped - timedelta(days=1)).isoformat(),
        "paid_at": (shipped - timedelta(days=1)).isoformat(), "fulfilled_at": shipped.isoformat()})
    assert put.status_code == 200, put.text

    turn = await shop.customer_says("where is my order MS-1042? jane@example.com", customer="web-1",
                                    channel="webchat")

    assert turn["decision"]["action"] == "delay"
    assert turn["state"] == "queued"
    person = turn["decision"]["assignee"]["name"]
    reply = turn["replies"][0]["text"]
    assert reply.startswith("Your order MS-1042 should have arrived by")
    assert f"{person.split()[0]} will ask PostNL where it is" in reply
    card = blocks_text(shop.card())
    assert "*Orders*" in card
    assert "MS-1042: shipped" in card
    assert "PostNL 3SABC https://track.example/3SABC" in card
    assert "Wool cardigan (Blue / M)" in card
    assert "this conversation's order, verified by jane@example.com" in card


async def test_an_order_system_that_is_down_gets_an_honest_delay_and_a_card(
        shop: Shop, shopify: tuple[FakeShopify, str]) -> None:
    fake, _ = shopify
    fake.fail_next(503, times=4)  # every retry of the connector

    turn = await shop.customer_says("where is #2001? piet@example.com", customer="web-2", channel="webchat")

    assert turn["decision"]["action"] == "delay"
    assert turn["state"] == "queued"
    person = turn["decision"]["assignee"]["name"]
    reply = turn["replies"][0]["text"]
    assert reply.startswith("I can't see our order system right now")
    assert f"{person.split()[0]} will check it by " in reply
    assert "PostNL" not in reply  # nothing was seen, nothing is guessed
    card = blocks_text(shop.card())
    assert "order system (shopify) could not be reached" in card
    assert "2001" in card

    # Back up: the next customer with the same question gets the answer from Shopify at once.
    again = await shop.customer_says("where is #2001? piet@example.com", customer="web-3", channel="webchat")
    assert again["decision"]["action"] == "answer", again
    assert "https://postnl.example/3S2001" in again["replies"][0]["text"]

