"""The demo shop through ``POST /api/v1/messages`` in the customer's own language, and across turns (issue 14).

The demo shop's knowledge is written in English; its bot file serves en, nl, de, es and fr. Indexed once
for the module (the full demo knowledge, so this is the slowest module of tests/web).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests._clock import TUESDAY_MORNING
from tests._shop import with_index

from warmline.config import Settings
from warmline.web import create_app

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory, demo_shop_index: Path) -> Path:
    return with_index(tmp_path_factory.mktemp("demo-data"), demo_shop_index)


@pytest.fixture
def demo(demo_data: Path, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(bot=REPO / "bots" / "demo-shop.yaml", data_dir=demo_data,
                        database_url=f"sqlite:///{tmp_path / 'warmline.sqlite3'}")
    with TestClient(create_app(settings)) as client:
        yield client


def say(client: TestClient, text: str, *, customer: str = "c-nl", **extra: Any) -> dict[str, Any]:
    response = client.post("/api/v1/messages", json={"customer_id": customer, "text": text, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_dutch_question_is_answered_in_dutch_from_the_english_knowledge(demo: TestClient) -> None:
    body = say(demo, "Hoe lang duurt de verzending binnen Nederland?", name="Sanne")

    assert body["decision"]["action"] == "answer"
    reply = body["replies"][0]
    assert "1–2 werkdagen binnen Nederland" in reply["text"]  # the line that answers it, in Dutch
    assert "working days" not in reply["text"]
    assert "Belgium" not in reply["text"]
    assert any("How long does shipping take?" in c for c in body["decision"]["citations"])
    assert reply["choices"] == ["Dat helpt, bedankt", "Iets anders vragen"]
    assert any(r.startswith("searched as: how long") for r in body["decision"]["reasons"])


def test_a_dutch_question_shaped_like_a_wish_for_a_person_is_answered_not_handed_off(demo: TestClient) -> None:
    body = say(demo, "Kan ik een trui terugsturen?", customer="c-nl-return")  # "Kan ik iemand spreken?" in shape

    assert body["decision"]["action"] == "answer"
    assert any("Can I return an item?" in c for c in body["decision"]["citations"])


def test_conjugated_verbs_and_french_inversion_are_read(demo: TestClient) -> None:
    assert any("Do you offer gift wrapping?" in c
               for c in say(demo, "Faites-vous des emballages cadeaux ?", customer="c-fr")["decision"]["citations"])
    assert any("Do you repair knitwear?" in c
               for c in say(demo, "Repariert ihr Pullover?", customer="c-de")["decision"]["citations"])


def test_a_german_question_without_a_translation_is_framed_in_german_around_the_english_answer(
        demo: TestClient) -> None:
    body = say(demo, "Ist die Wolle kratzig?", customer="c-de")

    assert body["decision"]["action"] == "answer"
    text = body["replies"][0]["text"]
    assert text.startswith("Das steht in unseren Informationen (sie sind auf Englisch):")
    assert "merino" in text
    assert any("Is the wool itchy?" in c for c in body["decision"]["citations"])


def test_a_wish_for_a_person_in_spanish_is_handed_to_a_named_person_in_spanish(demo: TestClient) -> None:
    body = say(demo, "Quiero hablar con una persona", customer="c-es")

    assert body["decision"]["action"] == "handoff"
    assert any("asked for a person" in r for r in body["decision"]["reasons"])
    first = body["decision"]["assignee"]["name"].split()[0]
    assert first in body["replies"][0]["text"]
    assert "Se lo he pedido" in body["replies"][0]["text"] or "Le he pedido" in body["replies"][0]["text"]
    assert body["replies"][0]["choices"][0] == f"Esperar a {first}"


def test_small_talk_gets_a_fitting_reply_in_the_customers_language_and_is_not_unanswered(
        demo: TestClient) -> None:
    hello = say(demo, "Hoi!", customer="c-talk")
    thanks = say(demo, "merci beaucoup", customer="c-talk-fr")
    thumbs = say(demo, "👍", customer="c-talk")

    assert hello["replies"][0]["text"].startswith("Hoi! Dit is de assistent van Mossa")
    assert thanks["replies"][0]["text"].startswith("Avec plaisir")
    assert thumbs["replies"][0]["text"] == "Top! Schrijf gerust als er nog iets is."  # still Dutch
    for body in (hello, thanks, thumbs):
        assert body["decision"]["action"] == "answer"
        assert body["decision"]["reasons"][0].startswith("small talk")


def test_a_translated_button_is_understood_when_tapped_or_answered_by_number(demo: TestClient) -> None:
    say(demo, "Hoeveel kost de verzending naar België?", customer="c-tap")
    tapped = say(demo, "Iets anders vragen", customer="c-tap")
    assert tapped["replies"][0]["text"] == "Natuurlijk — wat wil je weten?"

    say(demo, "Wat kost verzending naar Duitsland?", customer="c-number", channel="sms")
    numbered = say(demo, "2", customer="c-number", channel="sms")
    assert numbered["replies"][0]["text"] == "Natuurlijk — wat wil je weten?"


def test_a_follow_up_is_read_against_the_question_before(demo: TestClient) -> None:
    say(demo, "How much does shipping cost to Germany?", customer="c-follow")
    body = say(demo, "and to the Netherlands?", customer="c-follow")

    assert body["decision"]["action"] == "answer"
    assert any("How much does shipping cost?" in c for c in body["decision"]["citations"])
    assert "€4.95" in body["replies"][0]["text"]


def test_two_questions_in_one_message_are_both_answered_and_cited(demo: TestClient) -> None:
    body = say(demo, "Do you offer gift wrapping? Also, how long does delivery take to Berlin?", customer="c-two")

    citations = body["decision"]["citations"]
    assert any("gift wrapping" in c for c in citations)
    assert any("How long does shipping take?" in c for c in citations)
    assert "Germany" in body["replies"][0]["text"]


_LEANS_BACK = ("daarna", "dan ", "ook ", "from there", "then", "after that", "also", "danach", "dann ", "después")


@pytest.mark.parametrize(("customer", "turns"), [
    ("c-steps-nl", ["Hoe lang duurt de verzending binnen Nederland?", "en naar België?"]),
    ("c-steps-en", ["how long does delivery take within the netherlands", "and to belgium?"]),
    ("c-steps-de", ["Wie lange dauert der Versand innerhalb der Niederlande?"]),
])
def test_an_answer_opens_with_a_sentence_that_stands_on_its_own(demo: TestClient, customer: str,
                                                                 turns: list[str]) -> None:
    answered = 0
    for text in turns:
        body = say(demo, text, customer=customer)
        if body["decision"]["action"] != "answer" or not body["decision"]["citations"]:
            continue
        answered += 1
        assert not body["replies"][0]["text"].lower().startswith(_LEANS_BACK), body["replies"][0]["text"]
    assert answered == len(turns), "every turn should be answered from the knowledge"


def test_a_care_question_naming_one_guide_section_is_answered_not_sent_back_as_a_choice(demo: TestClient) -> None:
    first = say(demo, "hi, how should I wash my alpaca cardigan?", customer="c-care")
    second = say(demo, "and can I put the wool sweater in the washing machine", customer="c-care")

    for body in (first, second):
        assert body["decision"]["action"] == "answer"
        assert any("Washing your wool or alpaca sweater" in c for c in body["decision"]["citations"])
    assert "30 °C" in second["replies"][0]["text"]


def test_a_dutch_customer_waiting_for_a_person_hears_the_wait_in_dutch_and_side_questions_are_answered(
        demo: TestClient) -> None:
    handoff = say(demo, "Ik wil graag met een medewerker praten", customer="c-wait-nl")
    assert handoff["decision"]["action"] == "handoff"
    first = handoff["decision"]["assignee"]["name"].split()[0]
    assert handoff["replies"][0]["choices"][0] == f"Wachten op {first}"
    assert "Mail me als het klaar is" not in handoff["replies"][0]["choices"]  # no SMTP: not offered

    side = say(demo, "Hoe lang duurt de verzending binnen Nederland?", customer="c-wait-nl")
    text = side["replies"][0]["text"]
    assert "1–2 werkdagen binnen Nederland" in text  # answered from the knowledge, in Dutch
    assert "(Intussen: " in text
    assert first in text
    assert "working days" not in text
    assert "Meanwhile" not in text

    ping = say(demo, "is er al iemand?", customer="c-wait-nl")["replies"][0]
    assert ping["text"].startswith(("Ja, ik ben er", "Nog steeds hier", "Ik ben er gewoon", "Je bent niet")), ping
    assert ping["choices"][:2] == [f"Wachten op {first}", "Verder chatten"]

    keep = say(demo, "Verder chatten", customer="c-wait-nl")["replies"][0]["text"]
    assert keep.startswith(("Natuurlijk", "Zeker", "Graag")), keep  # "chatten" is German too: still Dutch
    assert "Anliegen" not in keep


def test_a_question_asked_while_a_custom_order_waits_is_answered_from_the_custom_order_page(
        demo: TestClient) -> None:
    case = say(demo, "my sister's getting married in june, could you make 8 mugs with their initials?",
               customer="c-custom")
    assert case["decision"]["action"] == "delay"

    # nearest the payment methods (.17); the custom-order page's "How it works" says how paying for one works
    side = say(demo, "do we have to pay the whole thing upfront?", customer="c-custom")
    assert side["decision"]["action"] == "answer", side["decision"]["reasons"]
    assert side["decision"]["citations"] == ["custom-orders.md › How it works"]
    assert "50% deposit" in side["replies"][0]["text"]
    # in French too, from the same page
    say(demo, "est-ce qu'Ines pourrait faire 6 tasses avec nos initiales ?", customer="c-custom-fr")
    photo = say(demo, "et vous nous envoyez une photo avant de tout payer ?", customer="c-custom-fr")
    assert photo["decision"]["citations"] == ["custom-orders.md › How it works"]


@pytest.mark.parametrize(("text", "customer", "said"), [
    ("are you a bot?", "c-bot-en", "I'm Mossa Studio's assistant, not a person"),
    ("¿Eres un bot?", "c-bot-es", "Soy el asistente de Mossa Studio"),
])
def test_asking_whether_it_is_a_bot_is_answered_honestly_not_handed_off(
        demo: TestClient, text: str, customer: str, said: str) -> None:
    body = say(demo, text, customer=customer)

    assert body["decision"]["action"] != "handoff"
    assert said in body["replies"][0]["text"]
    assert body["decision"]["reasons"][0].startswith("small talk (bot)")


def test_a_dutch_customer_who_no_longer_needs_the_person_hears_it_in_dutch(demo: TestClient) -> None:
    assert say(demo, "Ik wil graag met een medewerker praten", customer="c-nl-done")["decision"]["action"] == "handoff"

    done = say(demo, "Laat maar, ik heb het al gevonden", customer="c-nl-done")

    assert done["replies"][0]["text"].startswith("Fijn dat het gelukt is!")
    assert "no longer needs a person" in done["decision"]["reasons"][0]


def test_a_spanish_customer_who_asks_twice_is_told_in_spanish_that_the_case_is_now_urgent(demo: TestClient) -> None:
    say(demo, "Quiero hablar con una persona", customer="c-wait-es")
    first = say(demo, "¿Hay alguien?", customer="c-wait-es")["replies"][0]["text"]
    assert first.startswith(("Sí, aquí estoy", "¡Sigo aquí!", "Aquí estoy", "No nos olvidamos")), first
    again = say(demo, "¿hay alguien??", customer="c-wait-es")
    assert any("upset while waiting" in r for r in again["decision"]["reasons"])
    assert "marcado tu caso como urgente" in again["replies"][0]["text"]


def test_a_follow_up_asks_the_question_before_again_unless_it_names_a_topic_of_its_own(demo: TestClient) -> None:
    say(demo, "how long does shipping take", customer="c-follow")
    us = say(demo, "and the US?", customer="c-follow")
    assert any("How long does shipping take?" in c for c in us["decision"]["citations"])  # not "which countries"
    assert "3–5 to the US and Canada" in us["replies"][0]["text"]
    assert "Belgium" not in us["replies"][0]["text"]  # the line asked about, not the whole list again

    say(demo, "Which payment methods do you accept?", customer="c-follow-pay")
    later = say(demo, "what about paying later?", customer="c-follow-pay")
    assert any("Can I pay later" in c for c in later["decision"]["citations"]), later["decision"]


@pytest.mark.parametrize(("customer", "first", "then", "answered_by"), [
    ("c-anew-de", "Verschickt ihr auch nach Österreich?", "Und wie lange dauert das?", "How long does shipping take?"),
    ("c-anew-de2", "Verschickt ihr auch nach Österreich?", "Was kostet das?", "How much does shipping cost?"),
    ("c-anew-en", "Do you ship to Austria?", "And how long does that take?", "How long does shipping take?"),
    # with the question before: the shipping times or the countries, which one? Alone: the shipping times
    ("c-anew-there", "do you ship to australia?", "how long would it take to get there?",
     "How long does shipping take?"),
])
def test_a_follow_up_that_asks_something_new_asks_it_about_the_same_thing(
        demo: TestClient, customer: str, first: str, then: str, answered_by: str) -> None:
    say(demo, first, customer=customer)
    body = say(demo, then, customer=customer)

    assert body["decision"]["action"] == "answer", body["decision"]  # not "which countries" again, no choice
    assert any(answered_by in c for c in body["decision"]["citations"]), body["decision"]


@pytest.mark.parametrize(("customer", "turns", "answered_by"), [
    # "how long does it take?" names nothing: "and how much?" after it is still about shipping to Germany
    ("c-chain-ship", ["do you ship to germany?", "how long does it take?", "and how much?"],
     "How much does shipping cost?"),
    # "valid … online and in the studio": the gift cards say it; a studio visit is no answer
    ("c-chain-gift", ["do you have gift cards?", "how long are they valid?", "can I use it in the studio?"],
     "Do you sell gift cards?"),
    ("c-chain-wash", ["I love the wadden sweater", "what is it made of?", "how do I wash it?"],
     "Washing your wool or alpaca sweater"),
])
def test_a_third_turn_is_read_with_the_two_it_leans_on(demo: TestClient, customer: str, turns: list[str],
                                                        answered_by: str) -> None:
    for turn in turns[:-1]:
        say(demo, turn, customer=customer)
    body = say(demo, turns[-1], customer=customer)

    assert body["decision"]["action"] == "answer", body["decision"]
    assert any(answered_by in c for c in body["decision"]["citations"]), body["decision"]


def test_a_question_announced_is_met_with_what_would_you_like_to_know_and_read_with_the_next(
        demo: TestClient) -> None:
    announced = say(demo, "Goedemiddag, ik heb een vraagje over de workshops", customer="c-announce")
    assert announced["decision"]["action"] == "answer"
    assert announced["replies"][0]["text"] == "Natuurlijk — wat wil je weten?"  # no guess at which question
    assert not announced["decision"]["citations"]

    # alone, "Hoeveel kost het?" could be anything; "het" is the workshops announced
    price = say(demo, "Hoeveel kost het?", customer="c-announce")
    assert any("Do you run workshops?" in c for c in price["decision"]["citations"]), price["decision"]

    praised = say(demo, "your mugs are gorgeous 😍", customer="c-praise")
    assert praised["replies"][0]["text"].startswith("Thank you, that's so lovely to hear!")


def test_a_sure_guide_section_answers_though_an_unsure_faq_question_lies_nearer(demo: TestClient) -> None:
    # "How long does a made-to-order piece take?" lies nearer, at .08; the page on handmade pieces says it
    body = say(demo, "how many hours does it take to knit one jumper?", customer="c-hours")

    assert body["decision"]["action"] == "answer", body["decision"]
    assert any("Made by hand, in small batches" in c for c in body["decision"]["citations"]), body["decision"]
    assert "6 and 14 hours" in body["replies"][0]["text"]


def test_the_person_a_customer_asks_for_by_name_takes_the_case(demo: TestClient) -> None:
    body = say(demo, "let me talk to Ines please", customer="c-ines")

    assert body["decision"]["action"] == "handoff"
    assert body["decision"]["assignee"]["name"] == "Ines Moreau"
    assert "Ines" in body["replies"][0]["text"]
    assert any("asked for Ines Moreau by name" in r for r in body["decision"]["reasons"])


@pytest.fixture
def demo_on_a_tuesday(demo_data: Path, tmp_path: Path) -> Iterator[TestClient]:
    """The demo shop at 11:00 on a Tuesday in Amsterdam: Maya works, Ines (Wednesday to Friday) does not."""
    settings = Settings(bot=REPO / "bots" / "demo-shop.yaml", data_dir=demo_data, clock=TUESDAY_MORNING,
                        database_url=f"sqlite:///{tmp_path / 'warmline.sqlite3'}")
    with TestClient(create_app(settings)) as client:
        yield client


def test_asking_for_someone_who_is_off_offers_who_is_here_now(demo_on_a_tuesday: TestClient) -> None:
    asked = say(demo_on_a_tuesday, "let me talk to Ines please", customer="c-ines-off")
    assert asked["decision"]["assignee"]["name"] == "Ines Moreau"
    reply = asked["replies"][0]
    here = reply["choices"][1].removesuffix(" now")
    assert reply["choices"][0] == "Wait for Ines"
    assert f"If you'd rather not wait, {here} is here now." in reply["text"]

    chosen = say(demo_on_a_tuesday, f"{here} now", customer="c-ines-off")
    assert chosen["decision"]["assignee"]["name"].split()[0] == here  # the case moved to them
    assert any(f"the customer chose {here}" in r for r in chosen["decision"]["reasons"])


@pytest.fixture
def demo_on_a_saturday_night(demo_data: Path, tmp_path: Path) -> Iterator[TestClient]:
    """The demo shop at 22:00 on a Saturday in Amsterdam: nobody on shift, Maya back Monday, Ines Wednesday."""
    settings = Settings(bot=REPO / "bots" / "demo-shop.yaml", data_dir=demo_data,
                        clock=datetime(2026, 3, 7, 21, 0, tzinfo=UTC),
                        database_url=f"sqlite:///{tmp_path / 'warmline.sqlite3'}")
    with TestClient(create_app(settings)) as client:
        yield client


def test_at_night_asking_for_someone_off_for_days_offers_who_is_back_first(
        demo_on_a_saturday_night: TestClient) -> None:
    asked = say(demo_on_a_saturday_night, "Ik wil graag met Ines praten", customer="c-ines-night")
    assert asked["decision"]["assignee"]["name"] == "Ines Moreau"
    reply = asked["replies"][0]
    assert reply["choices"][:2] == ["Wachten op Ines", "Wachten op Maya"]
    assert "Wil je liever niet zo lang wachten? Maya is er weer om 9:00 op maandag." in reply["text"]

    chosen = say(demo_on_a_saturday_night, "Wachten op Maya", customer="c-ines-night")
    assert chosen["decision"]["assignee"]["name"] == "Maya Lindqvist"  # the case moved to her
    assert "maandag" in chosen["replies"][0]["text"]


def test_a_case_at_night_is_explained_in_the_customers_language_and_the_order_number_is_not_asked_twice(
        demo_on_a_saturday_night: TestClient) -> None:
    dutch = say(demo_on_a_saturday_night, "Mijn pakket is nog niet aangekomen, bestelling 1042", customer="c-nl-case")
    assert dutch["decision"]["action"] == "delay"
    assert [r["text"].split(".")[0] for r in dutch["replies"]] == ["Hier is iemand van ons team voor nodig"]
    assert "Het team is er weer om" in dutch["replies"][0]["text"]  # when, then how long: in Dutch
    assert "We vragen PostNL of DHL waar je pakket is" in dutch["replies"][0]["text"]  # and why, in the shop's words

    french = say(demo_on_a_saturday_night, "Mon colis n'est toujours pas arrivé", customer="c-fr-case")
    assert french["decision"]["action"] == "delay"
    assert "L'équipe est de retour" in french["replies"][0]["text"]
    assert french["replies"][1]["text"] == ("Pour que personne n'ait à vous le redemander : pouvez-vous m'envoyer "
                                            "votre numéro de commande ?")


def test_when_only_someone_off_has_the_skill_the_choice_is_offered_in_the_customers_language(
        demo_on_a_tuesday: TestClient) -> None:
    asked = say(demo_on_a_tuesday, "Ik wil een trui op maat bestellen", customer="c-nl-custom")
    assert asked["decision"]["action"] == "delay"
    reply = asked["replies"][0]
    assert "Ines doet dit en is er weer" in reply["text"]
    assert "kan er nu al naar kijken" in reply["text"]
    assert "Ines kijkt wat er kan met de wol of klei" in reply["text"]  # why, in the shop's Dutch
    here = reply["choices"][1].removesuffix(" nu")
    assert reply["choices"] == ["Wachten op Ines", f"{here} nu", "Verder chatten"]

    chosen = say(demo_on_a_tuesday, f"{here} nu", customer="c-nl-custom")
    assert chosen["decision"]["assignee"]["name"].split()[0] == here


def test_a_dutch_customer_whose_case_waits_is_answered_what_happens_with_its_source_and_thanked(
        demo: TestClient) -> None:
    opened = say(demo, "Mijn serveerschaal is in twee stukken aangekomen 😢 bestelling MS-41268", customer="c-scherven")
    assert opened["decision"]["action"] in ("delay", "handoff")

    asked = say(demo, "Moet ik de scherven terugsturen?", customer="c-scherven")
    assert asked["decision"]["action"] == "relay"
    assert "het kapotte stuk hoef je niet terug te sturen" in asked["replies"][0]["text"]
    assert asked["decision"]["citations"] == ["faq/returns.yaml › My order arrived damaged — what can you do?"]

    photo = say(demo, "Moet ik een foto sturen?", customer="c-scherven")
    # (the order number was given: only the photo is still needed)
    assert photo["replies"][0]["text"].startswith("Ja: om het op te lossen hebben we een foto ervan nodig.")
    assert photo["decision"]["citations"] == asked["decision"]["citations"]

    bye = say(demo, "Oké, ik wacht het af. Fijne avond nog!", customer="c-scherven")
    assert bye["decision"]["reasons"][0] == "thanked while waiting: a short, warm reply"


@pytest.mark.parametrize(("opening", "question", "cited", "said"), [
    # the shop's page on double charges says when the money is back, though the question shares one word with it
    ("I was charged twice for MS-61308, can you sort it?", "when will the extra charge be back on my card?",
     "I was charged twice / my payment went wrong", "within 1–3 working days"),
    # "how long until…" asks the refund page, not whether anyone is there; the sentence saying how long comes too
    ("I need to cancel order MS-55012, I ordered the sand mug instead of moss",
     "how long until the money is back once it's refunded?", "When will I get my refund?", "within 5 working days"),
    # a plain question is answered from the shop's page on the case: a custom piece is altered, not swapped
    ("could ines knit me a noord cardigan with longer sleeves in forest green? it's for march",
     "and if it doesn't fit can i swap it for another size?", "If it doesn't fit", "free\nalterations within 60 days"),
])
def test_a_question_asked_while_a_case_waits_is_answered_from_the_page_that_says_it(
        demo: TestClient, opening: str, question: str, cited: str, said: str) -> None:
    customer = "c-waits-" + "".join(ch for ch in question[:20] if ch.isalnum())
    opened = say(demo, opening, customer=customer)
    assert opened["decision"]["action"] in ("delay", "handoff")

    asked = say(demo, question, customer=customer)

    assert asked["decision"]["action"] in ("answer", "relay"), asked["decision"]["reasons"]
    assert asked["decision"]["citations"][0].endswith(f" › {cited}")
    assert said in asked["replies"][0]["text"]


@pytest.mark.parametrize(("turns", "title"), [
    # English quoted in a German question: read in translation, not as the English it quotes
    (["Bei der Strickjacke steht „made to order“ – wann würde die denn bei euch rausgehen?"],
     "How long does a made-to-order piece take?"),
    # the material asked, in this turn or the one before, picks its own care section
    (["Läuft mein Baumwollpulli beim Waschen ein?"], "Organic cotton knits"),
    (["i washed my cotton jumper on 40 and now its shorter", "will it stretch back if i wear it a bit?",
      "how should i wash it next time then"], "Organic cotton knits"),
    # a follow-up names what it asks in its title, where the guide before only says it in passing ("never tumble dry")
    (["Comment je lave le pull en laine ?", "Et pour le sécher ?"], "Drying knitwear"),
    # what the customer calls it: "postman", "wonky", "synthetic"
    (["im in zurich. will the postman ask me for extra tax when the parcel turns up?"],
     "Will I have to pay customs or import duties?"),
    (["heard you sometimes sell wonky mugs for less, what's the deal with those?"], "What are second-chance ceramics?"),
    # "weit oder eng" is loose or tight, and "fallen … aus" how a knit fits
    (["Fallen eure Pullover eher weit oder eng aus?"], "How our sweaters fit"),
    # a way to pay or a currency the shop never names: the page that says which it takes
    (["¿Se puede pagar con Bizum?"], "Which payment methods do you accept?"),
    (["Kann ich in Schweizer Franken bezahlen?"], "Which payment methods do you accept?"),
    (["do you ship to texas?"], "Do you ship to the US?"),
    # balls of wool are yarn; little balls on a sweater are pilling
    (["Verkopen jullie ook losse bolletjes wol? Ik brei zelf graag"], "Can I buy your yarn or knitting patterns?"),
    (["is my new jumper gonna shed little fluff balls? my last one did"], "Pilling"),
])
def test_a_question_is_answered_by_what_it_names(demo: TestClient, turns: list[str], title: str) -> None:
    customer = "c-named-" + "".join(ch for ch in turns[-1][:24] if ch.isascii() and ch.isalnum())
    for turn in turns[:-1]:
        say(demo, turn, customer=customer)

    body = say(demo, turns[-1], customer=customer)

    assert body["decision"]["action"] == "answer", body["decision"]["reasons"]
    assert body["decision"]["citations"][0].endswith(f" › {title}")


def test_a_second_question_that_would_only_find_the_first_ones_answer_again_is_read_on_its_own(
        demo: TestClient) -> None:
    # read with the first question, "are they real wool?" finds the socks' sizes again
    body = say(demo, "Welke maat sokken moet ik nemen bij schoenmaat 43? En zijn ze van echte wol?",
               customer="c-two-socks")

    assert body["decision"]["action"] == "answer"
    cited = [c.split(" › ")[-1] for c in body["decision"]["citations"]]
    assert cited == ["Socks", "What are your sweaters made of?"]


def test_not_sure_offers_the_nearest_topics_and_a_tapped_one_is_answered_in_the_customers_language(
        demo: TestClient) -> None:
    question = "ik ben 1,80 en twijfel tussen M en L, ik hou van wat strakker, welke moet ik nemen?"
    body = say(demo, question, customer="c-topics")

    assert body["decision"]["action"] == "clarify"
    reply = body["replies"][0]
    assert reply["text"].endswith("Of gaat het over een van deze onderwerpen?")
    assert reply["choices"] == ["Sweater and cardigan measurements", "How our sweaters fit", "Met iemand praten"]

    # tapped (a guide's title, which a search alone is not sure of), then typed as its number on a text channel
    tapped = say(demo, "How our sweaters fit", customer="c-topics")
    assert tapped["decision"]["action"] == "answer", tapped["decision"]["reasons"]
    assert tapped["decision"]["citations"][0].endswith(" › How our sweaters fit")
    assert tapped["replies"][0]["text"].startswith("Dit staat in onze informatie")  # still Dutch
    say(demo, question, customer="c-topics-number")
    numbered = say(demo, "1", customer="c-topics-number")
    assert numbered["decision"]["citations"][0].endswith(" › Sweater and cardigan measurements")
    assert numbered["replies"][0]["choices"] == ["Dat helpt, bedankt", "Iets anders vragen"]
