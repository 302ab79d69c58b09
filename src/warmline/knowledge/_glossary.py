"""Reading a question in Dutch, German, Spanish or French against knowledge written in English.

The shop's knowledge is usually written once, in one language. A customer's question in another language
is turned into English words with a shop-domain glossary (``data/glossary.yaml``, over everyday words
from ``data/everyday/``, under the shop's own words from the bot file) before it is searched: the
embedding model and BM25 then see "how long does shipping take within netherlands" for "hoe lang duurt de
verzending binnen Nederland". Word by word is crude, but retrieval only needs the content words right,
and it is offline, instant and explainable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Mapping
from functools import lru_cache
from importlib import resources

import yaml

from .language import function_words, in_english_order

__all__ = ["Glossary", "load_glossary", "one_edit_away"]

# ("100% lana" is "100% wool": a share of a material, not a number)
_TOKEN = re.compile(r"\d+%|[^\W_]+(?:['-][^\W_]+)*", re.UNICODE)
_LONGEST = 4  # words in the longest glossary phrase we look for
_LONGEST_WORD = 40  # letters: a longer "word" is pasted junk, and cutting it at every letter costs its square




class Glossary:
    """Phrase tables from each language to English; ``to_english`` translates one question."""

    def __init__(self, tables: Mapping[str, Mapping[str, str]], *,
                 everyday: Mapping[str, Mapping[str, str]] | None = None) -> None:
        """``tables``: the shop-domain words; ``everyday``: ordinary words under them (theirs lose)."""
        self._shop = {lang: {k.lower(): v for k, v in table.items()} for lang, table in tables.items()}
        self._everyday = {lang: {k.lower(): v for k, v in table.items()} for lang, table in (everyday or {}).items()}
        self._tables = {lang: {**self._everyday.get(lang, {}), **self._shop.get(lang, {})}
                        for lang in {*self._shop, *self._everyday}}
        # every word of every phrase: a hyphenated token that is one of them is part of a phrase, kept whole
        self._words = {lang: {w for key in table for w in _TOKEN.findall(key)} for lang, table in self._tables.items()}
        # one-word entries without their accents, for words typed without them or one letter off
        self._folded = {lang: _folded_index(table) for lang, table in self._tables.items()}

    def languages(self) -> tuple[str, ...]:
        """The languages this glossary reads."""
        return tuple(self._tables)

    def with_words(self, extra: Mapping[str, Mapping[str, str]]) -> Glossary:
        """This glossary with a shop's own words added (theirs win)."""
        merged = {lang: dict(table) for lang, table in self._shop.items()}
        for lang, table in extra.items():
            merged.setdefault(lang, {}).update({k.lower(): v for k, v in table.items()})
        return Glossary(merged, everyday=self._everyday)

    def to_english(self, text: str, language: str, *, names: Container[str] = frozenset()) -> str:
        """``text`` in English words (longest known phrase first); unknown content words are kept. ``names``:
        the shop's own words ("Wadden", a sweater), kept as written rather than read as a glossary word in
        another form or one letter off ("hadden")."""
        table = self._tables.get(language)
        if not table:
            return text
        text = in_english_order(text.lower().replace("’", "'"), language, phrases=table,
                                is_verb=lambda word: _infinitive(word, table, language) is not None)
        tokens = [part for token in _TOKEN.findall(text) for part in _unhyphenated(token, self._words[language])]
        small = function_words(language) - function_words("en")
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(_LONGEST, len(tokens) - i), 0, -1):
                phrase = " ".join(tokens[i:i + size])
                if size > 1 and phrase not in table:  # "emballages cadeaux": the phrase in the plural
                    phrase = " ".join(_singular(token, self._words[language]) or token for token in tokens[i:i + size])
                if phrase in table:
                    if table[phrase]:  # an empty translation: a filler with nothing to search for
                        out.append(table[phrase])
                    i += size
                    break
            else:
                known = None if tokens[i] in names else (
                    _known_form(tokens[i], table, language, shop=self._shop.get(language, {}))
                    or self._misspelt(tokens[i], language, small))
                if known is not None:
                    out.append(known)
                elif tokens[i] not in small:  # "de", "het", "der": nothing to search for
                    out.append(tokens[i])
                i += 1
        return " ".join(out)


    def _misspelt(self, word: str, language: str, small: Container[str]) -> str | None:
        """The English of a word typed without its accents ("belgie") or one letter off ("verzendn"): the one
        glossary word it can be, if only one; never for short words, which are real words too often."""
        if not _SHORTEST_MISSPELT <= len(word) <= _LONGEST_WORD or word in small:  # (edits grow with the square)
            return None
        folded = self._folded[language]
        plain = _fold(word)
        key = folded.get(plain)
        if key is None:
            near = {folded[edit] for edit in one_edit_away(plain, letters=_LETTERS) if edit in folded}
            key = near.pop() if len(near) == 1 else None
        return self._tables[language][key] if key is not None else None


