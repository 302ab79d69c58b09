"""Small text helpers shared by the signals: words, light stemming, and short quotes for evidence."""

from __future__ import annotations

import re

__all__ = ["content_words", "quote", "similarity", "stem", "words"]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CLAUSE_BREAK = re.compile(r"[.!?;\n]+")
_QUOTE_LIMIT = 60

STOPWORDS = frozenset(
    "a an the and or but if so of to in on at by for from with about as is are was were be been being am "
    "i me my mine we us our you your it its this that these those there here do does did doing have has had "
    "can could would should will shall may might must just please hi hello hey thanks thank ok okay yes "
    "what when where which who whom why how any some all very really much many more most than then also "
    "get got im i'm it's that's there's don't dont not no".split()
)


def words(text: str) -> list[str]:
    """Lower-case word tokens (apostrophes kept inside words: "don't")."""
    return _WORD.findall(text.lower().replace("’", "'"))


def stem(word: str) -> str:
    """A deliberately crude stemmer: enough to match "refunds"/"refunded"/"refund" and "damaged"/"damage"."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """Stemmed words that carry meaning (stopwords dropped)."""
    return {stem(word) for word in words(text) if word not in STOPWORDS}


def similarity(first: str, second: str) -> float:
    """Dice overlap of content words, 0–1; used to spot "the same question again"."""
    a, b = content_words(first), content_words(second)
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def quote(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]``, trimmed for use in a reason: "third time I'm writing"."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_BREAK.search(text, end)
    right = right_match.start() if right_match else len(text)
    clause = text[left:right].strip(" ,")
    if len(clause) <= _QUOTE_LIMIT:
        return clause
    # Too long: centre a window on the match itself so the evidence stays readable.
    centre = (start + end) // 2
    window_start = max(left, centre - _QUOTE_LIMIT // 2)
    snippet = text[window_start : window_start + _QUOTE_LIMIT].strip(" ,")
    prefix = "…" if window_start > left else ""
    suffix = "…" if window_start + _QUOTE_LIMIT < right else ""
    return f"{prefix}{snippet}{suffix}"
