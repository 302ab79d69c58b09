"""Searching one bot's knowledge as a customer writes to it (the searching half of ``Reader``): a question in
another language searched in the glossary's English words, and as written; a word the knowledge never uses but
nearly does read as that word; a city searched with its country; a question whose telling around it blurs the
match searched alone; a word the knowledge never uses refused below a bar.
"""

from __future__ import annotations

from dataclasses import replace

from warmline.domain import Retrieval

from .._glossary import Glossary, load_glossary
from ..base import KnowledgeBase
from ..language import asked_and_told, asking_clauses, function_words, never_used, with_countries
from ..language._spelling import Speller
from ._index_words import IndexWords, index_words, names_of
from .settling import barred_by_unknown_words, focused_on_the_question, unbarred_by_what_is_told

__all__ = ["Searcher"]


class Searcher:
    """The knowledge, the glossary and the words the knowledge uses; ``_search`` reads one text against them."""

    def __init__(self, knowledge: KnowledgeBase, *, glossary: Glossary | None = None,
                 knowledge_language: str = "en") -> None:
        self._knowledge = knowledge
        self._glossary = glossary or load_glossary()
        self._knowledge_language = knowledge_language
        self._words: IndexWords | None = None

    def in_english(self, text: str, *, language: str) -> str | None:
        """``text`` in the glossary's English words, or None when it is written in the knowledge's language."""
        if language == self._knowledge_language:
            return None
        return self._glossary.to_english(text, language, names=self._names())

    def _titles(self) -> tuple[str, ...]:
        return tuple(passage.citation.title for passage in self._knowledge.passages)

    def _index_words(self) -> IndexWords:
        self._words = index_words(self._knowledge.passages, self._knowledge.key_texts, known=self._words)
        return self._words

    def _vocabulary(self) -> frozenset[str]:
        return self._index_words().vocabulary

    def _names(self) -> frozenset[str]:
        """The knowledge's own longer words ("wadden", "noord"): a foreign reading keeps them as written."""
        return names_of(self._vocabulary())

    def _search_the_question(self, text: str, *, language: str) -> Retrieval:
        """``text`` searched whole, or its question alone when what it tells around it blurs the match."""
        whole = self._search(text, language=language)
        if whole.unknown_words and not whole.in_scope:
            # "deleted the shipping email by accident lol, where can i look up my parcel?": only its asking
            # clauses may name what it is about
            asking = asking_clauses(text)
            if asking not in (None, text.strip()):
                whole = unbarred_by_what_is_told(whole, self._search(
                    text, language=language, asked=self.in_english(asking, language=language) or asking), told=text)
        split = None if whole.in_scope and not whole.ambiguous else asked_and_told(text)
        if split is None:
            return whole
        asked, told = split
        return focused_on_the_question(whole, self._search(asked, language=language),
                                       told=self.in_english(told, language=language) or told)

    def _search(self, text: str, *, language: str, tolerated: frozenset[str] = frozenset(),
                asked: str | None = None) -> Retrieval:
        retrieval = self._search_as_read(text, language=language)
        vocabulary = tolerated | self._vocabulary()
        common = function_words("en") | function_words(self._knowledge_language) | function_words(language)
        return barred_by_unknown_words(retrieval, vocabulary=vocabulary, common=common, asked=asked,
                                       translated=language != self._knowledge_language)

    def _search_as_read(self, text: str, *, language: str) -> Retrieval:
        speller = Speller(self._vocabulary())
        if language == self._knowledge_language:
            retrieval = self._search_placed(speller.correct(text), written=text)
            return replace(retrieval, searched=None) if retrieval.searched == text else replace(retrieval, query=text)
        english = speller.correct(self._glossary.to_english(text, language, names=self._names()))
        translated = replace(self._search_placed(english, written=text), query=text)
        as_written = self._knowledge.search(text)  # the shop may have written this language too
        if as_written.in_scope and as_written.confidence > translated.confidence and not self._foreign(text):
            return as_written
        return translated

    def _foreign(self, text: str) -> bool:
        """Whether ``text`` as written uses words the knowledge never does: then it is read in translation,
        whatever English it quotes ("Bei der Strickjacke steht „made to order“ – wann würde die rausgehen?")."""
        vocabulary = self._vocabulary()
        common = function_words("en") | function_words(self._knowledge_language)
        return bool(never_used(text, vocabulary=vocabulary, common=common).words)

    def _search_placed(self, text: str, *, written: str) -> Retrieval:
        """``text`` searched as it is and, when it names a city, with the city's country too ("to Manchester in
        the uk"): the surer of the two. ``searched`` says which was searched."""
        found = replace(self._knowledge.search(text), searched=text)
        placed = with_countries(text, written=written)
        if placed == text:
            return found
        with_country = replace(self._knowledge.search(placed), searched=placed)
        surer = (with_country.in_scope, with_country.confidence) > (found.in_scope, found.confidence)
        return with_country if surer else found

    def _tolerated(self, previous: tuple[str, ...], *, language: str) -> frozenset[str]:
        """The words of the questions before that the knowledge never uses, when they were answered all the same:
        "sitzen", left untranslated in "Kann man bei euch mal an der Töpferscheibe sitzen, so als Kurs?", is no
        reason to refuse "Was kostet das?" read with it."""
        before = self._search(" ".join(previous), language=language)
        return frozenset(before.unknown_words) if before.in_scope and not before.ambiguous else frozenset()
