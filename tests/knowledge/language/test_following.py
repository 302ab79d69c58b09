"""Whether a message leans on the question before it: follow-ups, questions that point back, and follow-ups
that name nothing beyond asking."""

from __future__ import annotations

import pytest

from warmline.knowledge import is_follow_up
from warmline.knowledge.language import names_a_topic, points_back, subject, topic_words


@pytest.mark.parametrize(("text", "expected"), [
    ("and to the Netherlands?", True), ("what about Germany", True), ("en naar België?", True),
    ("und nach Österreich?", True), ("¿Y a Francia?", True), ("How much does shipping cost to Germany?", False),
    ("and another thing: my parcel is late and nobody answers my emails", False),
    ("and how do i check whats left on one later", True), ("et ça coûte combien pour la poterie ?", True),
    ("how much?", True), ("¿cuánto?", True), ("hoeveel kost het?", True),  # nothing but question words
    ("what?", False), ("is it free?", False), ("thanks", False),
    # a question word and one thing asked of the last topic (fresh28); a thing named with more is a question
    ("in what amounts?", True), ("¿de qué importes?", True), ("which colours?", True),
    ("what payment methods?", False), ("tracking number?", False),
])
def test_what_counts_as_a_follow_up(text: str, expected: bool) -> None:
    assert is_follow_up(text) is expected


@pytest.mark.parametrize(("focus", "names"), [
    ("and roughly how much would that cost me", False), ("and how much do cost", False),
    ("and where exactly", False), ("and can I pay with Apple Pay", True), ("what about gift wrapping", True),
])
def test_a_follow_up_names_a_topic_only_with_a_word_beyond_asking(focus: str, names: bool) -> None:
    assert names_a_topic(focus) is names


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("how long are they valid?", "en", True), ("Passt die auch meinem Sohn?", "de", True),
    ("¿eso cuánto cuesta?", "es", True), ("C'est combien ?", "fr", True), ("how long does shipping take?", "en", False),
    ("my sweater got bobbles after two weeks of wearing it every single day, is that normal", "en", False),
    ("Wie sehe ich, wie viel noch drauf ist?", "de", True), ("Hoeveel kost het?", "nl", True),
    ("Kan ik ermee betalen in de winkel?", "nl", True), ("¿Cómo la compro?", "es", True),
    ("Je peux la renvoyer ?", "fr", True),
    # French "en" and "y" only as pronouns by the verb (fresh19)
    ("je peux payer en plusieurs fois ?", "fr", False), ("vous livrez en Belgique ?", "fr", False),
    ("vous en avez en bleu ?", "fr", True), ("il en reste ?", "fr", True), ("on peut en commander deux ?", "fr", True),
    ("j'y vais samedi, c'est ouvert ?", "fr", True),
    ("can i use it in the studio too or only online?", "en", True),  # eleven words (fresh28)
])
def test_a_short_question_with_a_word_pointing_back_points_back(text: str, language: str, expected: bool) -> None:
    assert points_back(text, language=language) is expected


def test_who_a_follow_up_is_for_is_no_topic_it_names() -> None:
    # "can he use it at the studio or only online?" after the gift cards' validity (demo-shop-fresh24): "he" is
    # no word the gift card entry has to say for it to answer
    assert topic_words("can he use it at the studio or only online?") == ["studio", "online"]
    assert topic_words("does she like wool?") == ["wool"]


def test_what_a_question_asks_the_price_of_is_its_subject() -> None:
    assert subject("Was kostet der Noord Cardigan?") == "Noord Cardigan"
    assert subject("how much is the wadden sweater?") == "wadden sweater"
    assert subject("Do you ship to Austria?") == "ship Austria"
