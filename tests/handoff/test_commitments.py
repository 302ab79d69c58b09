"""Staff commitments: a time promised in a reply is found and read in the writer's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warmline.handoff.commitments import find_commitment, promises_a_reply

# A Wednesday, 10:00 UTC (12:00 in Amsterdam, summer time).
NOW = datetime(2025, 7, 2, 10, 0, tzinfo=UTC)


def due(text: str, *, timezone: str = "UTC") -> datetime | None:
    found = find_commitment(text, now=NOW, timezone=timezone)
    return found.due_at if found else None


@pytest.mark.parametrize(("text", "expected"), [
    ("I'll get back to you within 2 hours.", NOW + timedelta(hours=2)),
    ("Let me check with the warehouse, I will reply in 30 minutes", NOW + timedelta(minutes=30)),
    ("We'll have an answer for you in half an hour", NOW + timedelta(minutes=30)),
    ("You'll hear from me within the hour.", NOW + timedelta(hours=1)),
    ("I'll check and come back in a couple of hours", NOW + timedelta(hours=2)),
    ("I will email the label within 3 days", NOW + timedelta(days=3)),
    ("I'll get back to you by 3pm", datetime(2025, 7, 2, 15, 0, tzinfo=UTC)),
    ("I'll call you at 9:30 am tomorrow", datetime(2025, 7, 3, 9, 30, tzinfo=UTC)),
    ("I'll confirm by 14:00.", datetime(2025, 7, 2, 14, 0, tzinfo=UTC)),
    ("I'll get back to you by 9am", datetime(2025, 7, 3, 9, 0, tzinfo=UTC)),  # 9am has passed today
    ("I'll have it sorted by noon", datetime(2025, 7, 2, 12, 0, tzinfo=UTC)),
    ("I'll update you tomorrow morning", datetime(2025, 7, 3, 10, 0, tzinfo=UTC)),
    ("I'll look into it first thing tomorrow", datetime(2025, 7, 3, 9, 0, tzinfo=UTC)),
    ("We will ship the replacement this afternoon", datetime(2025, 7, 2, 15, 0, tzinfo=UTC)),
    ("I'll send the refund by end of day", datetime(2025, 7, 2, 17, 0, tzinfo=UTC)),
    ("I'll get back to you by Friday", datetime(2025, 7, 4, 17, 0, tzinfo=UTC)),
    ("I'll call you by Friday at 11am", datetime(2025, 7, 4, 11, 0, tzinfo=UTC)),
    ("I'll call you tomorrow", datetime(2025, 7, 3, 17, 0, tzinfo=UTC)),
])
def test_time_promises_are_found(text: str, expected: datetime) -> None:
    assert due(text) == expected


@pytest.mark.parametrize("text", [
    "Our studio opens at 3pm.",  # a fact, not a promise
    "Delivery takes 2-4 business days.",
    "Thanks for waiting! Here is your tracking link.",
    "I'll look into it.",  # a promise without a time is not put on the clock
    "I'll be out until 3pm",  # not a time the customer was promised anything by
    "I'll check your 2 orders by number",
    "",
])
def test_no_time_promise_no_commitment(text: str) -> None:
    assert due(text) is None


def test_clock_times_are_read_in_the_writers_time_zone() -> None:
    # 3pm in Amsterdam (UTC+2 in July) is 13:00 UTC.
    assert due("I'll get back to you by 3pm", timezone="Europe/Amsterdam") == datetime(2025, 7, 2, 13, 0, tzinfo=UTC)
    # "tomorrow morning" for someone in New York, where it is 06:00 now.
    assert due("I'll update you tomorrow morning", timezone="America/New_York") == datetime(
        2025, 7, 3, 14, 0, tzinfo=UTC)


def test_the_commitment_keeps_the_promise_in_the_staff_members_words() -> None:
    found = find_commitment("Thanks Ada! I've found your order. I'll get back to you by 3pm with the refund.",
                            now=NOW)
    assert found is not None
    assert found.sentence == "I'll get back to you by 3pm with the refund."
    assert found.phrase == "by 3pm"
    assert found.due_at.tzinfo is UTC


def test_after_hours_end_of_day_means_later_this_evening() -> None:
    late = datetime(2025, 7, 2, 18, 30, tzinfo=UTC)
    found = find_commitment("I'll send it by end of day", now=late)
    assert found is not None
    assert found.due_at == datetime(2025, 7, 2, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(("sentence", "only_a_reply"), [
    ("I'll check with the warehouse and get back to you within 2 hours.", True),
    ("You'll hear from me by 5pm.", True),
    ("I'll let you know tomorrow morning.", True),
    ("I'll send you the tracking link by 3pm.", False),
    ("We'll refund you by Friday.", False),
    ("I'll call you back at 15:30.", False),
])
def test_only_a_promise_to_write_again_is_kept_by_a_later_reply(sentence: str, only_a_reply: bool) -> None:
    assert promises_a_reply(sentence) is only_a_reply
