"""Words only some passages say: a name of two words that only one likely passage says settles an unsure question
on that passage; of two answers that fit equally well, the one saying the rarer words is meant."""

from __future__ import annotations

from dataclasses import replace

import pytest

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage
from warmline.knowledge.reading.settling._phrases import settled_by_phrase, settled_by_rarer_words


def _faq(pid: str, question: str, text: str) -> Passage:
    return Passage(id=pid, question=question, citation=Citation(source="faq.yaml", title=question), text=text)


PAYMENT = _faq("pay", "Which payment methods do you accept?",
               "iDEAL, Bancontact, Visa, Mastercard, American Express, PayPal and Apple Pay.")
EXPRESS = _faq("express", "Do you have express delivery?", "Yes: DHL Express within Europe arrives in 1–2 days.")
CATALOGUE = _faq("sell", "What do you sell?", "Ceramics: Moss mugs (€28) and bud vases (€24).")
SIZES = _faq("sizes", "What sizes are there?", "Ask about a custom order for other sizes.")
CUSTOM = _faq("custom", "Do you take custom orders?", "We love custom orders: tell us what you have in mind.")
PASSAGES = (PAYMENT, EXPRESS, CATALOGUE, SIZES, CUSTOM)


def _unsure(*passages: Passage, **changes: object) -> Retrieval:
    """Not sure: the likeliest passages in order, none clearing its bar."""
    scored = tuple(ScoredPassage(passage=p, score=0.1 - i / 100) for i, p in enumerate(passages))
    retrieval = Retrieval(query="q", candidates=scored, confidence=0.1, in_scope=False,
                          answer_text=passages[0].text)
    return replace(retrieval, **changes)  # type: ignore[arg-type]


def test_a_name_only_one_likely_passage_says_settles_on_it() -> None:
    settled = settled_by_phrase(_unsure(EXPRESS, PAYMENT), asked="you accept american express", passages=PASSAGES)

    assert settled.in_scope
    assert not settled.ambiguous
    assert settled.best is not None
    assert settled.best.passage is PAYMENT
    assert settled.answer_text == PAYMENT.text
    assert settled.confidence == pytest.approx(0.09)  # its own score: the phrase settles, it claims no surer answer


def test_a_passage_that_is_not_among_the_likeliest_is_not_found_by_a_name() -> None:
    unsure = _unsure(EXPRESS, CATALOGUE, SIZES, CUSTOM, PAYMENT)

    assert settled_by_phrase(unsure, asked="you accept american express", passages=PASSAGES) == unsure


def test_a_sure_answer_or_a_question_back_is_left_as_it_is() -> None:
    sure = _unsure(EXPRESS, PAYMENT, in_scope=True)
    both = _unsure(EXPRESS, PAYMENT, in_scope=True, ambiguous=True)

    assert settled_by_phrase(sure, asked="you accept american express", passages=PASSAGES) == sure
    assert settled_by_phrase(both, asked="you accept american express", passages=PASSAGES).best.passage is PAYMENT


def test_a_name_another_passage_says_otherwise_written_is_no_name() -> None:
    # "custom order" is the sizes entry's alone as written, but "custom orders" is the custom-order entry's
    unsure = _unsure(SIZES, CUSTOM)

    assert settled_by_phrase(unsure, asked="latest date for a custom order", passages=PASSAGES) == unsure


def test_names_of_two_passages_settle_nothing() -> None:
    unsure = _unsure(EXPRESS, PAYMENT, CATALOGUE)

    assert settled_by_phrase(unsure, asked="american express for the bud vases", passages=PASSAGES) == unsure


def test_joining_words_make_no_name() -> None:
    unsure = _unsure(SIZES, EXPRESS)

    # "other sizes" is the sizes entry's alone, but "other" names nothing
    assert settled_by_phrase(unsure, asked="do you have other sizes", passages=PASSAGES) == unsure


def _section(pid: str, title: str, text: str) -> Passage:
    return Passage(id=pid, citation=Citation(source="care.md", title=title), text=text)


WASHING = _section("wash", "Washing your wool sweater", "Hand wash your wool sweater in lukewarm water.")
STORING = _section("store", "Storing knitwear", "Fold it. For summer, store it in a cotton bag with cedar.")
KNITS = tuple(_section(f"k{i}", f"Wool sweater {i}", f"The wool sweater number {i}.") for i in range(6))


