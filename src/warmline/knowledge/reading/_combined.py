"""Two questions in one message, answered together: the first answered one leads, the others follow it (each
answer once), and what none answered is said: a second question that only found the first one's answer again, which
says nothing of it, too. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from warmline.domain import Retrieval, ScoredPassage

from ._terms import substance_in_common

__all__ = ["answered_together", "repeated_unsaid", "repeats_an_earlier"]

# A later question this sure of an answer an earlier one was not sure of finds it anew ("Kunnen jullie er een kaartje
# bij doen en de prijs eraf laten?" found the gift cards for each half, .25 and .30: still the same guess).
_SURE = 0.5


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


def repeated_unsaid(reading: Retrieval, *, asked: str) -> Retrieval:
    """A later question of the message that found an earlier one's answer again, left unanswered when that answer
    says no word of substance it ``asked`` (in the knowledge's language): "is the wadden itchy at all? and how does
    it fit, roomy or snug?" is not answered by the itch twice, and says which part it can't."""
    best = reading.best
    if best is None or substance_in_common(asked, f"{best.passage.citation.title} {best.passage.text}"):
        return reading
    return replace(reading, in_scope=False)


def repeats_an_earlier(reading: Retrieval, earlier: Sequence[Retrieval]) -> bool:
    """Whether ``reading`` finds the answer an earlier question of the same message found, unless that one was
    not sure of it and this one is: "kan er ook zijn naam in geborduurd worden, en wat kost dat?" is not sure the
    embroidery is a custom order's price (.42), and the price asked with it is (.91)."""
    sure = reading.confidence >= _SURE
    return reading.best is not None and any(
        r.best is not None and r.best.passage.id == reading.best.passage.id
        and (not sure or (r.in_scope and not r.ambiguous)) for r in earlier)
