"""Asking for a person and strong emotion in Dutch, German, Spanish and French; asking for a named person."""

from __future__ import annotations

import pytest

from warmline.signals import emotion_signal, named_person, wants_human_signal

STAFF = ("Maya", "Joris", "Ines")


@pytest.mark.parametrize("text", [
    "Ik wil met een mens praten", "Kan ik iemand spreken?", "Kann ich mit einem Mitarbeiter sprechen?",
    "Ich möchte mit einem Menschen reden", "Quiero hablar con una persona", "necesito un humano",
    "Je voudrais parler à quelqu'un", "je veux parler à un conseiller",
    "I'd rather deal with someone from your team than a bot",
    "Could Maya get back to me?", "let me talk to Ines please", "ik wil Joris spreken",
    "Kann ich das bitte mit jemandem von euch persönlich klären?", "¿Me pasas con alguien de la tienda, porfa?",
    "¿Me puede escribir alguien del estudio, por favor?", "Kan ik dit met iemand van jullie bespreken?",
    "Je préférerais échanger avec un vrai conseiller, c'est possible ?", "Est-ce que Maya est disponible ?",
    "Ist Joris heute da?", "¿Está Ines?",
    # asked for by what only they can do, or whether they work today (demo-shop-fresh23)
    "can ines send me a proposal directly?", "is maya working today? gift card question",
    "can someone actually call me", "could you guys phone me tomorrow?",
    # (fresh28)
    "i'd like maya to handle this, she sorted my return last month",
    "dit klopt gewoon niet, ik wil iemand van jullie aan de lijn",
    "kan iemand me gewoon even bellen?", "Kann mich bitte jemand zurückrufen?", "¿alguien me puede llamar?",
    "quelqu'un peut me rappeler ?",
])
def test_a_wish_for_a_person_is_seen_in_each_language(text: str) -> None:
    signal = wants_human_signal(text=text, staff_names=STAFF)

    assert signal.score >= 0.5, text
    assert signal.evidence
    assert "asked for a person" in signal.evidence[0]


@pytest.mark.parametrize("text", [
    "Hoe lang duurt de verzending?", "Wie viel kostet der Versand?", "¿Puedo devolver un jersey?",
    "Quels sont vos horaires ?", "Is Ines the maker of the mugs?", "Did Maya knit this sweater?",
    "can you call it a day?", "would Joris recommend the M?", "is the studio working on custom orders?",
    "i'd like maya to know the mug is lovely", "kan iemand me vertellen hoe lang verzending duurt?",
])
def test_ordinary_questions_and_mentions_of_staff_are_not_a_wish_for_a_person(text: str) -> None:
    assert wants_human_signal(text=text, staff_names=STAFF).score < 0.5


@pytest.mark.parametrize(("text", "label"), [
    ("Dit is belachelijk, nog steeds niks ontvangen!", "anger"),
    ("Das ist eine Frechheit", "anger"),
    ("Estoy desesperada, el regalo no ha llegado", "distress"),
    ("C'est scandaleux, toujours pas de colis", "anger"),
])
def test_strong_emotion_is_seen_in_each_language(text: str, label: str) -> None:
    signal = emotion_signal(text=text)

    assert signal.score >= 0.6
    assert signal.label == label


@pytest.mark.parametrize(("text", "name"), [
    ("let me talk to Ines please", "Ines"), ("Could Maya get back to me?", "Maya"), ("ik wil Joris spreken", "Joris"),
    ("can I talk to Maya or talk to Ines?", None),  # two: the roster decides
    ("Maya said it would ship today", None),  # a mention, not a wish
    ("I want to talk to a person", None),
    ("Est-ce que Maya est disponible ?", "Maya"), ("the maya mug, is it available?", None),
    # put through, asked to call back, or asked after and then for (demo-shop-fresh17, fresh19)
    ("could you put me through to Joris? he was sorting out my shipment", "Joris"),
    ("is Maya vandaag aan het werk? ik wil haar graag spreken", "Maya"), ("Kann Ines mich zurückrufen?", "Ines"),
    ("¿Ines trabaja hoy? quiero hablar con ella", "Ines"), ("can i get Joris on the line?", "Joris"),
    ("i'd like Ines to look at my custom order please", "Ines"),
    ("mag ik Maya even spreken?", "Maya"), ("kann ich Ines kurz sprechen?", "Ines"),  # a word between (fresh21)
    ("Ich hätte gern Joris gesprochen", "Joris"), ("could ines get in touch with me? it's about a mug", "Ines"),
    ("has Joris been in touch with the courier yet?", None),  # (fresh22)
    ("Kann Joris mir zurückschreiben?", "Joris"), ("kan Maya mij even mailen?", "Maya"),  # (fresh24)
    ("Maya was so helpful last time, thanks", None), ("Joris said he would email me the tracking", None),
    ("Ines heeft mijn trui gebreid, echt prachtig!", None), ("does Ines make all the ceramics herself?", None),
    # put through, in each language (fresh25)
    ("passez-moi Maya s'il vous plaît", "Maya"), ("¿me puede atender Ines?", "Ines"), ("¿me pasas a Joris?", "Joris"),
    ("Stellen Sie mich zu Ines durch, bitte", "Ines"), ("geef me Maya even", "Maya"),
    # the case handed to them (demo-shop-fresh21, fresh26), not an order picked up
    ("can joris pick this up tonight?", "Joris"), ("could Maya take this over please", "Maya"),
    ("can joris pick up my order at the studio?", None),
    ("¿Ines atiende la tienda los sábados?", None), ("Maya m'a passé le message", None),
])
def test_the_one_person_a_customer_asks_for_by_name(text: str, name: str | None) -> None:
    assert named_person(text, ["Maya", "Joris", "Ines"]) == name
