"""The bot's own sentences in the customer's language; translated buttons keep their meaning."""

from __future__ import annotations

from pathlib import Path

from warmline.domain import LANGUAGES, SENTENCE_KEYS, WAITING_SENTENCE_KEYS, Bot, Phrasebook, Voice
from warmline.policy import (
    PHRASES,
    greeting,
    phrase,
    small_talk_reply,
)
from warmline.policy._waiting_words import REWORDABLE, WORDS

BOT = Bot(name="t", display_name="T", knowledge_dir=Path("."), languages=("en", "nl", "de", "es", "fr"),
          voice=Voice(greeting="Hello{name}, welcome to T!"),
          phrasebook=Phrasebook(sentences=(("nl", "not_sure", "Geen idee{comma_name}, sorry!"),
                                           ("nl", "greeting", "Welkom bij T{name}!"))))


def test_every_sentence_the_bot_file_may_reword_ships_in_every_language() -> None:
    waiting = {f"waiting_{key}" for key in REWORDABLE}
    assert set(PHRASES) | waiting == set(SENTENCE_KEYS)
    assert set(WAITING_SENTENCE_KEYS) == waiting
    for key, table in [*PHRASES.items(), *((key, WORDS[key]) for key in REWORDABLE)]:
        assert set(table) == set(LANGUAGES), key


def test_a_sentence_comes_in_the_customers_language_with_their_name() -> None:
    assert phrase("thanks", language="de", first_name="Jonas") == "Gern geschehen, Jonas! Kann ich sonst noch helfen?"
    assert phrase("thanks", language="es") == "¡De nada! ¿Te ayudo con algo más?"
    assert phrase("thanks", language="it").startswith("You're welcome")  # a language we don't ship: English


def test_the_shops_own_wording_wins() -> None:
    assert phrase("not_sure", language="nl", bot=BOT, first_name="Sanne") == "Geen idee, Sanne, sorry!"
    assert greeting(bot=BOT, language="nl", first_name="Sanne") == "Welkom bij T Sanne!"
    assert greeting(bot=BOT, language="en") == "Hello, welcome to T!"
    assert greeting(bot=BOT, language="fr").startswith("Bonjour")


def test_small_talk_replies_greet_on_the_first_turn_only() -> None:
    assert small_talk_reply("hello", bot=BOT, language="nl", first_turn=True).text == "Welkom bij T!"
    assert small_talk_reply("hello", bot=BOT, language="nl").text == "Hoi! Waarmee kan ik je helpen?"
    assert small_talk_reply("ask_else", bot=BOT, language="fr").text == "Bien sûr — que voulez-vous savoir ?"
    assert not small_talk_reply("thanks", bot=BOT, language="en").choices


def test_are_you_a_bot_is_answered_by_what_the_assistant_is_in_the_customers_language() -> None:
    assert small_talk_reply("bot", bot=BOT, language="en").text.startswith("I'm T's assistant, not a person.")
    assert small_talk_reply("bot", bot=BOT, language="nl").text.startswith("Ik ben de assistent van T")
