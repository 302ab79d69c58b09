"""A follow-up that names a topic of its own, and when it is still asked of the answer before."""

from __future__ import annotations

from dataclasses import replace

from tests.knowledge.reading.readers import Before, found_entry

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage
from warmline.knowledge.reading.settling._names import asked_of_the_answer_before

TAUGHT = found_entry("Do you run workshops?",
                     "A knitting workshop (3 hours, €65, yarn and needles to take home).", 0.72)
WORKSHOPS = found_entry("Do you run workshops?", "A beginners' knitting workshop and a pottery wheel taster.", 0.99)
PATTERNS = found_entry("Can I buy your yarn or knitting patterns?", "Yarn bundles and the beanie pattern.", 0.34)


def test_a_guess_alone_gives_way_to_a_sure_answer_before_that_says_the_topic() -> None:
    # "what about knitting?" after "do you run pottery workshops?"
    assert asked_of_the_answer_before(PATTERNS, WORKSHOPS, focus="what about knitting", guess=0.35)
    # alone sure of its own topic ("what about paying later?" after the payment methods): its own answer
    assert not asked_of_the_answer_before(replace(PATTERNS, confidence=0.7), WORKSHOPS, focus="what about knitting",
                                          guess=0.35)
    # the answer before does not say the topic, or is not sure
    assert not asked_of_the_answer_before(PATTERNS, WORKSHOPS, focus="what about crochet", guess=0.35)
    assert not asked_of_the_answer_before(PATTERNS, replace(WORKSHOPS, confidence=0.6), focus="what about knitting",
                                          guess=0.35)


def test_a_follow_up_gets_the_narrower_answer_the_question_before_names() -> None:
    from warmline.knowledge.reading.settling._names import narrowed_by_context

    def entry(title: str, score: float) -> ScoredPassage:
        return ScoredPassage(passage=Passage(id=title, question=title, text="…",
                                             citation=Citation(source="faq.yaml", title=title)), score=score)

    item, custom, sale = (entry("Can I return an item?", 0.97), entry("Can I return a custom or made-to-order piece?",
                                                                      0.01), entry("Can I return sale items?", 0.01))
    found = Retrieval(query="q", candidates=(item, custom, sale), confidence=0.97, in_scope=True, answer_text="…")
    asked = "can i that return if it me doesn't like"

    # "kan ik die terugsturen als hij me niet bevalt?" after "hoe lang duurt een trui op bestelling"
    assert narrowed_by_context(found, asked=asked, before="how long does take a sweater made to order") is custom
    # the question before names nothing of the narrower one, or the best one's own title names it
    assert narrowed_by_context(found, asked=asked, before="do you ship to canada") is None
    assert narrowed_by_context(found, asked=asked, before="is the item still in stock") is None
    # the narrower one may be the third after the best one
    fourth = replace(found, candidates=(item, sale, entry("How long do I have to return something?", 0.01), custom))
    assert narrowed_by_context(fourth, asked=asked, before="how long does take a sweater made to order") is custom


def test_a_word_of_a_titles_compound_names_it_only_with_the_rest_of_it() -> None:
    from warmline.knowledge.reading.settling._names import narrowed_by_context

    def entry(title: str, score: float) -> ScoredPassage:
        return ScoredPassage(passage=Passage(id=title, question=title, text="…",
                                             citation=Citation(source="faq.yaml", title=title)), score=score)

    shipping, made = entry("How long does shipping take?", 0.85), entry("How long does a made-to-order piece take?",
                                                                        0.01)
    found = Retrieval(query="q", candidates=(shipping, made), confidence=0.85, in_scope=True, answer_text="…")

    # "¿y a Portugal?" after "¿cuánto tarda en llegar un pedido a Alemania?" ("an order to Germany")
    assert narrowed_by_context(found, asked="how long does take in arrive a order to portugal",
                               before="how long does take in arrive a order to germany") is None


def test_a_follow_up_naming_a_place_asks_the_answer_before_again_not_the_one_beside_it() -> None:
    def entry(title: str, text: str, score: float) -> ScoredPassage:
        return ScoredPassage(passage=Passage(id=title, question=title, text=text,
                                             citation=Citation(source="faq/shipping.yaml", title=title)), score=score)

    times = entry("How long does shipping take?", "1–2 working days in the Netherlands, 3–5 in the EU.", 0.86)
    countries = entry("Which countries do you ship to?", "The EU, the UK, Switzerland and Norway.", 0.03)
    found = Retrieval(query="q", candidates=(times, countries), confidence=0.86, in_scope=True,
                      answer_text=times.passage.text)
    reader = Before(found)
    # "Und in die Schweiz?" after "Wie lange dauert der Versand nach Deutschland?" (demo-shop-fresh14)
    assert reader._beside_the_answer_before(found, focus="and in the switzerland", language="en",
                                            previous=("how long does shipping take to germany",)) is None
    beside = reader._beside_the_answer_before(found, focus="and norway too", language="en",
                                              previous=("how long does shipping take to germany",))
    assert beside is None  # (a country is a place too)


def test_the_answer_before_that_says_a_length_of_time_is_no_repeat_of_a_question_how_long() -> None:
    # "how long is it?" after "is the knitting workshop ok for total beginners?" (demo-shop-fresh25)
    reader = Before(TAUGHT)
    assert not reader._repeats(TAUGHT, previous=("is the knitting workshop ok for beginners",),
                               focus="how long is it", language="en")
    assert reader._repeats(TAUGHT, previous=("is the knitting workshop ok for beginners",),
                           focus="is it fun", language="en")
    # the length of time is in the answer to a question before the last: "¿y cuánto tarda?" after the shipping to
    # Sevilla, after Apple Pay (demo-shop-fresh22), is no question about Klarna's 30 days
    shipping = found_entry("How much does shipping cost?", "€6.95 within Spain.", 0.6)
    chain = Before(TAUGHT, found={"and what does shipping to sevilla cost": shipping})
    assert chain._repeats(TAUGHT, previous=("can i pay with apple pay", "and what does shipping to sevilla cost"),
                          focus="and how long", language="en")


def test_a_follow_up_that_only_its_own_sure_reading_speaks_of_is_that_reading() -> None:
    washing = found_entry("Washing your wool sweater", "Hand wash it in lukewarm water with a wool detergent.", 0.83)
    pilling = found_entry("Pilling", "A little pilling is normal. Remove the bobbles with a wool comb.", 0.68)
    reader = Before(washing)
    asked = "and what do i do about the little bobbles"

    # "and what do i do about the little bobbles?" after "how do i wash a merino sweater?" (fresh28)
    assert reader._says_it_alone(pilling, washing, focus=asked)
    # the reading with the question before says it too, alone it is a guess, or it asks nothing either says
    says_it = found_entry("Washing your wool sweater", "Comb out any bobbles before you wash it.", 0.83)
    assert not reader._says_it_alone(pilling, says_it, focus=asked)
    assert not reader._says_it_alone(replace(pilling, confidence=0.2), washing, focus=asked)
    assert not reader._says_it_alone(pilling, washing, focus="and how often")



def test_an_unsure_reading_of_its_own_titled_with_a_word_of_the_follow_up_is_not_enough() -> None:
    us = found_entry("Do you ship to the US?", "Yes, to the US and Canada with DHL; duties are included.", 0.9)
    prices = replace(found_entry("Prices and timing", "A custom sweater starts at €189.", 0.11), in_scope=False)

    # "and what about canada, same price?" after "do you ship to the US?" (fresh17)
    assert not Before(us)._says_it_alone(prices, us, focus="and what about canada, same price")
