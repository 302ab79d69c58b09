"""Signals read by example: a wish, upset, a case type and payment trouble, merged with the word readings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from scenarios._builders import load_bot
from warmline.domain import Customer, Signal, SignalKind, new_id
from warmline.signals import ExampleSignals, LabelledExample, compute_signals

from ._fake_embed import bag_of_words

_NOW = datetime(2026, 11, 18, tzinfo=UTC)
# Phrasings the word lists do not know, so only the examples can read them.
_EXTRA = (
    LabelledExample("graag iemand aan de lijn", "wants_human", "nl"),
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
    without = compute_signals(text="graag iemand aan de lijn", history=(), customer=Customer(id="c"),
                              bot=load_bot(), now=_NOW)
    assert without.score(SignalKind.WANTS_HUMAN) < 0.5
    wants = _signals("graag iemand aan de lijn")[SignalKind.WANTS_HUMAN]
    assert wants.score >= 0.8
    assert wants.label == "yes"
    assert "closest to 'graag iemand aan de lijn'" in wants.evidence[0]


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


def test_with_a_shared_model_the_examples_are_embedded_once_per_process_and_read_the_same() -> None:
    embedded: list[int] = []

    def counting(texts: Sequence[str]) -> np.ndarray:
        embedded.append(len(texts))
        return bag_of_words(texts)

    bot = load_bot()
    model = f"bag-of-words@{new_id()}"  # a name no other test used, so this process has nothing for it yet
    first, again = (ExampleSignals(embed=counting, case_types=bot.case_types, extra=_EXTRA, model=model)
                    for _ in range(2))
    reading = first.read("graag iemand aan de lijn")
    examples_embedded = sum(embedded)
    assert again.read("graag iemand aan de lijn") == reading
    assert sum(embedded) == examples_embedded + 1  # only the message itself: the examples' vectors were kept

    private = ExampleSignals(embed=counting, case_types=bot.case_types, extra=_EXTRA)  # no model name: not shared
    private.read("graag iemand aan de lijn")
    assert sum(embedded) == 2 * examples_embedded + 1
