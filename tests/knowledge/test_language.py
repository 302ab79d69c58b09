"""The language detector: the five shop languages from short chat messages, and a conversation's language."""

from __future__ import annotations

import pytest

from warmline.knowledge import conversation_language, detect_language


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
