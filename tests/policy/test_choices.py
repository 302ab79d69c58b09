"""The bot's buttons in the customer's language, and a tapped or typed button read back."""

from __future__ import annotations

import pytest

from warmline.policy import canonical_choice, choice_labels, choice_language


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
