"""Words a question names that the knowledge never uses, and whether it asks for one of them."""

from __future__ import annotations

import pytest

from warmline.knowledge.language import asks_for_one_of, inflected, never_used


@pytest.mark.parametrize(("searched", "barred"), [
    ("can we rent the studio for a photoshoot", True), ("rent you the studio for parties", True),
    ("we can rent studio for a shooting photo", True), ("do you hire out the studio", True),
    ("can we visit the studio", False), ("how far is the studio from the current", False),
])
def test_asking_to_rent_what_the_shop_never_rents_is_not_answered(searched: str, barred: bool) -> None:
    assert asks_for_one_of(searched, ("rent", "hire", "photoshoot", "shooting", "parties", "current")) is barred


@pytest.mark.parametrize(("question", "unknown", "asks_for_it"), [
    ("are you hiring? i'd love to intern in the studio next summer", ("hiring", "intern"), True),
    ("are you guys hiring?", ("hiring",), True), ("do you recruit students", ("recruit", "students"), True),
    ("you are recruiting interns for the summer", ("recruiting", "interns"), True),
    ("do you guys ship to canada", ("guys",), False),  # who is asked is nothing asked for
    ("are you open on boxing day", ("boxing",), False),
])
def test_whether_the_shop_does_what_it_never_writes_of_is_asked_for(question: str, unknown: tuple[str, ...],
                                                                   asks_for_it: bool) -> None:
    assert asks_for_one_of(question, unknown) is asks_for_it


@pytest.mark.parametrize(("question", "unknown", "asks_for_it"), [
    ("is there parking near the studio", ("parking",), True),
    ("do you sell yoga mats", ("yoga", "mats"), True),
    # what a thing is made of: the stuff is no thing asked for
    ("is the cardigan pure wool or is there some synthetic stuff in it", ("pure", "synthetic"), False),
    ("are the socks wool or is there acrylic in them?", ("acrylic",), False),
    # a yes-or-no question ends on what it asks of the thing (demo-shop-fresh23)
    ("is the dijk turtleneck unisex or cut for women?", ("unisex", "women"), True),
    ("do the points ever expire?", ("expire",), True), ("would the yarn bundle work for felting?", ("felting",), True),
    ("the socks are slippery", ("slippery",), True), ("can i return my scarf?", ("scarf",), False),
    ("is the felting workshop on sunday?", ("felting",), False),  # what it asks of is no unknown word
    # in a follow-up searched with the question before it; and what is counted or measured
    ("how do loyalty points work? do the points ever expire?", ("expire",), True),
    ("how many litre potting soil goes in the large", ("litre", "potting"), True),
    ("how many people fit in the litre workshop", ("litre",), False),
    ("is your kiln gas or electric?", ("gas",), False),  # one of two the knowledge names
])
def test_what_a_question_asks_for_is_not_what_it_asks_is_in_a_thing(question: str, unknown: tuple[str, ...],
                                                                    asks_for_it: bool) -> None:
    assert asks_for_one_of(question, unknown) is asks_for_it


def test_a_word_a_translation_kept_as_written_is_not_what_a_yes_or_no_question_asks() -> None:
    # "Is het atelier rolstoeltoegankelijk?" read word by word: the glossary lacked the word, not the shop
    assert asks_for_one_of("is the studio rolstoeltoegankelijk", ("rolstoeltoegankelijk",))
    assert not asks_for_one_of("is the studio rolstoeltoegankelijk", ("rolstoeltoegankelijk",), translated=True)
    assert asks_for_one_of("is the studio accessible", ("accessible",), translated=True)


def test_another_form_of_a_known_word_is_known() -> None:
    assert inflected("scarf", frozenset({"scarves"}))
    assert inflected("sweaters", frozenset({"sweater"}))
    assert not inflected("bicycle", frozenset({"sweater"}))
    # a form of a word the knowledge uses in the plural only: "the cheaper flawed mugs" of "tiny glaze flaws"
    # (fresh28); not a word a form of it is made of: "des tapis ou des coussins" are no "cushioned" socks (fresh8)
    assert inflected("flawed", frozenset({"flaws"}))
    assert not inflected("cushion", frozenset({"cushioned"}))


