"""A follow-up that names a topic of its own, and when it is still asked of the answer before."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage
from warmline.knowledge.reading._follow_ups import FollowUps
from warmline.knowledge.reading._index_words import IndexWords, index_words
from warmline.knowledge.reading._settling import asked_of_the_answer_before

if TYPE_CHECKING:
    from warmline.knowledge.base import KnowledgeBase


def _found(title: str, text: str, confidence: float) -> Retrieval:
    passage = Passage(id=title, question=title, text=text, citation=Citation(source="faq.yaml", title=title))
    return Retrieval(query="q", candidates=(ScoredPassage(passage=passage, score=confidence),),
                     confidence=confidence, in_scope=True, answer_text=text)


WORKSHOPS = _found("Do you run workshops?", "A beginners' knitting workshop and a pottery wheel taster.", 0.99)
PATTERNS = _found("Can I buy your yarn or knitting patterns?", "Yarn bundles and the beanie pattern.", 0.34)


def test_a_guess_alone_gives_way_to_a_sure_answer_before_that_says_the_topic() -> None:
    # "what about knitting?" after "do you run pottery workshops?"
    assert asked_of_the_answer_before(PATTERNS, WORKSHOPS, focus="what about knitting", guess=0.35)
    # alone sure of its own topic ("what about paying later?" after the payment methods): its own answer
    assert not asked_of_the_answer_before(replace(PATTERNS, confidence=0.7), WORKSHOPS, focus="what about knitting",
                                          guess=0.35)
    # the answer before does not say the topic, or is not sure
    assert not asked_of_the_answer_before(PATTERNS, WORKSHOPS, focus="what about crochet", guess=0.35)
    assert not asked_of_the_answer_before(PATTERNS, replace(WORKSHOPS, confidence=0.6), focus="what about knitting",
                                          guess=0.35)


def test_a_follow_up_gets_the_narrower_answer_the_question_before_names() -> None:
    from warmline.knowledge.reading._settling import narrowed_by_context

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
    # the narrower one may be the third after the best one
    fourth = replace(found, candidates=(item, sale, entry("How long do I have to return something?", 0.01), custom))
    assert narrowed_by_context(fourth, asked=asked, before="how long does take a sweater made to order") is custom


def test_a_word_of_a_titles_compound_names_it_only_with_the_rest_of_it() -> None:
    from warmline.knowledge.reading._settling import narrowed_by_context

    def entry(title: str, score: float) -> ScoredPassage:
        return ScoredPassage(passage=Passage(id=title, question=title, text="…",
                                             citation=Citation(source="faq.yaml", title=title)), score=score)

    shipping, made = entry("How long does shipping take?", 0.85), entry("How long does a made-to-order piece take?",
                                                                        0.01)
    found = Retrieval(query="q", candidates=(shipping, made), confidence=0.85, in_scope=True, answer_text="…")

    # "¿y a Portugal?" after "¿cuánto tarda en llegar un pedido a Alemania?" ("an order to Germany")
    assert narrowed_by_context(found, asked="how long does take in arrive a order to portugal",
                               before="how long does take in arrive a order to germany") is None


class _Before(FollowUps):
    """The follow-up half of a reader whose searches find ``before`` (the answer to the question before), or
    what ``found`` says a question finds."""

    def __init__(self, before: Retrieval, found: dict[str, Retrieval] | None = None) -> None:
        self._before = before
        self._found = found or {}
        self._knowledge = cast("KnowledgeBase", SimpleNamespace(threshold=0.3))

    def _search(self, text: str, *, language: str, tolerated: frozenset[str] = frozenset(),
                asked: str | None = None) -> Retrieval:
        return self._found.get(text, self._before)

    def _index_words(self) -> IndexWords:
        others = tuple(Passage(id=f"p{n}", question=None, text="Every order ships from the studio.",
                               citation=Citation(source="guide.md", title=f"T{n}")) for n in range(40))
        return index_words((*others, *(c.passage for c in self._before.candidates)), (), known=None)


TAUGHT = _found("Do you run workshops?", "A knitting workshop (3 hours, €65, yarn and needles to take home).", 0.72)
PRICES = _found("What do you sell?", "Sweaters from €139, mugs from €28.", 0.22)
NOTHING = replace(PRICES, in_scope=False, confidence=0.05)


def _asked(text: str, alone: Retrieval, before: Retrieval = TAUGHT) -> Retrieval | None:
    return _Before(before)._on_the_answer_before(alone, text=text, focus=text, language="en",
                                                 context=(("when is the next knitting workshop?",),))


def test_a_word_only_the_answer_before_says_is_asked_of_that_answer() -> None:
    found = _asked("do i need to bring my own needles?", NOTHING)

    assert found is not None
    assert found.best is not None
    assert found.best.passage.citation.title == "Do you run workshops?"
    assert found.query == NOTHING.query
    assert _asked("do i need to bring my own lunch?", NOTHING) is None  # a word it never says
    assert _asked("i'll bring my own needles", NOTHING) is None  # asks nothing
    assert _asked("do i need to bring my own needles?", replace(NOTHING, in_scope=True)) is None  # answered alone


def test_the_price_of_what_a_question_points_back_at_is_the_answer_befores() -> None:
    # "how much is it per person?" after the pottery workshop found the product prices (.22)
    found = _asked("how much is it per person?", PRICES)

    assert found is not None
    assert found.best is not None
    assert found.best.passage.citation.title == "Do you run workshops?"
    assert _asked("how much are the mugs?", PRICES) is None  # points at nothing before
    assert _asked("how much is it per person?", replace(PRICES, confidence=0.6)) is None  # sure alone
    unpriced = _found("Do you run workshops?", "A knitting workshop, yarn and needles to take home.", 0.72)
    assert _asked("how much is it per person?", PRICES, before=unpriced) is None  # gives no price


def test_the_answer_before_may_be_one_a_question_before_the_last_found() -> None:
    # "how much is it per person?" after "do i need to bring my own needles?" (which alone finds nothing: the
    # workshops answered it as the question before it) after "when is the next knitting workshop?"
    before = _Before(TAUGHT, found={"do i need to bring my own needles?": NOTHING})
    found = before._on_the_answer_before(PRICES, text="how much is it per person?", focus="how much is it per person",
                                         language="en", context=(("do i need to bring my own needles?",),
                                                                 ("when is the next knitting workshop?",)))
    assert found is not None
    assert found.best is not None
    assert found.best.passage.citation.title == "Do you run workshops?"
    # a word only the answer before says is read of the question before alone ("is there a discount if we book
    # 2 spots" two questions after the workshops)
    assert before._on_the_answer_before(NOTHING, text="do i need to book my needles?", focus="need book needles",
                                        language="en", context=(("do i need to bring my own needles?",),
                                                                ("when is the next knitting workshop?",))) is None


def test_how_long_asked_of_what_the_answer_before_was_about_is_that_answers_to_give() -> None:
    # "en hoe lang duurt die?" after "wat kost de breiworkshop?" found the hours a sweater takes to knit (.95)
    hours = _found("Made by hand, in small batches", "Each sweater takes between 6 and 14 hours to knit.", 0.95)
    before = _Before(TAUGHT)
    previous = ("what does the knitting workshop cost?",)
    kept = before._still_the_answer_before(hours, previous=previous, focus="and how long does take that",
                                           language="en")

    assert kept is not None
    assert kept.best is not None
    assert kept.best.passage.citation.title == "Do you run workshops?"
    # it asks neither how long nor a price, or names a place of its own; the answer found says the workshop too;
    # the answer before gives no length
    assert before._still_the_answer_before(hours, previous=previous, focus="and is that fun", language="en") is None
    assert before._still_the_answer_before(hours, previous=previous, focus="how long does take about to cologne",
                                           language="en") is None
    said = _found("Made by hand", "A sweater takes 6 to 14 hours to knit; a knitting workshop 3.", 0.95)
    assert before._still_the_answer_before(said, previous=previous, focus="and how long does take that",
                                           language="en") is None
    unsaid = _Before(_found("Do you run workshops?", "A knitting workshop, yarn and needles to take home.", 0.72))
    assert unsaid._still_the_answer_before(hours, previous=previous, focus="and how long does take that",
                                           language="en") is None
    # a rare word the question before only told ("birthday") is not what its answer is about
    cards = _Before(_found("Do you sell gift cards?", "Gift cards of €25 to €150, emailed on a birthday morning.", 0.9))
    balance = _found("How do I check my gift card balance?", "Enter the code to see what's left.", 0.37)
    assert cards._still_the_answer_before(balance, previous=("i got a gift card for my birthday",),
                                          focus="how see i how much still on it is", language="en") is None
    # what the follow-up found is titled with what the question before asked: it is no other topic
    payment = _Before(_found("Which payment methods do you accept?", "iDEAL, cards; Klarna in 30 days.", 0.5))
    works = _found("How it works", "Ines replies within two working days; you pay a 50% deposit.", 0.8)
    assert payment._still_the_answer_before(works, previous=("how does payment work, is there a deposit?",),
                                            focus="and how long", language="en") is None


class _Shipping(_Before):
    """A reader whose knowledge speaks of shipping everywhere: a common word, titles with it are many."""

    def _index_words(self) -> IndexWords:
        others = tuple(Passage(id=f"p{n}", question=None, text="Shipping from the studio.",
                               citation=Citation(source="guide.md", title=f"Shipping {n}")) for n in range(40))
        return index_words((*others, *(c.passage for c in self._before.candidates)), (), known=None)


def test_a_price_asked_of_the_answer_before_is_its_price_though_found_under_a_common_title_word() -> None:
    # "Was kostet das?" after "Gibt es bei euch Expressversand nach Berlin?" (demo-shop-fresh27)
    express = _found("Do you have express delivery?", "DHL Express within Europe in 1–2 working days for €19.95.", 0.64)
    costs = _found("How much does shipping cost?", "Within the Netherlands shipping is €4.95.", 0.51)
    reader = _Shipping(express)
    kept = reader._still_the_answer_before(costs, previous=("do you have express shipping?",),
                                           focus="what costs that", language="en")

    assert kept is not None
    assert kept.best is not None
    assert kept.best.passage.citation.title == "Do you have express delivery?"


def test_a_question_leaning_on_no_word_is_read_with_what_the_question_before_was_about() -> None:
    cards = _found("Do you sell gift cards?", "Digital gift cards of €25 to €150, valid for 2 years.", 0.94)
    balance = _found("How do I check my gift card balance?", "Enter the code at checkout to see what's left.", 0.8)
    text = "can i check online how much is left on mine?"
    # "can i check online how much is left on mine?" after "do you have gift cards?" (demo-shop-fresh26)
    reader = _Before(cards, found={f"{text} have gift cards": balance})
    found = reader._asked_of_the_same_thing(NOTHING, text=text, focus=text, language="en",
                                            context=("do you have gift cards?",))
    assert found is not None
    assert found.best is not None
    assert found.best.passage.citation.title == "How do I check my gift card balance?"
    # read so, it finds the answer before again; or a passage titled with no word of its own
    assert _Before(cards)._asked_of_the_same_thing(NOTHING, text=text, focus=text, language="en",
                                                   context=("do you have gift cards?",)) is None
    assert reader._asked_of_the_same_thing(NOTHING, text=text, focus="how much is left on mine", language="en",
                                           context=("do you have gift cards?",)) is None
    # the question before names nothing of it: what was found is the message's own words and noise
    elsewhere = _Before(cards, found={f"{text} get there by train": balance})
    assert elsewhere._asked_of_the_same_thing(NOTHING, text=text, focus=text, language="en",
                                              context=("how do i get there by train?",)) is None


def test_a_follow_up_sure_alone_of_an_answer_titled_with_its_own_word_is_not_the_answer_before_again() -> None:
    returns = _found("Can I return an item?", "30 days to send it back; we refund you within 5 days of it arriving.",
                     0.61)
    refund = _found("When will I get my refund?", "Within 5 working days of the parcel arriving.", 0.43)
    before = _Before(returns)
    # "et le remboursement arrive quand ?" after "je peux retourner un article ?" (demo-shop-fresh25)
    assert before._continued(refund, text="and the refund arrives when", focus="and the refund arrives when",
                             language="en", previous=("can i return a item",), titled_ok=False) is None
    # only a guess alone, or in scope but weak: the returns, which say it, again
    weak = before._continued(replace(refund, confidence=0.19), text="and the refund arrives when",
                             focus="and the refund arrives when", language="en", previous=("can i return a item",),
                             titled_ok=False)
    assert weak is not None
    guess = replace(refund, in_scope=False, confidence=0.1)
    continued = before._continued(guess, text="and the refund arrives when", focus="and the refund arrives when",
                                  language="en", previous=("can i return a item",), titled_ok=False)
    assert continued is not None
    assert continued.best is not None
    assert continued.best.passage.citation.title == "Can I return an item?"


def test_a_follow_up_naming_a_place_asks_the_answer_before_again_not_the_one_beside_it() -> None:
    def entry(title: str, text: str, score: float) -> ScoredPassage:
        return ScoredPassage(passage=Passage(id=title, question=title, text=text,
                                             citation=Citation(source="faq/shipping.yaml", title=title)), score=score)

    times = entry("How long does shipping take?", "1–2 working days in the Netherlands, 3–5 in the EU.", 0.86)
    countries = entry("Which countries do you ship to?", "The EU, the UK, Switzerland and Norway.", 0.03)
    found = Retrieval(query="q", candidates=(times, countries), confidence=0.86, in_scope=True,
                      answer_text=times.passage.text)
    reader = _Before(found)
    # "Und in die Schweiz?" after "Wie lange dauert der Versand nach Deutschland?" (demo-shop-fresh14)
    assert reader._beside_the_answer_before(found, focus="and in the switzerland", language="en",
                                            previous=("how long does shipping take to germany",)) is None
    beside = reader._beside_the_answer_before(found, focus="and norway too", language="en",
                                              previous=("how long does shipping take to germany",))
    assert beside is None  # (a country is a place too)


def test_how_long_naming_nothing_else_is_asked_of_an_answer_before_that_says_a_length_of_time() -> None:
    # "¿cuánto dura?" after "¿hacéis talleres de cerámica?" (demo-shop-fresh25)
    found = _asked("how long is it?", NOTHING)
    assert found is not None
    assert found.best is not None
    assert found.best.passage.citation.title == "Do you run workshops?"
    # it names something of its own, or the answer before says no length of time
    assert _asked("how long is the shipping?", NOTHING) is None
    unsaid = _found("Do you run workshops?", "A knitting workshop, yarn and needles to take home.", 0.72)
    assert _asked("how long is it?", NOTHING, before=unsaid) is None


def test_the_answer_before_that_says_a_length_of_time_is_no_repeat_of_a_question_how_long() -> None:
    # "how long is it?" after "is the knitting workshop ok for total beginners?" (demo-shop-fresh25)
    reader = _Before(TAUGHT)
    assert not reader._repeats(TAUGHT, previous=("is the knitting workshop ok for beginners",),
                               focus="how long is it", language="en")
    assert reader._repeats(TAUGHT, previous=("is the knitting workshop ok for beginners",),
                           focus="is it fun", language="en")
    # the length of time is in the answer to a question before the last: "¿y cuánto tarda?" after the shipping to
    # Sevilla, after Apple Pay (demo-shop-fresh22), is no question about Klarna's 30 days
    shipping = _found("How much does shipping cost?", "€6.95 within Spain.", 0.6)
    chain = _Before(TAUGHT, found={"and what does shipping to sevilla cost": shipping})
    assert chain._repeats(TAUGHT, previous=("can i pay with apple pay", "and what does shipping to sevilla cost"),
                          focus="and how long", language="en")
