"""The bot's sentences about orders: each fact from the record, the tracking link, return windows, stock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from warmline.domain import Bot, Order, OrderItem, OrderRules, Product, ProductVariant
from warmline.policy import (
    arrival_text,
    order_citation,
    order_system_down_text,
    overdue_text,
    return_text,
    status_text,
    stock_text,
    verify_request,
)

BOT = Bot(name="t", display_name="T", knowledge_dir=Path("."), orders=OrderRules(return_window_days=30,
                                                                                    shipping_days=3))
MONDAY = datetime(2026, 3, 2, 10, tzinfo=UTC)
URL = "https://track.example/3SABC"


def _order(**changes: object) -> Order:
    fields: dict[str, object] = {"number": "MS-1042", "created_at": MONDAY, "paid_at": MONDAY,
                                 "items": (OrderItem(title="Wool cardigan", variant="Blue / M"),)}
    fields.update(changes)
    return Order(**fields)  # type: ignore[arg-type]


def test_a_shipped_order_says_carrier_day_expected_date_and_link() -> None:
    text = status_text(_order(fulfilled_at=MONDAY, carrier="PostNL", tracking_url=URL), bot=BOT)
    assert text == ("Your order MS-1042 (Wool cardigan (Blue / M)) left our studio with PostNL on Monday 2 March "
                    f"and should arrive by Thursday 5 March. You can follow it here: {URL}")


def test_each_stage_in_words() -> None:
    assert "being made and packed" in status_text(_order(), bot=BOT)
    assert "haven't received the payment" in status_text(_order(paid_at=None), bot=BOT)
    assert "delivered on Wednesday 4 March" in status_text(_order(fulfilled_at=MONDAY,
                                                                  delivered_at=MONDAY + timedelta(days=2)), bot=BOT)
    assert "was cancelled" in status_text(_order(status="cancelled"), bot=BOT)


def test_arrival_uses_the_carriers_date_when_there_is_one() -> None:
    order = _order(fulfilled_at=MONDAY, expected_at=MONDAY + timedelta(days=1), tracking_number="3SABC")
    text = arrival_text(order, bot=BOT, now=MONDAY)
    assert text == "Your order MS-1042 should arrive by Tuesday 3 March. The tracking number is 3SABC."
    assert "3 days" in arrival_text(_order(), bot=BOT, now=MONDAY)


def test_returns_follow_the_delivery_date_and_the_window() -> None:
    delivered = _order(fulfilled_at=MONDAY, delivered_at=MONDAY)
    assert return_text(delivered, bot=BOT, now=MONDAY + timedelta(days=29)).startswith("Yes")
    assert "until Wednesday 1 April" in return_text(delivered, bot=BOT, now=MONDAY)
    late = return_text(delivered, bot=BOT, now=MONDAY + timedelta(days=31))
    assert "ended on Wednesday 1 April" in late
    assert not late.startswith("Yes")
    assert "hasn't been delivered yet" in return_text(_order(), bot=BOT, now=MONDAY)


def test_stock_in_words() -> None:
    blue_m = ProductVariant(sku="a", title="Blue / M", stock=2)
    gone = ProductVariant(sku="b", title="Blue / L", stock=0)
    cardigan = Product(id="p", title="Wool cardigan", variants=(blue_m, gone))
    assert stock_text(cardigan, blue_m) == "Yes, the Wool cardigan in Blue / M is in stock (2 left)."
    assert stock_text(cardigan, gone) == "The Wool cardigan in Blue / L is sold out right now."
    assert stock_text(cardigan, None) == "The Wool cardigan: Blue / M: 2 in stock; Blue / L: sold out."


def test_the_citation_names_the_record_and_the_verify_request_names_no_order() -> None:
    citation = order_citation(_order(fulfilled_at=MONDAY, tracking_url=URL))
    assert (citation.source, citation.title, citation.url) == ("order MS-1042", "shipped", URL)
    assert "MS-1042" not in verify_request()
    assert "(like MS-1042)" in verify_request("MS-1042")
    assert verify_request("MS-1042", language="fr").startswith("Je regarde ça avec plaisir.")
    assert "(comme MS-1042)" in verify_request("MS-1042", language="fr")


def test_an_unreachable_order_system_is_told_honestly_with_a_person_and_a_time() -> None:
    text = order_system_down_text("MS-1042", person="Joris", due=MONDAY + timedelta(minutes=45), now=MONDAY, bot=BOT)
    nobody = order_system_down_text("MS-1042", person=None, due=None, now=MONDAY, bot=BOT)

    assert text == ("I can't see our order system right now, so I can't look up MS-1042 for you myself. Joris "
                    "will check it by 10:45 today and write to you here; there's nothing more you need to send.")
    assert nobody.startswith("I can't see our order system right now")
    assert "Someone from our team will check it" in nobody


def test_a_shipped_order_is_said_in_each_language_the_bot_speaks() -> None:
    shipped = _order(fulfilled_at=MONDAY, carrier="PostNL", tracking_url=URL)
    assert status_text(shipped, bot=BOT, language="de") == (
        "Deine Bestellung MS-1042 (Wool cardigan (Blue / M)) hat unser Atelier am Montag, 2. März mit PostNL "
        f"verlassen und sollte bis Donnerstag, 5. März ankommen. Hier kannst du sie verfolgen: {URL}")
    assert status_text(shipped, bot=BOT, language="nl").startswith(
        "Je bestelling MS-1042 (Wool cardigan (Blue / M)) is op maandag 2 maart met PostNL uit ons atelier vertrokken")
    assert "con PostNL el lunes 2 de marzo y debería llegar antes del jueves 5 de marzo" in status_text(
        shipped, bot=BOT, language="es")
    assert "le lundi 2 mars" in status_text(shipped, bot=BOT, language="fr")
    assert status_text(shipped, bot=BOT, language="xx") == status_text(shipped, bot=BOT)  # not one of ours: English


def test_arrival_return_and_stock_in_the_customers_language() -> None:
    delivered = _order(fulfilled_at=MONDAY, delivered_at=MONDAY)
    assert return_text(delivered, bot=BOT, now=MONDAY, language="nl") == (
        "Ja: je bestelling MS-1042 is op maandag 2 maart bezorgd, dus je kunt hem tot woensdag 1 april "
        "terugsturen (30 dagen).")
    assert "terminaron el miércoles 1 de abril" in return_text(delivered, bot=BOT, now=MONDAY + timedelta(days=31),
                                                               language="es")
    assert arrival_text(_order(), bot=BOT, now=MONDAY, language="fr").startswith(
        "Votre commande MS-1042 n'est pas encore partie")
    gone = ProductVariant(sku="b", title="Blue / L", stock=0)
    cardigan = Product(id="p", title="Wool cardigan", variants=(gone,))
    assert stock_text(cardigan, gone, language="de") == "Wool cardigan in Blue / L ist gerade ausverkauft."
    assert stock_text(cardigan, None, language="nl") == "De Wool cardigan: Blue / L: uitverkocht."


def test_the_two_hand_offs_are_said_in_the_customers_language_with_the_time_in_it() -> None:
    soon = MONDAY + timedelta(minutes=45)
    assert order_system_down_text("MS-1042", person="Joris", due=soon, now=MONDAY, bot=BOT, language="de") == (
        "Ich kann unser Bestellsystem gerade nicht erreichen, deshalb kann ich MS-1042 nicht selbst für dich "
        "nachsehen. Joris prüft es heute bis 10:45 und schreibt dir hier; du musst nichts weiter schicken.")
    late = _order(fulfilled_at=MONDAY - timedelta(days=9), carrier="PostNL")
    assert overdue_text(late, person="Maya", due=soon, now=MONDAY, bot=BOT, language="nl") == (
        "Je bestelling MS-1042 had uiterlijk dinsdag 24 februari binnen moeten zijn, en dat is niet zo: daar is een "
        "persoon voor nodig. Maya vraagt PostNL waar hij is en schrijft je hier vandaag uiterlijk om 10:45.")
    assert "la empresa de transporte" in overdue_text(_order(fulfilled_at=MONDAY - timedelta(days=9)), person=None,
                                                      due=None, now=MONDAY, bot=BOT, language="es")
    # English as it always was
    assert overdue_text(late, person="Maya", due=soon, now=MONDAY, bot=BOT).endswith(
        "Maya will ask PostNL where it is and write to you here by 10:45 today.")