def test_what_a_question_names_that_the_knowledge_never_does() -> None:
    vocabulary = frozenset({"visit", "studio", "sweater"})
    common = frozenset({"is", "the", "can", "i", "my", "to"})

    assert never_used("can i visit the studio", vocabulary=vocabulary, common=common).words == ()
    wheelchair = never_used("is the studio wheelchair accessible", vocabulary=vocabulary, common=common)
    assert wheelchair.words == ("wheelchair", "accessible")
    assert wheelchair.mostly_elsewhere
    assert wheelchair.asked_for  # what it asks of the studio: "accessible"
    dog = never_used("can i bring my dog to the studio", vocabulary=vocabulary, common=common)
    assert dog.asked_for
    assert "dog" in dog.words
    # "mogen honden mee naar binnen in het atelier?", word by word (fresh28)
    dogs = never_used("can dog with inside in studio", vocabulary=vocabulary, common=common | {"with", "in"})
    assert dogs.asked_for
    assert "dog" in dogs.words
    # a short word the shop uses names what the question is about too (demo-shop-fresh26: refused at .98)
    taxed = frozenset({"vat", "tax", "receipt"})
    freelance = never_used("freelance receipt with the vat for my tax automatically", vocabulary=taxed,
                           common=common | {"with", "for"})
    assert freelance.words == ("freelance", "automatically")
    assert not freelance.mostly_elsewhere
    assert never_used("freelance receipt automatically", vocabulary=taxed, common=common).mostly_elsewhere
    assert never_used("freelance receipt with the vat for my tax automatically", vocabulary=taxed,
                      common=common | {"with", "for"}, translated=True).mostly_elsewhere


@pytest.mark.parametrize("question", [
    "the sweater is sold out, are you making more", "according to the tracking the sweater is at the studio",
    "can i simply visit the studio", "i already spent part of it on a sweater",
    # how long, how much at least, when in a day, weighing it up, a city a parcel gets to (demo-shop-fresh24)
    "the sweater has been sold out forever", "whats the minimum for a first order",
    "would you consider selling your sweater", "she lives in utrecht, if i order before lunch when would it get there",
])
def test_other_forms_of_verbs_and_manner_words_name_no_topic(question: str) -> None:
    vocabulary = frozenset({"visit", "studio", "sweater", "sold", "out", "more", "tracking", "part", "already", "first",
                            "order", "selling", "lives", "carrier", "go", "return", "before"})
    common = frozenset({"is", "the", "can", "i", "are", "you", "to", "at", "it", "of", "on", "a", "has", "been", "for",
                        "whats", "would", "your", "she", "in", "if", "when", "get", "there", "from", "must", "by"})

    assert never_used(question, vocabulary=vocabulary, common=common).words == ()


@pytest.mark.parametrize(("question", "unknown"), [
    ("hiii can i visit the studio", ()), ("heyy can i visit the studio", ()), ("hiya can i visit the studio", ()),
    ("noooo the sweater is sold out", ()), ("hahaha can i visit the studio", ()),
    ("hiii can i bring my bicycle", ("bring", "bicycle")),  # the greeting goes, the words it asks about stay
])
def test_a_greeting_or_a_cry_however_stretched_names_no_topic(question: str, unknown: tuple[str, ...]) -> None:
    vocabulary = frozenset({"visit", "studio", "sweater", "sold", "out"})
    common = frozenset({"can", "i", "the", "is", "my"})

    assert never_used(question, vocabulary=vocabulary, common=common).words == unknown


def test_to_before_a_verb_is_no_destination() -> None:
    vocabulary = frozenset({"studio", "order", "shipping"})
    common = frozenset({"is", "there", "to", "a", "the", "if", "i", "now", "when", "would", "it"})

    # "where something goes is no topic": only where something is sent, or a country
    assert "park" in never_used("is there somewhere to park near the studio", vocabulary=vocabulary,
                                common=common).words
    assert never_used("if i order now when would it get to rotterdam", vocabulary=vocabulary,
                      common=common).words == ()
    assert never_used("how much is shipping to ireland", vocabulary=vocabulary, common=common).words == ()


@pytest.mark.parametrize("question", ["may my dog with to studio", "can i come with my dog in studio",
                                      "can i take my dog to the studio"])
def test_a_short_word_for_who_comes_along_is_what_the_question_asks_about(question: str) -> None:
    found = never_used(question, vocabulary=frozenset({"studio", "visit"}),
                       common=frozenset({"may", "my", "with", "to", "can", "i", "come", "in", "the", "take"}))

    assert found.asked_for
    assert found.words == ("dog",)


def test_what_a_yes_or_no_question_asks_is_no_unknown_word_when_the_knowledge_uses_its_root() -> None:
    vocabulary = frozenset({"packaging", "recycled", "points", "wool", "scratchy"})
    common = frozenset({"is", "the", "do", "does", "ever"})

    assert never_used("do the points ever expire", vocabulary=vocabulary, common=common).asked_for
    # "recycled" and "scratchy" are the shop's words for it
    assert not never_used("is the packaging recyclable", vocabulary=vocabulary, common=common).asked_for
    assert not never_used("does the wool scratch", vocabulary=vocabulary, common=common).asked_for
