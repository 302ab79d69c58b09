"""The answer before, asked again: a word only it says, a price or how long asked of it, what the question
before was about, and a follow-up that says no more than it."""

from __future__ import annotations

from dataclasses import replace

from tests.knowledge.reading.readers import Before, found_entry

from warmline.domain import Citation, Passage, Retrieval
from warmline.knowledge.reading._index_words import IndexWords, index_words

TAUGHT = found_entry("Do you run workshops?",
                     "A knitting workshop (3 hours, €65, yarn and needles to take home).", 0.72)
PRICES = found_entry("What do you sell?", "Sweaters from €139, mugs from €28.", 0.22)
NOTHING = replace(PRICES, in_scope=False, confidence=0.05)


def _asked(text: str, alone: Retrieval, before: Retrieval = TAUGHT) -> Retrieval | None:
    return Before(before)._on_the_answer_before(alone, text=text, focus=text, language="en",
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
    unpriced = found_entry("Do you run workshops?", "A knitting workshop, yarn and needles to take home.", 0.72)
    assert _asked("how much is it per person?", PRICES, before=unpriced) is None  # gives no price


def test_the_answer_before_may_be_one_a_question_before_the_last_found() -> None:
    # "how much is it per person?" after "do i need to bring my own needles?" (which alone finds nothing: the
    # workshops answered it as the question before it) after "when is the next knitting workshop?"
    before = Before(TAUGHT, found={"do i need to bring my own needles?": NOTHING})
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
    hours = found_entry("Made by hand, in small batches", "Each sweater takes between 6 and 14 hours to knit.", 0.95)
    before = Before(TAUGHT)
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
    said = found_entry("Made by hand", "A sweater takes 6 to 14 hours to knit; a knitting workshop 3.", 0.95)
    assert before._still_the_answer_before(said, previous=previous, focus="and how long does take that",
                                           language="en") is None
    unsaid = Before(found_entry("Do you run workshops?", "A knitting workshop, yarn and needles to take home.", 0.72))
    assert unsaid._still_the_answer_before(hours, previous=previous, focus="and how long does take that",
                                           language="en") is None
    # a rare word the question before only told ("birthday") is not what its answer is about
    cards = Before(found_entry("Do you sell gift cards?",
                               "Gift cards of €25 to €150, emailed on a birthday morning.", 0.9))
    balance = found_entry("How do I check my gift card balance?", "Enter the code to see what's left.", 0.37)
    assert cards._still_the_answer_before(balance, previous=("i got a gift card for my birthday",),
                                          focus="how see i how much still on it is", language="en") is None
    # what the follow-up found is titled with what the question before asked: it is no other topic
    payment = Before(found_entry("Which payment methods do you accept?", "iDEAL, cards; Klarna in 30 days.", 0.5))
    works = found_entry("How it works", "Ines replies within two working days; you pay a 50% deposit.", 0.8)
    assert payment._still_the_answer_before(works, previous=("how does payment work, is there a deposit?",),
                                            focus="and how long", language="en") is None


class _Shipping(Before):
    """A reader whose knowledge speaks of shipping everywhere: a common word, titles with it are many."""

    def _index_words(self) -> IndexWords:
        others = tuple(Passage(id=f"p{n}", question=None, text="Shipping from the studio.",
                               citation=Citation(source="guide.md", title=f"Shipping {n}")) for n in range(40))
        return index_words((*others, *(c.passage for c in self._before.candidates)), (), known=None)


def test_a_price_asked_of_the_answer_before_is_its_price_though_found_under_a_common_title_word() -> None:
    # "Was kostet das?" after "Gibt es bei euch Expressversand nach Berlin?" (demo-shop-fresh27)
    express = found_entry("Do you have express delivery?",
                          "DHL Express within Europe in 1–2 working days for €19.95.", 0.64)
    costs = found_entry("How much does shipping cost?", "Within the Netherlands shipping is €4.95.", 0.51)
    reader = _Shipping(express)
    kept = reader._still_the_answer_before(costs, previous=("do you have express shipping?",),
                                           focus="what costs that", language="en")

    assert kept is not None
    assert kept.best is not None
    assert kept.best.passage.citation.title == "Do you have express delivery?"


def test_a_question_leaning_on_no_word_is_read_with_what_the_question_before_was_about() -> None:
    cards = found_entry("Do you sell gift cards?", "Digital gift cards of €25 to €150, valid for 2 years.", 0.94)
    balance = found_entry("How do I check my gift card balance?", "Enter the code at checkout to see what's left.", 0.8)
    text = "can i check online how much is left on mine?"
    # "can i check online how much is left on mine?" after "do you have gift cards?" (demo-shop-fresh26)
    reader = Before(cards, found={f"{text} have gift cards": balance})
    found = reader._asked_of_the_same_thing(NOTHING, text=text, focus=text, language="en",
                                            context=("do you have gift cards?",))
    assert found is not None
    assert found.best is not None
    assert found.best.passage.citation.title == "How do I check my gift card balance?"
    # read so, it finds the answer before again; or a passage titled with no word of its own
    assert Before(cards)._asked_of_the_same_thing(NOTHING, text=text, focus=text, language="en",
                                                  context=("do you have gift cards?",)) is None
    assert reader._asked_of_the_same_thing(NOTHING, text=text, focus="how much is left on mine", language="en",
                                           context=("do you have gift cards?",)) is None
    # the question before names nothing of it: what was found is the message's own words and noise
    elsewhere = Before(cards, found={f"{text} get there by train": balance})
    assert elsewhere._asked_of_the_same_thing(NOTHING, text=text, focus=text, language="en",
                                              context=("how do i get there by train?",)) is None


def test_a_follow_up_sure_alone_of_an_answer_titled_with_its_own_word_is_not_the_answer_before_again() -> None:
    returns = found_entry("Can I return an item?",
                          "30 days to send it back; we refund you within 5 days of it arriving.", 0.61)
    refund = found_entry("When will I get my refund?", "Within 5 working days of the parcel arriving.", 0.43)
    before = Before(returns)
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


def test_how_long_naming_nothing_else_is_asked_of_an_answer_before_that_says_a_length_of_time() -> None:
    # "¿cuánto dura?" after "¿hacéis talleres de cerámica?" (demo-shop-fresh25)
    found = _asked("how long is it?", NOTHING)
    assert found is not None
    assert found.best is not None
    assert found.best.passage.citation.title == "Do you run workshops?"
    # it names something of its own, or the answer before says no length of time
    assert _asked("how long is the shipping?", NOTHING) is None
    unsaid = found_entry("Do you run workshops?", "A knitting workshop, yarn and needles to take home.", 0.72)
    assert _asked("how long is it?", NOTHING, before=unsaid) is None
