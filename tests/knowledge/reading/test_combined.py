"""Two questions in one message, answered together: the first answered leads, each answer once, the rest said."""

from __future__ import annotations

from dataclasses import replace

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage
from warmline.knowledge.reading._combined import answered_together, repeated_unsaid


def _read(title: str, text: str, *, in_scope: bool = True) -> Retrieval:
    passage = Passage(id=title, question=title, text=text, citation=Citation(source="faq.yaml", title=title))
    return Retrieval(query=title, candidates=(ScoredPassage(passage=passage, score=0.9),), confidence=0.9,
                     in_scope=in_scope, answer_text=text)


def test_the_answered_parts_are_joined_in_order_and_the_unanswered_said() -> None:
    shipping, wrap = _read("How long?", "1–2 days."), _read("Gift wrap?", "Yes, €4.")
    lost = _read("Customs?", "…", in_scope=False)
    parts = ("how long does it take", "can you gift wrap it", "and customs?")

    together = answered_together("how long…? can you gift wrap it? and customs?", parts=parts,
                                 readings=(shipping, wrap, lost))
    assert together.answer_text == "1–2 days.\n\nYes, €4."
    assert [c.passage.id for c in together.also] == ["Gift wrap?"]
    assert together.unanswered == ("and customs?",)
    # the same answer twice is given once; one part alone is its own reading
    twice = answered_together("q", parts=("a", "b"), readings=(shipping, shipping))
    assert twice.answer_text == "1–2 days."
    assert answered_together("q", parts=("a",), readings=(wrap,)) is wrap


def test_a_later_question_that_found_the_answer_before_again_is_unanswered_when_it_says_nothing_of_it() -> None:
    itchy = _read("Is the wool itchy?", "Our merino is soft and fine against bare skin.")
    # "is the wadden itchy at all? and how does it fit, roomy or snug?" (demo-shop-fresh26)
    assert not repeated_unsaid(itchy, asked="and how does it fit, roomy or snug?").in_scope
    # the answer says what it asks: the same answer serves both
    assert repeated_unsaid(itchy, asked="and is it soft on the skin?") is itchy


def test_a_later_question_repeats_only_an_answer_an_earlier_one_gave() -> None:
    from warmline.knowledge.reading._combined import repeats_an_earlier

    prices = _read("Prices and timing", "Initials embroidered on a knit cost €12.")
    # "kan er ook zijn naam in geborduurd worden, en wat kost dat?": the first part unsure of the prices (.42)
    assert not repeats_an_earlier(prices, [_read("Prices and timing", "…", in_scope=False)])
    # unless the later one is no surer ("… een kaartje bij doen en de prijs eraf laten?": the gift cards, .3)
    assert repeats_an_earlier(replace(prices, confidence=0.3), [_read("Prices and timing", "…", in_scope=False)])
    assert repeats_an_earlier(prices, [_read("Prices and timing", "…")])
    assert not repeats_an_earlier(prices, [_read("Gift wrap?", "Yes, €4.")])
