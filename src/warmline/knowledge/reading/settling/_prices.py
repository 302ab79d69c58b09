"""A price asked is answered by a passage that gives prices: "Was kostet bei euch ein Paar Wollsocken?" found the
socks' size chart (.87) before the product list that says what a pair costs; and by the one that gives the price
of what it names ("how much is express shipping?" is express delivery's price, not the shipping costs). Pure;
``Reader`` applies it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from warmline.domain import Retrieval

from ...language import AMOUNT, PRICE_WORDS
from .._terms import general_terms, terms, title_words_asked

__all__ = ["settled_by_price"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_PRICE_TERMS = terms(" ".join(PRICE_WORDS))  # the asking of a price names no thing priced
_PRICED_RIVALS = 3  # the candidates after the best one that may give the price asked
# "how much" asking money: followed by a verb or nothing ("il coûte combien ?": "it costs how much"), not a unit
_PRICE_ASKED = re.compile(r"\bhow much\b(?:\s+(?:is|are|'s|does|do|did|would|will|was|were|cost|costs|for|extra|"
                          r"more)\b|\s*$)")
_CLAUSE_END = re.compile(r"[?!.;,]")
_BEFORE_AN_AMOUNT = 24  # characters: "serving bowls (€58)", not the item listed before it
# "how much" asks a price unless it asks how much is left, or of time: "how much is left on my gift card"
_HOW_MUCH = re.compile(r"\bhow much\b(?!.*\b(?:left|remain\w*|rest|still|balance|time|longer|days?|weeks?)\b)")


def settled_by_price(retrieval: Retrieval, *, asked: str,
                     rare: Callable[[str], bool] = lambda term: False) -> Retrieval:
    """``retrieval`` with a likely passage that gives prices first, when ``asked`` (the question in the knowledge's
    language) asks a price and the best passage gives none: only one that says what the best one's title names of
    the question ("socks"), so the custom-order prices are no answer to the socks' price. As sure as the reading:
    the question is about the socks, and this passage says what they cost. ``rare``: whether few passages say a
    (stemmed) word, for the price of what the question names (``_priced_as_named``)."""
    best = retrieval.best
    if best is None or retrieval.asks_for_unknown or not _asks_a_price(asked):
        return retrieval
    if not retrieval.in_scope:
        return _price_of_a_thing_named(retrieval, asked=asked, rare=rare)
    if AMOUNT.search(best.passage.text):
        return _priced_as_named(retrieval, asked=asked, rare=rare)
    named = title_words_asked(asked, best.passage.citation.title)
    priced = next((c for c in retrieval.candidates[1:_PRICED_RIVALS + 1]
                   if named and AMOUNT.search(c.passage.text) and named <= terms(c.passage.text)), None)
    if priced is None:
        return retrieval
    rest = tuple(c for c in retrieval.candidates if c is not priced)
    return replace(retrieval, candidates=(priced, *rest), ambiguous=False, answer_text=priced.passage.text)


def _price_of_a_thing_named(retrieval: Retrieval, *, asked: str, rare: Callable[[str], bool]) -> Retrieval:
    """The one likely passage that prices a rare thing the question names, when nothing was sure: "wat kost een
    ontbijtkom?" ("how much does cost a breakfast bowl") is the product list's "breakfast bowls (€26)", though
    the shipping costs were likelier (.05 each). The thing must stand right before an amount, as priced things do
    in a list, and only one of the likeliest passages may price it. Only "how much" asks it here, of what its own
    clause names: "spread the cost of the cardigan over a few months" asks no price, "how much ml fits in the moss
    mug?" asks no money, and "… cardigan cuffs worn through, worth sending in? how much" is the repair's."""
    clause = next((part for part in _CLAUSE_END.split(asked.lower()) if _PRICE_ASKED.search(part)), "")
    named = {term for term in terms(clause) - general_terms() - _PRICE_TERMS if rare(term)}
    priced = [c for c in retrieval.candidates[:_PRICED_RIVALS + 1] if named & _priced_terms(c.passage.text)]
    if len(priced) != 1:
        return retrieval
    rest = tuple(c for c in retrieval.candidates if c is not priced[0])
    return replace(retrieval, candidates=(priced[0], *rest), in_scope=True, ambiguous=False,
                   answer_text=priced[0].passage.text, confidence=priced[0].score)


def _priced_terms(text: str) -> set[str]:
    """The words that stand right before an amount: what the amount is the price of ("bud vases (€24)")."""
    return {term for amount in AMOUNT.finditer(text)
            for term in terms(text[max(0, amount.start() - _BEFORE_AN_AMOUNT):amount.start()])}


def _asks_a_price(asked: str) -> bool:
    lower = asked.lower()
    return bool((PRICE_WORDS - {"much"}) & set(_WORD.findall(lower))) or _HOW_MUCH.search(lower) is not None


def _priced_as_named(retrieval: Retrieval, *, asked: str, rare: Callable[[str], bool]) -> Retrieval:
    """A likely passage that gives prices and whose title names a rare word the question asks the price of, when
    the best one (which gives prices too) never says it: "how much is express shipping?" is the express delivery's
    €19.95, not the shipping costs (.84), which never say "express". (A word many passages say names no one
    thing: "delivery", "gift"; nor does one its text never says, "discount" of "Do you have a student discount?".)"""
    best = retrieval.candidates[0]
    said = terms(f"{best.passage.citation.title} {best.passage.text}") | general_terms() | _PRICE_TERMS
    priced = next((c for c in retrieval.candidates[1:_PRICED_RIVALS + 1] if AMOUNT.search(c.passage.text)
                   and any(rare(term) and term in terms(c.passage.text)
                           for term in title_words_asked(asked, c.passage.citation.title) - said)), None)
    if priced is None:
        return retrieval
    rest = tuple(c for c in retrieval.candidates if c is not priced)
    return replace(retrieval, candidates=(priced, *rest), ambiguous=False, answer_text=priced.passage.text)
