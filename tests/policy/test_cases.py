"""Whether a message opens a case, and what a message naming an order tells; the precedence is in test_decide."""

from __future__ import annotations

import pytest

from scenarios._builders import load_bot, retrieval
from warmline.domain import Retrieval, Signal, SignalKind, Signals
from warmline.policy._cases import case_leaned_to, case_opened, order_named, tells_about, work_nobody_answers

GUESS = retrieval({"in_scope": True, "confidence": 0.28, "answer": "Every parcel has a tracking link.",
                   "candidates": [{"score": 0.28, "question": "How do I track my order?", "source": "faq.yaml"}]},
                  query="q")


def _likely(case: str, score: float = 0.7) -> Signals:
    return Signals(items=(Signal(kind=SignalKind.COMPLEXITY, score=score, label=case),))


@pytest.mark.parametrize(("text", "opened"), [
    # trouble told, nothing asked: a guess at an answer does not answer it
    ("Mein Paket sollte letzte Woche kommen und die Sendungsverfolgung bewegt sich seit Tagen nicht.", True),
    # asked: the shop's answer wins over a likeness
    ("how do i track my parcel?", False),
    ("wo kann ich sehen, wo mein Paket ist", False),  # asked without a question mark
])
def test_a_likely_case_told_asking_nothing_is_not_answered_by_a_guess(text: str, opened: bool) -> None:
    case = case_opened(_likely("missing_parcel"), GUESS, load_bot(), text=text)

    assert (case is not None and case.name == "missing_parcel") is opened


def test_a_sure_answer_still_answers_a_likely_case_told() -> None:
    sure = retrieval({"in_scope": True, "confidence": 0.7, "answer": "Every parcel has a tracking link.",
                      "candidates": [{"score": 0.7, "question": "How do I track my order?", "source": "faq.yaml"}]},
                     query="q")
    assert case_opened(_likely("missing_parcel", 0.65), sure, load_bot(),
                       text="my parcel hasn't moved in the tracking for days") is None


@pytest.mark.parametrize(("text", "told"), [
    ("de trui die ik kreeg (MS-15532) heeft een gat bij de naad, echt balen", True),
    ("me gustaría cambiar el gorro por el de talla infantil, pedido MS-15532", True),
    ("how do I wash the sweater from MS-15532?", False),
    ("MS-15532: can I still return it?", False),
    # something added to or changed in the order placed: only someone who opens it can (demo-shop-fresh27)
    ("can you still add a gift box to MS-15532? forgot to tick it and it's for my mum", True),
    ("kunnen jullie aan MS-15532 nog een cadeaudoos toevoegen?", True),
    ("vous pouvez ajouter une boîte cadeau à la commande MS-15532 ?", True),
    ("MS-15532 arrived, can i add my sister to the newsletter too?", False),
])
def test_a_message_naming_an_order_tells_of_it_unless_it_only_asks(text: str, told: bool) -> None:
    assert order_named(text, load_bot()) == "MS-15532"
    assert tells_about("MS-15532", text=text) is told


def _answering(text: str, confidence: float) -> Retrieval:
    return retrieval({"in_scope": True, "confidence": confidence, "answer": text,
                      "candidates": [{"score": confidence, "question": "Sweater measurements",
                                      "source": "size-guide.md"}]}, query="q")


def test_work_asked_of_the_shop_is_no_plain_question_a_sure_answer_may_keep() -> None:
    sizes = _answering("| XS | 52 | 62 | 44 |", 0.8)
    # "Könnt ihr mir den Noord Cardigan in Waldgrün in XS stricken?" read in English words
    case = case_opened(_likely("custom_order", 0.98), sizes, load_bot(),
                       text="can you me the noord cardigan in forest green in xs knit?")
    assert case is not None
    assert case.name == "custom_order"
    # a plain question the size table answers surely stays answered
    assert case_opened(_likely("custom_order", 0.98), sizes, load_bot(),
                       text="how wide is the xs?") is None


def test_an_answer_that_speaks_of_the_work_as_the_case_opens_it() -> None:
    knit = _answering("We can knit it to your measurements as a custom order. | XXL | 67 | 72 | 49 |", 0.91)
    case = case_opened(_likely("custom_order"), knit, load_bot(),
                       text="can you knit the noord cardigan in rust in size xxl?")
    assert case is not None
    assert case.name == "custom_order"
    plain = _answering("We can knit it to your measurements. | XXL | 67 | 72 | 49 |", 0.91)
    assert case_opened(_likely("custom_order"), plain, load_bot(),
                       text="can you knit the noord cardigan in rust in size xxl?") is None


def test_the_case_signals_lean_to_at_all_is_the_one_a_message_about_an_order_is_asked_about_as() -> None:
    # "buuut the L planter has a big crack down the side 😕 order MS-22871" leans .28 to a damaged item
    leaned = case_leaned_to(_likely("damaged_item", 0.28), load_bot())

    assert leaned is not None
    assert leaned.name == "damaged_item"
    assert case_leaned_to(_likely("damaged_item", 0.1), load_bot()) is None  # no lean
    assert case_leaned_to(_likely("no_such_case", 0.9), load_bot()) is None  # not a case type of this shop
    assert case_leaned_to(Signals(items=()), load_bot()) is None


def test_a_thing_asked_made_that_a_sure_answer_is_titled_with_is_no_work_nobody_answers() -> None:
    def titled(title: str, confidence: float) -> Retrieval:
        return retrieval({"in_scope": True, "confidence": confidence, "answer": "Every order is wrapped in tissue.",
                          "candidates": [{"question": title, "score": confidence}]}, query="q")

    wrap = titled("Do you offer gift wrapping?", 0.94)
    # "c'est pour offrir, vous pouvez faire un paquet cadeau ?" read in English words (demo-shop-fresh26)
    assert work_nobody_answers(wrap, text="is for offer can you make a gift wrap", bot=load_bot()) is None
    # not sure, or something else made: a person who can make it
    assert work_nobody_answers(titled("Do you offer gift wrapping?", 0.4), text="can you make a gift wrap",
                               bot=load_bot()) == "make"
    beanies = titled("Beanies and mittens", 0.9)
    assert work_nobody_answers(beanies, text="can you make a matching beanie for my kid", bot=load_bot()) == "make"
