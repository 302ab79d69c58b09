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


def test_a_number_an_example_happens_to_use_marks_no_case_type() -> None:
    from warmline.domain import CaseType

    custom = CaseType(name="custom_order", description="A made-to-order piece.", what_happens="Ines sends a quote",
                      handling_minutes=60,
                      examples=("can you make the Wadden sweater in forest green?",
                                "do you do custom sizes? I'm 1.92m with long arms"))
    damaged = CaseType(name="damaged_item", description="Something arrived broken.", what_happens="we replace it",
                       handling_minutes=30,
                       examples=("my mug arrived broken",))

    _, score = match_case_type("which wadden for 1.70?", (custom, damaged))
    assert score < 0.6  # "1" and "wadden" were two words of the custom order's own: a case at .65
    case, score = match_case_type("can you make a custom wadden for me", (custom, damaged))
    assert case is custom
    assert score >= 0.6
