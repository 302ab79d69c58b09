"""Where a message asks and where it tells: two questions in one, the sentences and clauses that ask."""

from __future__ import annotations

import pytest

from warmline.knowledge.language import asked_and_told, asking_clauses, question_parts


def test_two_questions_are_split_one_question_is_not() -> None:
    assert question_parts("Do you gift wrap? Also, how long does delivery take?") == (
        "Do you gift wrap?", "Also, how long does delivery take?")
    assert question_parts("Can I return it; and how long do refunds take?") == (
        "Can I return it", "and how long do refunds take?")
    assert question_parts("How long does shipping take to Germany and Austria?") == (
        "How long does shipping take to Germany and Austria?",)
    assert question_parts("Hi? Shipping?") == ("Hi? Shipping?",)
    # What follows a question without asking anything tells why it was asked: not a second question.
    assert question_parts("Also, do you gift wrap? The replacement is a present") == (
        "Also, do you gift wrap? The replacement is a present",)


@pytest.mark.parametrize(("text", "parts"), [
    ("Can you gift wrap it and how long will delivery take?", ("Can you gift wrap it", "how long will delivery take?")),
    ("Hoeveel kost verzending en hoe lang duurt het?", ("Hoeveel kost verzending", "hoe lang duurt het?")),
    ("¿Hacéis envíos a Francia y cuánto cuesta el envío?", ("¿Hacéis envíos a Francia", "cuánto cuesta el envío?")),
    ("Ça met combien de temps pour arriver en Belgique, et je peux me faire rembourser ?",
     ("Ça met combien de temps pour arriver en Belgique,", "je peux me faire rembourser ?")),
    ("Can I return it and get a refund?", ("Can I return it and get a refund?",)),  # one question, two verbs
    ("how long and how much does shipping cost", ("how long and how much does shipping cost",)),  # "how long" alone
    ("I ordered a mug and a bowl", ("I ordered a mug and a bowl",)),
    # a plus sign for "and", and French asking with the subject first after "et" (fresh28)
    ("do u have a student discount + do u sell yarn bundles?",
     ("do u have a student discount", "do u sell yarn bundles?")),
    ("quelle taille de chaussettes pour du 44 et elles sont faites en quoi ?",
     ("quelle taille de chaussettes pour du 44", "elles sont faites en quoi ?")),
    ("je voudrais le pull et c'est super", ("je voudrais le pull et c'est super",)),
    # a short question of its own after one that asks, and German and Dutch asking with the verb first
    ("¿Cuánto cuesta el envío a Italia y cuánto tarda?", ("¿Cuánto cuesta el envío a Italia", "cuánto tarda?")),
    ("Ist eure Verpackung plastikfrei und sind die Tassen vegan?",
     ("Ist eure Verpackung plastikfrei", "sind die Tassen vegan?")),
    ("wanneer zijn jullie open en verkopen jullie daar ook tweede-kans keramiek?",
     ("wanneer zijn jullie open", "verkopen jullie daar ook tweede-kans keramiek?")),
    ("kan ik met iDEAL betalen en krijg ik een factuur met btw voor mijn eenmanszaak?",
     ("kan ik met iDEAL betalen", "krijg ik een factuur met btw voor mijn eenmanszaak?")),
    ("Kann ich mit Karte zahlen und bekomme ich eine Rechnung?",
     ("Kann ich mit Karte zahlen", "bekomme ich eine Rechnung?")),
    # "en" is a French preposition: "quelle laine ?" after a part that asks nothing is no question of its own
    ("Vos pulls sont en quelle laine ?", ("Vos pulls sont en quelle laine ?",)),
    # Spanish asking with the verb, and who (demo-shop-fresh24)
    ("¿dónde está vuestro estudio y hacéis talleres de cerámica?",
     ("¿dónde está vuestro estudio", "hacéis talleres de cerámica?")),
    ("can i pay with klarna and who do i ask about my invoice?",
     ("can i pay with klarna", "who do i ask about my invoice?")),
    # what to do, asked with "should" or "shall" and who does it (demo-shop-fresh25)
    ("do the planters come with a saucer, and should i empty it after watering?",
     ("do the planters come with a saucer,", "should i empty it after watering?")),
    ("can you gift wrap it and shall i pay extra for that?", ("can you gift wrap it", "shall i pay extra for that?")),
    ("i want to order and should be home friday, ok?", ("i want to order and should be home friday, ok?",)),
    # a word between "and" and the question, and French asking with "vous" first (demo-shop-fresh26)
    ("do you ship to australia and roughly how long would that take",
     ("do you ship to australia", "how long would that take")),
    ("vous livrez au Royaume-Uni et vous acceptez PayPal ?", ("vous livrez au Royaume-Uni", "vous acceptez PayPal ?")),
    ("j'ai un pull et vous avez raison", ("j'ai un pull et vous avez raison",)),
    # a question on a condition, after one that asks; not after one that tells, nor a short "if so"
    ("getting my mum a cardigan — can you gift wrap it, and if it's the wrong size can she swap it?",
     ("getting my mum a cardigan — can you gift wrap it,", "if it's the wrong size can she swap it?")),
    ("i'd like to order the wadden and if it doesn't fit can i swap it?",
     ("i'd like to order the wadden and if it doesn't fit can i swap it?",)),
    ("can i return it and if so how?", ("can i return it and if so how?",)),
])
def test_and_before_a_second_question_splits_it(text: str, parts: tuple[str, ...]) -> None:
    assert question_parts(text) == parts


def test_a_long_run_of_spaces_is_still_split_at_the_semicolon() -> None:
    spaces = " " * 100_000
    assert question_parts(f"Can I return it{spaces}; and how long do refunds take?") == (
        "Can I return it", "and how long do refunds take?")
    assert question_parts(spaces + "x") == ("x",)


def test_what_a_message_asks_is_told_apart_from_what_it_tells() -> None:
    assert asked_and_told("got my boyfriend a scarf and he's not into it lol. can i send it back?") == (
        "can i send it back?", "got my boyfriend a scarf and he's not into it lol.")
    assert asked_and_told("Ich brauche den Schal bis Freitag – gibt es einen Expressversand?") == (
        "gibt es einen Expressversand?", "Ich brauche den Schal bis Freitag")
    assert asked_and_told("hiii\nsaw a vase in your stories\ncan i buy it through dm??") == (
        "can i buy it through dm??", "hiii saw a vase in your stories")


@pytest.mark.parametrize("text", ["do you ship to the UK? how much is it?", "I love your mugs.",
                                  "can i send it back"])
def test_a_message_that_only_asks_or_only_tells_is_not_split(text: str) -> None:
    assert asked_and_told(text) is None


def test_the_clauses_that_ask_are_told_from_those_that_tell() -> None:
    assert asking_clauses("deleted the shipping email by accident lol, where can i look up my parcel?") == (
        "where can i look up my parcel?")
    assert asking_clauses("Soy vegana. ¿Tenéis algún jersey sin lana?") == "¿Tenéis algún jersey sin lana?"
    assert asking_clauses("can i send it back") == "can i send it back"
    assert asking_clauses("I love your mugs, they are gorgeous") is None
