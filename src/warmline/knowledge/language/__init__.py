"""Which language a customer writes in: function words first, a character n-gram model where they leave it open.

``detect_language`` reads one message; ``conversation_language`` the language to answer in, keeping the
conversation's when a message ("ok", "👍") says nothing.
"""

from ._detect import (
    LANGUAGE_NAMES,
    SUPPORTED_LANGUAGES,
    LanguageGuess,
    conversation_language,
    detect_language,
    function_words,
)
from ._ngrams import language_probabilities, load_language_identifier

__all__ = ["LANGUAGE_NAMES", "SUPPORTED_LANGUAGES", "LanguageGuess", "conversation_language", "detect_language",
           "function_words", "language_probabilities", "load_language_identifier"]
