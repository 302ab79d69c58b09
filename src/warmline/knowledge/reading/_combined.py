"""Two questions in one message, answered together: the first answered one leads, the others follow it (each
answer once), and what none answered is said. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from warmline.domain import Retrieval, ScoredPassage

__all__ = ["answered_together"]


def answered_together(text: str, *, parts: Sequence[str], readings: Sequence[Retrieval]) -> Retrieval:
    """One retrieval for the message ``text`` from the readings of its ``parts``, in order."""
    first = readings[0]
    if len(readings) == 1:
        return first
    answered = [r for r in readings if r.in_scope and not r.ambiguous and r.answer_text]
    if not answered:
        return first
    lead, others = answered[0], answered[1:]
    seen = {lead.best.passage.id} if lead.best else set()
    also: list[ScoredPassage] = []
    texts = [lead.answer_text or ""]
    for reading in others:
        if reading.best is not None and reading.best.passage.id not in seen:
            seen.add(reading.best.passage.id)
            also.append(reading.best)
            texts.append(reading.answer_text or "")
    unanswered = tuple(part for part, r in zip(parts, readings, strict=True) if r not in answered)
    return replace(lead, query=text, answer_text="\n\n".join(texts), also=tuple(also), unanswered=unanswered)
