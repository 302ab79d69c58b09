"""The language detector: the five shop languages from short chat messages, and a conversation's language."""

from __future__ import annotations

import pytest

from warmline.knowledge import LanguageGuess, conversation_language, detect_language


@pytest.mark.parametrize(("text", "code"), [
    ("Hoe lang duurt de verzending binnen Nederland?", "nl"),
    ("Ik wil met een mens praten", "nl"),
    ("hoi", "nl"),
    ("Wie lange dauert der Versand?", "de"),
    ("danke!", "de"),
    ("¿Cuánto cuesta el envío?", "es"),
    ("Quiero hablar con una persona", "es"),
    ("Combien coûte la livraison ?", "fr"),
    ("merci", "fr"),
    ("How long does shipping take?", "en"),
    ("and to the Netherlands?", "en"),
])
def test_short_chat_messages_are_read_in_their_language(text: str, code: str) -> None:
    guess = detect_language(text)

    assert guess.code == code
    assert guess.confidence > 0
    assert guess.evidence


def test_a_message_that_tells_nothing_keeps_the_default_with_no_confidence() -> None:
    for text in ("ok", "👍", "12345", ""):
        guess = detect_language(text, default="nl")
        assert (guess.code, guess.confidence) == ("nl", 0.0)


def test_only_the_shops_languages_are_considered() -> None:
    assert detect_language("Wie lange dauert der Versand?", languages=("en", "nl")).code != "de"
    assert detect_language("Wie lange dauert der Versand?", languages=("en",)).code == "en"


def test_a_message_that_tells_nothing_keeps_the_language_of_the_conversation() -> None:
    earlier = ["Hoe lang duurt de verzending?", "En naar België?"]

    assert conversation_language("ok", earlier=earlier).code == "nl"
    assert conversation_language("Do you ship to Spain?", earlier=earlier).code == "en"
    assert conversation_language("ok", earlier=[], default="de").code == "de"


@pytest.mark.parametrize(("text", "code"), [
    ("¿Envían a Estados Unidos?", "es"),  # "a" is an English word too: function words tie
    ("Puis-je payer en plusieurs fois ?", "fr"),  # "je" and "en" are Dutch words too
    ("Y a des frais de douane ?", "fr"),  # "y" and "de" are Spanish words too
    ("¿Vendéis tazas?", "es"),  # no function word at all: the n-grams agree with the ¿
])
def test_letter_patterns_decide_where_function_words_tie(text: str, code: str) -> None:
    guess = detect_language(text)

    assert guess.code == code
    assert guess.confidence > 0
    assert guess.evidence == ("letter patterns",)


@pytest.mark.parametrize("text", ["ok", "👍", "Mossa", "xyz"])
def test_letter_patterns_say_nothing_about_a_word_or_less(text: str) -> None:
    assert detect_language(text, default="nl") == LanguageGuess(code="nl", confidence=0.0)


def test_letter_patterns_choose_only_among_the_shops_languages() -> None:
    guess = detect_language("Puis-je payer en plusieurs fois ?", languages=("en", "nl"))

    assert guess.code in ("en", "nl")


def test_a_shop_with_one_language_never_asks_the_letter_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    import warmline.knowledge.language._detect as detect

    def refuse(*_args: object, **_kwargs: object) -> dict[str, float]:
        raise AssertionError("the n-gram model was asked")

    monkeypatch.setattr(detect, "language_probabilities", refuse)

    assert detect_language("Puis-je payer en plusieurs fois ?", languages=("en",)).code == "en"


@pytest.mark.parametrize(("text", "earlier", "code"), [
    ("cool thx", ["do you sell gift cards", "can i pay with apple pay"], "en"),  # letter patterns say French
    ("¿Vendéis tazas?", [], "es"),  # nothing earlier: the letter patterns still decide
    ("Puis-je payer en plusieurs fois ?", ["Do you ship to France?"], "fr"),  # long enough to switch
])
def test_a_short_message_read_by_letter_patterns_alone_keeps_the_conversations_language(
        text: str, earlier: list[str], code: str) -> None:
    assert conversation_language(text, earlier=earlier).code == code


@pytest.mark.parametrize(("text", "code"), [
    ("Alles klar, vielen Dank!", "de"),  # "dank" is Dutch too
    ("Wie viele Stunden Arbeit stecken eigentlich in einem Pullover?", "de"),  # "wie" and "in" are Dutch too
    ("Prikt de wol?", "nl"), ("Goedemorgen!", "nl"), ("Coucou !", "fr"), ("¿Haceis envios a México?", "es"),
])
def test_greetings_thanks_and_everyday_words_tell_the_language_of_a_short_message(text: str, code: str) -> None:
    assert detect_language(text).code == code


@pytest.mark.parametrize(("text", "code", "evidence"), [
    # "y" and "de" are Spanish too, but "il" and "dans" are French alone
    ("il y a de l'acrylique dans vos pulls ?", "fr", ("il", "de", "dans", "vos")),
    # "de", "nos" and "en" read French, but "tenéis" is Spanish alone
    ("¿Tenéis lista de bodas? Nos casamos en mayo", "es", ("tenéis", "de", "en")),
    # "u" is Dutch too ("kunt u"), but "omg", "you're" and "so" are English chat
    ("omg you're so sweet thank u", "en", ("omg", "you're", "so", "thank")),
])
def test_a_language_is_told_by_the_words_it_alone_writes(text: str, code: str, evidence: tuple[str, ...]) -> None:
    guess = detect_language(text)

    assert (guess.code, guess.evidence) == (code, evidence)
