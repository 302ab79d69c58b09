"""A reading that found one FAQ entry, and the follow-up half of a reader whose searches find what a test says."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage
from warmline.knowledge.reading._follow_ups import FollowUps
from warmline.knowledge.reading._index_words import IndexWords, index_words

if TYPE_CHECKING:
    from warmline.knowledge.base import KnowledgeBase

__all__ = ["Before", "found_entry"]


def found_entry(title: str, text: str, confidence: float) -> Retrieval:
    passage = Passage(id=title, question=title, text=text, citation=Citation(source="faq.yaml", title=title))
    return Retrieval(query="q", candidates=(ScoredPassage(passage=passage, score=confidence),),
                     confidence=confidence, in_scope=True, answer_text=text)


class Before(FollowUps):
    """The follow-up half of a reader whose searches find ``before`` (the answer to the question before), or
    what ``found`` says a question finds."""

    def __init__(self, before: Retrieval, found: dict[str, Retrieval] | None = None) -> None:
        self._before = before
        self._found = found or {}
        self._knowledge = cast("KnowledgeBase", SimpleNamespace(threshold=0.3))

    def _search(self, text: str, *, language: str, tolerated: frozenset[str] = frozenset(),
                asked: str | None = None) -> Retrieval:
        return self._found.get(text, self._before)

    def _index_words(self) -> IndexWords:
        others = tuple(Passage(id=f"p{n}", question=None, text="Every order ships from the studio.",
                               citation=Citation(source="guide.md", title=f"T{n}")) for n in range(40))
        return index_words((*others, *(c.passage for c in self._before.candidates)), (), known=None)
