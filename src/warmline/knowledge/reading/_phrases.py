"""A name of two words that only one passage says: "vous acceptez American Express ?" is the payment methods
("iDEAL, Bancontact, Visa, Mastercard, American Express, …"), though "express" pulls the question towards
express delivery and no candidate clears its bar. Only a question no candidate answers surely is settled so,
and only on a passage among its likeliest. On the 22 read demo-shop question sets (3,508 messages): 18 more
right, 2 more wrong ("Töpferscheiben … kaufen?" is not a "pottery wheel" taster). Pure: the passages are
passed in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from warmline.domain import Passage, Retrieval

from ._compose import function_or_general, stem

__all__ = ["settled_by_phrase"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SHORTEST = 3  # letters: "m l" of "between M and L" is no name
_CANDIDATES = 4  # the passage must be among the likeliest already: the phrase settles, it does not find
# words that join others ("stamped into", "all at once"): no half of a name
_JOINING = frozenset(("into", "onto", "once", "over", "under", "out", "off", "per", "each", "every", "other", "own",
                      "only", "too", "still", "even", "already", "same", "such", "both", "there", "their", "them",
                      "they", "then"))


def _pairs(text: str) -> set[tuple[str, str]]:
    words = _WORD.findall(text.lower())
    return {(a, b) for a, b in pairwise(words)
            if len(a) >= _SHORTEST and len(b) >= _SHORTEST and not _joining(a) and not _joining(b)}


def _joining(word: str) -> bool:
    return word in _JOINING or function_or_general(word)


def _stemmed(pair: tuple[str, str]) -> tuple[str, str]:
    return stem(pair[0]), stem(pair[1])


@lru_cache(maxsize=8)
def _said_once(passages: tuple[Passage, ...]) -> dict[tuple[str, str], str]:
    """Each pair of words of substance that one passage only says (its title, question or text), as written and
    stemmed too ("custom order" is in the size guide only, but "custom orders" on the custom-order page), and
    that passage's id."""
    written: dict[tuple[str, str], set[str]] = {}
    stemmed: dict[tuple[str, str], set[str]] = {}
    for passage in passages:
        for pair in _pairs(f"{passage.citation.title}. {passage.question or ''}. {passage.text}"):
            written.setdefault(pair, set()).add(passage.id)
            stemmed.setdefault(_stemmed(pair), set()).add(passage.id)
    return {pair: next(iter(ids)) for pair, ids in written.items()
            if len(ids) == 1 and stemmed[_stemmed(pair)] == ids}


def settled_by_phrase(retrieval: Retrieval, *, asked: str, passages: Sequence[Passage]) -> Retrieval:
    """A question no candidate answers surely, naming two words in a row that one of its likeliest passages
    only says, is that passage's."""
    if retrieval.in_scope and not retrieval.ambiguous:
        return retrieval
    once = _said_once(tuple(passages))
    ids = {once[pair] for pair in _pairs(asked) if pair in once}
    if len(ids) != 1:
        return retrieval
    (only,) = ids
    chosen = next((c for c in retrieval.candidates[:_CANDIDATES] if c.passage.id == only), None)
    if chosen is None:
        return retrieval
    rest = tuple(c for c in retrieval.candidates if c is not chosen)
    return replace(retrieval, candidates=(chosen, *rest), in_scope=True, ambiguous=False,
                   answer_text=chosen.passage.text, confidence=chosen.score)
