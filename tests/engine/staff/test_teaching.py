"""Teaching: "Add to knowledge" turns a staff answer into learned/<slug>.yaml, and the next customer who
asks the same (or nearly the same) question gets that answer at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from tests._shop import act_as, with_index, write_test_bot
from tests.engine.staff.test_slack_bridge import MAYA, blocks_text, card_ts, reply_in_thread, running_shop

from channels.staff.fake_slack import FakeSlack
from warmline.config import Settings
from warmline.domain import (
    Action,
    Author,
    Citation,
    Decision,
    InboundMessage,
    Message,
    PermissionDeniedError,
    ValidationError,
)
from warmline.engine.customer.pipeline import TurnResult
from warmline.engine.staff import slack_bridge
from warmline.engine.staff.teaching import find_lesson, without_greeting
from warmline.runtime.services import Services
from warmline.web import create_app

QUESTION = "Do you offer gift wrapping?"
STAFF_ANSWER = "Hi Anna! Yes: tick 'gift wrap' at checkout and we wrap it in linen paper for 3 euros."
ANSWER = "Yes: tick 'gift wrap' at checkout and we wrap it in linen paper for 3 euros."


@pytest.fixture
def settings(tmp_path: Path, test_shop_index: Path) -> Settings:
    """A shop of its own per test: teaching writes into its knowledge folder and index."""
    return Settings(bot=write_test_bot(tmp_path / "shop"), data_dir=with_index(tmp_path / "data", test_shop_index),
                    database_url=f"sqlite:///{tmp_path / 'warmline.sqlite3'}")


@pytest.fixture
async def services(settings: Settings) -> AsyncIterator[Services]:
    started = await Services.start(settings)
    yield started
    await started.stop()


async def say(services: Services, text: str, *, sender: str = "anna", name: str = "Anna de Vries") -> TurnResult:
    return await services.pipeline.handle(InboundMessage(channel="api", sender_id=sender, text=text,
                                                         sender_name=name))


async def staff_answered(services: Services) -> tuple[str, str]:
    """Anna asks what the bot can't answer, asks for a person, and the assignee answers. (conversation, staff)"""
    unsure = await say(services, QUESTION)
    assert unsure.decision.action is Action.CLARIFY
    handoff = await say(services, "Talk to a person")  # the bot's own button
    assert handoff.decision.assignee is not None
    staff_id = handoff.decision.assignee.id
    await services.desk.reply(handoff.conversation.id, staff_id=staff_id, text=STAFF_ANSWER)
    return handoff.conversation.id, staff_id


async def test_a_taught_answer_is_given_instantly_the_next_time(services: Services) -> None:
    conversation_id, staff_id = await staff_answered(services)

    entry = await services.desk.teach(conversation_id, staff_id=staff_id)

    assert (entry.question, entry.answer) == (QUESTION, ANSWER)  # no greeting of Anna in the knowledge
    assert entry.source == "learned/do-you-offer-gift-wrapping.yaml"
    [stored] = yaml.safe_load((services.bot.knowledge_dir / entry.source).read_text(encoding="utf-8"))["entries"]
    assert stored["learned"]["by"] == staff_id
    assert stored["learned"]["conversation"] == conversation_id
    for text in (QUESTION, "could you gift wrap my order"):  # the same question, and a paraphrase
        turn = await say(services, text, sender="ben", name="Ben Smit")
        assert turn.decision.action is Action.ANSWER, (text, turn.decision.reasons)
        assert turn.decision.citations[0].source == entry.source
        assert ANSWER in turn.replies[0].text


async def test_a_taught_answer_survives_a_restart(settings: Settings) -> None:
    first = await Services.start(settings)
    try:
        conversation_id, staff_id = await staff_answered(first)
        entry = await first.desk.teach(conversation_id, staff_id=staff_id)
    finally:
        await first.stop()
    second = await Services.start(settings)
    try:
        turn = await say(second, QUESTION, sender="ben")
        assert turn.decision.action is Action.ANSWER
        assert turn.decision.citations[0].source == entry.source
    finally:
        await second.stop()


async def test_only_people_on_the_roster_teach(services: Services) -> None:
    conversation_id, _ = await staff_answered(services)
    with pytest.raises(PermissionDeniedError):
        await services.desk.teach(conversation_id, staff_id="mallory")
    assert not (services.bot.knowledge_dir / "learned").exists()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_the_teach_route_adds_to_knowledge_and_explains_refusals(client: TestClient) -> None:
    unsure = client.post("/api/v1/messages", json={"customer_id": "anna", "text": QUESTION}).json()
    conversation_id = unsure["conversation_id"]
    handoff = client.post("/api/v1/messages", json={"customer_id": "anna", "text": "Talk to a person"}).json()
    staff_id = handoff["decision"]["assignee"]["id"]
    act_as(client, staff_id)
    path = f"/api/v1/staff/conversations/{conversation_id}/teach"

    nothing_yet = client.post(path, json={"staff_id": staff_id})
    assert nothing_yet.status_code == 422
    assert "answer" in nothing_yet.text

    client.post(f"/api/v1/staff/conversations/{conversation_id}/reply", json={"staff_id": staff_id,
                                                                               "text": ANSWER})
    taught = client.post(path, json={"staff_id": staff_id})
    assert taught.status_code == 200
    assert taught.json()["learned"]["source"] == "learned/do-you-offer-gift-wrapping.yaml"
    assert taught.json()["learned"]["question"] == QUESTION

    again = client.post("/api/v1/messages", json={"customer_id": "ben", "text": QUESTION}).json()
    assert again["decision"]["action"] == "answer"
    assert again["decision"]["citations"][0].startswith("learned/do-you-offer-gift-wrapping.yaml")

    assert client.post(path, json={"staff_id": "mallory"}).status_code == 403
    assert client.post("/api/v1/staff/conversations/nope/teach", json={"staff_id": staff_id}).status_code == 404
    assert client.post(path, json={"staff_id": staff_id, "answer": ""}).status_code == 422


