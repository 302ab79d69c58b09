"""The words of a question and of a passage, as the reading compares them: lowercase, without the endings
English adds ("washing" is "wash", "sizes" and "size" meet at "siz"), without function words, and with the
words that name nothing of their own ("need", "please") set apart. Pure."""

from __future__ import annotations

import re
from functools import lru_cache

from ..language import GENERAL_WORDS

__all__ = ["function_or_general", "general_terms", "says_all_of", "stem", "substance_in_common", "terms",
           "title_words_asked", "whole_substance_in_common", "words_in_common"]


def _split(words: str) -> list[str]:
    return words.split()


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(_split("""
        a an the and or but of to in on at by for from with about as is are was were be been do does did
        have has had i me my we our you your it its this that there here can could would should will what
        when where which who why how any some all not no yes if so than then also just get much many more
        very"""))


# (suffix, what replaces it, the shortest stem it may leave): "drying" and "dried" are "dry", "knitting" is
# "knit"; "need" is no "ne" + "ed". A final "e" goes too, so "sizes" and "size" meet at "siz".
_SUFFIXES = (("ies", "y", 2), ("ied", "y", 2), ("ing", "", 3), ("ed", "", 3), ("s", "", 3))


@lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    for suffix, replacement, shortest in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            if replacement == "" and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lseo":
                word = word[:-1]  # "knitt" (knitting), "shipp" (shipped); not "call", "dress", "free", "wool"
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") and not word.endswith("ee") else word


# "what's", "there's", "you'll": the clitic is no word of its own (a bare "s" matched any "there's").
_CLITIC = re.compile(r"['’](?:s|ll|re|ve|d|m)\b")


@lru_cache(maxsize=4096)  # the same titles and passages are read turn after turn
def terms(text: str) -> frozenset[str]:
    """The content words of ``text``, stemmed."""
    words = _WORD.findall(_CLITIC.sub("", text.lower()))
    return frozenset(_stem(w) for w in words if w not in _STOP)  # "M" is a size: single letters count


def words_in_common(question: str, text: str) -> frozenset[str]:
    """The content words (stemmed) that ``question`` and ``text`` share."""
    return frozenset(terms(question) & terms(text))


def substance_in_common(question: str, text: str) -> frozenset[str]:
    """The words ``question`` and ``text`` share that name something (not "about", "need", "please")."""
    return words_in_common(question, text) - general_terms()


_COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)+")


def whole_substance_in_common(question: str, title: str) -> frozenset[str]:
    """``substance_in_common``, where a word of one of the title's compounds counts only with the rest of it:
    "un pedido a Alemania" (an order to Germany) names no "made-to-order piece"."""
    shared = substance_in_common(question, title)
    asked = terms(question)
    for compound in _COMPOUND.findall(title):
        parts = terms(compound.replace("-", " "))
        if not parts <= asked:
            shared -= parts
    return shared


def stem(word: str) -> str:
    """A lowercase English word without its ending ("washing" → "wash", "orders" → "order")."""
    return _stem(word)


def function_or_general(word: str) -> bool:
    """Whether a (lowercase) word is a function word or one that names nothing of its own ("need", "please")."""
    return word in _STOP or _stem(word) in general_terms()


def says_all_of(text: str, *, words: str) -> bool:
    """Whether ``text`` has every content word of ``words`` (stemmed), and there is one."""
    wanted = terms(words)
    return bool(wanted) and wanted <= terms(text)


def title_words_asked(question: str, title: str) -> frozenset[str]:
    """The words of a passage's title the question also uses (stemmed: "washing" is "wash")."""
    return frozenset(terms(question) & terms(title))


@lru_cache(maxsize=1)
def general_terms() -> frozenset[str]:
    return frozenset(_stem(word) for word in GENERAL_WORDS)
