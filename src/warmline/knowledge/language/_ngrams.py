"""A statistical language identifier for the messages function words leave open (lingua, models in its wheel).

Function words decide most chat messages and explain themselves; a message without them ("¿Envían a
Estados Unidos?", "Puis-je payer en plusieurs fois ?") is still plain to a character n-gram model. Lingua's
low-accuracy mode (up to trigrams; made for short texts' speed, not their accuracy, yet right on the short
messages measured here) is built once per process for the languages Warmline knows (~17 MB, a tenth of a
second) and renormalised over the shop's own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

__all__ = ["IDENTIFIED_LANGUAGES", "language_probabilities", "load_language_identifier"]

log = logging.getLogger(__name__)

IDENTIFIED_LANGUAGES = ("en", "nl", "de", "es", "fr")  # the languages the function words know too
_lock = threading.Lock()
_identifier: list[Any] = []


def load_language_identifier() -> Any:
    """The identifier, built on first use (call it at start-up so no customer waits for it)."""
    with _lock:
        if not _identifier:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            languages = [Language.from_iso_code_639_1(IsoCode639_1.from_str(code)) for code in IDENTIFIED_LANGUAGES]
            _identifier.append(LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode()
                               .with_preloaded_language_models().build())
            log.info("language identifier loaded")
        return _identifier[0]


def language_probabilities(text: str, languages: Sequence[str]) -> dict[str, float]:
    """P(language | text) over ``languages`` (those the identifier knows); empty when it knows none."""
    known = [code for code in languages if code in IDENTIFIED_LANGUAGES]
    if not known or not text.strip():
        return {}
    values = load_language_identifier().compute_language_confidence_values(text)
    by_code = {value.language.iso_code_639_1.name.lower(): float(value.value) for value in values}
    total = sum(by_code.get(code, 0.0) for code in known)
    if total <= 0:
        return {}
    return {code: by_code.get(code, 0.0) / total for code in known}
