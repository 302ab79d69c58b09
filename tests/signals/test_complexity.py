"""Complexity: matching a message to the case types declared in the bot file."""

from __future__ import annotations

import pytest

from scenarios._builders import load_bot
from warmline.domain import SignalKind
from warmline.signals import complexity_signal, match_case_type


@pytest.mark.parametrize(("text", "case"), [
    ("my mug arrived in pieces", "damaged_item"),
    ("The bowl I got is cracked", "damaged_item"),
    ("my package never arrived", "missing_parcel"),
    ("tracking hasn't moved in 10 days", "missing_parcel"),
    ("I was charged twice!", "billing_problem"),
    ("could you make a custom beanie for my son?", "custom_order"),
])
def test_messages_open_their_case_type(text: str, case: str) -> None:
    signal = complexity_signal(text=text, bot=load_bot())
    assert signal.kind is SignalKind.COMPLEXITY
    assert signal.label == case
    assert signal.score >= load_bot().thresholds.delay_complexity
    assert signal.evidence
    assert text.rstrip("!?.") in signal.evidence[0]


@pytest.mark.parametrize("text", ["What are your opening hours?", "Do you ship to Belgium?", "hi there"])
def test_simple_questions_are_not_complex(text: str) -> None:
    assert complexity_signal(text=text, bot=load_bot()).score < load_bot().thresholds.delay_complexity


def test_no_case_types_means_nothing_is_complex() -> None:
    assert match_case_type("my mug arrived in pieces", ()) == (None, 0.0)
