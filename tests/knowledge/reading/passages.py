"""Four small passages (three FAQ entries and a guide's section) the settling and refusing tests read against, and
how the reading tests make a guide's section and a reading that found some passages."""

from __future__ import annotations

from warmline.domain import Citation, Passage, Retrieval, ScoredPassage

TITLES = ("Shipping to the Netherlands", "Shipping to Belgium", "Opening hours", "About our wool")
PASSAGES = tuple(Passage(id=f"p{i}", text=f"{title}: the answer.", question=None if i == len(TITLES) - 1 else title,
                         citation=Citation(source="faq.yaml", title=title)) for i, title in enumerate(TITLES))


def section(title: str, text: str, *, source: str = "care.md") -> Passage:
    """A section of a guide (no FAQ question), its title as its id."""
    return Passage(id=title, text=text, question=None, citation=Citation(source=source, title=title))


def found(*scored: tuple[Passage, float]) -> Retrieval:
    """The reading that found ``scored`` (passage, score), likeliest first, sure of the first."""
    best, score = scored[0]
    return Retrieval(query="q", in_scope=True, confidence=score, answer_text=best.text,
                     candidates=tuple(ScoredPassage(passage=p, score=s) for p, s in scored))
