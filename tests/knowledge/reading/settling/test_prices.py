"""A price asked is answered by a passage that gives prices and names what is asked about."""

from __future__ import annotations

from dataclasses import replace

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage
from warmline.knowledge.reading.settling._prices import settled_by_price


def _candidate(title: str, text: str, score: float, *, question: bool = False) -> ScoredPassage:
    passage = Passage(id=title, question=title if question else None, text=text,
                      citation=Citation(source="faq.yaml" if question else "guide.md", title=title))
    return ScoredPassage(passage=passage, score=score)


SOCKS = _candidate("Socks", "Our socks come in 35–38, 39–42 and 43–46.", 0.87)
CUSTOM = _candidate("Prices and timing", "A custom sweater starts at €240; ceramics sets at €180.", 0.71)
PRODUCTS = _candidate("What do you sell?", "Sweaters from €139, wool socks €29 a pair, mugs €28.", 0.04,
                      question=True)
FOUND = Retrieval(query="q", candidates=(SOCKS, CUSTOM, PRODUCTS), confidence=0.87, in_scope=True,
                  answer_text=SOCKS.passage.text)


def test_a_price_asked_is_answered_by_the_likely_passage_that_gives_it_for_what_is_asked_about() -> None:
    # "Was kostet bei euch ein Paar Wollsocken?": the size chart first, the product list says what a pair costs
    found = settled_by_price(FOUND, asked="how much does cost at you a few wool socks")

    assert found.best is PRODUCTS
    assert found.answer_text == PRODUCTS.passage.text
    assert found.confidence == 0.87  # as sure as the reading: about the socks, and this says what they cost


def test_no_price_asked_or_no_passage_giving_it_for_the_thing_leaves_the_reading() -> None:
    assert settled_by_price(FOUND, asked="what sizes do the socks come in") is FOUND
    assert settled_by_price(FOUND, asked="how much is left on my gift card socks") is FOUND  # no price
    unnamed = Retrieval(query="q", candidates=(SOCKS, CUSTOM), confidence=0.87, in_scope=True,
                        answer_text=SOCKS.passage.text)
    assert settled_by_price(unnamed, asked="how much are the socks") is unnamed  # custom prices name no socks


def test_the_price_of_what_the_question_names_is_the_passage_titled_with_it() -> None:
    costs = _candidate("How much does shipping cost?", "Within the Netherlands €4.95; the UK €14.95.", 0.84,
                       question=True)
    express = _candidate("Do you have express delivery?", "Yes: DHL Express in 1–2 working days for €19.95.", 0.04,
                         question=True)
    found = Retrieval(query="q", candidates=(costs, express), confidence=0.84, in_scope=True,
                      answer_text=costs.passage.text)

    settled = settled_by_price(found, asked="how much is express shipping?", rare=lambda term: term == "express")
    assert settled.best is express
    # a word many passages say names no one thing
    assert settled_by_price(found, asked="how much is express shipping?", rare=lambda term: False) is found
    # what the best one says too ("uk"), or no price asked: as found
    assert settled_by_price(found, asked="how much is shipping to the uk?") is found
    assert settled_by_price(found, asked="is express shipping faster?") is found
    # a title naming only the asking of a price ("cost") names nothing priced
    wrapping = _candidate("Do you offer gift wrapping?", "Yes: a gift box and a card for €3.50.", 0.9, question=True)
    wrapped = Retrieval(query="q", candidates=(wrapping, costs), confidence=0.9, in_scope=True,
                        answer_text=wrapping.passage.text)
    assert settled_by_price(wrapped, asked="do you offer gift wrapping? and roughly what would that cost me") is wrapped
    # nor does a word only the title says ("discount" of a student entry that speaks of deals)
    student = _candidate("Do you have a student discount?", "The best deals for students: 10% off, €5 back.", 0.06,
                         question=True)
    loyalty = replace(found, candidates=(costs, student))
    asked = "how much points need before i discount get"
    assert settled_by_price(loyalty, asked=asked, rare=lambda term: True) is loyalty


def test_nothing_sure_but_one_likely_passage_prices_the_rare_thing_named() -> None:
    # "wat kost een ontbijtkom?": the shipping costs were likelier, the product list prices breakfast bowls
    costs = _candidate("How much does shipping cost?", "Within the Netherlands €4.95; the UK €14.95.", 0.05,
                       question=True)
    products = _candidate("What do you sell?", "All made in our studio. Ceramics: Moss mugs (€28), breakfast bowls "
                          "(€26), bud vases (€24).", 0.04, question=True)
    nothing = Retrieval(query="q", candidates=(costs, CUSTOM, products), confidence=0.05, in_scope=False)
    rare = {"breakfast", "bud", "moss", "ceramic", "studio"}.__contains__

    found = settled_by_price(nothing, asked="how much does cost a breakfast bowl", rare=rare)
    assert found.in_scope
    assert found.best is products
    assert found.answer_text == products.passage.text
    assert found.confidence == 0.04
    # what stands right before another amount only: "bud" is the vases', not the bowls'
    assert settled_by_price(nothing, asked="how much is a bud vase?", rare=rare).best is products
    assert settled_by_price(nothing, asked="how much is a moss mug?", rare=rare).best is products
    # no price asked, a rare word said but not priced, a thing priced by two of the likely ("ceramics sets at
    # €180" too): as found
    assert settled_by_price(nothing, asked="is the breakfast bowl dishwasher safe?", rare=rare) is nothing
    assert settled_by_price(nothing, asked="how much is a studio visit?", rare=rare) is nothing
    # only "how much" asks it, of what its own clause names, and money ("il coûte combien ?" ends on it)
    assert settled_by_price(nothing, asked="the moss mug it costs how much", rare=rare).best is products
    assert settled_by_price(nothing, asked="can i spread the cost of a breakfast bowl", rare=rare) is nothing
    assert settled_by_price(nothing, asked="how much ml fits in the moss mug?", rare=rare) is nothing
    assert settled_by_price(nothing, asked="my moss mug cracked, worth sending in? how much", rare=rare) is nothing
    assert settled_by_price(nothing, asked="how much is a ceramic blanket?", rare=rare) is nothing
    assert settled_by_price(replace(nothing, candidates=(costs, products)), asked="how much is a ceramic blanket?",
                            rare=rare).best is products
    twice = replace(nothing, candidates=(costs, products, replace(products, passage=replace(
        products.passage, id="copy"))))
    assert settled_by_price(twice, asked="how much does cost a breakfast bowl", rare=rare) is twice
    # a question asking for what the knowledge never speaks of stays refused
    unknown = replace(nothing, asks_for_unknown=True, unknown_words=("breakfast",))
    assert settled_by_price(unknown, asked="how much does cost a breakfast bowl", rare=rare) is unknown
