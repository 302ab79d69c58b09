"""Which language a customer writes in: function words first, a character n-gram model where they leave it open.

``detect_language`` reads one message; ``conversation_language`` the language to answer in, keeping the
conversation's when a message ("ok", "👍") says nothing. ``_words`` holds the word lists reading needs
(question and grammar words, the names of countries, context words, British and casual English);
``without_salutations`` takes a letter's greeting and signature off its question; ``_following`` tells a
message that leans on the question before it ("and to the Netherlands?", "how long are they valid?").
"""

from ._clauses import asked_and_told, asking_clauses, question_parts
from ._detect import (
    LANGUAGE_NAMES,
    SUPPORTED_LANGUAGES,
    LanguageGuess,
    conversation_language,
    detect_language,
    function_words,
)
from ._following import (
    AMOUNT,
    FOLLOW_UP,
    PRICE_WORDS,
    asks_anew,
    is_follow_up,
    names_a_topic,
    points_back,
    subject,
    topic_words,
)
from ._letters import without_salutations
from ._ngrams import language_probabilities, load_language_identifier
from ._unknown import NeverUsed, asks_for_one_of, inflected, never_used, unknown_words
from ._word_order import in_english_order
from ._words import (
    CONTEXT_WORDS,
    ENGLISH_VARIANTS,
    GENERAL_WORDS,
    GRAMMAR_WORDS,
    HOW_MUCH_WORDS,
    QUESTION_WORDS,
    cities_named,
    country_name,
    materials_named,
    places_named,
    regions_of_places,
    with_countries,
)

__all__ = [
    "AMOUNT",
    "CONTEXT_WORDS",
    "ENGLISH_VARIANTS",
    "FOLLOW_UP",
    "GENERAL_WORDS",
    "GRAMMAR_WORDS",
    "HOW_MUCH_WORDS",
    "LANGUAGE_NAMES",
    "PRICE_WORDS",
    "QUESTION_WORDS",
    "SUPPORTED_LANGUAGES",
    "LanguageGuess",
    "NeverUsed",
    "asked_and_told",
    "asking_clauses",
    "asks_anew",
    "asks_for_one_of",
    "cities_named",
    "conversation_language",
    "country_name",
    "detect_language",
    "function_words",
    "in_english_order",
    "inflected",
    "is_follow_up",
    "language_probabilities",
    "load_language_identifier",
    "materials_named",
    "names_a_topic",
    "never_used",
    "places_named",
    "points_back",
    "question_parts",
    "regions_of_places",
    "subject",
    "topic_words",
    "unknown_words",
    "with_countries",
    "without_salutations",
]
