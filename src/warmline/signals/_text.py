"""Small text helpers shared by the signals: words, light stemming, and short quotes for evidence."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["content_words", "quote", "similarity", "stem", "words"]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ANY_WORD = re.compile(r"[^\W_]+")
_CLAUSE_BREAK = re.compile(r"[.!?;\n]+")
_QUOTE_LIMIT = 60
_CONTEXT_WORDS = 3

STOPWORDS = frozenset((
    "a", "an", "the", "and", "or", "but", "if", "so", "of", "to", "in", "on", "at", "by", "for",
    "from", "with", "about", "as", "is", "are", "was", "were", "be", "been", "being", "am", "i", "me",
    "my", "mine", "we", "us", "our", "you", "your", "it", "its", "this", "that", "these", "those",
    "there", "here", "do", "does", "did", "doing", "have", "has", "had", "can", "could", "would",
    "should", "will", "shall", "may", "might", "must", "just", "please", "hi", "hello", "hey",
    "thanks", "thank", "ok", "okay", "yes", "what", "when", "where", "which", "who", "whom", "why",
    "how", "any", "some", "all", "very", "really", "much", "many", "more", "most", "than", "then",
    "also", "get", "got", "im", "i'm", "it's", "that's", "there's", "don't", "dont", "not", "no",
    "i'd", "i've", "i'll", "you're", "we're", "like", "want", "wanted", "need", "one", "two", "still",
)) | frozenset((  # the other shop languages' small words: "j'ai", "ma" and "mais" are no case type's words
    "het", "een", "en", "ik", "je", "jij", "u", "mijn", "jouw", "uw", "wij", "ons", "onze", "dit", "dat", "die",
    "deze", "zijn", "heb", "heeft", "hebben", "kan", "kun", "kunt", "kunnen", "wil", "wilt", "niet", "geen",
    "met", "voor", "van", "naar", "op", "bij", "aan", "om", "maar", "ook", "nog", "al", "er", "hier", "daar",
    "der", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "und", "oder", "ich", "du", "sie", "es",
    "wir", "ihr", "mein", "meine", "meinen", "dein", "ist", "sind", "bin", "habe", "hat", "haben", "kann",
    "können", "möchte", "nicht", "kein", "keine", "mit", "für", "nach", "zu", "im", "auf", "aber", "auch",
    "noch", "schon", "bitte", "hallo", "danke", "el", "la", "los", "las", "un", "una", "y", "o", "yo", "tú",
    "mi", "mis", "su", "sus", "he", "ha", "han", "tengo", "puedo", "puede", "con", "para", "por", "de", "del",
    "al", "pero", "también", "ya", "que", "qué", "hola", "gracias", "te", "se", "lo", "le", "les", "du", "une",
    "et", "ou", "tu", "il", "elle", "nous", "vous", "ils", "ce", "cette", "ces", "qui", "pour", "avec", "dans",
    "sur", "pas", "ne", "mon", "ton", "son", "sa", "ses", "leur", "c'est", "j'ai", "ai", "au", "aux", "mais",
    "est", "bonjour", "salut", "merci",
))


def words(text: str) -> list[str]:
    """Lower-case word tokens (apostrophes kept inside words: "don't")."""
    return _WORD.findall(text.lower().replace("’", "'"))


def stem(word: str) -> str:
    """A deliberately crude stemmer: enough to match "refunds"/"refunded"/"refund" and "damaged"/"damage"."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=4096)  # "the same question again" compares each turn with the same earlier messages
def content_words(text: str) -> frozenset[str]:
    """Stemmed words that carry meaning (stopwords dropped)."""
    return frozenset(stem(word) for word in words(text) if word not in STOPWORDS)


@lru_cache(maxsize=4096)
def _meaningful_words(text: str) -> frozenset[str]:
    """``content_words`` in any alphabet: "cuánto" is one word, not "cu" and "nto"."""
    return frozenset(stem(word) for word in _ANY_WORD.findall(text.lower()) if word not in STOPWORDS)


def similarity(first: str, second: str) -> float:
    """Dice overlap of content words, 0–1; used to spot "the same question again" ("¿Cuánto tarda?" and "¿Y
    cuánto cuesta?" share one word of three)."""
    a, b = _meaningful_words(first), _meaningful_words(second)
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def quote(text: str, start: int, end: int) -> str:
    """A short quote for a reason: the match with a few words either side, inside its clause.

    ``quote(t, 0, 0)`` quotes the start of the message (its first clause, trimmed).
    """
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_BREAK.search(text, end)
    right = right_match.start() if right_match else len(text)
    if start == end:
        clause = text[left:right].strip(" ,")
        return clause if len(clause) <= _QUOTE_LIMIT else clause[:_QUOTE_LIMIT].rstrip(" ,") + "…"
    before = [m.start() for m in re.finditer(r"\S+", text[left:start])]
    after = [m.end() for m in re.finditer(r"\S+", text[end:right])]
    begin = left + before[-_CONTEXT_WORDS] if len(before) >= _CONTEXT_WORDS else left
    finish = end + after[_CONTEXT_WORDS - 1] if len(after) >= _CONTEXT_WORDS else right
    core = text[begin:finish].strip(" ,")
    prefix = "…" if len(before) > _CONTEXT_WORDS else ""
    suffix = "…" if len(after) > _CONTEXT_WORDS else ""
    return f"{prefix}{core}{suffix}"
