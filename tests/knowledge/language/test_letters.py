"""A letter's greeting and signature taken off the question it carries."""

from __future__ import annotations

import pytest

from warmline.knowledge.language import without_salutations


@pytest.mark.parametrize(("text", "question"), [
    ("Hi there, can he still return it in January? Thanks, Priya", "can he still return it in January?"),
    ("Hallo Mossa, werken jullie samen met winkels? Groetjes, Femke", "werken jullie samen met winkels?"),
    ("Sehr geehrtes Mossa-Team,\n\nich brauche eine Rechnung.\n\nMit freundlichen Grüßen\nKatrin Vogel",
     "ich brauche eine Rechnung."),
    ("Bonjour, est-ce possible ? Cordialement, Claire et Hugo", "est-ce possible ?"),
    ("Hi! How do we get there? Love, Anna & Jonas", "How do we get there?"),
    ("Hola, ¿aceptáis Visa? Muchas gracias, un saludo", "¿aceptáis Visa?"),
    # an aside that only places the question in the talk (demo-shop-fresh19)
    ("mientras tanto: ¿el esmalte lleva plomo?", "¿el esmalte lleva plomo?"),
    ("en attendant, vous pouvez me dire la longueur de manche en M ?",
     "vous pouvez me dire la longueur de manche en M ?"),
    ("how long do custom ones usually take btw?", "how long do custom ones usually take?"),
    ("Hi Maya, by the way, is the wool itchy? Thanks, Priya", "is the wool itchy?"),
])
def test_the_greeting_and_the_signature_are_taken_off(text: str, question: str) -> None:
    assert without_salutations(text) == question


@pytest.mark.parametrize("text", [
    "hey can i get a gift card for a friend",  # "hey" greets no one: the question starts right after it
    "which size fits best",  # "best" ends the question, not a letter
    "Thanks, Priya!",  # nothing else: small talk, kept whole
    "merci",
    "I would love to know how long shipping takes",
    "by the way",  # nothing else
    "and to the Netherlands?",  # "and" says it leans on the question before
])
def test_what_is_no_greeting_or_signature_stays(text: str) -> None:
    assert without_salutations(text) == text
