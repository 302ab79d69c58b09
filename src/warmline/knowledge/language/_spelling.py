"""Spelling as customers type on a phone: a misspelt word read as the knowledge's own word one edit away,
contractions without their apostrophe, chat shorthand, and British or casual words for what shops write.
``knowledge.Reader`` corrects a message with ``Speller`` before it searches."""

from __future__ import annotations

import re

from .._glossary import one_edit_away
from ..embeddings import tokenizer_words
from ._words import ENGLISH_VARIANTS

__all__ = ["Speller", "as_returned"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}


# Contractions written without the apostrophe, as customers type them on a phone. Only the unambiguous ones:
# "ill", "were", "well", "its" and "wed" are words of their own.
_CONTRACTIONS = {word.replace("'", ""): word for word in (
    "doesn't", "don't", "didn't", "can't", "won't", "isn't", "aren't", "wasn't", "weren't", "haven't",
    "hasn't", "couldn't", "wouldn't", "shouldn't", "i'm", "i've", "what's", "where's", "that's", "there's")}
# Chat shorthand, read as the words it stands for (only ones that are nothing else in English).
_SHORTHAND = {**_CONTRACTIONS, "ur": "your", "u": "you", "pls": "please", "plz": "please", "thx": "thanks",
              "wanna": "want to", "gonna": "going to", "abt": "about", "cuz": "because", "bc": "because",
              "bday": "birthday", "bdays": "birthdays", "tmrw": "tomorrow", "tmr": "tomorrow"}


# How a size is said to fit: "do your sweaters run big?", "it comes up small", read in the words of a size guide.
_FIT = re.compile(r"\b(?:runs?|running|comes? up|coming up) (big|small|large|true to size)\b", re.IGNORECASE)
# Something sent back is returned: "can i send it back?", "can they still go back?" ("come back" is a restock).
_SENT_BACK = re.compile(r"\b(?:send|sent|sending|post|posting|mail|take|taken|bring)( (?:it|them|this|that|these|those|"
                        r"one|(?:my|the|a|your) (?!return)\w+(?: \w+)?))? back\b(?! (?:in|on|home))", re.IGNORECASE)
_GONE_BACK = re.compile(r"\b((?:can|could|will|would|may|might|to) (?:\w+ ){0,2})go back\b(?! (?:to|in|on|home))",
                        re.IGNORECASE)

# Money had back is a refund: "when will i get it back?" while a double charge waits ("…is refunded the same day").
_MONEY_BACK = re.compile(r"\b(?:get|getting|receive|see|have) (?:it|that|my money|the money|the extra|the difference) "
                         r"back\b", re.IGNORECASE)


def as_returned(text: str) -> str:
    """``text`` with what is sent back said as returned ("can i send it back?" is "can i return it?"), and money had
    back as refunded ("when will i get it back?" is "when will i be refunded?")."""
    refunded = _MONEY_BACK.sub("be refunded", text)
    return _GONE_BACK.sub(r"\1be returned", _SENT_BACK.sub(r"return\1", refunded))


class Speller:
    """Reads a misspelt word as the knowledge base's own word one edit away: never a real English word the
    knowledge doesn't use ("I'm looking for a gift" is not about "booking"). A British or casual word the
    knowledge doesn't use is read as the shop's word for it ("jumper" as "sweater")."""

    def __init__(self, vocabulary: frozenset[str]) -> None:
        self._vocabulary = vocabulary
        self._real_words = tokenizer_words()
        # One edit changes a word's length by at most one: a longer word has no neighbour in the vocabulary.
        # Checking that first keeps a 200,000-letter "word" linear (its edits are quadratic in its length).
        self._longest = max(map(len, vocabulary), default=0) + 1

    def correct(self, text: str) -> str:
        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            if lower in _SHORTHAND:
                return _SHORTHAND[lower]
            if lower in ENGLISH_VARIANTS and lower not in self._vocabulary:
                return next((w for w in ENGLISH_VARIANTS[lower] if w.split()[0] in self._vocabulary), word)
            if (len(lower) < 4 or len(lower) > self._longest or lower in self._vocabulary
                    or not lower.isascii() or lower in self._real_words):
                return word
            # Short words are real words too often ("pack" is not "back"): only a swap of two letters.
            candidates = _swaps(lower) if len(lower) < 5 else one_edit_away(lower)
            near = sorted(w for w in candidates if w in self._vocabulary)
            return near[0] if len(near) == 1 else word  # two equally near words: don't guess
        if "fit" in self._vocabulary:
            text = _FIT.sub(r"fit \1", text)
        if "return" in self._vocabulary:
            text = as_returned(text)
        return _WORD.sub(fix, text)
