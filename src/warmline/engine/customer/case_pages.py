"""The shop's page on a waiting case: what it and the case type say to a question about the case ("do i have to
post the broken one back?"), the source to cite for it, and a side question answered from that page ("do we have
to pay the whole thing upfront?" while a custom order waits: the custom-order page's "How it works")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from warmline.domain import Bot, Citation, Customer, Handoff, Passage, Retrieval
from warmline.knowledge import KnowledgeBase, Reader
from warmline.policy import case_answer, needs_answer, needs_named, phrase, still_needed
from warmline.signals import questions_asked

__all__ = ["CaseAnswer", "CasePages"]

# Words a question shares with the case page before that page answers it (as for what happens to the case).
_SHARED_WITH_PAGE = 2


@dataclass(frozen=True, slots=True)
class CaseAnswer:
    """The answer to a question about a waiting case, and whether it is all the question asks ("moet ik hem
    terugsturen?" while a broken mug waits: the case's own answer, not the general returns entry)."""

    text: str
    whole: bool


class CasePages:
    """What the shop wrote about one kind of case, read for a customer who waits on one."""

    def __init__(self, *, bot: Bot, knowledge: KnowledgeBase, reader: Reader) -> None:
        self._bot = bot
        self._knowledge = knowledge
        self._reader = reader

    def about(self, text: str, handoff: Handoff | None, *, language: str, given: Sequence[str],
              customer: Customer, retrieval: Retrieval) -> CaseAnswer | None:
        """The answer to a question about the case: what it still needs ("do you need a photo or anything?", not
        the order number ``given`` already), or what its type says will happen, cut to what is asked of it ("do i
        have to post the broken one back?"), or what the shop's page on such cases says of it, in the customer's
        language; None when they ask about something else. ``retrieval``: the question read against the
        knowledge, which may find the case page itself."""
        case_type = self._bot.case_type(handoff.case_type) if handoff is not None else None
        if case_type is None or not questions_asked([text]):
            return None
        still = still_needed(case_type.needs, texts=given, customer=customer)
        if needs_named(text, still):
            needs = needs_answer(still, language=language, bot=self._bot)
            return CaseAnswer(text=needs, whole=True) if needs else None
        # (what the customer told of the case before names its thing: "de mok" of "moet ik de mok dan terugsturen?")
        told = tuple(earlier for earlier in given if earlier != text)
        written, translation = case_type.what_happens, case_type.what_happens_said_in(language)
        said = self._reader.said_in(text, language=language, written=written, translation=translation, told=told)
        # "when will the extra charge be back on my card?" while a double charge waits: the shop's page on such
        # cases says when ("…usually shows up again in your account within 1–3 working days")
        # (one word in common is enough when the question, read against the whole knowledge, finds that page)
        for page in () if said is not None else self._passages(handoff):
            found = retrieval.best is not None and retrieval.best.passage.id == page.id
            written, translation = page.text, page.text_in(language)
            said = self._reader.said_in(text, language=language, written=written, translation=translation,
                                        at_least=1 if found else _SHARED_WITH_PAGE)
        if said is None:
            return None
        answer = case_answer(said, language=language, bot=self._bot)
        lead = phrase("in_english", language=language, bot=self._bot)
        if translation is None and language != self._bot.knowledge_language and lead:
            answer = f"{lead}\n\n{answer}"  # the shop wrote it in its own language only: said so, as for an answer
        return CaseAnswer(text=answer, whole=self._reader.asks_only_of(text, language=language, written=written,
                                                                       told=told))

    def _passages(self, handoff: Handoff | None) -> tuple[Passage, ...]:
        """The shop's page on this kind of case (the passage marked with its ``case_type``), if it wrote one."""
        kind = handoff.case_type if handoff is not None else None
        return tuple(p for p in self._knowledge.passages if kind and p.case_type == kind)[:1]

    def on_the_page(self, retrieval: Retrieval, handoff: Handoff | None, *, text: str,
                    language: str) -> Retrieval:
        """A side question answered from the shop's page on the case when that page is among its answers ("do we
        have to pay the whole thing upfront?" while a custom order waits: the custom-order page's "How it
        works")."""
        url = next((p.citation.url for p in self._passages(handoff) if p.citation.url), None)
        return self._reader.on_the_page(retrieval, text=text, language=language, url=url) if url else retrieval

    def citations(self, handoff: Handoff | None) -> tuple[Citation, ...]:
        """The case page's citation: the source of an answer about the case."""
        return tuple(p.citation for p in self._passages(handoff))
