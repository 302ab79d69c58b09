"""Who a question asks about: the page that says who does what."""

from __future__ import annotations

import pytest

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage
from warmline.knowledge.reading.settling._asked import settled_by_who


def _passage(title: str, text: str, *, section: bool = False) -> Passage:
    return Passage(id=title, text=text, question=None if section else title,
                   citation=Citation(source="guide.md" if section else "faq.yaml", title=title))


CARDS = _passage("Do you sell gift cards?", "Digital gift cards of €25 to €150, valid for 2 years.")
STORY = _passage("Our story", "Ines started Mossa in 2016 with one knitting machine.", section=True)
WHO = _passage("Who you'll talk to", "Joris packs and ships your parcels. Amara looks after payments and gift cards.",
               section=True)
FOUND = Retrieval(query="q", in_scope=True, confidence=0.16, answer_text=CARDS.text,
                  candidates=(ScoredPassage(passage=CARDS, score=0.16), ScoredPassage(passage=STORY, score=0.67),
                              ScoredPassage(passage=WHO, score=0.59)))


@pytest.mark.parametrize("asked", [
    "who looks after gift cards at mossa?", "who looks after payment at you",  # "qui s'occupe des paiements ?"
    "hi! and who do i ask about gift cards?",
])
def test_who_is_asked_of_the_page_that_says_who(asked: str) -> None:
    settled = settled_by_who(FOUND, asked=asked)

    assert settled.best is not None
    assert settled.best.passage is WHO
    assert settled.in_scope
    assert settled.confidence == 0.59


@pytest.mark.parametrize("asked", [
    "how long is a gift card valid?", "who's amara? she emailed me about my gift card",
    "who pays for shipping if i send a gift card back?", "is it amara who sends the gift cards?",
    "who won the football last night",  # the page titled "who" says nothing of it
])
def test_a_question_that_asks_no_who_or_none_the_page_says_stays_as_found(asked: str) -> None:
    assert settled_by_who(FOUND, asked=asked) is FOUND
