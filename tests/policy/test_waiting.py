"""The waiting room's words: intents, human times in the customer's zone, no sentence twice, honest choices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from warmline.domain import Customer, Signal, SignalKind, StaffMember
from warmline.policy import (
    EMAIL_CHOICE,
    WaitingCase,
    WaitingIntent,
    customer_timezone,
    escalation_reply,
    human_time,
    read_waiting_message,
    waiting_reply,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)  # a Friday, 15:00 in Amsterdam
MAYA = StaffMember(id="maya", name="Maya Lindqvist")
ANNA = Customer(id="c", name="Anna de Vries")


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


def test_the_customers_own_time_zone_wins_over_the_shops() -> None:
    lisbon = Customer(id="c", attributes={"timezone": "Europe/Lisbon"})
    assert human_time(NOW + timedelta(minutes=30), now=NOW,
                      timezone=customer_timezone(lisbon, default="Europe/Amsterdam")) == "by 14:30 today"
    broken = Customer(id="c", attributes={"timezone": "Mars/Olympus"})
    assert customer_timezone(broken, default="Europe/Amsterdam") == AMSTERDAM


@pytest.mark.parametrize(("text", "pings", "intent"), [
    ("Wait for Maya", 0, WaitingIntent.WAIT),
    ("Keep chatting", 0, WaitingIntent.KEEP_CHATTING),
    ("Email me when it's done", 0, WaitingIntent.EMAIL),
    ("hello?? is anyone actually there", 0, WaitingIntent.PING),
    ("Today, please?", 0, WaitingIntent.PING),
    ("Today, please?", 1, WaitingIntent.UPSET),
    ("how long will this take?", 0, WaitingIntent.PING),
    ("how long does shipping take?", 0, WaitingIntent.OTHER),
    ("it's order 12345", 3, WaitingIntent.OTHER),
])
def test_what_a_waiting_message_means(text: str, pings: int, intent: WaitingIntent) -> None:
    assert read_waiting_message(text, emotion=None, earlier_pings=pings) is intent


def test_strong_anger_escalates_on_the_first_message() -> None:
    anger = Signal(kind=SignalKind.EMOTION, score=0.8, label="anger")
    assert read_waiting_message("unbelievable", emotion=anger, earlier_pings=0) is WaitingIntent.UPSET


def case(**changes: object) -> WaitingCase:
    values: dict[str, object] = {"assignee": MAYA, "due_at": NOW + timedelta(minutes=20), "on_shift": True}
    return WaitingCase(**{**values, **changes})  # type: ignore[arg-type]


def test_a_status_says_who_when_and_what_the_customer_can_do_without_repeating_itself() -> None:
    said: list[str] = []
    for _ in range(4):
        reply = waiting_reply(WaitingIntent.PING, case=case(), customer=ANNA, now=NOW, timezone=AMSTERDAM, said=said)
        assert "Maya" in reply.text
        assert "15:20 today" in reply.text
        assert reply.choices == ("Wait for Maya", "Keep chatting")
        assert not any(reply.text == earlier for earlier in said)
        said.append(reply.text)


def test_email_is_offered_only_when_the_shop_can_send_it() -> None:
    reply = waiting_reply(WaitingIntent.PING, case=case(mail=True), customer=ANNA, now=NOW, timezone=AMSTERDAM,
                          said=[])
    assert EMAIL_CHOICE in reply.choices


def test_an_off_shift_assignee_is_said_plainly_with_when_they_are_back() -> None:
    back = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    reply = waiting_reply(WaitingIntent.PING, case=case(on_shift=False, back_at=back, due_at=back), customer=ANNA,
                          now=NOW, timezone=AMSTERDAM, said=[])
    assert "Maya isn't working right now" in reply.text
    assert "back on Monday around 9:00" in reply.text


def test_past_the_promise_the_customer_hears_it_is_late() -> None:
    reply = waiting_reply(WaitingIntent.PING, case=case(due_at=NOW - timedelta(minutes=5)), customer=ANNA,
                          now=NOW, timezone=AMSTERDAM, said=[])
    assert "taking longer than I told you" in reply.text


def test_escalation_acknowledges_first_and_names_the_lead_it_told() -> None:
    lead = StaffMember(id="joris", name="Joris van Dijk", lead=True)
    reply = escalation_reply(case=case(), customer=ANNA, lead=lead, now=NOW, timezone=AMSTERDAM, said=[],
                             already_urgent=False)
    assert reply.text.startswith("I'm sorry, Anna.")
    assert "told Maya and Joris" in reply.text
    again = escalation_reply(case=case(), customer=ANNA, lead=None, now=NOW, timezone=AMSTERDAM,
                             said=[reply.text], already_urgent=True)
    assert "already marked urgent" in again.text
    assert again.text.split(".")[0] != reply.text.split(".")[0]


def test_distress_is_answered_as_distress_not_as_impatience() -> None:
    reply = escalation_reply(case=case(), customer=ANNA, lead=None, now=NOW, timezone=AMSTERDAM, said=[],
                             already_urgent=False, feeling="distress")
    assert reply.text.startswith("I'm so sorry, Anna. I can hear how much this matters to you.")
    assert "frustrating" not in reply.text
