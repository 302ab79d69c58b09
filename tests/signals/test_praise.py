"""Praise that asks nothing, and glad news of what came: a compliment, thanked, never searched."""

from __future__ import annotations

import pytest

from warmline.signals._praise import is_compliment


@pytest.mark.parametrize("text", [
    "I love your shop!", "your mugs are gorgeous 😍", "omg the new speckled mugs are gorgeous 😍",
    "Jullie truien zijn echt prachtig!", "Eure Tassen sind wunderschön", "Me encantan vuestras tazas 😍",
    "J'adore vos pulls !", "what a beautiful shop", "Qué bonitas las tazas!", "ik ben fan van jullie mokken",
    "ur stuff is honestly gorgeous",
    # what the customer says of themselves first (demo-shop-fresh26: it opened a custom order)
    "Hallo! Ich stricke selbst und liebe eure Mützen", "I knit myself and love your beanies",
    "ik brei zelf en ben fan van jullie mutsen",
    # glad news of what came (demo-shop-fresh25: "I'm not sure" to it)
    "my wadden arrived today and i'm never taking it off 😍", "received my order today, thank you!!",
    "paket ist angekommen, vielen dank!", "j'ai bien reçu ma commande, merci !", "mi pedido ha llegado, ¡me encanta!",
])
def test_praise_is_a_compliment(text: str) -> None:
    assert is_compliment(text)


@pytest.mark.parametrize("text", [
    "I love your shop! do you ship to spain", "love your stuff, do you ship to spain",
    "love the colour but it arrived chipped", "the wadden sweater is perfect, is it in stock?",
    "shipping is so slow", "the mug is broken", "Die Tasse ist schön, aber kaputt angekommen",
    "my order never came and love your mugs", "liebe eure Tassen aber sie sind kaputt", "Liebe Grüße",
    "my parcel hasn't arrived yet, thanks", "it arrived damaged, thanks a lot", "my order came today with a hole in it",
    "ich bin da, danke", "package arrived, thanks. can i get an invoice",
])
def test_praise_with_a_question_or_a_complaint_is_no_compliment(text: str) -> None:
    assert not is_compliment(text)
