"""Signals read by example: a wish, upset, a case type and payment trouble, merged with the word readings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import numpy as np

from scenarios._builders import load_bot
from warmline.domain import Customer, Signal, SignalKind
from warmline.signals import ExampleSignals, LabelledExample, compute_signals, with_case
from warmline.signals._by_example import MessageReading
from warmline.signals._classifier import ExampleReading

from ._fake_embed import bag_of_words

_NOW = datetime(2026, 11, 18, tzinfo=UTC)
# Phrasings the word lists do not know, so only the examples can read them.
_EXTRA = (
    LabelledExample("liever contact met een collega van jullie", "wants_human", "nl"),
    LabelledExample("zo ontzettend boos op jullie", "upset", "nl"),
    LabelledExample("de kaart werd geweigerd bij het afrekenen", "payment_trouble", "nl"),
)


def _signals(text: str, customer: Customer | None = None) -> dict[SignalKind, Signal]:
    bot = load_bot()
    examples = ExampleSignals(embed=bag_of_words, case_types=bot.case_types, extra=_EXTRA)
    signals = compute_signals(text=text, history=(), customer=customer or Customer(id="c"), bot=bot, now=_NOW,
                              examples=examples)
    return {signal.kind: signal for signal in signals.items}


def test_a_wish_the_word_lists_miss_is_read_by_example_with_its_closest_example() -> None:
    without = compute_signals(text="liever contact met een collega van jullie", history=(), customer=Customer(id="c"),
                              bot=load_bot(), now=_NOW)
    assert without.score(SignalKind.WANTS_HUMAN) < 0.5
    wants = _signals("liever contact met een collega van jullie")[SignalKind.WANTS_HUMAN]
    assert wants.score >= 0.8
    assert wants.label == "yes"
    assert "closest to 'liever contact met een collega van jullie'" in wants.evidence[0]


def test_upset_by_example_raises_the_emotion_and_says_why() -> None:
    emotion = _signals("ik ben zo ontzettend boos op jullie")[SignalKind.EMOTION]
    assert emotion.score >= 0.4
    assert any(item.startswith("upset by example") for item in emotion.evidence)


def test_payment_trouble_by_example_is_unusual_for_a_loyal_customer() -> None:
    loyal = Customer(id="c", customer_since=datetime(2017, 1, 1, tzinfo=UTC).date(), orders_count=40,
                     payments_on_time=60)
    tenure = _signals("mijn kaart werd geweigerd bij het afrekenen", loyal)[SignalKind.TENURE]
    assert tenure.label == "unusual_situation"
    assert any("payment trouble" in item for item in tenure.evidence)


def test_an_ordinary_question_is_no_case_even_when_a_word_matches_one() -> None:
    complexity = _signals("what sizes do you have")[SignalKind.COMPLEXITY]
    assert complexity.score == 0.0


def test_an_email_that_states_its_case_in_one_sentence_opens_it() -> None:
    email = ("Dear Mossa team, I ordered two mugs and a scarf last Tuesday with next day shipping. "
             "The scarf is lovely but the glaze on my vase is cracked. I am happy to send you a picture. "
             "Kind regards, Hannah")

    complexity = _signals(email)[SignalKind.COMPLEXITY]

    assert complexity.label == "damaged_item"
    assert "the glaze on my vase is cracked" in complexity.evidence[0]


def test_the_examples_are_embedded_by_embed_examples_and_messages_by_embed_with_the_same_reading() -> None:
    calls: dict[str, list[int]] = {"examples": [], "messages": []}

    def counted(kind: str) -> Callable[[Sequence[str]], np.ndarray]:
        def embed(texts: Sequence[str]) -> np.ndarray:
            calls[kind].append(len(texts))
            return bag_of_words(texts)
        return embed

    bot = load_bot()
    split = ExampleSignals(embed=counted("messages"), embed_examples=counted("examples"), case_types=bot.case_types,
                           extra=_EXTRA)
    single = ExampleSignals(embed=bag_of_words, case_types=bot.case_types, extra=_EXTRA)

    wish = "liever contact met een collega van jullie"
    assert split.read(wish) == single.read(wish)
    assert calls["messages"] == [1]  # the message alone
    assert len(calls["examples"]) == 2
    assert min(calls["examples"]) > 10



def _read_as(label: str, probability: float) -> MessageReading:
    case = ExampleReading(label=label, probability=probability, probabilities=((label, probability),),
                          nearest=("an example",))
    return MessageReading(general=ExampleReading(label="other", probability=1.0, probabilities=(), nearest=()),
                          case=case)


def test_a_fair_case_reading_the_words_agree_with_is_a_likely_case_not_a_sure_one() -> None:
    bot = load_bot()
    name = bot.case_types[0].name
    words = Signal(kind=SignalKind.COMPLEXITY, score=0.25, label=name, evidence=("two of its words",))

    agreed = with_case(words, _read_as(name, 0.9), bot)
    # opened when the knowledge has no answer (the bot file's delay_complexity, .6), but an answer the shop
    # wrote wins over it (the policy's sure case is .8)
    assert agreed.label == name
    assert bot.thresholds.delay_complexity <= agreed.score < 0.8
    # the words name another case type, or the reading is less sure: the words' own reading stands
    other = Signal(kind=SignalKind.COMPLEXITY, score=0.25, label="another", evidence=())
    assert with_case(other, _read_as(name, 0.9), bot) is other
    assert with_case(words, _read_as(name, 0.8), bot) is words
    # sure by example alone: opened at its own probability
    assert with_case(words, _read_as(name, 0.98), bot).score == 0.98
    # read in English words only, while the message's own words surely open no case: no agreement
    from dataclasses import replace

    none = ExampleReading(label="other", probability=0.99, probabilities=(("other", 0.99),), nearest=())
    assert with_case(words, replace(_read_as(name, 0.9), case_as_written=none), bot) is words
