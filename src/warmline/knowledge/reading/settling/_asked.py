"""Who a question asks about: the page that says who does what ("who looks after gift cards at mossa?" is "Who
you'll talk to", not the gift cards entry, which says what they are). Pure; ``Reader`` reads the question in the
knowledge's language first."""

from __future__ import annotations

import re
from dataclasses import replace

from warmline.domain import Retrieval

from .._terms import substance_in_common

__all__ = ["settled_by_who"]

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
