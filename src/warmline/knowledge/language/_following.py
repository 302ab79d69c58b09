"""Whether a message leans on the customer's question before: a follow-up ("and to the Netherlands?"), one
that asks anew about the same thing ("and how long does that take?"), one that only points back ("how long are
they valid?"), and whether it names anything beyond asking ("and roughly how much would that cost me?").
``knowledge.Reader`` reads such a message with the question before it."""

from __future__ import annotations

import re

from ._detect import SUPPORTED_LANGUAGES, function_words
from ._words import CONTEXT_WORDS, GENERAL_WORDS, GRAMMAR_WORDS, HOW_MUCH_WORDS, QUESTION_WORDS

__all__ = ["AMOUNT", "FOLLOW_UP", "PRICE_WORDS", "asks_anew", "is_follow_up", "names_a_topic", "points_back",
           "subject",
           "topic_words"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
FOLLOW_UP = re.compile(
    r"^[\s¿¡\"“]*(?:and|what about|how about|same for|also|en|und|y|e|et|ook|auch|aussi|también|tambien|"
    r"wat dacht je van|und was ist mit|et pour|y para|y a|y en)\b", re.IGNORECASE)
_FOLLOW_UP_WORDS = 10  # "and how do I check what's left on one later?" still leans on the question before
_POINTING_BACK_WORDS = 12  # "can i use it in the studio too or only online?" after the gift cards (fresh28)
_BARE_QUESTION_WORDS = 3
PRICE_WORDS = frozenset({"much", "cost", "costs", "price", "prices", "expensive", "cheap", "fee", "fees"})
# Words that point back at the last topic or only carry the verb: "would that take long", "do they have it"
_POINTING_WORDS = frozenset({"that", "this", "these", "those", "it", "they", "them", "be", "been", "has", "have",
                             "had", "get", "take", "takes", "should", "from", "were"})
AMOUNT = re.compile(r"[€$£]\s?\d|\d\s?(?:€|eur\b|euro)", re.IGNORECASE)


def is_follow_up(text: str) -> bool:
    """ "and to the Netherlands?", "what about Germany", "en naar België?": short, leaning on what came before.
    So is a question of nothing but question words ("how much?", "¿cuánto?"): it asks about the last topic."""
    words = _WORD.findall(text.lower())
    if len(words) > _FOLLOW_UP_WORDS:
        return False
    # ("what?" and "why" alone are puzzlement, not a question about the last topic.)
    asks = HOW_MUCH_WORDS if len(words) == 1 else QUESTION_WORDS
    bare = len(words) <= _BARE_QUESTION_WORDS and any(word in asks for word in words)
    # "in what amounts?", "¿de qué importes?", "which colours?": a question word and one thing asked of the last
    # topic, where a question of its own would name what it is about ("which colours does the Wadden come in?")
    fragment = bare and len(words) > 1 and sum(not _small(word) for word in words) <= 1
    return bool(FOLLOW_UP.match(text)) or fragment or (bare and all(_small(word) for word in words))


def _small(word: str) -> bool:
    """A function word of one of the shop languages ("de", "what", "wie")."""
    return any(word in function_words(language) for language in SUPPORTED_LANGUAGES)


# Words that point back at what the customer asked before ("how long are they valid?" after the gift cards)
_POINTING_BACK = {
    "en": frozenset({"it", "they", "them", "that", "those", "these", "one", "ones"}),
    # "Hoeveel kost het?", "Wie viel ist noch drauf?", "¿Cómo la compro?": a pronoun, or a word that
    # holds one (Dutch "er…", German "da…")
    "nl": frozenset({"ze", "hem", "het", "dat", "die", "deze", "erop", "ervan", "ervoor", "ermee", "erin",
                     "eraan", "erbij", "daarvan", "daarvoor", "daarmee"}),
    "de": frozenset({"es", "sie", "ihn", "das", "die", "den", "dem", "der", "diese", "drauf", "darauf", "davon",
                     "dafür", "damit", "daran", "darin", "drin", "dazu", "dabei"}),
    "es": frozenset({"lo", "los", "la", "las", "le", "les", "eso", "esto", "ellos", "ellas"}),
    "fr": frozenset({"il", "elle", "ils", "elles", "ça", "ca", "cela", "le", "la", "les",
                     "c"}),  # "c'est combien ?"
}
# French "en" and "y" point back only as pronouns, next to the verb ("vous en avez ?", "j'y vais", "il y en a"):
# "je peux payer en plusieurs fois ?" pays in instalments, and "il y a" is "there is"
_FRENCH_PRONOUN_EN_Y = re.compile(r"(?:\b(?:je|tu|il|elle|on|nous|vous|ils|elles|y) |\b[jnmtl]['’])(?:en|y)\b(?! a\b)|"
                                  r"\ben (?:a|as|avez|avons|ont|reste|restent|faut)\b|"
                                  r"\b(?:peux|peut|pouvez|pourrais|pourriez|veux|voudrais|voudrait|dois|doit) en\b")


def points_back(text: str, *, language: str) -> bool:
    """A short question (twelve words at most) with a word that may point back at the last topic: "how long are
    they valid?" after the gift cards. ``Reader`` reads it with the question before unless it stands alone."""
    words = _WORD.findall(text.lower())
    pointing = _POINTING_BACK.get(language, frozenset()) | _POINTING_BACK["en"]
    if len(words) > _POINTING_BACK_WORDS:
        return False
    return any(word in pointing for word in words) or (
        language == "fr" and _FRENCH_PRONOUN_EN_Y.search(text.lower()) is not None)


def asks_anew(text: str) -> bool:
    """A follow-up that asks its own question ("and how long does that take?"), not the last one about
    something else ("and to the UK?", "what about paying later?")."""
    rest = FOLLOW_UP.sub("", text, count=1)
    return any(word in QUESTION_WORDS for word in _WORD.findall(rest.lower()))


# Asking a price: what it asks about is the thing, not its cost ("Was kostet der Noord Cardigan?" → "Noord
# Cardigan", so "Und woraus ist der gemacht?" after it is about the cardigan, not about what costs what)
_PRICE_ASKING = PRICE_WORDS | {"kost", "kosten", "kostet", "prijs", "preis", "cuesta", "cuestan", "precio", "vale",
                               "valen", "coûte", "coute", "coûtent", "prix"}


def subject(text: str) -> str:
    """What a question is about: its words without the question words, pronouns, auxiliaries, prepositions and
    price words of the shop languages ("Do you ship to Austria?" → "ship Austria")."""
    return " ".join(w for w in _WORD.findall(text) if w.lower() not in QUESTION_WORDS | GRAMMAR_WORDS | _PRICE_ASKING)


_ASKING = QUESTION_WORDS | GRAMMAR_WORDS | PRICE_WORDS | GENERAL_WORDS | CONTEXT_WORDS | _POINTING_WORDS


def topic_words(focus: str) -> list[str]:
    """A follow-up's words (in the knowledge's language) that name something beyond asking: "pay", "apple" and
    "pay" of "and can I pay with Apple Pay?"; none of "and how much would that cost me"."""
    return [word for word in _WORD.findall(focus.lower()) if word not in _ASKING]


def names_a_topic(focus: str) -> bool:
    """Whether a follow-up's words (in the knowledge's language) name anything beyond asking: "and how much
    would that cost me" names nothing, "and can I pay with Apple Pay?" names a way to pay."""
    return bool(topic_words(focus))
