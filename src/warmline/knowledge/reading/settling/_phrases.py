"""A name of two words that only one passage says: "vous acceptez American Express ?" is the payment methods
("iDEAL, Bancontact, Visa, Mastercard, American Express, …"), though "express" pulls the question towards
express delivery and no candidate clears its bar. Only a question no candidate answers surely is settled so,
and only on a passage among its likeliest. On the 22 read demo-shop question sets (3,508 messages): 18 more
right, 2 more wrong ("Töpferscheiben … kaufen?" is not a "pottery wheel" taster).

And of two answers that fit equally well, the one that says the question's rarer words: "how do i store wool
sweaters in summer?" lies as near the page on washing wool sweaters as the one on storing knitwear, but "store"
and "summer" are said by few passages, "wool" and "sweater" by many. Likewise an unsure answer gives way to
another of the shop's entries that says clearly more of the question's rarer words and what the answer's title
names of it: a Christmas present's return is the return window's ("present", "December", "January"), not any
return. And of a choice asked ("should i hang my cardigan or fold it?"), the likely passage that says the option
after "or" where the answer found does not. Pure: the passages are passed in."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from warmline.domain import Passage, Retrieval, ScoredPassage

from .._terms import function_or_general, general_terms, stem, substance_in_common, terms, title_words_asked

__all__ = ["settled_by_choice", "settled_by_phrase", "settled_by_rarer_words"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SHORTEST = 3  # letters: "m l" of "between M and L" is no name
_CANDIDATES = 4  # the passage must be among the likeliest already: the phrase settles, it does not find
# words that join others ("stamped into", "all at once"): no half of a name
# The words of the question one of two answers says must weigh this many times those the other says (each word
# weighing the log of how many passages there are for each that says it), and at least one rare word's worth.
_RARER = 1.5
_RARE_WORD_SHARE = 3  # a word said by at most this many passages is a rare one
_UNSURE = 0.3  # an answer this unsure gives way to another entry that says clearly more
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


def _said(passage: Passage) -> str:
    return f"{passage.citation.title}. {passage.question or ''}. {passage.text}"


@lru_cache(maxsize=8)
def _substance(passages: tuple[Passage, ...]) -> dict[str, frozenset[str]]:
    """The words of substance (stemmed) each passage says, by its id: read once per knowledge, not per question."""
    return {passage.id: substance_in_common(_said(passage), _said(passage)) for passage in passages}


@lru_cache(maxsize=8)
def _passages_saying(passages: tuple[Passage, ...]) -> dict[str, int]:
    """How many passages say each word of substance (stemmed)."""
    counts: dict[str, int] = {}
    for words in _substance(passages).values():
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    return counts


def settled_by_rarer_words(retrieval: Retrieval, *, asked: str, passages: Sequence[Passage]) -> Retrieval:
    """An ambiguous pair settled for the one that says clearly more of the question's rarer words; and an unsure
    answer (below ``_UNSURE``) given up for a likely one that does ("bought a cardigan as a christmas present at
    the start of december, can my sister still return it in january?" found "Can I return an item?" at .12; the
    return window's answer says "present", "December" and "January")."""
    unsure = retrieval.in_scope and not retrieval.ambiguous and retrieval.confidence < _UNSURE
    if not (retrieval.ambiguous or unsure) or len(retrieval.candidates) < 2:
        return retrieval
    shared = tuple(passages)
    saying, said = _passages_saying(shared), _substance(shared)
    question = substance_in_common(asked, asked)

    def weight(passage: Passage) -> float:
        return sum(math.log(len(shared) / saying.get(word, 1)) for word in question & said.get(passage.id, frozenset()))

    best, *others = retrieval.candidates[:2]
    if unsure:
        # an unsure answer: any other entry of the shop's that says clearly more of the question, and what the
        # answer's title names of it too (the return window, not the custom orders' Christmas deadline, which
        # the search put 6th of 8 at .03), and whose own title names some of it ("vous vendez de la laine ?
        # j'aimerais tricoter moi-même" is the yarn, not "Are your products vegan?", which says "wool" and "knits")
        named = title_words_asked(asked, best.passage.citation.title)
        others = [ScoredPassage(passage=p, score=next((c.score for c in retrieval.candidates if c.passage.id == p.id),
                                                     0.0)) for p in shared if p.id != best.passage.id
                  and (p.question is None) == (best.passage.question is None)
                  and named and named <= said[p.id]]
    contenders = others if unsure else [best, *others]
    weights = {id(c): weight(c.passage) for c in (best, *others)}
    enough = math.log(len(shared) / _RARE_WORD_SHARE)
    chosen = next((c for c in sorted(contenders, key=lambda c: -weights[id(c)]) if not c.passage.case_type
                   and weights[id(c)] >= max(enough, _RARER * max(w for k, w in weights.items() if k != id(c)))),
                  None)
    if chosen is None or (unsure and not title_words_asked(asked, chosen.passage.citation.title) - general_terms()):
        return retrieval
    rest = tuple(c for c in retrieval.candidates if c.passage.id != chosen.passage.id)
    return replace(retrieval, candidates=(chosen, *rest), in_scope=True, ambiguous=False,
                   answer_text=chosen.passage.text, confidence=max(chosen.score, retrieval.confidence)
                   if unsure else chosen.score)


# "should i hang my cardigan or fold it?": the second option, the first word of substance after "or"
_OR_THEN = re.compile(r"\bor\s+(?:(?:to|i|we|you|should|just|rather|do|does|is|are|the|a|an|it|them|maybe|can)\s+)*"
                      r"([^\W\d_]{3,})")
_NO_OPTION = frozenset(("not", "something", "anything", "else", "less", "more", "other", "two", "three", "later",
                        "sooner", "whatever", "what", "how", "never"))
_CHOICE_FLOOR = 0.3  # a passage this likely may be the answer to a choice the answer found does not speak to


def settled_by_choice(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """Of a choice asked, the likely passage that says the option after "or" and more of the question, where the
    answer found says neither: "should i hang my cardigan or fold it?" found the size table (it names the
    cardigan, .70); the page on storing knitwear says "fold knitwear instead of hanging it" (.48)."""
    best = retrieval.best
    match = _OR_THEN.search(asked.lower())
    if best is None or not retrieval.in_scope or retrieval.ambiguous or match is None or match.group(1) in _NO_OPTION:
        return retrieval
    option = stem(match.group(1))
    if function_or_general(match.group(1)) or option in terms(best.passage.text):
        return retrieval
    question = terms(asked)
    said_by_best = len(question & terms(best.passage.text))
    chosen = next((c for c in retrieval.candidates[1:_CANDIDATES] if c.score >= _CHOICE_FLOOR
                   and not c.passage.case_type and option in terms(c.passage.text)
                   and len(question & terms(c.passage.text)) > said_by_best), None)
    if chosen is None:
        return retrieval
    rest = tuple(c for c in retrieval.candidates if c.passage.id != chosen.passage.id)
    return replace(retrieval, candidates=(chosen, *rest), answer_text=chosen.passage.text, confidence=chosen.score)
