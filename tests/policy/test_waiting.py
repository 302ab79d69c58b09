"""The waiting room's words: intents, human times in the customer's zone, no sentence twice, honest choices,
all in the customer's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from warmline.domain import Bot, Customer, Phrasebook, Signal, SignalKind, StaffMember
from warmline.policy import (
    EMAIL_ASK,
    EMAIL_ASKS,
    EMAIL_CHOICE,
    WaitingCase,
    WaitingIntent,
    asked_for_email,
    canonical_choice,
    customer_timezone,
    email_reply,
    escalation_reply,
    human_time,
    read_waiting_message,
    status_line,
    waiting_reply,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)  # a Friday, 15:00 in Amsterdam
MAYA = StaffMember(id="maya", name="Maya Lindqvist")
ANNA = Customer(id="c", name="Anna de Vries")


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
    ("how long until someone replies?", 0, WaitingIntent.PING),
    ("how long is the wait?", 0, WaitingIntent.PING),
    ("how long until the money is back once it's refunded?", 0, WaitingIntent.OTHER),  # the refund page's question
    # in the other languages
    ("is er al iemand?", 0, WaitingIntent.PING),
    ("Ist da jemand?", 0, WaitingIntent.PING),
    ("¿Hay alguien?", 0, WaitingIntent.PING),
    ("Il y a quelqu'un ?", 0, WaitingIntent.PING),
    ("Des nouvelles ?", 0, WaitingIntent.PING),
    ("Avez-vous des nouvelles couleurs de pulls ?", 0, WaitingIntent.OTHER),
    ("hoe lang duurt de verzending naar België?", 0, WaitingIntent.OTHER),  # a side question, not impatience
    ("Wachten op Maya", 0, WaitingIntent.WAIT),
    ("Verder chatten", 0, WaitingIntent.KEEP_CHATTING),
    ("Écrivez-moi quand c'est fait", 0, WaitingIntent.EMAIL),
    ("Wie lange dauert das?", 0, WaitingIntent.PING),  # the case, not the shipping times
    ("Hoe lang duurt dat?", 0, WaitingIntent.PING),
    ("¿Cuánto tarda esto?", 0, WaitingIntent.PING),
    ("Combien de temps ça prend ?", 0, WaitingIntent.PING),
    ("when will I hear back?", 0, WaitingIntent.PING),
    ("Wie lange dauert der Versand nach Österreich?", 0, WaitingIntent.OTHER),
    ("hoe lang duurt het naar België?", 0, WaitingIntent.OTHER),
    ("Thanks, I’ll wait", 0, WaitingIntent.WAIT),  # the whole message: the customer chose to wait
    ("Gracias, espero", 0, WaitingIntent.WAIT),
    ("Bedankt, ik wacht wel", 0, WaitingIntent.WAIT),
    ("espero que llegue pronto", 0, WaitingIntent.OTHER),  # "I hope it comes soon"
    ("ich warte noch", 0, WaitingIntent.PING),
    ("it's order 12345", 3, WaitingIntent.OTHER),
    # a few words pressed with "??" are impatience; a question that ends so still asks (demo-shop-fresh23)
    ("still nothing??", 0, WaitingIntent.PING), ("today??", 0, WaitingIntent.PING),
    ("i've tried 3 times now, does the money get taken each time??", 0, WaitingIntent.OTHER),
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


# A word of each language's waiting sentences, and English ones that must not slip in.
LANGUAGE_MARKS = {"nl": ("Maya", "vandaag"), "de": ("Maya", "heute"), "es": ("Maya", "hoy"),
                  "fr": ("Maya", "aujourd'hui")}
ENGLISH = ("today", "Maya has your case", "will reply", "Meanwhile", "Wait for", "Keep chatting")


@pytest.mark.parametrize("language", ["nl", "de", "es", "fr"])
def test_the_wait_is_told_in_the_customers_language_without_a_word_of_english(language: str) -> None:
    said: list[str] = []
    for intent in (WaitingIntent.PING, WaitingIntent.OTHER, WaitingIntent.PING, WaitingIntent.KEEP_CHATTING):
        reply = waiting_reply(intent, case=case(mail=True), customer=ANNA, now=NOW, timezone=AMSTERDAM, said=said,
                              language=language)
        assert all(mark in reply.text for mark in LANGUAGE_MARKS[language]), reply.text
        assert not any(word in reply.text or word in reply.choices for word in ENGLISH), reply
        assert reply.text not in said
        said.append(reply.text)
    ping = waiting_reply(WaitingIntent.PING, case=case(mail=True), customer=ANNA, now=NOW, timezone=AMSTERDAM,
                         said=[], language=language)
    assert len(ping.choices) == 3  # wait for Maya, keep chatting, e-mail: each one a translated label
    assert all(canonical_choice(label) != label for label in ping.choices)
    line = status_line(case(), now=NOW, timezone=AMSTERDAM, said=[], language=language)
    assert line is not None
    assert "Meanwhile" not in line


def test_an_off_shift_assignee_is_not_announced_twice_in_one_sentence() -> None:
    back = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    reply = waiting_reply(WaitingIntent.PING, case=case(on_shift=False, back_at=back, due_at=back), customer=ANNA,
                          now=NOW, timezone=AMSTERDAM, said=[], language="nl")
    assert "Maya werkt nu niet: Maya is er weer op maandag rond 9:00." in reply.text
    assert reply.text.count("maandag") == 1
    later = waiting_reply(WaitingIntent.PING, customer=ANNA, now=NOW, timezone=AMSTERDAM, said=[],
                          case=case(on_shift=False, back_at=back, due_at=back + timedelta(minutes=30)))
    assert "back on Monday around 9:00 and will reply on Monday around 9:30" in later.text
    first_thing = waiting_reply(WaitingIntent.PING, customer=ANNA, now=NOW, timezone=AMSTERDAM, said=[],
                                case=case(on_shift=False, back_at=back, due_at=back + timedelta(minutes=5)))
    assert "back on Monday around 9:00" in first_thing.text
    assert first_thing.text.count("Monday") == 1  # "and will reply on Monday around 9:05" says it again


def test_an_upset_customer_is_acknowledged_in_their_language_and_told_who_knows() -> None:
    lead = StaffMember(id="joris", name="Joris van Dijk", lead=True)
    reply = escalation_reply(case=case(), customer=ANNA, lead=lead, now=NOW, timezone=AMSTERDAM, said=[],
                             already_urgent=False, language="es")
    assert reply.text.startswith("Lo siento, Anna.")
    assert "avisar a Maya y a Joris" in reply.text
    again = escalation_reply(case=case(), customer=ANNA, lead=None, now=NOW, timezone=AMSTERDAM,
                             said=[reply.text], already_urgent=True, language="es")
    assert "ya está marcado como urgente" in again.text
    distress = escalation_reply(case=case(), customer=ANNA, lead=None, now=NOW, timezone=AMSTERDAM, said=[],
                                already_urgent=False, feeling="distress", language="de")
    assert distress.text.startswith("Das tut mir so leid, Anna.")


def test_the_email_offer_and_question_follow_the_language() -> None:
    assert email_reply(case=case(), address=None, language="fr").text.startswith("L'e-mail n'est pas configuré")
    ask = email_reply(case=case(mail=True), address=None, language="nl")
    assert ask.text in EMAIL_ASKS
    assert ask.text != EMAIL_ASK
    done = email_reply(case=case(mail=True), address="anna@example.com", language="de")
    assert done.text.startswith("Erledigt: Ich schreibe an anna@example.com, sobald Maya antwortet")


def test_a_shop_rewords_the_wait_per_language_in_its_bot_file() -> None:
    own = Phrasebook(sentences=(("nl", "waiting_due", "{who} pakt je vraag op: {when}."),
                                ("nl", "waiting_email_ask", "Op welk adres wil je het ontvangen?")))
    shop = Bot(name="t", display_name="T", knowledge_dir=Path("."), languages=("en", "nl"), phrasebook=own)
    reply = waiting_reply(WaitingIntent.PING, case=case(), customer=ANNA, now=NOW, timezone=AMSTERDAM, said=[],
                          language="nl", bot=shop)
    assert "Maya pakt je vraag op: vandaag uiterlijk om 15:20." in reply.text
    english = waiting_reply(WaitingIntent.PING, case=case(), customer=ANNA, now=NOW, timezone=AMSTERDAM, said=[],
                            bot=shop)
    assert "Maya has your case and will reply by 15:20 today." in english.text  # no English of its own: ours
    ask = email_reply(case=case(mail=True), address=None, language="nl", bot=shop)
    assert ask.text == "Op welk adres wil je het ontvangen?"
    assert asked_for_email(ask.text, bot=shop)  # its own wording is still read as the question it is
    assert not asked_for_email(ask.text)
