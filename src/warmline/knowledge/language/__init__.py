"""Which language a customer writes in: function words first, a character n-gram model where they leave it open.

``detect_language`` reads one message; ``conversation_language`` the language to answer in, keeping the
conversation's when a message ("ok", "👍") says nothing. ``_words`` holds the word lists reading needs
(question and grammar words, the names of countries, context words, British and casual English);
``without_salutations`` takes a letter's greeting and signature off its question.
"""

from ._detect import (
    LANGUAGE_NAMES,
    SUPPORTED_LANGUAGES,
    LanguageGuess,
    conversation_language,
    detect_language,
    function_words,
)
from ._letters import without_salutations
from ._ngrams import language_probabilities, load_language_identifier
from ._words import (
    CONTEXT_WORDS,
    ENGLISH_VARIANTS,
    GENERAL_WORDS,
    GRAMMAR_WORDS,
    HOW_MUCH_WORDS,
    QUESTION_WORDS,
    cities_named,
    country_name,
    places_named,
)

__all__ = [
    "CONTEXT_WORDS",
    "ENGLISH_VARIANTS",
    "GENERAL_WORDS",
    "GRAMMAR_WORDS",
    "HOW_MUCH_WORDS",
    "LANGUAGE_NAMES",
    "QUESTION_WORDS",
    "SUPPORTED_LANGUAGES",
    "LanguageGuess",
    "cities_named",
    "conversation_language",
    "country_name",
    "detect_language",
    "function_words",
    "language_probabilities",
    "load_language_identifier",
    "places_named",
    "without_salutations",
]
