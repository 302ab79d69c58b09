"""What retrieval hands to the policy: candidate passages, a calibrated confidence, and a verdict."""

from __future__ import annotations

from dataclasses import dataclass

from ._conversation import Citation

__all__ = ["Passage", "Retrieval", "ScoredPassage"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Passage:
    """One answerable unit of knowledge: an FAQ entry or a Markdown section."""

    id: str
    text: str
    citation: Citation
    question: str | None = None
    tags: tuple[str, ...] = ()
    case_type: str | None = None
    # The shop's own translations of ``text``: (language code, text) pairs, e.g. (("nl", "…"),).
    translations: tuple[tuple[str, str], ...] = ()

    def text_in(self, language: str) -> str | None:
        """The shop's own translation of this passage into ``language``, if it wrote one."""
        return next((text for code, text in self.translations if code == language), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoredPassage:
    """A passage and how well it matches the question (0–1, calibrated)."""

    passage: Passage
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Retrieval:
    """The knowledge base's view of a question.

    ``in_scope`` is the knowledge base's own verdict (its threshold is tuned per bot at ingest);
    ``ambiguous`` says the top two answers are too close to pick one without asking.
    """

    query: str
    candidates: tuple[ScoredPassage, ...]
    confidence: float
    in_scope: bool
    ambiguous: bool = False
    answer_text: str | None = None
    # What reading the message added (``knowledge.Reader``): the words searched when they differ from the
    # message (a translation, a typo fixed), the language ``answer_text`` is in, passages answering a second
    # question in the same message, and the questions of the message nothing answered.
    searched: str | None = None
    answer_language: str | None = None
    also: tuple[ScoredPassage, ...] = ()
    unanswered: tuple[str, ...] = ()
    unknown_words: tuple[str, ...] = ()  # content words of the question the knowledge never uses
    asks_for_unknown: bool = False  # and what it asks for is one of them ("do the points ever expire?")

    @property
    def best(self) -> ScoredPassage | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None
