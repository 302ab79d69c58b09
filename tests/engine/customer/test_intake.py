"""Reading inbound text: numbered choices, contact details, /start."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from warmline.domain import Author, Bot, Message
from warmline.engine.customer.intake import (
    choice_number,
    chosen_text,
    contact_details,
    is_greeting_command,
    is_placeholder,
    offered_choices,
    reply_language,
)


def shop_message(*choices: str) -> Message:
    return Message(id="m", conversation_id="c", author=Author.BOT, text="Which one?", channel="whatsapp",
                   created_at=datetime(2026, 1, 1, tzinfo=UTC), choices=choices)


@pytest.mark.parametrize(("text", "expected"), [("2", "Email me"), (" 1. ", "Wait for Maya"), ("4", "4"),
                                                ("0", "0"), ("2 sweaters", "2 sweaters")])
def test_a_number_picks_the_last_shop_message_choice(text: str, expected: str) -> None:
    history = [shop_message("Wait for Maya", "Email me", "Keep chatting")]

    assert chosen_text(text, history) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("²", "²"), ("①", "①"), ("2²", "2²"), ("½", "½"),  # digits int() refuses: plain text, never a crash
    ("２", "Email me"), ("٢", "Email me"), ("२", "Email me"),  # decimal digits of other scripts are numbers
    ("9" * 5000, "9" * 5000),  # past int()'s digit limit: text, not a ValueError
])
def test_only_decimal_digits_pick_a_choice(text: str, expected: str) -> None:
    history = [shop_message("Wait for Maya", "Email me", "Keep chatting")]

    assert chosen_text(text, history) == expected


@pytest.mark.parametrize(("text", "expected"), [("3", 3), ("12.", 12), ("²", None), ("①", None), ("", None),
                                                ("1000", None), ("-1", None)])
def test_choice_number(text: str, expected: int | None) -> None:
    assert choice_number(text) == expected


def test_a_number_without_choices_is_just_a_number() -> None:
    assert chosen_text("2", [shop_message()]) == "2"
    assert chosen_text("2", []) == "2"


def test_contact_details_are_found_and_normalised() -> None:
    emails, phones = contact_details("I'm Ana.Silva@Example.com, call +31 6 1234 5678 or 020-555 0101")

    assert emails == ("ana.silva@example.com",)
    assert phones == ("+31612345678", "0205550101")


def test_order_numbers_and_prices_are_not_phone_numbers() -> None:
    assert contact_details("order 4411 cost €89.95 on 12-03") == ((), ())


@pytest.mark.parametrize(("text", "expected"), [("/start", True), ("/start@MossaBot", True), ("/start ig-promo", True),
                                                ("/START", True), ("start", False), ("/stop", False), ("", False)])
def test_start_command(text: str, expected: bool) -> None:
    assert is_greeting_command(text) is expected


@pytest.mark.parametrize(("text", "expected"), [("[photo]", True), ("", True), ("  [voice note] ", True),
                                                ("is this the right colour?", False), ("[sale] price?", False)])
def test_placeholders_versus_captions(text: str, expected: bool) -> None:
    assert is_placeholder(text) is expected


def test_contact_details_next_to_a_huge_word() -> None:
    emails, _ = contact_details("x" * 100_000 + " ana@example.com " + "4" * 100_000)
    assert emails == ("ana@example.com",)


def test_the_reply_language_is_a_tapped_buttons_then_the_messages_then_the_conversations() -> None:
    shop = Bot(name="t", display_name="T", knowledge_dir=Path("."), languages=("en", "nl", "de"))
    # "chatten" is German too: the Dutch button says Dutch, whatever the words alone suggest.
    assert reply_language("Verder chatten", earlier=[], bot=shop).code == "nl"
    assert reply_language("Hoe lang duurt de verzending?", earlier=[], bot=shop).code == "nl"
    assert reply_language("ok", earlier=["Wie lange dauert der Versand nach Berlin?"], bot=shop).code == "de"
    assert reply_language("ok", earlier=[], bot=shop).code == "en"  # the knowledge's language
    english_only = Bot(name="t", display_name="T", knowledge_dir=Path("."), languages=("en",))
    assert reply_language("Verder chatten", earlier=[], bot=english_only).code == "en"  # not a language it serves


def test_a_topic_the_shop_offered_keeps_the_customers_language() -> None:
    shop = Bot(name="t", display_name="T", knowledge_dir=Path("."), languages=("en", "nl", "de"))
    earlier = ["wat kost een ontbijtkom?"]
    topic = "What do you sell?"  # the shop's own (English) words, tapped in a Dutch conversation
    assert reply_language(topic, earlier=earlier, bot=shop, offered=(topic, "Met iemand praten")).code == "nl"
    assert reply_language(topic, earlier=earlier, bot=shop).code == "en"  # typed unprompted: English it is


def test_the_offered_choices_are_the_shops_last_messages() -> None:
    customer = Message(id="n", conversation_id="c", author=Author.CUSTOMER, text="hm", channel="whatsapp",
                       created_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert offered_choices([shop_message("A?", "B?"), customer]) == ("A?", "B?")
    assert offered_choices([customer, shop_message()]) == ()
    assert offered_choices([]) == ()
