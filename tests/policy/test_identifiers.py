"""Order numbers and emails in text; asking for identifiers once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from warmline.domain import Author, Customer, Message
from warmline.policy import find_emails, find_order_numbers, missing_identifiers, needs_named, still_needed
from warmline.policy._identifiers import ask_for, listed_needs


def _message(author: Author, text: str) -> Message:
    return Message(id="m", conversation_id="c", author=author, text=text, channel="web",
                   created_at=datetime(2026, 1, 1, tzinfo=UTC))


def test_order_numbers_in_their_usual_shapes() -> None:
    text = "It's order #10234, or maybe order no. WL-5521; my order number: 99812. Not 12."
    assert find_order_numbers(text) == ("#10234", "#WL-5521", "#99812")


def test_emails() -> None:
    assert find_emails("mail me at anna.devries+shop@example.co.uk please") == ("anna.devries+shop@example.co.uk",)


def test_missing_identifiers_skips_what_we_have_and_what_we_asked() -> None:
    customer = Customer(id="c", email="a@example.com")
    needs = ("order number", "email address", "photo of the damage")
    assert missing_identifiers(needs, text="my mug broke", history=(), customer=customer) == (
        "order number", "photo of the damage")
    assert missing_identifiers(needs, text="order 12345 broke", history=(), customer=customer) == (
        "photo of the damage",)
    asked = (_message(Author.BOT, "Could you send me a photo of the damage?"),)
    assert missing_identifiers(needs, text="order 12345", history=asked, customer=customer) == ()


def test_emails_next_to_a_huge_word() -> None:
    word = "a." * 50_000
    assert find_emails(f"{word} and anna@example.com") == ("anna@example.com",)
    assert find_emails("x" * 100_000) == ()


def test_order_numbers_named_in_each_shop_language() -> None:
    assert find_order_numbers("Mijn pakket is nog niet aangekomen, bestelling 1042") == ("#1042",)
    assert find_order_numbers("mijn bestelnummer is 1042") == ("#1042",)
    assert find_order_numbers("Bestellnummer: 1042") == ("#1042",)
    assert find_order_numbers("mi número de pedido es 1042") == ("#1042",)
    assert find_order_numbers("numéro de commande 1042") == ("#1042",)
    assert find_order_numbers("my order is late, the commande arrived") == ()


def test_identifiers_are_asked_for_in_the_customers_language_and_once() -> None:
    needs = ("order number", "photo of the damage", "what you'd like made")

    assert ask_for(needs) == ("So nobody has to ask again later: could you send me your order number, a photo "
                              "of the damage and what you'd like made?")
    dutch = ask_for(needs, language="nl")
    assert dutch == "Zodat niemand het later nog hoeft te vragen: kun je me je bestelnummer en een foto ervan sturen?"
    asked = (_message(Author.BOT, dutch),)
    assert missing_identifiers(needs, text="het is kapot", history=asked, customer=Customer(id="c")) == (
        "what you'd like made",)  # asked once in Dutch; the need Warmline has no Dutch for is left to the person
    assert ask_for(("what you'd like made",), language="fr") == ""


def test_an_order_keyword_before_a_huge_run_of_spaces() -> None:
    assert find_order_numbers("order" + " " * 200_000 + "x") == ()
    assert find_order_numbers("bestelling" + " " * 200_000 + "1042") == ("#1042",)


@pytest.mark.parametrize(("text", "named"), [
    ("do you need a photo or anything?", ("photo of the damage",)),
    ("Moet ik een foto sturen?", ("photo of the damage",)),
    ("do you need my order number?", ("order number",)), ("¿necesitáis el número de pedido?", ("order number",)),
    ("will you send a replacement?", ()), ("how long will it take?", ()),
])
def test_the_needs_a_question_names_in_any_language(text: str, named: tuple[str, ...]) -> None:
    assert needs_named(text, ("order number", "photo of the damage")) == named


def test_what_a_case_needs_is_listed_in_the_customers_language() -> None:
    assert listed_needs(("order number", "photo of the damage")) == "your order number and a photo of the damage"
    german = listed_needs(("order number", "photo of the damage"), language="de")
    assert german == "deine Bestellnummer und ein Foto davon"
    assert listed_needs(("what you'd like made",), language="fr") == ""


def test_what_is_still_needed_leaves_out_what_was_given() -> None:
    needs = ("order number", "email address", "photo of the damage")

    assert still_needed(needs, texts=["it's order 10234"], customer=Customer(id="c")) == (
        "email address", "photo of the damage")
    assert still_needed(needs, texts=["hi"], customer=Customer(id="c", email="a@example.com")) == (
        "order number", "photo of the damage")


def test_what_happens_to_a_case_is_said_as_a_sentence_and_its_needs_as_a_list() -> None:
    from warmline.policy import case_answer, needs_answer

    # the bot file writes "what happens" as a clause, without its full stop
    assert case_answer("we send a replacement") == "About your case: we send a replacement."
    assert case_answer("we send a replacement!") == "About your case: we send a replacement!"
    assert needs_answer(["photo"]).startswith("Yes: to sort it out we need a photo.")
    assert needs_answer([]) == ""
