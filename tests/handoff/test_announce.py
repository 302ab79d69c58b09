"""announce(): the customer is told who and when, with choices; staff see why."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from scenarios._builders import load_bot
from warmline.domain import Action, Assignee, Customer, Decision, Mode, Reply
from warmline.handoff import Routing, announce
from warmline.policy import canonical_choice

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 18, 10, 30, tzinfo=AMS)
HANDOFF = Decision(action=Action.HANDOFF, reasons=("they asked for a person",), confidence=0.9)


def _maya():  # type: ignore[no-untyped-def]
    member = load_bot().staff_member("maya")
    assert member is not None
    return member


def test_names_the_person_and_the_time() -> None:
    routing = Routing(assignee=_maya(), eta_minutes=15, reasons=("Maya Lindqvist is on shift and least busy",),
                      decided_at=NOW)
    decision = announce(HANDOFF, routing, customer=Customer(id="c", name="Anna"), bot=load_bot())
    assert decision.assignee == Assignee(id="maya", name="Maya Lindqvist")
    assert decision.eta_minutes == 15
    first = decision.replies[0]
    assert "I've asked Maya, who'll be with you in about 15 minutes." in first.text
    assert "Lindqvist" not in first.text
    assert first.choices == ("Wait for Maya", "Email me when it's done", "Keep chatting")
    assert decision.reasons == ("they asked for a person", "Maya Lindqvist is on shift and least busy")


def test_outside_hours_says_when_they_are_back() -> None:
    back = datetime(2026, 11, 19, 9, 0, tzinfo=AMS)
    evening = datetime(2026, 11, 18, 20, tzinfo=AMS)
    routing = Routing(assignee=_maya(), eta_minutes=1355, back_at=back, decided_at=evening)
    decision = announce(HANDOFF, routing, customer=Customer(id="c"), bot=load_bot())
    assert "Maya is back at 9:00 tomorrow" in decision.replies[0].text


def test_existing_replies_follow_the_announcement() -> None:
    ask = Reply(text="could you send me your order number?")
    routing = Routing(assignee=_maya(), eta_minutes=10, decided_at=NOW)
    decision = announce(Decision(action=Action.HANDOFF, reasons=("x",), confidence=1.0, replies=(ask,)), routing,
                        customer=Customer(id="c"), bot=load_bot())
    assert decision.replies[1] == ask


def test_upset_customer_hears_sorry_and_loyal_customer_hears_thanks() -> None:
    decision = Decision(action=Action.HANDOFF, confidence=1.0, mode=Mode.FAST_LANE,
                        reasons=("a long-standing, reliable customer in an unusual situation: personal help, "
                                 "not the standard procedure",))
    routing = Routing(assignee=_maya(), eta_minutes=10, decided_at=NOW)
    loyal = Customer(id="c", name="Anna", customer_since=date(2017, 3, 1))
    text = announce(decision, routing, customer=loyal, bot=load_bot()).replies[0].text
    first_sentence = text.split(". ")[0]
    assert "Anna" in first_sentence
    assert "sorry" in first_sentence
    assert "Thank you for being with us since 2017." in text


def test_nobody_to_name_is_said_honestly() -> None:
    routing = Routing(assignee=None, eta_minutes=None, reasons=("nobody is on the roster",), decided_at=NOW)
    decision = announce(HANDOFF, routing, customer=Customer(id="c"), bot=load_bot())
    assert decision.assignee is None
    assert "passed this to the team" in decision.replies[0].text
    assert len(decision.replies[0].choices) == 3


def test_a_customer_writing_dutch_hears_who_and_when_in_dutch() -> None:
    routing = Routing(assignee=_maya(), eta_minutes=15, decided_at=NOW)
    decision = announce(HANDOFF, routing, customer=Customer(id="c", name="Sanne"), bot=load_bot(), language="nl")

    first = decision.replies[0]
    assert first.text.startswith("Dank je, Sanne. Ik heb Maya gevraagd; Maya is er over ongeveer 15 minuten")
    assert first.choices == ("Wachten op Maya", "Mail me als het klaar is", "Verder chatten")
    assert decision.assignee == Assignee(id="maya", name="Maya Lindqvist")


def test_back_at_and_nobody_to_name_in_the_customers_language() -> None:
    back = datetime(2026, 11, 19, 9, 0, tzinfo=AMS)
    routing = Routing(assignee=_maya(), eta_minutes=1355, back_at=back, decided_at=NOW)
    later = announce(HANDOFF, routing, customer=Customer(id="c"), bot=load_bot(), language="es")
    nobody = announce(HANDOFF, Routing(assignee=None, eta_minutes=None), customer=Customer(id="c"),
                      bot=load_bot(), language="fr")

    assert "Maya vuelve mañana a las 9:00" in later.replies[0].text  # Thursday, asked on Wednesday
    assert nobody.replies[0].text.startswith("J'ai transmis tout ce que vous m'avez dit à l'équipe")
    assert nobody.replies[0].choices[0] == "Attendre ici"


def test_someone_on_shift_is_offered_when_the_person_asked_for_is_not() -> None:
    bot = load_bot()
    ines = bot.staff_member("ines")
    assert ines is not None
    back = datetime(2026, 11, 19, 11, 0, tzinfo=AMS)
    routing = Routing(assignee=ines, eta_minutes=1500, back_at=back, decided_at=NOW, instead=_maya())
    english = announce(HANDOFF, routing, customer=Customer(id="c"), bot=bot).replies[0]
    dutch = announce(HANDOFF, routing, customer=Customer(id="c"), bot=bot, language="nl").replies[0]

    assert "Ines is back at 11:00 tomorrow" in english.text
    assert "If you'd rather not wait, Maya is here now." in english.text
    assert english.choices[:2] == ("Wait for Ines", "Maya now")
    assert "Wil je liever niet wachten? Maya is er nu." in dutch.text
    assert dutch.choices[:2] == ("Wachten op Ines", "Maya nu")
    assert canonical_choice("Maya nu") == "Maya now"  # tapped, it means what the English button means
