"""A guide's section set aside for a nearer FAQ question, taken back when only it says what is asked.

The knowledge base does not answer with a section when one of the shop's FAQ questions lies nearer the
question (``_deciding._nearer_a_question``): the entry was written for questions like it. That holds when the
entry and the section speak of the same thing in general; it fails when the question names what only the
section says: "how do i wash the mugs with the gold rim?" lies near "Are your ceramics dishwasher and microwave
safe?", but only the care guide's "Ceramics" speaks of a gold rim (and says: hand wash only).

And a question for information about what an FAQ entry opens a case for ("what colours can you do a custom
sweater in?" is nearest "Do you take custom orders?", which queues a custom order for Ines) is answered by the
guide's section that clears its own threshold ("What we can make for you"): it asks about custom orders, it
places none. On the 22 read demo-shop question sets: 7 more right, 3 more wrong (two where the likeliest section
was the page's wrong one: "quelles couleurs…" got the prices).

And a question asked while a case waits is answered from the shop's page on that case when a section of it is
among the likeliest answers (``on_the_page``): that page was written for what such a customer asks next.

And a follow-up that found the answer before again is the section beside it that says what it asks
(``said_beside``): "ok and after that, just hang it up?" after the washing is the drying. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from warmline.domain import Passage, Retrieval

from ..._deciding import SURE_SECTION
from ..._scoring import SECTION_THRESHOLD
from ...language import asking_clauses
from .._terms import general_terms, substance_in_common, title_words_asked

__all__ = ["on_the_page", "said_beside", "section_over_a_case", "section_taken_back", "section_titled_as_asked"]

# Words of substance the question shares with the section and with no near FAQ entry: one is often a
# synonym the entry's answer words differently ("wash" next to "dishwasher"); two name something of its own.
_ONLY_THE_SECTION_SAYS = 2
_NEAR_ENTRIES = 3  # the FAQ entries among the candidates whose words are weighed against the section's
# what asks for information, in the knowledge's (English) words: "which colours…", "what happens if…"
_QUESTION_WORD = re.compile(r"^\W*(?:how|what|when|why|which|who|where)\b", re.IGNORECASE)
_SECTIONS_AFTER = 3  # the candidates after the case's entry a section may be among
_NEAR_ITS_BAR = 0.35  # a section from this sure, below its bar, answers a question that names its title
_ON_THE_PAGE = 4  # the likeliest candidates a question asked while a case waits may be answered from
# A section of the waiting case's own page is likelier than any other: it answers from this sure on, where a section
# found anywhere needs ``SECTION_THRESHOLD`` ("how does paying work for custom stuff?": "How it works", .29)
_ON_THE_PAGE_BAR = 0.2


def section_taken_back(retrieval: Retrieval, *, asked: str,
                       written_for: Callable[[str], Sequence[str]]) -> Retrieval:
    """``retrieval`` answered by its best passage, a section that cleared its own threshold but was set aside
    for a nearer FAQ question, when what the message asks shares at least two words of substance with the
    section that none of the near entries has (``written_for``: what the shop wrote for a passage id: its
    question, phrasings and answer)."""
    best = retrieval.best
    if (retrieval.in_scope or retrieval.ambiguous or retrieval.unknown_words or best is None
            or best.passage.question is not None or not SECTION_THRESHOLD <= best.score < SURE_SECTION):
        return retrieval
    # what the message asks, not what it tells around it ("… as a christmas present. can he still return it?")
    asked = asking_clauses(asked) or asked
    said = substance_in_common(asked, f"{best.passage.citation.title} {best.passage.text}")
    entries = [c.passage for c in retrieval.candidates[1:] if c.passage.question is not None][:_NEAR_ENTRIES]
    for entry in entries:
        said -= substance_in_common(asked, " ".join((entry.question or "", entry.text, *written_for(entry.id))))
    if len(said) < _ONLY_THE_SECTION_SAYS:
        return retrieval
    return replace(retrieval, in_scope=True)


def section_over_a_case(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """``retrieval`` answered by a section that clears its own threshold instead of its best passage, an FAQ
    entry that opens a case, when what the message asks (``asked``, in the knowledge's words) opens with a
    question word."""
    best = retrieval.best
    if best is None or not best.passage.case_type or not _QUESTION_WORD.search(asking_clauses(asked) or asked):
        return retrieval
    sections = [c for c in retrieval.candidates[1:_SECTIONS_AFTER + 1]
                if c.passage.question is None and c.score >= SECTION_THRESHOLD]
    if not sections:
        return retrieval
    # of two such sections, the one that says more of what is asked ("which colours…": the yarn card's)
    section = max(sections, key=lambda c: len(substance_in_common(
        asked, f"{c.passage.citation.title} {c.passage.text}")))
    rest = tuple(c for c in retrieval.candidates if c is not section)
    return replace(retrieval, candidates=(section, *rest), in_scope=True, ambiguous=False,
                   answer_text=section.passage.text, confidence=section.score)


def on_the_page(retrieval: Retrieval, *, asked: str, url: str) -> Retrieval:
    """``retrieval`` answered from the shop's page at ``url`` (the page on the case the customer waits for) when
    its best passage is not on it: a section there among the likeliest that clears its own threshold and says a
    word of substance of the question. "do we have to pay the whole thing upfront?" while a custom order waits
    is the custom-order page's "How it works" (.64), not the payment methods (.17)."""
    best = retrieval.best
    if best is None or (best.passage.citation.url == url and retrieval.in_scope and not retrieval.ambiguous):
        return retrieval
    said = {id(c): len(substance_in_common(asked, f"{c.passage.citation.title} {c.passage.text}"))
            for c in retrieval.candidates[:_ON_THE_PAGE]}
    sections = [c for c in retrieval.candidates[:_ON_THE_PAGE] if c.passage.citation.url == url
                and c.passage.question is None and c.score >= _ON_THE_PAGE_BAR and said[id(c)]]
    if not sections:
        return retrieval
    # of two, the one that says more of what is asked ("…une photo avant de tout payer ?": how it works)
    section = max(sections, key=lambda c: (said[id(c)], c.score))
    rest = tuple(c for c in retrieval.candidates if c is not section)
    return replace(retrieval, candidates=(section, *rest), in_scope=True, ambiguous=False,
                   answer_text=section.passage.text, confidence=section.score)


def section_titled_as_asked(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """A section a little below its bar (from ``_NEAR_ITS_BAR``) answers a question that names its title's first
    word (what the section is about doing: "Drying knitwear") when the next likeliest passage's title is not named,
    and the question names no word the knowledge never uses: "what about drying, can it go in the dryer on low?"
    is "Drying knitwear" at .45, "Wie oft muss ich den waschen?" ("how often must i the wash") the wool sweater's
    wash at .36, ahead of the cotton knits'. A thing the title names later is not enough: "waar is het Noord vest
    van gemaakt?" is no question about "Sweater and cardigan measurements"."""
    best = retrieval.best
    if (retrieval.in_scope or retrieval.unknown_words or best is None or best.passage.question is not None
            or not _NEAR_ITS_BAR <= retrieval.confidence < SECTION_THRESHOLD):
        return retrieval
    head = best.passage.citation.title.split()[:1]
    if not head or not title_words_asked(asked, head[0]) - general_terms():
        return retrieval
    if any(title_words_asked(asked, c.passage.citation.title) - general_terms() for c in retrieval.candidates[1:2]):
        return retrieval
    return replace(retrieval, in_scope=True, ambiguous=False)


_BESIDE = 3  # sections after the best one that may say what a follow-up asks of the answer before


def said_beside(retrieval: Retrieval, *, asked: str, before: str,
                rare: Callable[[str], bool] = lambda term: True) -> Retrieval:
    """A follow-up that found the answer before again (``before``), answered by the next likely passage of the same
    page that says a word of substance the follow-up asks and that one does not: "ok and after that, just hang it
    up?" after the washing is the drying ("Hanging a wet knit stretches it"), "et pour le ranger pendant l'été ?" the
    storing ("For summer … store it"). A guide's section must be likely; an FAQ entry, whose likelihood is that of
    its own questions, must say all the follow-up asks, a ``rare`` word (stemmed) among it: "and is the label free?"
    after the return window is the returns entry ("Within the Netherlands the return label is free"), "¿y tendré
    que pagar algo al recibirlo?" after the UK is not the US entry for its "pay" and "receive"."""
    best = retrieval.best
    if best is None or best.passage.id != before:
        return retrieval
    said = _said_of(asked, best.passage)
    for other in retrieval.candidates[1:_BESIDE + 1]:
        passage = other.passage
        says = _said_of(asked, passage)
        likely = other.score >= SECTION_THRESHOLD if passage.question is None else (
            says == _said_of(asked, asked) and any(rare(word) for word in says - said))
        if not likely or passage.citation.source != best.passage.citation.source:
            continue
        if says - said and not said - says:
            rest = tuple(c for c in retrieval.candidates if c is not other)
            return replace(retrieval, candidates=(other, *rest), confidence=other.score, in_scope=True,
                           ambiguous=False, answer_text=passage.text)
    return retrieval


def _said_of(asked: str, said: Passage | str) -> frozenset[str]:
    # (a word of two letters is a particle: the "up" of "hang it up" and of "freshens it up" ask nothing)
    text = said if isinstance(said, str) else f"{said.citation.title} {said.text}"
    return frozenset(word for word in substance_in_common(asked, text) if len(word) > 2)
