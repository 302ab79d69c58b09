"""A hyphenated term the question names ("made-to-order", "second-chance", "plastic-free"): one thing, which the
embedding blurs into its parts ("ship", "order"). Pure."""

from __future__ import annotations

import re
from dataclasses import replace

from warmline.domain import Retrieval, ScoredPassage

from .._terms import title_words_asked

__all__ = ["settled_by_term"]

_TERM = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)+\b")  # "made-to-order", "sold-out", "plastic-free"
_NOT_A_LETTER = re.compile(r"[^\w\s]|_")  # quotes and hyphens: "'made to order'", "made-to-order"
_TERM_ALTERNATIVES = 3  # the candidates after the best one whose titles' terms the question may name
_TERM_FLOOR = 0.02  # an answer that unlikely is no answer, whatever its title says


def settled_by_term(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """The answer whose title has a hyphenated term the question uses, however spelled, and the likeliest
    answer's title does not: "Beim Noord-Cardigan steht „auf Bestellung gefertigt“ – wann wird der denn
    verschickt?" (read "made to order") is the made-to-order entry (.05), not the shipping times (.29).
    A term ("made-to-order", "sold-out", "plastic-free") names one thing; the embedding blurs it into "ship"."""
    best = retrieval.best
    if best is None:
        return retrieval
    said = _spaced(asked)
    own = set(_terms_of(best.passage.citation.title))
    for other in retrieval.candidates[1:_TERM_ALTERNATIVES + 1]:
        named = [term for term in _terms_of(other.passage.citation.title)
                 if term not in own and f" {term.replace('-', ' ')} " in said]
        if named and other.score >= _TERM_FLOOR:
            other = _titled_as_asked_saying(retrieval, named, asked=asked, term_entry=other) or other
            rest = tuple(c for c in retrieval.candidates if c is not other)
            return replace(retrieval, candidates=(other, *rest), confidence=other.score, in_scope=True,
                           ambiguous=False, answer_text=other.passage.text)
    return retrieval


def _titled_as_asked_saying(retrieval: Retrieval, terms_named: list[str], *, asked: str,
                            term_entry: ScoredPassage) -> ScoredPassage | None:
    """The likely entry titled with what the best one's title names of the question ("return") that says the
    terms too: "can i return a second-chance mug?" is the sale items' returns, which say "second chance", not
    the term's own entry, which says what they are (however far down the search put it: .0199)."""
    best = retrieval.candidates[0]
    asked_of_best = title_words_asked(asked, best.passage.citation.title) - title_words_asked(
        asked, term_entry.passage.citation.title)
    if not asked_of_best:
        return None
    return next((c for c in retrieval.candidates if c not in (best, term_entry)
                 and asked_of_best <= title_words_asked(asked, c.passage.citation.title)
                 and all(f" {term.replace('-', ' ')} " in _spaced(c.passage.text) for term in terms_named)), None)


def _spaced(text: str) -> str:
    """``text`` lowercased, its words between single spaces, without quotes or hyphens, with a space at each end."""
    return f" {' '.join(_NOT_A_LETTER.sub(' ', text.lower()).split())} "


def _terms_of(title: str) -> list[str]:
    return [term.lower() for term in _TERM.findall(title)]
