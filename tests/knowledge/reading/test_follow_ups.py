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
