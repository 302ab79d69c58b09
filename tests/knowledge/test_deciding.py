"""The verdict on one question's candidates: answer, ask which of two, or not from knowledge."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from warmline.domain import Citation, Passage, Retrieval
from warmline.knowledge._deciding import retrieval_for
from warmline.knowledge._scoring import FEATURES, Calibrator, Scorer, _gap
from warmline.knowledge._state import IndexState
from warmline.knowledge.files import Key

TITLES = ("Shipping to the Netherlands", "Shipping to Belgium", "Opening hours", "About our wool")
SECTION = 3  # the last passage is a Markdown section, scored by the fixed curve


def state(*, threshold: float = 0.5, pair_threshold: float | None = None,
          sections: frozenset[int] = frozenset({SECTION})) -> IndexState:
    passages = tuple(Passage(id=f"p{i}", text=f"{title}: the answer.", question=None if i in sections else title,
                             citation=Citation(source="faq.yaml", title=title)) for i, title in enumerate(TITLES))
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("dense")] = coef[FEATURES.index("dense_gap")] = 10.0
    # P = sigmoid(10 · cosine + 10 · its gap to the best other − 10): a clear winner near .9 clears .5.
    calibrator = Calibrator(mean=np.zeros(len(FEATURES)), scale=np.ones(len(FEATURES)), coef=coef, intercept=-10.0)
    return IndexState(bot_name="t", model="m", passages=passages, hashes=("",) * len(passages),
                      keys=tuple(Key(text=p.citation.title, kind="question", answer=p.text) for p in passages),
                      key_ids=tuple(p.id for p in passages), passage_of=np.arange(len(passages)),
                      centroids=np.zeros((len(passages), 2)), classifier=None, calibrator=calibrator,
                      threshold=threshold, margin=0.1, tuning={"pair_threshold": pair_threshold})


def decide(cosines: list[float], *, index: IndexState | None = None) -> Retrieval:
    index = index or state()
    scorer = Scorer(passage_of=index.passage_of, n_passages=len(index.passages), centroids=index.centroids,
                    lexical=None, classifier=None,
                    is_section=np.array([p.question is None for p in index.passages]))
    dense = np.array(cosines)
    features = np.zeros((dense.size, len(FEATURES)))
    features[:, FEATURES.index("dense")] = dense
    features[:, FEATURES.index("dense_gap")] = _gap(dense)
    order = np.argsort(-dense)
    return retrieval_for("a question", state=index, scorer=scorer, cands=np.arange(dense.size), features=features,
                         dense=(order, dense[order]), k=3)


def test_a_clear_winner_is_answered_with_its_own_text() -> None:
    found = decide([0.9, 0.3, 0.2, 0.1])
    assert found.in_scope
    assert not found.ambiguous
    assert found.best is not None
    assert found.best.passage.id == "p0"
    assert found.answer_text == "Shipping to the Netherlands: the answer."
    assert found.confidence == pytest.approx(found.candidates[0].score)
    assert [c.score for c in found.candidates] == sorted((c.score for c in found.candidates), reverse=True)
    assert len(found.candidates) == 3  # k


def test_nothing_near_is_not_answered() -> None:
    found = decide([0.3, 0.25, 0.2, 0.1])
    assert not found.in_scope
    assert not found.ambiguous


def test_two_near_answers_make_a_question_back_with_both_first() -> None:
    found = decide([0.2, 0.79, 0.8, 0.1])  # neither alone clears .5; together they stand out from the rest
    assert found.in_scope
    assert found.ambiguous
    assert [c.passage.id for c in found.candidates[:2]] == ["p2", "p1"]


def test_a_lowered_threshold_keeps_the_question_back_at_the_pair_threshold() -> None:
    found = decide([0.2, 0.79, 0.8, 0.1], index=state(pair_threshold=0.99))
    assert not found.in_scope
    assert not found.ambiguous


def test_an_entry_that_clears_the_threshold_beats_a_likelier_section() -> None:
    found = decide([0.9, 0.3, 0.2, 0.95], index=state(threshold=0.1))
    assert found.candidates[1].passage.id == "p3"  # the section is likelier
    assert found.candidates[1].score > found.candidates[0].score
    assert found.best is not None
    assert found.best.passage.id == "p0"
    assert found.in_scope
    assert not found.ambiguous


def test_a_section_alone_is_answered_by_the_fixed_curve() -> None:
    found = decide([0.3, 0.2, 0.1, 0.6], index=state(threshold=0.99))
    assert found.best is not None
    assert found.best.passage.id == "p3"
    assert found.in_scope  # .6 is well past the curve's midpoint (.44), whatever the FAQ threshold


def test_a_section_further_from_the_question_than_an_faq_question_answers_only_when_sure() -> None:
    # The entry written for such questions is nearer (.58) than the paragraph (.55) but not sure enough to
    # answer; the paragraph, which clears its curve (.79), is no better a guess.
    found = decide([0.58, 0.2, 0.1, 0.55], index=state(threshold=0.99))
    assert found.best is not None
    assert found.best.passage.id == "p3"
    assert not found.in_scope
    assert not found.ambiguous
    # a paragraph sure on its own (.60: .87 on the curve) answers all the same
    sure = decide([0.63, 0.2, 0.1, 0.6], index=state(threshold=0.99))
    assert sure.best is not None
    assert sure.best.passage.id == "p3"
    assert sure.in_scope


def test_of_two_sections_the_clearly_nearer_one_answers() -> None:
    # Both clear the fixed curve near its top (.97 and .93), closer than any margin tuned on FAQ entries,
    # but their cosines are .09 apart: the nearer one is the answer, not a question back.
    two_sections = state(threshold=0.99, sections=frozenset({2, SECTION}))
    found = decide([0.1, 0.1, 0.66, 0.75], index=two_sections)
    assert found.best is not None
    assert found.best.passage.id == "p3"
    assert found.in_scope
    assert not found.ambiguous


def test_two_sections_nearly_as_near_make_a_question_back() -> None:
    found = decide([0.1, 0.1, 0.73, 0.75], index=state(threshold=0.99, sections=frozenset({2, SECTION})))
    assert found.in_scope
    assert found.ambiguous
    assert [c.passage.id for c in found.candidates[:2]] == ["p3", "p2"]


def _answered_by(passage: Passage, *, score: float = 0.6) -> Retrieval:
    from warmline.domain import ScoredPassage

    return Retrieval(query="q", candidates=(ScoredPassage(passage=passage, score=score),), confidence=score,
                     in_scope=True, answer_text=passage.text)


def test_a_section_answers_only_a_question_that_shares_a_word_with_it() -> None:
    from warmline.knowledge._deciding import with_words_shared

    team = Passage(id="s", text="Joris packs your parcels and chases the carriers.", question=None,
                   citation=Citation(source="about.md", title="Who you'll talk to"))

    assert not with_words_shared(_answered_by(team), asked="do you deliver flowers").in_scope
    assert with_words_shared(_answered_by(team), asked="who packs my parcel").in_scope
    entry = Passage(id="f", text="We ship within a day.", question="How fast do you ship?",
                    citation=Citation(source="faq.yaml", title="How fast do you ship?"))
    assert with_words_shared(_answered_by(entry), asked="when does it leave").in_scope  # FAQ entries are tuned


def test_a_follow_up_is_answered_by_what_it_names_not_by_the_question_before() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge._deciding import about_the_follow_up

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
    from warmline.knowledge._deciding import settled_by_place

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
    from warmline.knowledge._deciding import barred_by_unknown_words

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

    index = state()
    candidates = tuple(ScoredPassage(passage=next(p for p in index.passages if p.citation.title == title),
                                     score=confidence if i == 0 else confidence / 4) for i, title in enumerate(titles))
    return Retrieval(query=query, in_scope=in_scope, confidence=confidence, candidates=candidates,
                     answer_text=candidates[0].passage.text, unknown_words=unknown, ambiguous=ambiguous)


WHOLE = _reading(("Shipping to Belgium", "Opening hours", "About our wool"), in_scope=False, confidence=0.08,
                 query="my sister lives in ghent and her birthday is friday. how much is shipping to belgium?")
ASKED = _reading(("Shipping to Belgium", "Shipping to the Netherlands"), in_scope=True, confidence=0.6,
                 query="how much is shipping to belgium?")


def test_a_question_sure_on_its_own_is_answered_though_what_the_message_tells_blurred_it() -> None:
    from warmline.knowledge._deciding import focused_on_the_question

    found = focused_on_the_question(WHOLE, ASKED, told="my sister lives in ghent and her birthday is friday.")

    assert found.in_scope
    assert found.best is not None
    assert found.best.passage.citation.title == "Shipping to Belgium"
    assert found.query == WHOLE.query  # the message is what was asked; the question alone is what was searched


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
    from warmline.knowledge._deciding import focused_on_the_question

    assert focused_on_the_question(whole, asked, told=told) is whole


def test_who_someone_is_is_the_one_likely_passage_that_names_them() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge._deciding import settled_by_name

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
    from warmline.knowledge._deciding import unbarred_by_what_is_told

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
    from warmline.knowledge._deciding import unbarred_by_what_is_told

    assert unbarred_by_what_is_told(BARRED, asked_only, told=told) is BARRED
