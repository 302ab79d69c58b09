"""Times in words in the customer's language: rounded up, in their zone, the same day words everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from warmline.policy import back_at, duration_in, human_time

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)  # a Friday, 15:00 in Amsterdam


@pytest.mark.parametrize(("moment", "words"), [
    (NOW + timedelta(minutes=28), "by 15:30 today"),
    (NOW + timedelta(minutes=31), "by 15:35 today"),
    (datetime(2026, 12, 5, 11, 0, tzinfo=UTC), "tomorrow around noon"),
    (datetime(2026, 12, 7, 8, 0, tzinfo=UTC), "on Monday around 9:00"),
    (NOW + timedelta(minutes=540), "tomorrow around 0:00"),
    (datetime(2026, 12, 20, 8, 0, tzinfo=UTC), "on 20 December around 9:00"),
])
def test_times_are_said_in_words_in_the_customers_zone(moment: datetime, words: str) -> None:
    assert human_time(moment, now=NOW, timezone=AMSTERDAM) == words


@pytest.mark.parametrize(("language", "moment", "words"), [
    ("nl", NOW + timedelta(minutes=28), "vandaag uiterlijk om 15:30"),
    ("de", datetime(2026, 12, 5, 11, 0, tzinfo=UTC), "morgen gegen 12:00"),
    ("es", datetime(2026, 12, 7, 8, 0, tzinfo=UTC), "el lunes sobre las 9:00"),
    ("fr", datetime(2026, 12, 20, 8, 0, tzinfo=UTC), "le 20 décembre vers 9:00"),
    ("fr", datetime(2026, 12, 5, 11, 0, tzinfo=UTC), "demain vers midi"),
])
def test_times_are_said_in_the_customers_language(language: str, moment: datetime, words: str) -> None:
    assert human_time(moment, now=NOW, timezone=AMSTERDAM, language=language) == words


def test_durations_and_times_in_the_customers_language() -> None:
    assert duration_in(15, language="nl") == "ongeveer 15 minuten"
    assert duration_in(180, language="de") == "etwa 3 Stunden"
    assert duration_in(60 * 24 * 3, language="fr") == "environ 3 jours"
    monday_nine = datetime(2026, 12, 7, 9, 0)
    assert back_at(monday_nine, language="nl") == "om 9:00 op maandag"
    assert back_at(monday_nine, language="es") == "el lunes a las 9:00"
    sunday, monday = monday_nine.date() - timedelta(days=1), monday_nine.date()
    assert back_at(monday_nine, language="nl", today=sunday) == "morgen om 9:00"  # what the wait says after it
    assert back_at(monday_nine, language="de", today=monday) == "heute um 9:00"
    assert back_at(monday_nine, language="fr", today=sunday - timedelta(days=1)) == "lundi à 9:00"


@pytest.mark.parametrize("language", ["en", "nl", "de", "es", "fr"])
def test_the_handoff_and_the_wait_say_a_time_today_the_same_way(language: str) -> None:
    nine = datetime(2026, 12, 7, 9, 0, tzinfo=AMSTERDAM)
    said_at_handoff = back_at(nine, language=language, today=nine.date())
    said_while_waiting = human_time(nine, now=nine - timedelta(hours=1), timezone=AMSTERDAM, language=language,
                                    at_today=True)
    assert said_at_handoff == said_while_waiting
