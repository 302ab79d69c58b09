"""Reading order questions: the shop's order-number format anywhere, proofs, what is asked, stock matches."""

from __future__ import annotations

import pytest

from warmline.domain import Product, ProductVariant
from warmline.policy import (
    OrderQuestion,
    asks_about_own_order,
    asks_after_order,
    find_shop_order_numbers,
    mentions_postcode,
    offers_proof,
    read_order_question,
    stock_matches,
)

PATTERN = r"MS-\d{4,6}"


@pytest.mark.parametrize(("text", "expected"), [
    ("where is my order?", OrderQuestion.STATUS),
    ("Where's my parcel", OrderQuestion.STATUS),
    ("has MS-1042 shipped?", OrderQuestion.STATUS),
    ("where is MS-1042?", OrderQuestion.STATUS),
    ("where is the studio?", None),
    ("has it been shipped yet", OrderQuestion.STATUS),
    ("can you give me the tracking link", OrderQuestion.STATUS),
    ("when will it arrive?", OrderQuestion.ARRIVAL),
    ("When will my order arrive", OrderQuestion.ARRIVAL),
    ("what's the delivery date", OrderQuestion.ARRIVAL),
    ("can I still return the sweater?", OrderQuestion.RETURN),
    ("could I send it back?", OrderQuestion.RETURN),
    ("is the blue cardigan in M in stock?", OrderQuestion.STOCK),
    ("is the sand mug sold out?", OrderQuestion.STOCK),
    ("my mug arrived broken, order MS-1042", None),  # a damage report: for a person, not a status
    ("how long does shipping take?", None),
    ("how do returns work", None),
    ("hello!", None),
    # in the other languages (demo-shop-fresh24)
    ("Wo ist meine Bestellung MS-70315?", OrderQuestion.STATUS), ("¿dónde está mi pedido?", OrderQuestion.STATUS),
    ("où est ma commande ?", OrderQuestion.STATUS), ("wo ist das Atelier?", None),
    ("Und wann kommt sie an?", OrderQuestion.ARRIVAL), ("¿y cuándo llega?", OrderQuestion.ARRIVAL),
    ("quand est-ce qu'elle arrive ?", OrderQuestion.ARRIVAL), ("wann ist das Atelier offen?", None),
])
def test_what_is_asked(text: str, expected: OrderQuestion | None) -> None:
    assert read_order_question(text) is expected


def test_order_numbers_in_the_shops_format_are_found_anywhere_and_normalised() -> None:
    assert find_shop_order_numbers("hi, it's ms-1042 and MS-77777 (also MS-1042)", PATTERN) == ("MS-1042", "MS-77777")
    assert find_shop_order_numbers("order #1042 please", PATTERN) == ("1042",)  # the generic forms too
    assert find_shop_order_numbers("XMS-1042 or MS-10", PATTERN) == ()  # glued to a word, or too short
    assert find_shop_order_numbers("call 0612345678", PATTERN) == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("where's my order MS-52771? ordered last monday", True), ("when will MS-84116 arrive?", True),
    ("Wo ist meine Bestellung MS-70315?", True),
    ("how can i track MS-84116?", False),  # how to look it up: the tracking page says
    ("how do i wash the sweater from MS-15532?", False),
])
def test_asking_after_an_order_is_asking_where_it_is_or_when_it_comes(text: str, expected: bool) -> None:
    assert asks_after_order(text) is expected


def test_own_order_versus_orders_in_general() -> None:
    assert asks_about_own_order("where is my parcel?")
    assert not asks_about_own_order("where is the studio?")


@pytest.mark.parametrize(("text", "postcode", "expected"), [
    ("MS-1042, 1021 AB", "1021 AB", True),
    ("ms-1042 1021ab", "1021 AB", True),
    ("MS-1042 1021 AC", "1021 AB", False),
    ("MS-1042 10", "10", False),  # too short to prove anything
    ("MS-1042", None, False),
])
def test_a_postcode_proves_however_it_is_spaced(text: str, postcode: str | None, expected: bool) -> None:
    assert mentions_postcode(text, postcode) is expected


def test_stock_questions_find_the_product_and_the_variant_named() -> None:
    blue_m = ProductVariant(sku="C-B-M", title="Blue / M", options={"colour": "Blue", "size": "M"}, stock=2)
    blue_l = ProductVariant(sku="C-B-L", title="Blue / L", options={"colour": "Blue", "size": "L"}, stock=0)
    cardigan = Product(id="p1", title="Wool cardigan", variants=(blue_m, blue_l))
    mug = Product(id="p2", title="Sand mug", variants=())
    assert stock_matches("is the blue cardigan in M in stock?", [mug, cardigan]) == [(cardigan, blue_m)]
    assert stock_matches("do you have the wool cardigan in L in stock", [cardigan]) == [(cardigan, blue_l)]
    assert stock_matches("is the cardigan in stock?", [cardigan]) == [(cardigan, None)]
    assert stock_matches("is the teapot in stock?", [cardigan, mug]) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("has MS-1042 shipped?", False),
    ("has MS-1042 shipped? jane@example.com", True),
    ("has MS-1042 shipped? 1021 AB", True),
    ("where is ms-1042", False),
])
def test_something_that_may_prove_an_order_is_seen_without_the_order(text: str, expected: bool) -> None:
    assert offers_proof(text, ("MS-1042",)) is expected
