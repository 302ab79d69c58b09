"""One customer across channels: a proven order number joins a channel identity to the order's customer, so
their profile (and tenure) counts; an unproven one, or one whose customer already has this channel, never does."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from warmline.domain import Action, ChannelIdentity, CustomerProfile, InboundMessage, Order
from warmline.engine.customer.order_book import OrderBook
from warmline.runtime.services import Services

NOW = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
GRETA = CustomerProfile(name="Greta Jansen", customer_since=date(2019, 2, 1), orders_count=41,
                        lifetime_value=3120.0, payments_on_time=62, payments_late=0, tier="gold")
ORDER = Order(number="MS-20417", customer_id="shop-greta", postcode="1021 AB", status="paid",
              created_at=NOW - timedelta(days=2), total=129.0)


async def _greta_with_an_order(services: Services) -> None:
    await services.store.upsert_profile("shop-greta", GRETA)
    await OrderBook(store=services.store).save(ORDER)


async def test_an_order_number_with_its_postcode_links_the_identity_to_the_orders_customer(
        services: Services) -> None:
    await _greta_with_an_order(services)

    turn = await services.pipeline.handle(InboundMessage(
        channel="telegram", sender_id="tg-1", text="Hi, it's about order MS-20417, postcode 1021 AB"))

    assert turn.customer.id == "shop-greta"
    greta = await services.store.get_customer("shop-greta")
    assert ChannelIdentity(channel="telegram", external_id="tg-1") in greta.identities


async def test_the_proof_may_come_in_a_later_message(services: Services) -> None:
    await _greta_with_an_order(services)
    first = await services.pipeline.handle(InboundMessage(channel="telegram", sender_id="tg-2",
                                                          text="where is my order MS-20417?"))
    assert first.customer.id != "shop-greta"  # a number alone proves nothing

    second = await services.pipeline.handle(InboundMessage(channel="telegram", sender_id="tg-2",
                                                           text="postcode 1021 AB"))

    assert second.customer.id == "shop-greta"


async def test_a_wrong_postcode_links_nothing(services: Services) -> None:
    await _greta_with_an_order(services)

    turn = await services.pipeline.handle(InboundMessage(channel="telegram", sender_id="tg-3",
                                                         text="order MS-20417, postcode 9999 ZZ"))

    assert turn.customer.id != "shop-greta"
    assert (await services.store.get_customer("shop-greta")).identities == ()


async def test_a_customer_who_has_this_channel_already_is_never_joined_by_a_second_identity(
        services: Services) -> None:
    await _greta_with_an_order(services)
    await services.store.link_identity("shop-greta", ChannelIdentity(channel="telegram", external_id="tg-greta"))

    turn = await services.pipeline.handle(InboundMessage(channel="telegram", sender_id="tg-stranger",
                                                         text="order MS-20417, postcode 1021 AB"))

    assert turn.customer.id != "shop-greta"  # never someone else's conversation on this channel


async def test_once_linked_the_profile_counts_a_long_time_customer_in_trouble_gets_a_named_person(
        services: Services) -> None:
    await _greta_with_an_order(services)
    await services.pipeline.handle(InboundMessage(channel="telegram", sender_id="tg-4",
                                                  text="order MS-20417, postcode 1021 AB"))

    turn = await services.pipeline.handle(InboundMessage(
        channel="telegram", sender_id="tg-4", text="My card was declined and my payment failed, what's going on?"))

    assert turn.decision.action is Action.HANDOFF
    assert turn.decision.assignee is not None
    assert any("long-standing" in reason for reason in turn.decision.reasons)
    text = turn.replies[0].text
    assert "Greta" in text
    assert turn.decision.assignee.name.split()[0] in text
    assert "since 2019" in text  # personal, not the standard procedure
