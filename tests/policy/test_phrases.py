"""The bot's own sentences in the customer's language; translated buttons keep their meaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from warmline.domain import LANGUAGES, SENTENCE_KEYS, WAITING_SENTENCE_KEYS, Bot, Phrasebook, Voice
from warmline.policy import (
    PHRASES,
    canonical_choice,
    choice_labels,
    choice_language,
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


@pytest.mark.parametrize("language", ["nl", "de", "es", "fr"])
def test_a_translated_button_means_what_the_english_one_means(language: str) -> None:
    english = ("That helps, thanks", "Ask something else", "Talk to a person", "Keep chatting", "Yes 👍")
    shown = choice_labels(english, language=language)

    assert shown != english
    assert tuple(canonical_choice(label) for label in shown) == english
    assert canonical_choice(choice_labels(("Talk to a person",), language=language)[0].upper()) == "Talk to a person"


def test_wait_for_a_named_person_is_understood_in_each_language() -> None:
    assert canonical_choice("Wachten op Maya") == "Wait for Maya"
    assert canonical_choice("Esperar a Joris") == "Wait for Joris"
    assert canonical_choice("How long do I wait?") == "How long do I wait?"


@pytest.mark.parametrize(("label", "language"), [
    ("Verder chatten", "nl"), ("Weiter chatten", "de"), ("Wachten op Maya", "nl"), ("Esperar a Maya", "es"),
    ("Attendre Maya", "fr"), ("Continuer à discuter", "fr"),
    ("Maya nu", "nl"), ("Ines maintenant", "fr"), ("ik wil het nu", None),
    ("Ja 👍", None),  # Dutch and German share it: the conversation tells which
    ("Keep chatting", None), ("chatten", None), ("hoe lang duurt het?", None),
])
def test_a_tapped_button_tells_its_language(label: str, language: str | None) -> None:
    assert choice_language(label) == language
