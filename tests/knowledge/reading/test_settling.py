"""What the reader settles knowing the question's words: ties, places, sections sharing no word, follow-ups,
words the knowledge never uses, and a question read alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from warmline.domain import Citation, Passage, Retrieval

TITLES = ("Shipping to the Netherlands", "Shipping to Belgium", "Opening hours", "About our wool")
PASSAGES = tuple(Passage(id=f"p{i}", text=f"{title}: the answer.", question=None if i == len(TITLES) - 1 else title,
                         citation=Citation(source="faq.yaml", title=title)) for i, title in enumerate(TITLES))


def _answered_by(passage: Passage, *, score: float = 0.6) -> Retrieval:
    from warmline.domain import ScoredPassage

    return Retrieval(query="q", candidates=(ScoredPassage(passage=passage, score=score),), confidence=score,
                     in_scope=True, answer_text=passage.text)


def test_a_section_answers_only_a_question_that_shares_a_word_with_it() -> None:
    from warmline.knowledge.reading._settling import with_words_shared

    team = Passage(id="s", text="Joris packs your parcels and chases the carriers.", question=None,
                   citation=Citation(source="about.md", title="Who you'll talk to"))

    assert not with_words_shared(_answered_by(team), asked="do you deliver flowers").in_scope
    assert with_words_shared(_answered_by(team), asked="who packs my parcel").in_scope
    assert with_words_shared(_answered_by(team, score=0.9), asked="do you deliver flowers").in_scope  # sure
    entry = Passage(id="f", text="We ship within a day.", question="How fast do you ship?",
                    citation=Citation(source="faq.yaml", title="How fast do you ship?"))
    assert with_words_shared(_answered_by(entry), asked="when does it leave").in_scope  # FAQ entries are tuned


def test_a_follow_up_is_answered_by_what_it_names_not_by_the_question_before() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading._settling import about_the_follow_up

    def section(title: str, text: str) -> Passage:
        return Passage(id=title, text=text, question=None, citation=Citation(source="care.md", title=title))

    wool = section("Washing your wool sweater", "Hand wash it cold with wool soap.")
    cotton = section("Organic cotton knits", "Machine wash at 30 degrees.")
    drying = section("Drying knitwear", "Dry it flat on a towel.")
    # "how do I wash my wool sweater" + "and the cotton one?", read together: the wool guide comes first
    joined = Retrieval(query="and the cotton one?", in_scope=True, answer_text=wool.text, confidence=0.98,
                       candidates=(ScoredPassage(passage=wool, score=0.98), ScoredPassage(passage=cotton, score=0.94),
                                   ScoredPassage(passage=drying, score=0.92)))

    answered = about_the_follow_up(joined, asked="and the cotton one", threshold=0.3)
    assert answered.best is not None
    assert answered.best.passage is cotton
    assert answered.answer_text == cotton.text
    assert answered.in_scope
    # a follow-up that names nothing of the others, or an answer that already shares its words: unchanged
    assert about_the_follow_up(joined, asked="and the linen one", threshold=0.3) == joined
    assert about_the_follow_up(joined, asked="and the wool soap", threshold=0.3) == joined
    # what it names must be likely enough on its own
    weak = replace(joined, candidates=(joined.candidates[0], ScoredPassage(passage=cotton, score=0.3)))
    assert about_the_follow_up(weak, asked="and the cotton one", threshold=0.3) == weak


def test_an_answer_about_another_country_is_no_choice_to_offer() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading._settling import settled_by_place

    def entry(question: str) -> Passage:
        return Passage(id=question, text="We ship there.", question=question,
                       citation=Citation(source="faq.yaml", title=question))

    countries, uk = entry("Which countries do you ship to?"), entry("Do you ship to the UK?")
    # "what about Switzerland?" after "Do you ship to the UK?": read together, the two come out even
    both = Retrieval(query="what about switzerland", in_scope=True, ambiguous=True, confidence=0.3,
                     answer_text=countries.text,
                     candidates=(ScoredPassage(passage=countries, score=0.3), ScoredPassage(passage=uk, score=0.28)))

    settled = settled_by_place(both, asked="what about switzerland")
    assert not settled.ambiguous
    assert settled.in_scope
    assert settled.best is not None
    assert settled.best.passage is countries
    assert settled_by_place(both, asked="what about the UK again").ambiguous  # both fit the UK


def test_a_question_mostly_about_what_the_knowledge_never_mentions_is_not_answered() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading._settling import barred_by_unknown_words

    visit = Passage(id="visit", text="Please do! We're at Gedempt Hamerkanaal 96-D.",
                    question="Can I visit the studio?",
                    citation=Citation(source="studio.yaml", title="Can I visit the studio?"))
    vocabulary = frozenset({"visit", "studio", "ferry", "sweater", "wool", "itchy", "skin", "merino"})
    common = frozenset({"is", "the", "can", "i", "my", "does", "it", "have"})

    def read(question: str) -> Retrieval:
        sure = Retrieval(query=question, in_scope=True, confidence=0.9, answer_text=visit.text,
                         candidates=(ScoredPassage(passage=visit, score=0.9),))
        return barred_by_unknown_words(sure, vocabulary=vocabulary, common=common)

    # two real words the shop never uses, and nothing it does but "studio": however sure, not the answer
    assert not read("is the studio wheelchair accessible").in_scope
    # one such word among known ones, or words the glossary left as written ("keramiek"), are not enough
    assert read("does the merino scratch my skin").in_scope
    assert read("is the studio rolstoeltoegankelijk keramiek").in_scope
    # a three-letter word is what the question asks for: not the answer; anywhere else it is no topic
    assert not read("can I bring my dog to the studio").in_scope
    assert read("can I visit the studio with my nan").in_scope


def _reading(titles: tuple[str, ...], *, in_scope: bool, confidence: float, query: str = "a question",
             unknown: tuple[str, ...] = (), ambiguous: bool = False) -> Retrieval:
    from warmline.domain import ScoredPassage

    candidates = tuple(ScoredPassage(passage=next(p for p in PASSAGES if p.citation.title == title),
                                     score=confidence if i == 0 else confidence / 4) for i, title in enumerate(titles))
    return Retrieval(query=query, in_scope=in_scope, confidence=confidence, candidates=candidates,
                     answer_text=candidates[0].passage.text, unknown_words=unknown, ambiguous=ambiguous)


WHOLE = _reading(("Shipping to Belgium", "Opening hours", "About our wool"), in_scope=False, confidence=0.08,
                 query="my sister lives in ghent and her birthday is friday. how much is shipping to belgium?")
ASKED = _reading(("Shipping to Belgium", "Shipping to the Netherlands"), in_scope=True, confidence=0.6,
                 query="how much is shipping to belgium?")


def test_a_question_sure_on_its_own_is_answered_though_what_the_message_tells_blurred_it() -> None:
    from warmline.knowledge.reading._settling import focused_on_the_question

    found = focused_on_the_question(WHOLE, ASKED, told="my sister lives in ghent and her birthday is friday.")

    assert found.in_scope
    assert found.best is not None
    assert found.best.passage.citation.title == "Shipping to Belgium"
    assert found.query == WHOLE.query  # the message is what was asked; the question alone is what was searched


def test_a_section_below_its_bar_is_no_answer_of_the_whole_message_to_agree_with() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading._settling import focused_on_the_question

    about = next(p for p in PASSAGES if p.question is None)
    below_its_bar = replace(WHOLE, candidates=(ScoredPassage(passage=about, score=0.3), *WHOLE.candidates))
    found = focused_on_the_question(below_its_bar, ASKED, told="my sister lives in ghent.")

    assert found.best is not None
    assert found.best.passage.citation.title == "Shipping to Belgium"
    sure_section = replace(WHOLE, candidates=(ScoredPassage(passage=about, score=0.6), *WHOLE.candidates))
    assert focused_on_the_question(sure_section, ASKED, told="my sister lives in ghent.") is sure_section


@pytest.mark.parametrize(("whole", "asked", "told"), [
    # the whole message is sure already
    (replace(WHOLE, in_scope=True), ASKED, "her birthday is friday."),
    # refused for a word the knowledge never uses, though sure enough of the rest
    (replace(WHOLE, confidence=0.5, unknown_words=("bicycle",)), ASKED, "i ride a bicycle."),
    # the question alone asks about such a word
    (WHOLE, replace(ASKED, unknown_words=("parking",)), "her birthday is friday."),
    # alone it finds another answer than the whole message's likeliest
    (WHOLE, _reading(("Opening hours",), in_scope=True, confidence=0.6), "her birthday is friday."),
    # alone it is not sure either
    (WHOLE, replace(ASKED, ambiguous=True), "her birthday is friday."),
    # what it tells names the title of another likely answer
    (WHOLE, ASKED, "I have a question about your opening hours."),
    # what it tells is about one order: the story is the case
    (WHOLE, ASKED, "ordered 2 weeks ago for a bday that's now been and gone. MS-27765."),
])
def test_the_question_alone_stands_only_when_the_whole_message_agrees(whole: Retrieval, asked: Retrieval,
                                                                      told: str) -> None:
    from warmline.knowledge.reading._settling import focused_on_the_question

    assert focused_on_the_question(whole, asked, told=told) is whole


def test_who_someone_is_is_the_one_likely_passage_that_names_them() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading._settling import settled_by_name

    def passage(title: str, text: str) -> ScoredPassage:
        return ScoredPassage(passage=Passage(id=title, text=text, citation=Citation(source="about.md", title=title)),
                             score=0.3)

    team = passage("Who you'll talk to", "Joris van Dijk packs and ships your parcels. Amara looks after payments.")
    story = passage("Our story", "Mossa started at Ines's kitchen table.")
    unsure = Retrieval(query="q", in_scope=False, confidence=0.3, candidates=(story, team))

    joris = settled_by_name(unsure, asked="who's joris? his name was on the shipping email")
    assert joris.in_scope
    assert joris.best is team
    assert joris.answer_text == "Joris van Dijk packs and ships your parcels."  # the sentence that names him
    assert settled_by_name(unsure, asked="Wie is Amara eigenlijk?").best is team
    assert not settled_by_name(unsure, asked="who is Megan?").in_scope  # nobody the knowledge names
    assert not settled_by_name(unsure, asked="where is Joris from?").in_scope  # not who he is


BARRED = _reading(("Shipping to Belgium", "Opening hours"), in_scope=False, confidence=0.3, unknown=("accident",),
                  query="deleted the shipping email by accident lol, how much is shipping to belgium?")


def test_a_word_the_knowledge_never_uses_in_what_a_message_tells_bars_no_answer_to_its_question() -> None:
    from warmline.knowledge.reading._settling import unbarred_by_what_is_told

    asked_only = replace(BARRED, in_scope=True, unknown_words=())
    assert unbarred_by_what_is_told(BARRED, asked_only, told=BARRED.query) is asked_only


@pytest.mark.parametrize(("asked_only", "told"), [
    # the asking clause names such a word too
    (replace(BARRED, in_scope=True), BARRED.query),
    # not sure enough of its answer: a guess, refused as before
    (replace(BARRED, in_scope=True, unknown_words=(), confidence=0.15), BARRED.query),
    # not in scope on its own
    (replace(BARRED, unknown_words=()), BARRED.query),
    # an order number told: the story is the case
    (replace(BARRED, in_scope=True, unknown_words=()), "where is MS-27765 honestly, ordered it 2 weeks ago"),
])
def test_a_match_refused_for_a_word_stays_refused_unless_only_what_is_told_names_it(asked_only: Retrieval,
                                                                                  told: str) -> None:
    from warmline.knowledge.reading._settling import unbarred_by_what_is_told

    assert unbarred_by_what_is_told(BARRED, asked_only, told=told) is BARRED


def test_a_tie_is_settled_for_the_answer_whose_title_the_question_names() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading._settling import settled_by_title

    def entry(question: str) -> Passage:
        return Passage(id=question, text="The answer.", question=question,
                       citation=Citation(source="faq.yaml", title=question))

    later, methods = entry("Can I pay later or in instalments?"), entry("Which payment methods do you accept?")

    def tie(confidence: float) -> Retrieval:
        return Retrieval(query="q", in_scope=True, ambiguous=True, confidence=confidence, answer_text=later.text,
                         candidates=(ScoredPassage(passage=later, score=confidence),
                                     ScoredPassage(passage=methods, score=0.15)))

    settled = settled_by_title(tie(0.42), asked="can i pay in instalments")
    assert not settled.ambiguous
    assert settled.in_scope
    assert settled_by_title(tie(0.3), asked="can i pay in instalments").ambiguous  # not likely enough
    assert settled_by_title(tie(0.42), asked="which methods, and instalments?").ambiguous  # names the other's too


def test_a_term_of_a_title_the_question_uses_names_that_answer() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading._settling import settled_by_term

    def entry(question: str) -> Passage:
        return Passage(id=question, text=f"{question} The answer.", question=question,
                       citation=Citation(source="faq.yaml", title=question))

    shipping, made = entry("How long does shipping take?"), entry("How long does a made-to-order piece take?")
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


def test_a_section_gives_way_to_the_next_whose_title_the_question_names_and_that_says_more_of_it() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading._settling import settled_by_section_title

    def section(title: str, text: str) -> Passage:
        return Passage(id=title, text=text, question=None, citation=Citation(source="care.md", title=title))

    drying = section("Drying knitwear", "Roll the wet sweater in a towel. Hanging a wet knit stretches it.")
    storing = section("Storing knitwear", "For summer, wash it first and store it in a cotton bag.")
    found = Retrieval(query="q", in_scope=True, confidence=0.86, answer_text=drying.text,
                      candidates=(ScoredPassage(passage=drying, score=0.86),
                                  ScoredPassage(passage=storing, score=0.77)))

    settled = settled_by_section_title(found, asked="how to store my sweater in summer")
    assert settled.best is not None
    assert settled.best.passage is storing
    assert settled.answer_text == storing.text
    # the best one speaks of more of it ("hang", "wet"), though the other's title is named ("stor")
    assert settled_by_section_title(found, asked="can i hang my wet sweater or should i store it flat") is found
    far = replace(found, candidates=(found.candidates[0], ScoredPassage(passage=storing, score=0.6)))
    assert settled_by_section_title(far, asked="how to store my sweater in summer") is far  # too unlikely
    entry = Passage(id="f", text="Store it folded.", question="How do I store a sweater?",
                    citation=Citation(source="faq.yaml", title="How do I store a sweater?"))
    calibrated = replace(found, candidates=(ScoredPassage(passage=entry, score=0.86), found.candidates[1]))
    assert settled_by_section_title(calibrated, asked="how to keep my sweater in summer") is calibrated


def test_an_answer_about_another_material_gives_way_to_a_near_one_about_the_material_asked() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading._settling import settled_by_material

    def section(title: str, text: str) -> Passage:
        return Passage(id=title, text=text, question=None, citation=Citation(source="care.md", title=title))

    wool = section("Washing your wool or alpaca sweater", "Hand wash it in lukewarm water with a wool detergent.")
    cotton = section("Organic cotton knits", "Machine wash at 30 °C on a gentle cycle, inside out.")
    drying = section("Drying knitwear", "Roll the wet sweater in a towel.")
    found = Retrieval(query="q", in_scope=True, confidence=0.976, answer_text=wool.text,
                      candidates=(ScoredPassage(passage=wool, score=0.976), ScoredPassage(passage=drying, score=0.97),
                                  ScoredPassage(passage=cotton, score=0.966)))

    settled = settled_by_material(found, asked="how do i wash my cotton sweater")
    assert settled.best is not None
    assert settled.best.passage is cotton
    assert settled.answer_text == cotton.text
    assert settled.confidence == 0.966
    # the material asked is the one of the title ("merino" is wool), or none is asked: nothing to settle
    assert settled_by_material(found, asked="how do i wash my merino sweater") is found
    assert settled_by_material(found, asked="how do i wash my sweater") is found
    # a follow-up names its material in the turn before: "how should i wash it next time then"
    followed = settled_by_material(found, asked="how should i wash it next time",
                                   before="how should i wash it next time my cotton sweater shrank")
    assert followed.best is not None
    assert followed.best.passage is cotton
    # no near candidate about the material asked: the answer stands
    far = replace(found, candidates=(*found.candidates[:2], ScoredPassage(passage=cotton, score=0.1)))
    assert settled_by_material(far, asked="how do i wash my cotton sweater") is far
    # the best one is about the material asked, the other about another: no choice to offer
    even = replace(found, ambiguous=True, answer_text=cotton.text,
                   candidates=(ScoredPassage(passage=cotton, score=0.95), ScoredPassage(passage=wool, score=0.94)))
    assert not settled_by_material(even, asked="will the cotton one shrink").ambiguous
    assert settled_by_material(even, asked="will it shrink").ambiguous
