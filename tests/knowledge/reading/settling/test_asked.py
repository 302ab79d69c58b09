"""Who or what a question asks about: the page that says who does what, the passage that says the thing asked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage
from warmline.knowledge.reading.settling._asked import settled_by_thing_asked, settled_by_who


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


MADE_OF = _passage("What are your sweaters made of?", "RWS-certified merino from Uruguay; the Noord is baby alpaca.")
WASHING = _passage("Washing your wool sweater", "Hand wash it in lukewarm water with a wool detergent.", section=True)
DRYING = _passage("Drying knitwear", "Roll it in a towel and dry it flat.", section=True)
MERINO = Retrieval(query="q", in_scope=True, confidence=0.17, answer_text=MADE_OF.text,
                   candidates=(ScoredPassage(passage=MADE_OF, score=0.17), ScoredPassage(passage=WASHING, score=0.64),
                               ScoredPassage(passage=DRYING, score=0.32)))


def _rare(term: str) -> bool:
    return term not in {"sweater", "wool"}


def test_a_which_question_is_answered_by_the_likely_passage_that_says_the_thing_asked() -> None:
    # "Welches Waschmittel nehme ich für einen Merino-Pullover?" (fresh28), word by word
    settled = settled_by_thing_asked(MERINO, asked="which detergent take i for a merino sweater", rare=_rare)

    assert settled.best is not None
    assert settled.best.passage is WASHING
    assert settled.confidence == 0.64


@pytest.mark.parametrize("asked", [
    "which merino do you use",  # the best one says it
    "which sweater is the warmest",  # a word many passages say
    "what towel should i use to dry it",  # said only by a passage that is no more than a guess (.32)
    "how much detergent for a merino sweater",  # no "which"
    "what price have the wool socks",  # what it costs (fresh21)
])
def test_a_which_question_keeps_its_answer_otherwise(asked: str) -> None:
    assert settled_by_thing_asked(MERINO, asked=asked, rare=_rare) is MERINO


def test_a_which_question_keeps_an_answer_that_is_not_unsure() -> None:
    # "what temperature are your mugs fired at? … food safe" (fresh23): the dishwasher entry, not "temperature jumps"
    sure = replace(MERINO, confidence=0.72)
    assert settled_by_thing_asked(sure, asked="which detergent take i for a merino sweater", rare=_rare) is sure
