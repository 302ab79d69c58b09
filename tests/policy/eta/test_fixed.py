"""ETA from who is on shift, their load, the queue and the case type's handling time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scenarios._builders import load_bot
from warmline.domain import TeamSnapshot
from warmline.policy import eligible_staff, estimate_eta, person_wait_minutes, round_eta

AMS = ZoneInfo("Europe/Amsterdam")
WEDNESDAY_MORNING = datetime(2026, 11, 18, 10, 30, tzinfo=AMS)
SATURDAY_NIGHT = datetime(2026, 11, 21, 22, 0, tzinfo=AMS)


@pytest.mark.parametrize(("minutes", "rounded"), [(0.5, 2), (3.2, 4), (7, 7), (13.01, 14), (20, 20), (20.5, 25),
                                                  (58, 60), (61, 75), (200, 240)])
def test_round_eta_rounds_up_to_what_people_say(minutes: float, rounded: float) -> None:
    assert round_eta(minutes) == rounded


def test_round_eta_never_promises_earlier_and_adds_at_most_a_quarter_past_two_minutes() -> None:
    for tenth in range(5, 6000):
        minutes = tenth / 10
        rounded = round_eta(minutes)
        assert rounded >= minutes
        if minutes >= 2:
            assert rounded <= max(minutes + 1, minutes * 1.34), minutes


def test_skills_decide_who_is_eligible() -> None:
    bot = load_bot()
    damaged = bot.case_type("damaged_item")
    assert {m.id for m in eligible_staff(bot, damaged)} == {"maya", "ines"}
    assert eligible_staff(bot, None) == bot.staff


def test_more_load_means_a_longer_wait() -> None:
    maya = load_bot().staff_member("maya")
    assert maya is not None
    idle = person_wait_minutes(maya, team=TeamSnapshot(), case=None)
    busy = person_wait_minutes(maya, team=TeamSnapshot(workload={"maya": 5}), case=None)
    assert busy > idle


def test_eta_during_hours_adds_handling_time() -> None:
    bot = load_bot()
    case = bot.case_type("damaged_item")
    eta = estimate_eta(bot=bot, case=case, team=TeamSnapshot(workload={"maya": 3}), now=WEDNESDAY_MORNING)
    assert eta.back_at is None
    assert [m.id for m in eta.on_shift] == ["maya"]  # Ines starts at 11:00
    assert eta.done_minutes >= eta.first_reply_minutes + 30


def test_queue_lengthens_the_eta() -> None:
    bot = load_bot()
    case = bot.case_type("damaged_item")
    quiet = estimate_eta(bot=bot, case=case, team=TeamSnapshot(), now=WEDNESDAY_MORNING)
    queued = estimate_eta(bot=bot, case=case, team=TeamSnapshot(queue_length=10), now=WEDNESDAY_MORNING)
    assert queued.first_reply_minutes > quiet.first_reply_minutes


def test_outside_hours_the_eta_runs_to_when_someone_is_back() -> None:
    bot = load_bot()
    eta = estimate_eta(bot=bot, case=bot.case_type("damaged_item"), team=TeamSnapshot(), now=SATURDAY_NIGHT)
    assert eta.back_at is not None
    assert eta.back_at.astimezone(AMS) == datetime(2026, 11, 23, 9, 0, tzinfo=AMS)
    hours_away = (eta.back_at - SATURDAY_NIGHT).total_seconds() / 60
    assert eta.first_reply_minutes >= hours_away


def test_a_long_queue_carries_over_to_the_next_shift_not_into_the_night() -> None:
    bot = load_bot()
    custom = bot.case_type("custom_order")  # only Ines: Wednesday to Friday, 11:00 to 16:00
    ines = bot.staff_member("ines")
    assert custom is not None
    assert ines is not None
    eta = estimate_eta(bot=bot, case=custom, team=TeamSnapshot(queue_length=10), now=SATURDAY_NIGHT)

    done = SATURDAY_NIGHT + timedelta(minutes=eta.done_minutes)
    assert done.astimezone(AMS).weekday() in (3, 4)  # Thursday or Friday: Wednesday's five hours are not enough
    assert 11 <= done.astimezone(AMS).hour <= 17  # within her hours (rounded up to the hour), not at night
    assert bot.on_shift(ines, done - timedelta(minutes=60))


def test_a_backlog_past_the_end_of_todays_shift_carries_over_too() -> None:
    bot = load_bot()
    damaged = bot.case_type("damaged_item")  # Maya (to 17:30) and Ines (Wednesday to Friday, to 16:00)
    friday_late = datetime(2026, 11, 20, 17, 0, tzinfo=AMS)
    eta = estimate_eta(bot=bot, case=damaged, team=TeamSnapshot(queue_length=10), now=friday_late)

    assert [m.id for m in eta.on_shift] == ["maya"]
    done = (friday_late + timedelta(minutes=eta.done_minutes)).astimezone(AMS)
    assert done.weekday() == 0  # Monday: the weekend is nobody's working time
    assert 9 <= done.hour <= 18


def test_a_promise_a_day_away_is_the_time_told_rounded_to_the_quarter_hour_not_whole_hours_from_now() -> None:
    bot = load_bot()
    parcel = bot.case_type("missing_parcel")  # Sam (16:00 Amsterdam on Monday) or Joris (Tuesday)
    assert parcel is not None
    sunday_morning = datetime(2026, 12, 6, 10, 18, tzinfo=AMS)
    eta = estimate_eta(bot=bot, case=parcel, team=TeamSnapshot(), now=sunday_morning)

    assert eta.back_at == datetime(2026, 12, 7, 16, 0, tzinfo=AMS)
    told = eta.back_at + timedelta(minutes=parcel.handling_minutes)  # "back at 16:00, then about 45 minutes"
    done = (sunday_morning + timedelta(minutes=eta.done_minutes)).astimezone(AMS)
    assert told <= done <= told + timedelta(minutes=20)
    assert done.minute % 15 == 0
    assert done.second == 0
