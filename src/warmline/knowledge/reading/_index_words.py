"""The words of one version of the index: every word it uses (to spell-check against and to see a word it never
uses) and in how many passages each content word stands (to tell a rare word from one every page says). Read once
per version of the index, not per message: hashing the passages on each search would cost more than the search.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from warmline.domain import Passage

from ._terms import terms

__all__ = ["IndexWords", "index_words", "names_of"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A word said by at most this share of the passages (and at least by this many) names something few answers speak
# of: "needles" (the workshops, the yarn), not "order" or "mug".
_RARE_SHARE = 0.05
_RARE_AT_LEAST = 3
_NAME_LETTERS = 5  # shorter words of the knowledge are too often words of the customer's language too


@dataclass(frozen=True, slots=True)
class IndexWords:
    """What one version of the index says, word by word."""

    passages: Sequence[Passage]
    keys: Sequence[str]
    vocabulary: frozenset[str]  # every word, lowercase, as written
    passages_saying: Counter[str]  # content word (stemmed) -> how many passages' texts say it

    def rare(self, term: str) -> bool:
        """Whether few passages say the content word ``term`` (stemmed)."""
        return self.passages_saying[term] <= max(_RARE_AT_LEAST, round(_RARE_SHARE * len(self.passages)))


def index_words(passages: Sequence[Passage], keys: Sequence[str], *, known: IndexWords | None) -> IndexWords:
    """The words of the index with these ``passages`` and ``keys``: ``known`` when it was read of the same ones."""
    if known is not None and known.passages is passages and known.keys is keys:
        return known
    words: set[str] = set()
    for passage in passages:
        for text in (passage.text, passage.question or "", passage.citation.title):
            words.update(w.lower() for w in _WORD.findall(text))
    for text in keys:
        words.update(w.lower() for w in _WORD.findall(text))
    saying = Counter(term for passage in passages for term in terms(passage.text))
    return IndexWords(passages=passages, keys=keys, vocabulary=frozenset(words), passages_saying=saying)


@lru_cache(maxsize=8)
def names_of(vocabulary: frozenset[str]) -> frozenset[str]:
    """The knowledge's own longer words ("wadden", "noord"): a foreign reading keeps them as written."""
    return frozenset(word for word in vocabulary if len(word) >= _NAME_LETTERS)
