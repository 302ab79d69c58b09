"""Signals: pure, scored readings of a message, its conversation and the customer, each with evidence.

``compute_signals`` is what the pipeline calls; the single signals are public for tests and evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from warmline.domain import Bot, Customer, Message, Signals

from ._by_example import (
    ExampleSignals,
    MessageReading,
    trouble_by_example,
    with_case,
    with_case_in_english,
    with_upset,
    with_wish,
)
from ._classifier import Embed, ExampleClassifier, ExampleReading
from ._complexity import complexity_signal, match_case_type
from ._emotion import ESCALATION_MARKERS, emotion_signal, is_escalating, wants_human_signal
from ._examples import SHIPPED_EXAMPLES, LabelledExample
from ._multilingual import named_person
from ._remarks import after_greeting, asks, asks_shop_to, asks_without_trouble, only_tells
from ._smalltalk import SmallTalk, asks_nothing, greets, questions_asked, small_talk
from ._tenure import relationship_strength, relationship_summary, tenure_signal

__all__ = [
    "ESCALATION_MARKERS",
    "SHIPPED_EXAMPLES",
    "Embed",
    "ExampleClassifier",
    "ExampleReading",
    "ExampleSignals",
    "LabelledExample",
    "MessageReading",
    "SmallTalk",
    "asks",
    "asks_nothing",
    "asks_shop_to",
    "asks_without_trouble",
    "complexity_signal",
    "compute_signals",
    "emotion_signal",
    "greets",
    "is_escalating",
    "match_case_type",
    "named_person",
    "only_tells",
    "questions_asked",
    "relationship_strength",
    "relationship_summary",
    "small_talk",
    "tenure_signal",
    "trouble_by_example",
    "wants_human_signal",
    "with_case",
    "with_case_in_english",
    "with_upset",
    "with_wish",
]


def compute_signals(*, text: str, history: Sequence[Message], customer: Customer, bot: Bot,
                    now: datetime, examples: ExampleSignals | None = None, english: str | None = None) -> Signals:
    """Emotion, wants-a-person, tenure and complexity for one inbound message (``history`` excludes it).

    With ``examples`` (the embedding classifier) the message is also read by example, in any language:
    a wish for a person, being upset, a case type, complaint or payment trouble, with the closest examples
    as evidence. Without it (no model), the word-based readings stand alone. ``english``: the message in
    English words when it is written in another language; a wish read by example must hold there too, the
    English word cues read it, and a case only its English words open is opened.
    """
    # read by example without a greeting in front: "hi, trying to pay with ideal and it keeps failing" read a
    # failed payment at .83, below a sure case; without "hi," at .95
    reading = examples.read(after_greeting(text)) if examples is not None else None
    in_english = None
    if reading is not None and examples is not None and english and english != text:
        # a wish must hold in English words too, and a case may only show in them (one more embedding)
        in_english = examples.read(after_greeting(english))
        reading = with_case_in_english(reading, in_english)
    emotion = emotion_signal(text=text, history=history)
    wants = wants_human_signal(text=text, staff_names=tuple(member.first_name for member in bot.staff),
                               english=english)
    complexity = complexity_signal(text=text, bot=bot)
    trouble = None
    if reading is not None:
        emotion, wants, complexity = (with_upset(emotion, reading), with_wish(wants, reading, in_english=in_english),
                                      with_case(complexity, reading, bot))
        trouble = trouble_by_example(reading)
    return Signals(items=(
        emotion,
        wants,
        tenure_signal(text=text, history=history, customer=customer, bot=bot, now=now, trouble=trouble),
        complexity,
    ))
