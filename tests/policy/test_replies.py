"""Tone: names, plain time phrases, one early question, and a warm close that asks if they liked it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from scenarios._builders import load_bot
from warmline.domain import Customer
from warmline.policy import (
    FEEDBACK_CHOICES,
    FEEDBACK_INVITE,
    closing_message,
    comment_thanks,
    duration_phrase,
    feedback_thanks,
    name_prefix,
    when_phrase,
)

AMS = ZoneInfo("Europe/Amsterdam")


def test_closing_message_is_warm_and_asks_whether_they_liked_it() -> None:
    reply = closing_message(customer=Customer(id="c", name="Anna de Vries"), bot=load_bot())
    assert "Anna" in reply.text
    assert "de Vries" not in reply.text
    assert "Did you like how this went?" in reply.text
    assert "Thanks for writing to us!" in reply.text
    assert reply.choices == FEEDBACK_CHOICES
    assert len(reply.choices) == 2  # liked it or not: two choices, never a satisfaction score
    assert not any(char.isdigit() for choice in reply.choices for char in choice)  # no 1–10 scale


def test_closing_message_without_a_name() -> None:
    reply = closing_message(customer=Customer(id="c"), bot=load_bot())
    assert reply.text.startswith("Glad we could sort this out!")


def test_feedback_thanks_invites_an_optional_word_without_buttons() -> None:
    liked = feedback_thanks(liked=True, customer=Customer(id="c", name="Anna de Vries"))
    assert liked.text.startswith("Thank you, Anna, that's lovely to hear!")
    assert liked.text.endswith(FEEDBACK_INVITE)
    assert liked.choices == ()
    disliked = feedback_thanks(liked=False, customer=Customer(id="c"))
    assert disliked.text.startswith("Thank you for telling us. We'd like to do better.")
    assert "policy" not in disliked.text.lower()


def test_comment_thanks_says_who_reads_it() -> None:
    assert comment_thanks(customer=Customer(id="c", name="Tom Jansen"), staff_first_name="Maya").text == (
        "Thank you, Tom! I've passed that on to Maya.")
    assert comment_thanks(customer=Customer(id="c"), staff_first_name=None).text == (
        "Thank you! I've passed that on to the team.")


def test_name_prefix() -> None:
    assert name_prefix(Customer(id="c", name="Tom Jansen")) == "Tom, "
    assert name_prefix(Customer(id="c")) == ""


@pytest.mark.parametrize(("minutes", "phrase"), [(15, "about 15 minutes"), (150, "about 2.5 hours"),
                                                 (2000, "about a day"), (5000, "about 3 days")])
def test_duration_phrase(minutes: float, phrase: str) -> None:
    assert duration_phrase(minutes) == phrase


@pytest.mark.parametrize(("moment", "phrase"), [
    (datetime(2026, 11, 18, 14, 0, tzinfo=AMS), "14:00 today"),
    (datetime(2026, 11, 19, 9, 0, tzinfo=AMS), "9:00 tomorrow"),
    (datetime(2026, 11, 23, 9, 0, tzinfo=AMS), "9:00 on Monday"),
    (datetime(2026, 12, 2, 9, 30, tzinfo=AMS), "9:30 on 2 December"),
])
def test_when_phrase_in_the_shops_time_zone(moment: datetime, phrase: str) -> None:
    now = datetime(2026, 11, 18, 10, 0, tzinfo=AMS)
    assert when_phrase(moment, now=now, bot=load_bot()) == phrase


def test_promise_phrases_are_what_a_person_would_say() -> None:
    from datetime import UTC, datetime

    from warmline.policy import promise_phrase

    bot = load_bot()
    now = datetime(2026, 11, 18, 13, 10, tzinfo=UTC)  # 14:10 in Amsterdam
    assert promise_phrase(1, now=now, bot=bot) == "within 2 minutes"
    assert promise_phrase(7, now=now, bot=bot) == "within 7 minutes"
    assert promise_phrase(12.3, now=now, bot=bot) == "within 13 minutes"
    assert promise_phrase(23, now=now, bot=bot) == "within 25 minutes"
    assert promise_phrase(55, now=now, bot=bot) == "within the hour"
    assert promise_phrase(80, now=now, bot=bot) == "by 15:30"
    assert promise_phrase(20 * 60, now=now, bot=bot) == "tomorrow morning"
    assert promise_phrase(24 * 60, now=now, bot=bot) == "by 14:15 tomorrow"


def test_a_close_without_anything_done_never_claims_it_was_sorted() -> None:
    reply = closing_message(customer=Customer(id="c", name="Anna de Vries"), bot=load_bot(), sorted_out=False)
    assert "sort" not in reply.text.lower()
    assert reply.text.startswith("I've closed this conversation for now, Anna.")
    assert "just write here" in reply.text
    assert reply.choices == FEEDBACK_CHOICES


def test_a_second_close_in_one_conversation_is_worded_differently() -> None:
    customer = Customer(id="c", name="Anna de Vries")
    first = closing_message(customer=customer, bot=load_bot())
    second = closing_message(customer=customer, bot=load_bot(), said=[first.text])
    assert first.text.split("!")[0] != second.text.split("!")[0]
