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

    @property
    def best(self) -> ScoredPassage | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None
