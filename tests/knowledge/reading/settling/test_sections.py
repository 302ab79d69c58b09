"""A guide's section set aside for a nearer FAQ question, taken back when only it says what is asked; a section
answering a question about what an FAQ entry opens a case for; a section a little below its bar whose title the
question names; a question asked while a case waits, answered from that case's page; a follow-up that found the
answer before again, answered by the section beside it."""

from __future__ import annotations

from dataclasses import replace

from tests.knowledge.reading.passages import found as reading_of
from tests.knowledge.reading.passages import section

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage
from warmline.knowledge.reading.settling._sections import (
    said_beside,
    section_over_a_case,
    section_taken_back,
    section_titled_as_asked,
)

CERAMICS = Passage(id="s", question=None, citation=Citation(source="care.md", title="Ceramics"),
                   text="All our stoneware can go in the dishwasher. Pieces with a gold lustre rim are hand wash only.")
DISHWASHER = Passage(id="f", question="Are your ceramics dishwasher safe?",
                     citation=Citation(source="faq.yaml", title="Are your ceramics dishwasher safe?"),
                     text="Yes, our stoneware is fine in the dishwasher.")
WRITTEN = {"f": ("can mugs go in the dishwasher", "is the glaze food safe")}


def _set_aside(section_score: float = 0.67, **changes: object) -> Retrieval:
    """The knowledge base's verdict: the section first, not answered, because an FAQ question lies nearer."""
    retrieval = Retrieval(query="q", candidates=(ScoredPassage(passage=CERAMICS, score=section_score),
                                                 ScoredPassage(passage=DISHWASHER, score=0.03)),
                          confidence=section_score, in_scope=False, answer_text=CERAMICS.text)
    return replace(retrieval, **changes)  # type: ignore[arg-type]


def _written_for(passage_id: str) -> tuple[str, ...]:
    return WRITTEN.get(passage_id, ())


def test_a_section_that_alone_says_what_is_asked_answers() -> None:
    taken = section_taken_back(_set_aside(), asked="how do i wash the mugs with the gold rim",
                               written_for=_written_for)

    assert taken.in_scope
    assert taken.best is not None
    assert taken.best.passage is CERAMICS


def test_a_section_saying_no_more_than_the_entry_stays_set_aside() -> None:
    # "dishwasher" and "mugs" are the entry's words too: it was written for this question
    assert not section_taken_back(_set_aside(), asked="can the mugs go in the dishwasher",
                                  written_for=_written_for).in_scope


def test_what_the_message_tells_around_its_question_takes_nothing_back() -> None:
    # "gold" and "rim" are told, not asked: the asking clause shares nothing with the section
    asked = "my gran gave me a mug with a gold rim for christmas. can it go in the dishwasher?"

    assert not section_taken_back(_set_aside(), asked=asked, written_for=_written_for).in_scope


def test_only_a_section_above_its_own_threshold_and_not_already_decided_is_taken_back() -> None:
    asked = "how do i wash the mugs with the gold rim"

    assert not section_taken_back(_set_aside(0.45), asked=asked, written_for=_written_for).in_scope
    assert not section_taken_back(_set_aside(ambiguous=True), asked=asked, written_for=_written_for).in_scope
    assert not section_taken_back(_set_aside(unknown_words=("lustreware",)), asked=asked,
                                  written_for=_written_for).in_scope


CUSTOM = Passage(id="c", question="Do you take custom orders?", case_type="custom_order",
                 citation=Citation(source="faq.yaml", title="Do you take custom orders?"),
                 text="We love them! Tell us what you have in mind.")
MAKE = Passage(id="m", question=None, citation=Citation(source="custom.md", title="What we can make for you"),
               text="Any sweater in a colour from our yarn card: oat, moss, rust, sea blue.")
PRICES = Passage(id="p", question=None, citation=Citation(source="custom.md", title="Prices and timing"),
                 text="Made to measure from €189, in 4–6 weeks.")


