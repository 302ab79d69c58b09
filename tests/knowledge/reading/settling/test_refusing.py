"""What refuses a question for its words (the knowledge never uses them), and what reads the question alone."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.knowledge.reading.passages import PASSAGES

from warmline.domain import Citation, Passage, Retrieval


def test_a_question_mostly_about_what_the_knowledge_never_mentions_is_not_answered() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading.settling._refusing import barred_by_unknown_words

    visit = Passage(id="visit", text="Please do! We're at Gedempt Hamerkanaal 96-D.",
                    question="Can I visit the studio?",
                    citation=Citation(source="studio.yaml", title="Can I visit the studio?"))
    vocabulary = frozenset({"visit", "studio", "ferry", "sweater", "wool", "itchy", "skin", "merino"})
    common = frozenset({"is", "the", "can", "i", "my", "does", "it", "have"})

    def read(question: str, *, translated: bool = False) -> Retrieval:
        sure = Retrieval(query=question, in_scope=True, confidence=0.9, answer_text=visit.text,
                         candidates=(ScoredPassage(passage=visit, score=0.9),))
        return barred_by_unknown_words(sure, vocabulary=vocabulary, common=common, translated=translated)

    # two real words the shop never uses, and nothing it does but "studio": however sure, not the answer
    assert not read("is the studio wheelchair accessible").in_scope
    # one such word among known ones, or words the glossary left as written ("keramiek"), are not enough
    assert read("does the merino scratch my skin").in_scope
    assert read("is the studio rolstoeltoegankelijk keramiek", translated=True).in_scope
    # a three-letter word is what the question asks for: not the answer; anywhere else it is no topic
    assert not read("can I bring my dog to the studio").in_scope
    assert read("can I visit the studio with my nan").in_scope


@pytest.mark.parametrize(("title", "confidence", "answered"), [
    # an FAQ entry's calibrated confidence is clearly strong sooner than a section's curve
    ("Opening hours", 0.32, True), ("Opening hours", 0.25, False),
    ("About our wool", 0.32, False), ("About our wool", 0.4, True),
])
def test_the_bar_for_a_word_the_knowledge_never_uses_is_lower_for_an_faq_entry_than_for_a_section(
        title: str, confidence: float, answered: bool) -> None:
    from warmline.knowledge.reading.settling._refusing import barred_by_unknown_words

    found = _reading((title,), in_scope=True, confidence=confidence, query="are you open on koningsdag morning")
    vocabulary = frozenset({"open", "morning", "hours", "wool"})

    read = barred_by_unknown_words(found, vocabulary=vocabulary, common=frozenset({"are", "you", "on"}))

    assert read.unknown_words == ("koningsdag",)
    assert read.in_scope is answered


def _reading(titles: tuple[str, ...], *, in_scope: bool, confidence: float, query: str = "a question",
             unknown: tuple[str, ...] = (), ambiguous: bool = False) -> Retrieval:
    from warmline.domain import ScoredPassage

    candidates = tuple(ScoredPassage(passage=next(p for p in PASSAGES if p.citation.title == title),
                                     score=confidence if i == 0 else confidence / 4) for i, title in enumerate(titles))
    return Retrieval(query=query, in_scope=in_scope, confidence=confidence, candidates=candidates,
                     answer_text=candidates[0].passage.text, unknown_words=unknown, ambiguous=ambiguous)


WHOLE = _reading(("Shipping to Belgium", "Opening hours", "About our wool"), in_scope=False, confidence=0.08,
                 query="my sister lives in ghent and her birthday is friday. how much is shipping to belgium?")
ASKED = _reading(("Shipping to Belgium", "Shipping to the Netherlands"), in_scope=True, confidence=0.6,
                 query="how much is shipping to belgium?")


def test_a_question_sure_on_its_own_is_answered_though_what_the_message_tells_blurred_it() -> None:
    from warmline.knowledge.reading.settling._refusing import focused_on_the_question

    found = focused_on_the_question(WHOLE, ASKED, told="my sister lives in ghent and her birthday is friday.")

    assert found.in_scope
    assert found.best is not None
    assert found.best.passage.citation.title == "Shipping to Belgium"
    assert found.query == WHOLE.query  # the message is what was asked; the question alone is what was searched


def test_a_section_below_its_bar_is_no_answer_of_the_whole_message_to_agree_with() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading.settling._refusing import focused_on_the_question

    about = next(p for p in PASSAGES if p.question is None)
    below_its_bar = replace(WHOLE, candidates=(ScoredPassage(passage=about, score=0.3), *WHOLE.candidates))
    found = focused_on_the_question(below_its_bar, ASKED, told="my sister lives in ghent.")

    assert found.best is not None
    assert found.best.passage.citation.title == "Shipping to Belgium"
    sure_section = replace(WHOLE, candidates=(ScoredPassage(passage=about, score=0.6), *WHOLE.candidates))
    assert focused_on_the_question(sure_section, ASKED, told="my sister lives in ghent.") is sure_section


@pytest.mark.parametrize(("whole", "asked", "told"), [
    # the whole message is sure already
    (replace(WHOLE, in_scope=True), ASKED, "her birthday is friday."),
    # refused for a word the knowledge never uses, though sure enough of the rest
    (replace(WHOLE, confidence=0.5, unknown_words=("bicycle",)), ASKED, "i ride a bicycle."),
    # the question alone asks about such a word
    (WHOLE, replace(ASKED, unknown_words=("parking",)), "her birthday is friday."),
    # alone it finds another answer than the whole message's likeliest
    (WHOLE, _reading(("Opening hours",), in_scope=True, confidence=0.6), "her birthday is friday."),
    # alone it is not sure either
    (WHOLE, replace(ASKED, ambiguous=True), "her birthday is friday."),
    # what it tells names the title of another likely answer
    (WHOLE, ASKED, "I have a question about your opening hours."),
    # what it tells is about one order: the story is the case
    (WHOLE, ASKED, "ordered 2 weeks ago for a bday that's now been and gone. MS-27765."),
])
def test_the_question_alone_stands_only_when_the_whole_message_agrees(whole: Retrieval, asked: Retrieval,
                                                                      told: str) -> None:
    from warmline.knowledge.reading.settling._refusing import focused_on_the_question

    assert focused_on_the_question(whole, asked, told=told) is whole


BARRED = _reading(("Shipping to Belgium", "Opening hours"), in_scope=False, confidence=0.3, unknown=("accident",),
                  query="deleted the shipping email by accident lol, how much is shipping to belgium?")


def test_a_word_the_knowledge_never_uses_in_what_a_message_tells_bars_no_answer_to_its_question() -> None:
    from warmline.knowledge.reading.settling._refusing import unbarred_by_what_is_told

    asked_only = replace(BARRED, in_scope=True, unknown_words=())
    assert unbarred_by_what_is_told(BARRED, asked_only, told=BARRED.query) is asked_only


@pytest.mark.parametrize(("asked_only", "told"), [
    # the asking clause names such a word too
    (replace(BARRED, in_scope=True), BARRED.query),
    # not sure enough of its answer: a guess, refused as before
    (replace(BARRED, in_scope=True, unknown_words=(), confidence=0.15), BARRED.query),
    # not in scope on its own
    (replace(BARRED, unknown_words=()), BARRED.query),
    # an order number told: the story is the case
    (replace(BARRED, in_scope=True, unknown_words=()), "where is MS-27765 honestly, ordered it 2 weeks ago"),
])
def test_a_match_refused_for_a_word_stays_refused_unless_only_what_is_told_names_it(asked_only: Retrieval,
                                                                                  told: str) -> None:
    from warmline.knowledge.reading.settling._refusing import unbarred_by_what_is_told

    assert unbarred_by_what_is_told(BARRED, asked_only, told=told) is BARRED


@pytest.mark.parametrize(("asked", "answered"), [
    # "how tall are the espresso cups?" found their price in the product list (demo-shop-fresh27)
    ("how tall are the espresso cups", False), ("how much weighs the sweater wadden", False),
    ("how much measures length the size l", False), ("what is the capacity of the moss mug", False),
    # what is not a measure asked: a price, or what the cups are
    ("how high are the shipping cost to belgium", True), ("how much are the espresso cups", True),
    ("what do you sell", True),
    # an age, or a language (demo-shop-fresh17, fresh21, fresh25, fresh27)
    ("the pottery workshop is safe for kids of 8 years", False), ("can kids join? my daughter is 9", False),
    ("whats the minimum age for the knitting workshop", False), ("the workshops do you also in english", False),
    ("do you have kids beanies", True), ("my kids broke the mug", True),
    # a height told, the age of a sweater, a daughter's age told (demo-shop-fresh14, fresh16, fresh10)
    ("can i just tell you my height and size and you pick", True),
    ("the cuffs on my 5 year old wadden are frayed", True),
    ("is the wool itchy my daughter of 7 years has very sensitive skin", True),
    # a height, or a weight, by a measure of another dimension (demo-shop-fresh24)
    ("what is the height of large planter", False), ("how heavy is the serving bowl", False),
])
def test_a_measure_age_or_language_asked_is_answered_only_by_a_passage_that_gives_one(asked: str,
                                                                                     answered: bool) -> None:
    from tests.knowledge.reading.passages import found

    from warmline.knowledge.reading.settling._refusing import barred_by_kind_asked

    products = Passage(id="sell", text="Ceramics: Moss mugs (€28), espresso cups (€19).", question="What do you sell?",
                       citation=Citation(source="products.yaml", title="What do you sell?"))
    saying = replace(products, id="saying", text="S (12 cm across, 9 cm high, 300 g) fits ages 2–8 years; taught in "
                                                 "English and Dutch.")

    assert barred_by_kind_asked(found((products, 0.6)), asked=asked).in_scope is answered
    # a passage that says such a thing answers it
    assert barred_by_kind_asked(found((saying, 0.6)), asked=asked).in_scope


def test_a_choice_of_two_is_answered_only_by_a_passage_that_names_one() -> None:
    from tests.knowledge.reading.passages import found, section

    from warmline.knowledge.reading.settling._refusing import barred_by_kind_asked

    ceramics = section("Ceramics", "Fine lines in the glaze on our speckled mugs are part of the glaze.")
    # "is the glaze on the moss mug matte or shiny?" (demo-shop-fresh25)
    asked = "is the glaze on the moss mug matte or shiny"
    assert not barred_by_kind_asked(found((ceramics, 0.6)), asked=asked).in_scope
    assert barred_by_kind_asked(found((ceramics, 0.6)), asked="are the mugs speckled or plain").in_scope
    assert barred_by_kind_asked(found((ceramics, 0.6)), asked="is the glaze food safe or not").in_scope
    # a form of an option ("electric", "electricity"); no choice asked, or not at a question's end (fresh7, fresh9)
    kiln = section("Sustainability", "The kiln runs on electricity from the solar panels on our roof.")
    assert barred_by_kind_asked(found((kiln, 0.6)), asked="is your kiln gas or electric?").in_scope
    for told in ("no two are the same shape or colour?? is that how theyre meant to be",
                 "dear sir or madam i want a gift card of 40 euro is a such amount possible"):
        assert barred_by_kind_asked(found((ceramics, 0.6)), asked=told).in_scope


def test_a_height_is_answered_by_a_height_not_a_width() -> None:
    from tests.knowledge.reading.passages import found, section

    from warmline.knowledge.reading.settling._refusing import barred_by_kind_asked

    planters = section("Planters", "Sizes: S (12 cm across), M (16 cm) and L (22 cm).")
    # "quelle est la hauteur du grand cache-pot ?" (demo-shop-fresh24)
    assert not barred_by_kind_asked(found((planters, 0.9)), asked="what is the height of large planter").in_scope
    assert barred_by_kind_asked(found((planters, 0.9)), asked="how wide is the large planter").in_scope
