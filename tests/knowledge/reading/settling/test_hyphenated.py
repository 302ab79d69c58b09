"""A hyphenated term the question names: its own entry, or the entry titled as asked that says it too."""

from __future__ import annotations

from dataclasses import replace

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage
from warmline.knowledge.reading.settling._hyphenated import settled_by_term


def _entry(question: str, text: str | None = None) -> Passage:
    return Passage(id=question, text=text or f"{question} The answer.", question=question,
                   citation=Citation(source="faq.yaml", title=question))


def test_a_term_of_a_title_the_question_uses_names_that_answer() -> None:
    shipping, made = _entry("How long does shipping take?"), _entry("How long does a made-to-order piece take?")
    found = Retrieval(query="q", in_scope=True, confidence=0.29, answer_text=shipping.text,
                      candidates=(ScoredPassage(passage=shipping, score=0.29), ScoredPassage(passage=made, score=0.05)))

    for asked in ("the cardigan says 'made to order', when will it be shipped", "it says made-to-order, how long"):
        settled = settled_by_term(found, asked=asked)
        assert settled.best is not None
        assert settled.best.passage is made, asked
        assert settled.in_scope
    assert settled_by_term(found, asked="how long does shipping to spain take") is found  # no term of it
    unlikely = replace(found, candidates=(found.candidates[0], ScoredPassage(passage=made, score=0.01)))
    assert settled_by_term(unlikely, asked="it says made to order") is unlikely


def test_a_term_asked_with_what_the_likeliest_title_names_is_the_entry_that_says_both() -> None:
    item = _entry("Can I return an item?", "Yes, within 30 days.")
    seconds = _entry("What are second-chance ceramics?", "Pieces with a small glaze drip, at 30% off.")
    sale = _entry("Can I return sale items?", 'Yes. Our "second chance" ceramics we swap or give store credit for.')
    found = Retrieval(query="q", in_scope=True, confidence=0.19, answer_text=item.text,
                      candidates=(ScoredPassage(passage=item, score=0.19), ScoredPassage(passage=seconds, score=0.021),
                                  ScoredPassage(passage=sale, score=0.0199)))

    settled = settled_by_term(found, asked="can i return a second-chance mug i picked up at the studio?")
    assert settled.best is not None
    assert settled.best.passage is sale
    # asked what they are: the term's own entry
    settled = settled_by_term(found, asked="what are second-chance mugs like?")
    assert settled.best is not None
    assert settled.best.passage is seconds