def _nearest_the_case(*sections: tuple[Passage, float]) -> Retrieval:
    """The case's entry first and in scope (it would queue a custom order), then the guide's sections."""
    return Retrieval(query="q", candidates=(ScoredPassage(passage=CUSTOM, score=0.57),
                                            *(ScoredPassage(passage=p, score=s) for p, s in sections)),
                     confidence=0.57, in_scope=True, answer_text=CUSTOM.text)


def test_a_question_about_what_a_case_is_for_is_answered_by_the_section_that_says_it() -> None:
    answered = section_over_a_case(_nearest_the_case((PRICES, 0.8), (MAKE, 0.73)),
                                   asked="which colours can you do a custom sweater in?")

    assert answered.best is not None
    assert answered.best.passage is MAKE  # it says "colour"; the prices section says nothing of colours
    assert answered.in_scope
    assert answered.answer_text == MAKE.text
    assert answered.confidence == 0.73


def test_a_request_or_a_section_below_its_threshold_leaves_the_case() -> None:
    nearest = _nearest_the_case((MAKE, 0.73))
    unsure = _nearest_the_case((MAKE, 0.4))

    assert section_over_a_case(nearest, asked="can you knit the wadden in rust for me?") == nearest
    assert section_over_a_case(unsure, asked="what colours can you do a custom sweater in?") == unsure


def test_an_answer_that_opens_no_case_is_left_as_it_is() -> None:
    entry = replace(_set_aside(), in_scope=True, candidates=(ScoredPassage(passage=DISHWASHER, score=0.9),
                                                              ScoredPassage(passage=CERAMICS, score=0.8)))

    assert section_over_a_case(entry, asked="what can go in the dishwasher?") == entry


PAGE = "https://shop.example/custom"


def _section(title: str, text: str, *, url: str | None = PAGE) -> Passage:
    return Passage(id=title, citation=Citation(source="custom-orders.md", title=title, url=url), text=text)


PAGE_HOW = _section("How it works",
                    "Send us your idea. When you're happy, you pay a 50% deposit; we send a photo first.")
PAGE_PRICES = _section("Prices and timing",
                       "A custom sweater starts at €189 and takes 4–6 weeks; stamping is €6 a piece.")
METHODS = Passage(id="m", question="Which payment methods do you accept?", text="iDEAL, cards and PayPal.",
                  citation=Citation(source="faq.yaml", title="Which payment methods do you accept?"))


def test_a_question_asked_while_a_case_waits_is_answered_from_that_case_s_page() -> None:
    from warmline.knowledge.reading.settling._sections import on_the_page

    found = Retrieval(query="q", confidence=0.17, in_scope=True, answer_text=METHODS.text,
                      candidates=(ScoredPassage(passage=METHODS, score=0.17),
                                  ScoredPassage(passage=PAGE_PRICES, score=0.7),
                                  ScoredPassage(passage=PAGE_HOW, score=0.64)))

    # "do we have to pay the whole thing upfront?": of the page's two sections, the one that says "pay"
    paged = on_the_page(found, asked="do we have to pay the whole thing deposit", url=PAGE)
    assert paged.best is not None
    assert paged.best.passage is PAGE_HOW
    assert paged.in_scope
    assert paged.confidence == 0.64
    # the case's own page is likelier than any other: a section there answers from .2 on ("how does paying work
    # for custom stuff?": "How it works", .29), where one anywhere else needs its threshold
    likely = replace(found, candidates=(found.candidates[0], ScoredPassage(passage=PAGE_HOW, score=0.29)))
    from_the_page = on_the_page(likely, asked="do we have to pay a deposit", url=PAGE).best
    assert from_the_page is not None
    assert from_the_page.passage is PAGE_HOW
    # another page, a section below that, or one that says nothing of the question: as it was
    assert on_the_page(found, asked="do we have to pay the whole thing deposit", url="https://x.example") is found
    low = replace(found, candidates=(found.candidates[0], ScoredPassage(passage=PAGE_HOW, score=0.15)))
    assert on_the_page(low, asked="do we have to pay a deposit", url=PAGE) is low
    assert on_the_page(found, asked="when are you open", url=PAGE) is found
    # already answered from the page: as it was
    answered = replace(found, candidates=found.candidates[1:], confidence=0.7)
    assert on_the_page(answered, asked="how much is stamping", url=PAGE) is answered


