"""The turn's one reading of the orders a message names: what is order-like, and what proves an order is theirs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from warmline.domain import ConversationOrder, Order, OrderLookup
from warmline.engine.customer.order_reading import OrderReading, order_like, part_of_postcode

NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)
GRETAS = Order(number="MS-20417", customer_id="greta", email="greta@example.com", postcode="1021 AB",
               created_at=NOW - timedelta(days=2))


def test_order_like_is_a_number_a_question_a_digit_or_an_at_sign() -> None:
    assert order_like("has it shipped?", ())
    assert order_like("postcode 1021 AB", ())
    assert order_like("me@example.com", ())
    assert order_like("about that", ("MS-1042",))
    assert not order_like("how long does shipping take", ())
    assert not order_like("thanks 👍", ())


def test_a_number_is_part_of_a_postcode_only_when_the_message_carries_that_postcode() -> None:
    assert part_of_postcode("1021", GRETAS, "it's 1021 AB")
    assert not part_of_postcode("1021", GRETAS, "order 1021")  # the postcode itself is not there
    assert not part_of_postcode("9999", GRETAS, "1021 AB, and 9999")


def test_the_owner_is_proven_by_the_email_now_or_by_a_proof_remembered_for_that_order() -> None:
    orders = {"MS-20417": GRETAS}
    now = OrderReading(conversation_id="c", text="MS-20417 greta@example.com", numbers=("MS-20417",),
                       lookup=OrderLookup(orders=orders))
    earlier = OrderReading(conversation_id="c", text="when will it arrive?", numbers=(), lookup=OrderLookup(
        remembered=ConversationOrder(order_key="MS-20417", verified_by="greta@example.com"), orders=orders))
    unproven = OrderReading(conversation_id="c", text="MS-20417 other@example.com", numbers=("MS-20417",),
                            lookup=OrderLookup(remembered=ConversationOrder(order_key="MS-20417"), orders=orders))
    assert now.proven_owner() == "greta"
    assert earlier.proven_owner() == "greta"
    assert unproven.proven_owner() is None