# ---------------------------------------------------------------- what is taught by default (pure)

NOW = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


def msg(index: int, author: Author, text: str, *, staff_id: str | None = None,
        choices: tuple[str, ...] = ()) -> Message:
    return Message(id=f"m{index}", conversation_id="c", author=author, text=text, channel="api", created_at=NOW,
                   staff_id=staff_id, choices=choices,
                   citations=(Citation(source="faq.yaml", title="x"),) if author is Author.BOT and not choices else ())


def decided(message_id: str, action: Action) -> Decision:
    return Decision(action=action, reasons=(), confidence=1.0, message_id=message_id)


def test_the_question_is_the_unanswered_one_not_the_request_for_a_person(services: Services) -> None:
    messages = [
        msg(0, Author.CUSTOMER, "How long does shipping take?"),
        msg(1, Author.BOT, "Orders ship within 1 business day."),
        msg(2, Author.CUSTOMER, "Can you engrave a name on a mug?"),
        msg(3, Author.BOT, "I'm not sure about that one.", choices=("Talk to a person", "Ask something else")),
        msg(4, Author.CUSTOMER, "Talk to a person"),
        msg(5, Author.CUSTOMER, "can I talk to someone please"),
        msg(6, Author.STAFF, "Anna, yes! Up to 20 letters for 5 euros.", staff_id="maya"),
        msg(7, Author.STAFF, "Leo here, just checking in.", staff_id="leo"),
    ]
    decisions = [decided("m0", Action.ANSWER), decided("m2", Action.CLARIFY), decided("m4", Action.HANDOFF),
                 decided("m5", Action.RELAY)]
    lesson = find_lesson(messages, decisions, staff_id="maya", bot=services.bot, customer_first_name="Anna")
    assert lesson.question == "Can you engrave a name on a mug?"
    assert lesson.answer == "Yes! Up to 20 letters for 5 euros."

    given = find_lesson(messages, decisions, staff_id="maya", bot=services.bot, question="Do you engrave?",
                        answer="Yes, 5 euros.")
    assert (given.question, given.answer) == ("Do you engrave?", "Yes, 5 euros.")
    with pytest.raises(ValidationError) as refused:
        find_lesson(messages[:2], decisions, staff_id="maya", bot=services.bot, answer="Yes.")
    assert refused.value.field == "question"


def test_without_greeting() -> None:
    assert without_greeting("Hi Anna! Yes, we do.", "Anna") == "Yes, we do."
    assert without_greeting("anna, yes we do", "Anna") == "Yes we do"
    assert without_greeting("Annabel is our potter.", "Anna") == "Annabel is our potter."
    assert without_greeting("Hi there! Yes.", "") == "Hi there! Yes."


# ---------------------------------------------------------------- from Slack

@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.mark.parametrize("wait_s", [2.0, 0.0])  # learned before Slack's answer, or after it in the background
async def test_add_to_knowledge_from_the_slack_card(settings: Settings, fake_slack: FakeSlack,
                                                    monkeypatch: pytest.MonkeyPatch, wait_s: float) -> None:
    monkeypatch.setattr(slack_bridge, "_TEACH_WAIT_S", wait_s)
    async for shop in running_shop(settings, fake_slack):
        await shop.customer_says(QUESTION)
        handoff = await shop.customer_says("Talk to a person")
        conversation_id = handoff["conversation_id"]
        card = shop.card()
        assert "Add to knowledge" not in blocks_text(card)  # nobody has answered yet
        await shop.slack_event(reply_in_thread(card, STAFF_ANSWER))
        assert "Add to knowledge" in blocks_text(shop.slack.calls_to("chat.update")[-1])

        response = await shop.slack_click(user=MAYA, action_id="warmline_teach", value=conversation_id,
                                          message_ts=card_ts(card))
        assert response.status_code == 200
        await asyncio.gather(*shop.bridge._teaching)  # the background part, when there is one
        [note] = [t for t in shop.slack.thread_texts(card_ts(card)) if "added to knowledge" in t]
        assert "learned/do-you-offer-gift-wrapping.yaml" in note

        again = await shop.customer_says(QUESTION, customer="ben")
        assert again["decision"]["action"] == "answer"
        assert again["decision"]["citations"][0].startswith("learned/do-you-offer-gift-wrapping.yaml")