def test_a_section_a_little_below_its_bar_answers_a_question_that_names_its_title() -> None:
    def section(title: str) -> Passage:
        return Passage(id=title, question=None, citation=Citation(source="care.md", title=title), text="…")

    drying, washing = section("Drying knitwear"), section("Washing your wool sweater")
    found = Retrieval(query="q", candidates=(ScoredPassage(passage=drying, score=0.45),
                                             ScoredPassage(passage=washing, score=0.27)),
                      confidence=0.45, in_scope=False, answer_text="…")

    assert section_titled_as_asked(found, asked="what about drying, can it go in the dryer on low?").in_scope
    # its title not named; the next one's named too; too far below its bar; a word the knowledge never uses
    assert section_titled_as_asked(found, asked="can it go in the tumbler on low?") is found
    assert section_titled_as_asked(found, asked="drying or washing first?") is found
    assert section_titled_as_asked(replace(found, confidence=0.3), asked="what about drying?").in_scope is False
    measurements = Passage(id="m", question=None, text="…",
                           citation=Citation(source="size-guide.md", title="Sweater and cardigan measurements"))
    sized = replace(found, candidates=(ScoredPassage(passage=measurements, score=0.45), found.candidates[1]))
    assert section_titled_as_asked(sized, asked="what is the noord cardigan made of?") is sized  # not its first word
    unknown = replace(found, unknown_words=("rack",))
    assert section_titled_as_asked(unknown, asked="do you sell a drying rack?") is unknown


def test_a_follow_up_that_found_the_answer_before_again_is_the_section_beside_it_that_says_what_it_asks() -> None:
    washing = section("Washing your wool or alpaca sweater", "Airing it on a hanger freshens it up. Hand wash it.")
    drying = section("Drying knitwear", "Lay it flat on a towel. Hanging a wet knit stretches it.")
    storing = section("Storing knitwear and keeping moths away", "For summer, store it in a cotton bag.")
    cotton = section("Organic cotton knits", "Machine wash at 30 °C.")
    found = reading_of((washing, 0.99), (drying, 0.97), (cotton, 0.92), (storing, 0.8))

    # "ok and after that, just hang it up?" after "how do i wash my wool jumper"
    hung = said_beside(found, asked="ok and after that, just hanging it up?",
                       before=washing.id)
    assert hung.best is not None
    assert hung.best.passage is drying
    # "et pour le ranger pendant l'été ?": the third after the best one
    stored = said_beside(found, asked="and for the store during the summer", before=washing.id)
    assert stored.best is not None
    assert stored.best.passage is storing
    # the answer before says all it asks; the best one is no answer before; another page's section
    assert said_beside(found, asked="and by hand?", before=washing.id) is found
    assert said_beside(found, asked="just hanging it up", before=drying.id) is found
    elsewhere = replace(drying, citation=Citation(source="faq.md", title="Drying knitwear"))
    assert said_beside(reading_of((washing, 0.99), (elsewhere, 0.97)), asked="just hanging it up",
                       before=washing.id).best.passage is washing  # type: ignore[union-attr]


def test_an_faq_entry_beside_the_answer_before_must_say_all_the_follow_up_asks() -> None:
    def entry(title: str, text: str) -> Passage:
        return Passage(id=title, text=text, question=title, citation=Citation(source="faq/returns.yaml", title=title))

    window = entry("How long do I have to return something?", "30 days from delivery.")
    returns = entry("Can I return an item?", "Yes. Within the Netherlands the return label is free.")
    found = reading_of((window, 0.73), (returns, 0.03))
    # "and is the label free?" after "whats the return window?" (demo-shop-fresh26)
    labelled = said_beside(found, asked="and is the label free?", before=window.id)
    assert labelled.best is not None
    assert labelled.best.passage is returns
    # it says only some of what is asked, or nothing rare: an entry this unlikely is no answer
    assert said_beside(found, asked="and is the label free and tracked?", before=window.id) is found
    assert said_beside(found, asked="and is the label free?", before=window.id, rare=lambda term: False) is found
