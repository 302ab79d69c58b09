"""A follow-up that names a topic of its own, and when it is still asked of the answer before."""

from __future__ import annotations

from dataclasses import replace

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage
from warmline.knowledge.reading._follow_ups import _asked_of_the_answer_before


def _found(title: str, text: str, confidence: float) -> Retrieval:
    passage = Passage(id=title, question=title, text=text, citation=Citation(source="faq.yaml", title=title))
    return Retrieval(query="q", candidates=(ScoredPassage(passage=passage, score=confidence),),
                     confidence=confidence, in_scope=True, answer_text=text)


WORKSHOPS = _found("Do you run workshops?", "A beginners' knitting workshop and a pottery wheel taster.", 0.99)
PATTERNS = _found("Can I buy your yarn or knitting patterns?", "Yarn bundles and the beanie pattern.", 0.34)


def test_a_guess_alone_gives_way_to_a_sure_answer_before_that_says_the_topic() -> None:
    # "what about knitting?" after "do you run pottery workshops?"
    assert _asked_of_the_answer_before(PATTERNS, WORKSHOPS, focus="what about knitting")
    # alone sure of its own topic ("what about paying later?" after the payment methods): its own answer
    assert not _asked_of_the_answer_before(replace(PATTERNS, confidence=0.7), WORKSHOPS, focus="what about knitting")
    # the answer before does not say the topic, or is not sure
    assert not _asked_of_the_answer_before(PATTERNS, WORKSHOPS, focus="what about crochet")
    assert not _asked_of_the_answer_before(PATTERNS, replace(WORKSHOPS, confidence=0.6), focus="what about knitting")


def test_a_follow_up_gets_the_narrower_answer_the_question_before_names() -> None:
    from warmline.knowledge.reading._follow_ups import narrowed_by_context

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
