"""The demo shop through ``POST /api/v1/messages`` in the customer's own language (issue 14).

The demo shop's knowledge is written in English; its bot file serves en, nl, de, es and fr. Indexed once
for the module (the full demo knowledge, so this is the slowest module of tests/web).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
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
