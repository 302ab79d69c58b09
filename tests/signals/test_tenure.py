"""Tenure: relationship strength from the profile, and what is unusual for this customer."""

from __future__ import annotations

from datetime import UTC, date, datetime

from scenarios._builders import load_bot
from warmline.domain import Author, Customer, Message, SignalKind
from warmline.signals import relationship_strength, relationship_summary, tenure_signal

NOW = datetime(2026, 11, 18, 10, tzinfo=UTC)
LOYAL = Customer(id="c1", name="Anna de Vries", customer_since=date(2017, 3, 1), orders_count=62,
                 lifetime_value=3400.0, payments_on_time=62, payments_late=0, tier="gold", account_owner="maya")
NEW = Customer(id="c2", name="Tom", customer_since=date(2026, 11, 1), orders_count=1, lifetime_value=45.0)


def _tenure(text: str, customer: Customer, history: tuple[Message, ...] = ()):  # type: ignore[no-untyped-def]
    return tenure_signal(text=text, history=history, customer=customer, bot=load_bot(), now=NOW)


def test_long_reliable_customer_is_strong_and_new_customer_is_weak() -> None:
    assert relationship_strength(LOYAL, now=NOW) >= 0.9
    assert relationship_strength(NEW, now=NOW) < 0.1
    assert relationship_strength(Customer(id="x"), now=NOW) == 0.0


def test_late_payments_weaken_the_relationship() -> None:
    from dataclasses import replace

    unreliable = replace(LOYAL, payments_on_time=31, payments_late=31, tier=None)
    assert relationship_strength(unreliable, now=NOW) < relationship_strength(replace(LOYAL, tier=None), now=NOW)


def test_summary_in_plain_words_names_the_account_owner() -> None:
    summary = relationship_summary(LOYAL, bot=load_bot())
    assert summary == ("customer since 2017", "62 orders", "62 payments on time, none late", "gold tier",
                       "account owner Maya Lindqvist")


def test_declined_card_for_a_loyal_customer_is_unusual() -> None:
    signal = _tenure("Hi, my card was declined this month", LOYAL)
    assert signal.kind is SignalKind.TENURE
    assert signal.label == "unusual_situation"
    assert signal.evidence[0].startswith("customer since 2017, 62 orders, 62 payments on time, none late")
    assert any("payment trouble in '" in item and "declined" in item for item in signal.evidence)


def test_late_notice_and_shop_flag_are_unusual() -> None:
    assert _tenure("I got a late notice today?", LOYAL).label == "unusual_situation"
    flagged = Customer(**{**{f: getattr(LOYAL, f) for f in ("id", "name", "customer_since", "payments_on_time")},
                          "attributes": {"last_payment_late": True}})
    signal = _tenure("hello", flagged)
    assert signal.label == "unusual_situation"
    assert "their latest payment is late" in signal.evidence


def test_first_complaint_is_unusual_but_not_a_repeat_one() -> None:
    assert _tenure("The mug arrived broken", LOYAL).label == "unusual_situation"
    now = NOW
    earlier = (Message(id="m", conversation_id="c", author=Author.CUSTOMER, text="the box was damaged",
                       channel="web", created_at=now),)
    assert _tenure("The mug arrived broken", LOYAL, earlier).label == "loyal"
    with_history = Customer(id="c1", customer_since=date(2017, 3, 1), payments_on_time=62,
                            attributes={"complaints": 3})
    assert _tenure("The mug arrived broken", with_history).label != "unusual_situation"


def test_ordinary_message_from_new_customer() -> None:
    signal = _tenure("do you ship to Belgium?", NEW)
    assert signal.label == "new"
    assert signal.score < 0.1


def test_past_handoffs_are_evidence() -> None:
    customer = Customer(id="c", customer_since=date(2020, 1, 1), attributes={"past_handoffs": 2})
    assert "helped by a person 2 times before" in _tenure("hi", customer).evidence