def _torn(first: Passage, second: Passage) -> Retrieval:
    """Two answers that fit equally well: a question back."""
    return Retrieval(query="q", candidates=(ScoredPassage(passage=first, score=0.94),
                                            ScoredPassage(passage=second, score=0.91)),
                     confidence=0.94, in_scope=True, ambiguous=True, answer_text=first.text)


def test_of_two_answers_that_fit_the_one_saying_the_rarer_words_is_meant() -> None:
    passages = (WASHING, STORING, *KNITS)
    settled = settled_by_rarer_words(_torn(WASHING, STORING), asked="how do i store wool sweaters in summer?",
                                     passages=passages)

    assert not settled.ambiguous
    assert settled.best is not None
    assert settled.best.passage is STORING
    assert settled.confidence == 0.91
    # words as common on both sides leave the question back standing
    washing = settled_by_rarer_words(_torn(WASHING, STORING), asked="is it a wool sweater thing?", passages=passages)
    assert washing.ambiguous
    # only an ambiguous pair is settled
    sure = replace(_torn(WASHING, STORING), ambiguous=False)
    assert settled_by_rarer_words(sure, asked="how do i store it in summer?", passages=passages) is sure


def test_an_unsure_answer_gives_way_to_an_entry_that_says_clearly_more_of_the_question() -> None:
    item = _faq("item", "Can I return an item?", "Yes, within 30 days of delivery; start your return online.")
    window = _faq("window", "How long do I have to return something?",
                  "30 days. Bought it as a present? Gifts bought in December can be returned until 31 January.")
    deadline = Passage(id="xmas", citation=Citation(source="custom.md", title="Prices and timing"),
                       text="For Christmas presents bought in December, ask us before 1 November.")
    passages = (item, window, deadline, *PASSAGES)
    found = Retrieval(query="q", candidates=(ScoredPassage(passage=item, score=0.12),
                                             ScoredPassage(passage=deadline, score=0.25)),
                      confidence=0.12, in_scope=True, answer_text=item.text)
    asked = "bought a cardigan as a christmas present in december, can my sister still return it in january?"

    settled = settled_by_rarer_words(found, asked=asked, passages=passages)
    # the return window, though the search did not put it among the likeliest; not the section, which says
    # nothing of returning
    assert settled.best is not None
    assert settled.best.passage is window
    assert settled.confidence == 0.12
    # a sure answer stands
    sure = replace(found, confidence=0.6)
    assert settled_by_rarer_words(sure, asked=asked, passages=passages) is sure
    # and so does one no other entry says clearly more than
    assert settled_by_rarer_words(found, asked="can i return it?", passages=passages) is found
    # nor an entry that says more of it but is not titled with what the answer's title names of it
    returns_said = _faq("said", "Are your gift boxes recyclable?",
                        "Yes. Gifts bought in December as a present can be returned until January, box and all.")
    others = (item, returns_said, deadline, *PASSAGES)
    assert settled_by_rarer_words(found, asked=asked, passages=others) is found


def test_a_choice_asked_is_answered_by_the_likely_passage_that_says_its_second_option() -> None:
    from tests.knowledge.reading.passages import found, section

    from warmline.knowledge.reading.settling._phrases import settled_by_choice

    sizes = section("Sweater and cardigan measurements", "Our cardigans run true to size.", source="size-guide.md")
    storing = section("Storing knitwear", "Fold knitwear instead of hanging it, and keep the moths away.")
    asked = "should i hanging my cardigan or fold it?"
    # "should i hang my cardigan or fold it?" (demo-shop-fresh27): the size table names the cardigan, .70
    settled = settled_by_choice(found((sizes, 0.7), (storing, 0.48)), asked=asked)

    assert settled.best is not None
    assert settled.best.passage.citation.title == "Storing knitwear"
    # not when the answer found says the option, the other is too unlikely, or no choice is asked
    for kept, scored in ((storing, ((storing, 0.7), (sizes, 0.48))), (sizes, ((sizes, 0.7), (storing, 0.2)))):
        same = settled_by_choice(found(*scored), asked=asked)
        assert same.best is not None
        assert same.best.passage is kept
    unchosen = settled_by_choice(found((sizes, 0.7), (storing, 0.48)), asked="how do i fold a cardigan")
    assert unchosen.best is not None
    assert unchosen.best.passage is sizes
