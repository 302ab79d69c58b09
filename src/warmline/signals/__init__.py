"""Signals: pure, scored readings of a message, its conversation and the customer, each with evidence.

``compute_signals`` is what the pipeline calls; the single signals are public for tests and evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from warmline.domain import Bot, Customer, Message, Signals

from ._complexity import complexity_signal, match_case_type
from ._emotion import ESCALATION_MARKERS, emotion_signal, is_escalating, wants_human_signal
from ._smalltalk import SmallTalk, small_talk
from ._tenure import relationship_strength, relationship_summary, tenure_signal

__all__ = [
    "ESCALATION_MARKERS",
    "SmallTalk",
    "complexity_signal",
    "compute_signals",
    "emotion_signal",
    "is_escalating",
    "match_case_type",
    "relationship_strength",
    "relationship_summary",
    "small_talk",
    "tenure_signal",
    "wants_human_signal",
]


def compute_signals(*, text: str, history: Sequence[Message], customer: Customer, bot: Bot,
                    now: datetime) -> Signals:
    """Emotion, wants-a-person, tenure and complexity for one inbound message (``history`` excludes it)."""
    return Signals(items=(
        emotion_signal(text=text, history=history),
        wants_human_signal(text=text, staff_names=tuple(member.first_name for member in bot.staff)),
        tenure_signal(text=text, history=history, customer=customer, bot=bot, now=now),
        complexity_signal(text=text, bot=bot),
    ))
