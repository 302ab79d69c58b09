"""Who or what a question asks about: the page that says who does what ("who looks after gift cards at mossa?" is
"Who you'll talk to", not the gift cards entry, which says what they are), and the passage that says the thing a
"which …?" question asks for ("which detergent for a merino sweater?" is the wash, which says "wool detergent", not
what the sweaters are made of). Pure; ``Reader`` reads the question in the knowledge's language first."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from warmline.domain import Retrieval

from ...language import PRICE_WORDS
from .._terms import stem, substance_in_common, terms

__all__ = ["settled_by_thing_asked", "settled_by_who"]

_WHO_ALTERNATIVES = 3  # the candidates after the best one that may be the page saying who
# "who" opening a question ("who packs the parcels?", "and who do i ask…", "is who at you who…" read from "c'est
# qui chez vous qui…"): not "who's sam?" (one named), "who pays for shipping?" (what it costs) or "is it ines who
# founded mossa?" (a name asked about)
_ASKS_WHO = re.compile(r"(?:^|[.?!,;]\s*|\b(?:and|so|but|like|then)\s+)(?:is |it's )?who\b(?!'s|\s+is\b|\s+pays\b)",
                       re.IGNORECASE)
_WHO_TITLE = re.compile(r"\bwho\b", re.IGNORECASE)


def settled_by_who(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """A question asking who does something (``asked``, in the knowledge's language) answered by the likely
    passage titled with "who" that says what it is about, when the best one's title has no "who"."""
    best = retrieval.best
    if best is None or not _ASKS_WHO.search(asked.strip()) or _WHO_TITLE.search(best.passage.citation.title):
        return retrieval
    who = next((c for c in retrieval.candidates[1:_WHO_ALTERNATIVES + 1] if _WHO_TITLE.search(
        c.passage.citation.title) and substance_in_common(asked, c.passage.text)), None)
    if who is None:
        return retrieval
    rest = tuple(c for c in retrieval.candidates if c is not who)
    return replace(retrieval, candidates=(who, *rest), in_scope=True, ambiguous=False, confidence=who.score,
                   answer_text=who.passage.text)


# "which detergent …", "what kind of yarn …": the thing a question asks to be named
_WHICH_THING = re.compile(r"\b(?:which|what)\s+(?:kind of\s+|type of\s+|sort of\s+)?([^\W\d_]{4,})\b", re.IGNORECASE)
_THING_ALTERNATIVES = 3  # the candidates after the best one that may say the thing
_SURE_OF_THE_THING = 0.5  # a passage saying the thing this likely answers; less is a guess at a word
# Only an answer less sure than this gives way: "what temperature are your mugs fired at? … food safe" is the
# dishwasher entry's (.72), not the care page's "sudden temperature jumps"; "et il fait quelle longueur en S ?"
# found the materials (.53), where the measurements say "length"
_UNSURE_OF_IT = 0.6


def settled_by_thing_asked(retrieval: Retrieval, *, asked: str, rare: Callable[[str], bool]) -> Retrieval:
    """The likely passage (from ``_SURE_OF_THE_THING``) that says the rare thing a "which …?" question asks for
    (``asked``, in the knowledge's language), when the best one is unsure and never says it: "Welches Waschmittel
    nehme ich für einen Merino-Pullover?" found "What are your sweaters made of?" (.17, it says merino), where the
    wash (.64) says "a wool detergent". (Not a price: "¿qué precio tienen los calcetines?" asks what they cost.)"""
    best = retrieval.best
    match = _WHICH_THING.search(asked)
    if best is None or match is None or retrieval.confidence >= _UNSURE_OF_IT:
        return retrieval
    named = match.group(1).lower()
    thing = stem(named)
    if named in PRICE_WORDS or not rare(thing) or not substance_in_common(thing, thing) or thing in terms(
            f"{best.passage.citation.title} {best.passage.text}"):
        return retrieval
    saying = next((c for c in retrieval.candidates[1:_THING_ALTERNATIVES + 1] if c.score >= _SURE_OF_THE_THING
                   and thing in terms(f"{c.passage.citation.title} {c.passage.text}")), None)
    if saying is None:
        return retrieval
    rest = tuple(c for c in retrieval.candidates if c is not saying)
    return replace(retrieval, candidates=(saying, *rest), in_scope=True, ambiguous=False, confidence=saying.score,
                   answer_text=saying.passage.text)
