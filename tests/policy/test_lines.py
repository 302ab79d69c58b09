"""The bot's sentences around a wait: the person first, variants that never repeat, the shop's own wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from warmline.domain import LINE_KEYS, Bot, Signal, SignalKind, Voice
from warmline.policy import (
    LINES,
    Feeling,
    acknowledgement,
    delay_opening,
    has_something_to_pass_on,
    is_emotional,
    pick_line,
    read_feeling,
)

BOT = Bot(name="t", display_name="T", knowledge_dir=Path("."))


def _emotion(label: str, score: float) -> Signal:
    return Signal(kind=SignalKind.EMOTION, score=score, label=label)


@pytest.mark.parametrize(("text", "emotion", "feeling"), [
    ("My mug arrived with a chip in it :( it was a present", None, Feeling.PRESENT),
    ("The scarf is a birthday gift and it won't arrive in time", None, Feeling.PRESENT),
    ("Third time my order is late, I'm furious", _emotion("anger", 0.8), Feeling.AGAIN),
    ("I already asked about this yesterday", None, Feeling.AGAIN),
    ("This is unacceptable", _emotion("anger", 0.6), Feeling.ANGRY),
    ("I'm really worried about my parcel", _emotion("distress", 0.5), Feeling.WORRIED),
    ("The sweater came torn", None, Feeling.DISAPPOINTED),
    ("I need this changed today", _emotion("urgency", 0.3), Feeling.HURRIED),
    ("Can I change the colour of my order?", _emotion("calm", 0.0), Feeling.RELAXED),
])
def test_the_feeling_a_reply_answers_first(text: str, emotion: Signal | None, feeling: Feeling) -> None:
    assert read_feeling(text, emotion=emotion) is feeling


def test_only_feelings_count_as_emotional() -> None:
    assert is_emotional(Feeling.PRESENT)
    assert is_emotional(Feeling.AGAIN)
    assert not is_emotional(Feeling.HURRIED)
    assert not is_emotional(Feeling.RELAXED)


def test_every_situation_ships_variants_and_a_shop_may_reword_each() -> None:
    assert set(LINES) == set(LINE_KEYS)
    assert all(LINES[key] for key in LINE_KEYS)


def test_a_variant_is_never_picked_twice_in_one_conversation() -> None:
    said: list[str] = []
    picked = []
    while (line := pick_line("ack_disappointed", bot=BOT, said=said, first_name="Anna")) is not None:
        picked.append(line)
        said.append(f"{line} Something else was said after it.")
    assert len(picked) == len(LINES["ack_disappointed"])
    assert len(set(picked)) == len(picked)


def test_a_variant_heard_with_another_name_counts_as_heard() -> None:
    first = pick_line("ack_again", bot=BOT, said=[], first_name="Anna")
    assert first is not None
    again = pick_line("ack_again", bot=BOT, said=[first.replace("Anna", "Ana")], first_name="Ana")
    assert again != first.replace("Anna", "Ana")


def test_the_shops_own_variants_come_first_with_the_placeholders_filled() -> None:
    voice = Voice(lines=(("ack_present", ("Ah{comma_name}, a present! We'll make it right.",)),))
    bot = Bot(name="t", display_name="T", knowledge_dir=Path("."), voice=voice)
    assert pick_line("ack_present", bot=bot, said=[], first_name="Noor") == "Ah, Noor, a present! We'll make it right."
    assert pick_line("ack_present", bot=bot, said=["Ah, Noor, a present! We'll make it right."],
                     first_name="Noor") is None  # the shop's list is used up: never repeat


def test_the_acknowledgement_is_left_out_once_every_variant_was_said() -> None:
    said: list[str] = []
    while line := acknowledgement(Feeling.HURRIED, bot=BOT, said=said):
        said.append(line)
    assert len(said) == len(LINES["ack_hurried"])


def test_a_delay_for_an_upset_customer_opens_with_the_person_not_the_process() -> None:
    opening = delay_opening(Feeling.PRESENT, what="we look at your photos", bot=BOT, said=[], first_name="Anna")
    first_sentence = opening.split(". ")[0]
    assert "present" in first_sentence
    assert "person" not in first_sentence
    assert "we look at your photos" in opening


def test_a_relaxed_delay_names_the_customer_and_says_what_happens() -> None:
    opening = delay_opening(Feeling.RELAXED, what="we check the order", bot=BOT, said=[], first_name="Anna")
    assert opening == "Anna, this one needs a person on our side: we check the order."
    again = delay_opening(Feeling.RELAXED, what="we check the order", bot=BOT, said=[opening], first_name="Anna")
    assert "this one needs a person on our side" not in again  # a second delay words it differently


@pytest.mark.parametrize(("texts", "something"), [
    (["Can I talk to a person please?"], False),
    (["hi", "I want a human"], False),
    (["Talk to a person"], False),
    (["Keep chatting", "Wait for Maya"], False),
    (["my order MS-1042 never arrived", "can I talk to someone"], True),
    (["I'd like to speak to a person about my refund"], True),
])
def test_something_to_pass_on_is_more_than_asking_for_a_person(texts: list[str], something: bool) -> None:
    buttons = ("Talk to a person", "Keep chatting")
    assert has_something_to_pass_on(texts, buttons=buttons) is something
