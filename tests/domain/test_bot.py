"""Shift arithmetic on the bot's roster and business hours: who is on shift, when someone is back."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from warmline.domain import Bot, BusinessHours, CaseType, Shift, StaffMember

AMS = ZoneInfo("Europe/Amsterdam")
WEEKDAYS = (0, 1, 2, 3, 4)


def _member(**overrides: object) -> StaffMember:
    fields: dict[str, object] = {"id": "maya", "name": "Maya Lindqvist", "timezone": "Europe/Amsterdam",
                                 "shifts": (Shift(days=WEEKDAYS, start=time(9), end=time(17, 30)),)}
    fields.update(overrides)
    return StaffMember(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("local", "expected"), [
    (datetime(2026, 11, 18, 9, 0, tzinfo=AMS), True),     # Wednesday, first minute
    (datetime(2026, 11, 18, 17, 29, tzinfo=AMS), True),
    (datetime(2026, 11, 18, 17, 30, tzinfo=AMS), False),  # the end is exclusive
    (datetime(2026, 11, 18, 8, 59, tzinfo=AMS), False),
    (datetime(2026, 11, 21, 12, 0, tzinfo=AMS), False),   # Saturday
])
def test_on_shift_follows_weekdays_and_hours(local: datetime, expected: bool) -> None:
    assert _member().on_shift(local) is expected


def test_on_shift_converts_time_zones() -> None:
    toronto = _member(timezone="America/Toronto", shifts=(Shift(days=WEEKDAYS, start=time(10), end=time(15)),))
    # 16:30 in Amsterdam is 10:30 in Toronto (both on standard time in November).
    assert toronto.on_shift(datetime(2026, 11, 18, 16, 30, tzinfo=AMS))
    assert not toronto.on_shift(datetime(2026, 11, 18, 15, 30, tzinfo=AMS))


def test_naive_datetimes_count_as_utc() -> None:
    assert _member().on_shift(datetime(2026, 11, 18, 8, 30))  # 09:30 in Amsterdam
    assert not _member().on_shift(datetime(2026, 11, 18, 7, 30))


def test_overnight_shift_runs_past_midnight() -> None:
    night = Shift(days=(4,), start=time(22), end=time(2))  # Friday night
    assert night.covers(datetime(2026, 11, 20, 23, 0, tzinfo=AMS))
    assert night.covers(datetime(2026, 11, 21, 1, 30, tzinfo=AMS))  # Saturday 01:30 belongs to Friday's shift
    assert not night.covers(datetime(2026, 11, 21, 2, 30, tzinfo=AMS))
    assert not night.covers(datetime(2026, 11, 19, 23, 0, tzinfo=AMS))  # Thursday


def test_next_on_shift_is_now_when_working_else_next_start() -> None:
    working = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
    assert _member().next_on_shift(working) == working
    friday_evening = datetime(2026, 11, 20, 19, 0, tzinfo=AMS)
    back = _member().next_on_shift(friday_evening)
    assert back is not None
    assert back.astimezone(AMS) == datetime(2026, 11, 23, 9, 0, tzinfo=AMS)  # Monday morning


def test_without_shifts_nobody_is_on_shift_on_their_own() -> None:
    assert not _member(shifts=()).on_shift(datetime(2026, 11, 18, 10, 0, tzinfo=UTC))
    assert _member(shifts=()).next_on_shift(datetime(2026, 11, 18, 10, 0, tzinfo=UTC)) is None


def test_business_hours_open_and_next_open() -> None:
    hours = BusinessHours(timezone="Europe/Amsterdam", shifts=(Shift(days=WEEKDAYS, start=time(9), end=time(18)),))
    assert hours.is_open(datetime(2026, 11, 18, 12, 0, tzinfo=AMS))
    late = datetime(2026, 11, 18, 20, 0, tzinfo=AMS)
    assert not hours.is_open(late)
    opens = hours.next_open(late)
    assert opens is not None
    assert opens.astimezone(AMS) == datetime(2026, 11, 19, 9, 0, tzinfo=AMS)


def test_no_declared_business_hours_means_always_open() -> None:
    moment = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    assert BusinessHours().is_open(moment)
    assert BusinessHours().next_open(moment) == moment


def test_staff_without_shifts_keep_business_hours() -> None:
    hours = BusinessHours(timezone="Europe/Amsterdam", shifts=(Shift(days=WEEKDAYS, start=time(9), end=time(18)),))
    member = _member(shifts=())
    bot = Bot(name="b", display_name="B", knowledge_dir=Path("."), staff=(member,), business_hours=hours)
    assert bot.on_shift(member, datetime(2026, 11, 18, 12, 0, tzinfo=AMS))
    assert not bot.on_shift(member, datetime(2026, 11, 18, 19, 0, tzinfo=AMS))
    back = bot.next_on_shift(member, datetime(2026, 11, 18, 19, 0, tzinfo=AMS))
    assert back is not None
    assert back.astimezone(AMS).hour == 9


def test_case_type_lookup() -> None:
    case = CaseType(name="damaged_item", description="d", what_happens="w", handling_minutes=30)
    bot = Bot(name="b", display_name="B", knowledge_dir=Path("."), case_types=(case,))
    assert bot.case_type("damaged_item") is case
    assert bot.case_type("nope") is None
    assert bot.case_type(None) is None


def test_naive_now_gets_a_naive_answer() -> None:
    back = _member().next_on_shift(datetime(2026, 11, 18, 20, 0))  # 21:00 in Amsterdam
    assert back == datetime(2026, 11, 19, 8, 0)  # 09:00 in Amsterdam, as naive UTC


def test_greeting_uses_the_first_name_only_when_known() -> None:
    from warmline.domain import Voice

    voice = Voice(greeting="Hi{name}! Welcome to Mossa.")

    assert voice.greet("Ana") == "Hi Ana! Welcome to Mossa."
    assert voice.greet() == "Hi! Welcome to Mossa."


def test_a_slack_user_id_is_not_a_staff_id() -> None:
    maya = StaffMember(id="maya", name="Maya Lindqvist", slack_user_id="U0MAYA")
    bot = Bot(name="b", display_name="B", knowledge_dir=Path("."), staff=(maya,))

    assert bot.staff_member("maya") is maya
    assert bot.staff_member("U0MAYA") is None  # acting as staff from Slack goes through slack_member only
    assert bot.slack_member("U0MAYA") is maya
    assert bot.slack_member("") is None
    assert bot.slack_member("U0NOBODY") is None
