"""Reading a question in Dutch, German, Spanish or French against knowledge written in English.

The shop's knowledge is usually written once, in one language. A customer's question in another language
is turned into English words with a shop-domain glossary (``data/glossary.yaml``, plus the shop's own
words from the bot file) before it is searched: the embedding model and BM25 then see "how long does
shipping take within netherlands" for "hoe lang duurt de verzending binnen Nederland". Word by word is
crude, but retrieval only needs the content words right, and it is offline, instant and explainable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

import yaml

from .language import function_words

__all__ = ["Glossary", "load_glossary"]

_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*", re.UNICODE)
_LONGEST = 4  # words in the longest glossary phrase we look for


class Glossary:
    """Phrase tables from each language to English; ``to_english`` translates one question."""

    def __init__(self, tables: Mapping[str, Mapping[str, str]]) -> None:
        self._tables = {lang: {k.lower(): v for k, v in table.items()} for lang, table in tables.items()}

    def languages(self) -> tuple[str, ...]:
        """The languages this glossary reads."""
        return tuple(self._tables)

    def with_words(self, extra: Mapping[str, Mapping[str, str]]) -> Glossary:
        """This glossary with a shop's own words added (theirs win)."""
        merged = {lang: dict(table) for lang, table in self._tables.items()}
        for lang, table in extra.items():
            merged.setdefault(lang, {}).update({k.lower(): v for k, v in table.items()})
        return Glossary(merged)

    def to_english(self, text: str, language: str) -> str:
        """``text`` in English words (longest known phrase first); unknown content words are kept."""
        table = self._tables.get(language)
        if not table:
            return text
        tokens = _TOKEN.findall(text.lower().replace("’", "'"))
        small = function_words(language) - function_words("en")
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(_LONGEST, len(tokens) - i), 0, -1):
                phrase = " ".join(tokens[i:i + size])
                if phrase in table:
                    if table[phrase]:  # an empty translation: a filler with nothing to search for
                        out.append(table[phrase])
                    i += size
                    break
            else:
                stem = _singular(tokens[i], table)
                if stem is not None:
                    out.append(table[stem])
                elif tokens[i] not in small:  # "de", "het", "der": nothing to search for
                    out.append(tokens[i])
                i += 1
        return " ".join(out)


_PLURALS = ("en", "es", "s", "n", "e")


def _singular(word: str, table: Mapping[str, str]) -> str | None:
    """ "cadeaubonnen" → "cadeaubon", "Pullovers" → "pullover": a plural the glossary has in the singular."""
    for suffix in _PLURALS:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            base = word[: -len(suffix)]
            for candidate in (base, base[:-1] if len(base) > 4 and base[-1] == base[-2] else base):
                if candidate in table:
                    return candidate
    return None


@lru_cache(maxsize=1)
def _bundled() -> dict[str, dict[str, str]]:
    raw = yaml.safe_load(resources.files("warmline.knowledge").joinpath("data/glossary.yaml").read_text("utf-8"))
    return {str(lang): {str(k): str(v) for k, v in table.items()} for lang, table in raw.items()}


def load_glossary(extra: Mapping[str, Mapping[str, str]] | None = None) -> Glossary:
    """The bundled shop-domain glossary, with a shop's own words on top."""
    glossary = Glossary(_bundled())
    return glossary.with_words(extra) if extra else glossary
