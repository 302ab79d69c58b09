"""The character n-gram model behind the detector: probabilities over the shop's own languages."""

from __future__ import annotations

import pytest

from warmline.knowledge.language import language_probabilities, load_language_identifier


def test_probabilities_cover_only_the_languages_asked_and_sum_to_one() -> None:
    probabilities = language_probabilities("¿Cuánto tarda el envío a España?", ["en", "es"])

    assert set(probabilities) == {"en", "es"}
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert probabilities["es"] > 0.9


def test_a_language_the_model_does_not_know_is_left_out() -> None:
    assert set(language_probabilities("Wie lange dauert der Versand?", ["de", "pt"])) == {"de"}
    assert language_probabilities("Quanto custa o envio?", ["pt"]) == {}


def test_empty_text_has_no_probabilities() -> None:
    assert language_probabilities("   ", ["en", "nl"]) == {}


def test_the_model_is_loaded_once_per_process() -> None:
    assert load_language_identifier() is load_language_identifier()


def test_asking_for_fewer_languages_does_not_narrow_the_shared_model() -> None:
    language_probabilities("Puis-je payer en plusieurs fois ?", ["en", "nl"])

    assert max(language_probabilities("Puis-je payer en plusieurs fois ?", ["en", "nl", "fr"]).items(),
               key=lambda item: item[1])[0] == "fr"
