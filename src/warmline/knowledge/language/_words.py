"""Word lists of the shop languages that reading a question needs: question words, grammar words, places.

``QUESTION_WORDS`` tell a follow-up that asks something new ("and how long?") from one that asks the last
question about something else ("and to the UK?"); ``GRAMMAR_WORDS`` leave a question's subject ("Do you ship
to Austria?" → "ship Austria"); ``places_named`` finds the countries a question or an answer's title names.
"""

from __future__ import annotations

import re

__all__ = ["GRAMMAR_WORDS", "HOW_MUCH_WORDS", "QUESTION_WORDS", "places_named"]

QUESTION_WORDS = frozenset({"how", "what", "when", "where", "which", "why", "much", "long", "hoe", "wat",
    "wanneer", "waar", "welke", "waarom", "hoeveel", "lang", "wie", "was", "wann", "wo", "welche", "warum",
    "wieviel", "lange", "cómo", "como", "qué", "que", "cuándo", "cuando", "dónde", "donde", "cuál", "cuánto",
    "cuanto", "comment", "quoi", "quand", "où", "quel", "quelle", "pourquoi", "combien"})
GRAMMAR_WORDS = frozenset({"i", "you", "we", "it", "me", "my", "your", "our", "is", "are", "do", "does", "did", "can",
    "could", "will", "would", "a", "an", "the", "to", "of", "for", "in", "on", "at", "with", "and", "or", "also",
    "too", "ik", "je", "jij", "u", "jullie", "wij", "het", "de", "een", "zijn", "kan", "kunnen", "kun", "kunt",
    "doen", "doet", "naar", "voor", "van", "op", "met", "en", "ook", "ich", "du", "ihr", "sie", "wir", "es", "der",
    "die", "das", "ein", "eine", "ist", "sind", "kann", "können", "könnt", "macht", "nach", "für", "von", "auf",
    "mit", "und", "auch", "yo", "tú", "usted", "vosotros", "nosotros", "el", "la", "los", "las", "un", "una",
    "son", "puedo", "puede", "pueden", "podéis", "hacéis", "con", "para", "por", "y", "también", "tu", "vous",
    "nous", "il", "le", "les", "une", "est", "sont", "peux", "peut", "pouvez", "faites", "à", "au", "aux", "pour",
    "avec", "et", "aussi"})
HOW_MUCH_WORDS = frozenset({"hoeveel", "wieviel", "cuánto", "cuanto", "combien"})

# Country names as the glossary writes them in English, with the other names customers use for them.
_PLACES: dict[str, tuple[str, ...]] = {
    "us": ("the us", "usa", "u.s.", "united states", "america", "the states"),  # "us" alone: see _US
    "uk": ("uk", "united kingdom", "britain", "great britain", "england", "scotland", "wales", "northern ireland"),
    "canada": ("canada",), "mexico": ("mexico",), "brazil": ("brazil",), "argentina": ("argentina",),
    "chile": ("chile",), "australia": ("australia",), "new zealand": ("new zealand",), "japan": ("japan",),
    "china": ("china",), "south korea": ("korea", "south korea"), "india": ("india",),
    "singapore": ("singapore",), "hong kong": ("hong kong",), "israel": ("israel",), "turkey": ("turkey",),
    "south africa": ("south africa",), "switzerland": ("switzerland",), "norway": ("norway",),
    "iceland": ("iceland",), "netherlands": ("netherlands", "holland"), "belgium": ("belgium",),
    "germany": ("germany",), "luxembourg": ("luxembourg",), "france": ("france",), "spain": ("spain",),
    "portugal": ("portugal",), "italy": ("italy",), "austria": ("austria",), "ireland": ("ireland",),
    "denmark": ("denmark",), "sweden": ("sweden",), "finland": ("finland",), "poland": ("poland",),
    "czechia": ("czechia", "czech republic"), "greece": ("greece",), "hungary": ("hungary",),
}
_PLACE_OF = {alias: place for place, aliases in _PLACES.items() for alias in aliases}
_PLACE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(a) for a in sorted(_PLACE_OF, key=len, reverse=True))
                    + r")(?![\w])", re.IGNORECASE)


_US = re.compile(r"\bUS\b")  # in capitals only: "how about us" names no country


def places_named(text: str) -> frozenset[str]:
    """The countries ``text`` names (in English words), by one name each ("the States" and "USA" are "us")."""
    found = {_PLACE_OF[match.lower()] for match in _PLACE.findall(text)}
    return frozenset(found | ({"us"} if _US.search(text) else set()))
