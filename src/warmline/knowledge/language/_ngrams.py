"""A statistical language identifier for the messages function words leave open (py3langid, in its wheel).

Function words decide most chat messages and explain themselves; a message without them ("¿Envían a
Estados Unidos?", "Puis-je payer en plusieurs fois ?") is still plain to a character n-gram model trained
on whole sentences. That model is loaded once per process (about a second and ~45 MB), restricted to the
languages Warmline knows, and renormalised over the shop's own.
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
    """The identifier, loaded on first use (call it at start-up so no customer waits for it)."""
    with _lock:
        if not _identifier:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(list(IDENTIFIED_LANGUAGES))
            # It keeps all 142 languages' table (27 MB) to allow another set_languages later; ours never
            # changes, so only the five languages' columns stay (py3langid is pinned: 0.4.0).
            identifier._full_model = (identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes)
            _identifier.append(identifier)
            log.info("language identifier loaded")
        return _identifier[0]


def language_probabilities(text: str, languages: Sequence[str]) -> dict[str, float]:
    """P(language | text) over ``languages`` (those the identifier knows); empty when it knows none."""
    known = [code for code in languages if code in IDENTIFIED_LANGUAGES]
    if not known or not text.strip():
        return {}
    ranked = dict(load_language_identifier().rank(text))
    total = sum(float(ranked.get(code, 0.0)) for code in known)
    if total <= 0:
        return {}
    return {code: float(ranked.get(code, 0.0)) / total for code in known}