_SHORTEST_MISSPELT = 5
_LETTERS = "abcdefghijklmnopqrstuvwxyzß"  # (accents are folded away before)


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _folded_index(table: Mapping[str, str]) -> dict[str, str]:
    return {_fold(key): key for key in table if " " not in key and len(key) >= _SHORTEST_MISSPELT}


def one_edit_away(word: str, *, letters: str = "abcdefghijklmnopqrstuvwxyz") -> set[str]:
    """Every string one deletion, swap of neighbours, replacement or insertion of ``letters`` from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in letters}
    return deletes | swaps | replaces | {a + c + b for a, b in splits for c in letters}


def _unhyphenated(token: str, words: set[str]) -> list[str]:
    """ "livrez-vous" → "livrez", "vous"; "l'atelier" → "atelier"; "lave-vaisselle", "est-ce" (glossary words)
    stay whole: French puts the subject after the verb with a hyphen and elides its articles, and the
    glossary knows the words, not the pairs."""
    if token in words:
        return [token]
    elided = _ELIDED.match(token)  # "l'atelier" → "atelier"
    if elided:
        token = elided.group(1)
    if "-" not in token or token in words:
        return [token]
    return [part for part in token.split("-") if part and part not in _INVERTED_SUBJECTS]


_ELIDED = re.compile(r"(?:l|d|j|qu|n|s|c|m|t)'(.+)")  # French articles and pronouns before a vowel


# "est-elle", "va-t-il": the subject after the verb says nothing to search for ("vous", "je" do: "can you")
_INVERTED_SUBJECTS = frozenset({"t", "il", "ils", "elle", "elles", "on"})


def _known_form(word: str, table: Mapping[str, str], language: str, *, shop: Container[str]) -> str | None:
    """The English of a word the glossary has in another form: a plural, a conjugated verb, or (in German
    and Dutch) a compound of two glossary words ("Wollpullover" → "wool sweater")."""
    if len(word) > _LONGEST_WORD:
        return None
    key = _singular(word, table) or _infinitive(word, table, language)
    if key is not None:
        return table[key]
    return _with_pronoun(word, table, language) or _compound(word, table, language, shop=shop)


_INFINITIVES = {  # a conjugated ending → the infinitive's, for the person a customer writes in
    "de": (("e", "en"), ("t", "en"), ("st", "en"), ("", "en"), ("", "n")),
    "nl": (("t", "en"), ("", "en")),
    "es": (("o", "ar"), ("o", "er"), ("o", "ir"), ("a", "ar"), ("e", "er"), ("an", "ar"), ("en", "er"),
           ("áis", "ar"), ("éis", "er"), ("ís", "ir"),  # "vosotros", as Spain writes to a shop
           ("é", "ar"), ("ó", "ar"), ("í", "er"), ("í", "ir"), ("ió", "er"), ("ió", "ir")),  # "compré", "pedí"
    "fr": (("ez", "er"), ("e", "er"), ("es", "er"), ("ons", "er"), ("ent", "er")),
}


def _infinitive(word: str, table: Mapping[str, str], language: str) -> str | None:
    """ "wasche" → "waschen", "lavo" → "lavar", "organisez" → "organiser", "repareert" → "repareren"."""
    for ending, infinitive in _INFINITIVES.get(language, ()):
        if len(word) > len(ending) + 2 and word.endswith(ending):
            stem = word[: len(word) - len(ending)]
            candidates = [stem + infinitive]
            if language == "nl" and len(stem) > 3 and stem[-2] == stem[-3] and stem[-2] in "aeou":
                candidates.append(stem[:-2] + stem[-1] + infinitive)  # "repareer" + "en" → "repareren"
            for candidate in candidates:
                if candidate in table:
                    return candidate
    return None


# Spanish writes an object pronoun onto the infinitive: "cambiarlo" is "cambiar" + "it", "enviármelo" too.
_PRONOUNS = ("melo", "mela", "selo", "sela", "los", "las", "les", "nos", "lo", "la", "le", "me", "te", "se")
_UNSTRESSED = str.maketrans("áéí", "aei")


def _with_pronoun(word: str, table: Mapping[str, str], language: str) -> str | None:
    """ "cambiarlo" → "exchange it": a Spanish infinitive the glossary has, with a pronoun attached."""
    if language != "es":
        return None
    for pronoun in _PRONOUNS:
        verb = word[: len(word) - len(pronoun)].translate(_UNSTRESSED)
        if word.endswith(pronoun) and verb.endswith(("ar", "er", "ir")) and verb in table:
            return f"{table[verb]} it"
    return None


_LINKS = ("", "s", "n", "en", "e")  # what German and Dutch put between the parts of a compound


def _compound(word: str, table: Mapping[str, str], language: str, *, shop: Container[str]) -> str | None:
    """Two glossary words written as one, longest first part first: "spülmaschinenfest" → "dishwasher safe".
    One of the two must be a shop word: cut into two everyday words, "Stellenangebote" (jobs) reads as "put
    offer", and a made-up question about discount codes."""
    if language not in ("de", "nl"):
        return None
    for cut in range(len(word) - 3, 3, -1):
        head, tail = word[:cut], word[cut:]
        tail_key = tail if tail in table else _singular(tail, table)
        if tail_key is None:
            continue
        for link in _LINKS:
            base = head[: len(head) - len(link)] if link and head.endswith(link) else head
            for first in (base, base + "e") if link != "e" else (base,):
                if len(first) > 2 and first in table and (first in shop or tail_key in shop):
                    return f"{table[first]} {table[tail_key]}".strip()
    return None


_PLURALS = ("en", "es", "s", "n", "e", "x")


def _singular(word: str, table: Container[str]) -> str | None:
    """ "cadeaubonnen" → "cadeaubon", "Pullovers" → "pullover": a plural the glossary has in the singular."""
    for suffix in _PLURALS:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            base = word[: -len(suffix)]
            for candidate in (base, base[:-1] if len(base) > 4 and base[-1] == base[-2] else base):
                if candidate in table:
                    return candidate
    return None


@lru_cache(maxsize=1)
def _bundled() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """The shop-domain tables, and the everyday words of the same languages."""
    data = resources.files("warmline.knowledge").joinpath("data")
    raw = yaml.safe_load(data.joinpath("glossary.yaml").read_text("utf-8"))
    shop = {str(lang): _as_table(table) for lang, table in raw.items()}
    everyday = {lang: _as_table(yaml.safe_load(data.joinpath("everyday", f"{lang}.yaml").read_text("utf-8")))
                for lang in shop if data.joinpath("everyday", f"{lang}.yaml").is_file()}
    return shop, everyday


def _as_table(raw: Mapping[object, object]) -> dict[str, str]:
    return {str(k): str(v) for k, v in raw.items()}


def load_glossary(extra: Mapping[str, Mapping[str, str]] | None = None) -> Glossary:
    """The bundled shop-domain glossary, with a shop's own words on top."""
    # Everyday words ("avond", "sturen", "prijzig") under the shop-domain ones: a customer's question is
    # mostly ordinary words, and one left untranslated makes it look like a question about something else.
    shop, everyday = _bundled()
    glossary = Glossary(shop, everyday=everyday)
    return glossary.with_words(extra) if extra else glossary
