"""Reading one customer message against the knowledge base: language, typos, follow-ups, two questions.

``Reader.read`` is what the pipeline calls instead of a bare ``KnowledgeBase.search``:

- a question in another language is searched in English words (``Glossary``) — and as written, in case
  the shop's knowledge speaks that language too; the surer of the two wins;
- a word the knowledge never uses but nearly does ("shiping", "lnog") is read as that word, and so is the
  British or casual word for one it does use ("jumper"); a city is also searched with its country;
- a letter's greeting and signature ("Hi there, …? Thanks, Priya") are no part of its question;
- a follow-up ("and to the Netherlands?") is searched together with the question before it;
- two questions in one message are searched one by one; the answer covers each, or says which it can't;
- two near answers from the same guide ("Washing your wool sweater", "Drying knitwear") are told apart by
  the words of their titles: when the question uses the first one's and none of the other's, it is
  answered, not sent back as "which one do you mean?" (two of its title words, none of the other's);
- the answer is composed from the sentences that address the question, in the customer's language when
  the shop wrote a translation (``translations:`` in the FAQ).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from warmline.domain import Retrieval, ScoredPassage

from ..language import (
    asking_clauses,
    cities_named,
    country_name,
    is_follow_up,
    names_a_topic,
    points_back,
    question_parts,
    regions_of_places,
    without_salutations,
)
from ._combined import answered_together, repeated_unsaid, repeats_an_earlier
from ._compose import compose_answer, with_the_row_named
from ._follow_ups import FollowUps
from ._said import said_to, says_all_asked
from ._terms import substance_in_common
from .settling import (
    barred_by_kind_asked,
    narrowed_by_context,
    on_the_page,
    section_over_a_case,
    section_taken_back,
    section_titled_as_asked,
    settled_by_choice,
    settled_by_material,
    settled_by_name,
    settled_by_phrase,
    settled_by_place,
    settled_by_price,
    settled_by_rarer_words,
    settled_by_section_title,
    settled_by_term,
    settled_by_thing_asked,
    settled_by_title,
    settled_by_who,
    with_substance_shared,
    with_words_shared,
)

__all__ = ["Reader", "is_follow_up"]

_SURE_ALONE = 0.35  # below this a turn's own reading is a guess the answer before may be surer than
_SHARED_WITH_WRITTEN = 2  # one shared word ("parcel") is the case's topic, not a question about what happens


class Reader(FollowUps):
    """Searches one bot's knowledge the way a customer writes to it."""

    def said_in(self, text: str, *, language: str, written: str, translation: str | None = None,
                at_least: int = _SHARED_WITH_WRITTEN, told: Sequence[str] = ()) -> str | None:
        """What ``written`` (a text the shop wrote in the knowledge's language, outside the knowledge base)
        says to the question ``text``, cut to what it asks and in the customer's language when ``translation``
        is given; None when the question shares fewer than ``at_least`` words with it, besides those of what the
        customer ``told`` before. "do i have to post the broken one back?" while a damaged-item case waits is
        answered by what the case type says will happen ("… you don't need to send the broken piece back")."""
        asked = self.in_english(text, language=language) or text
        return said_to(asked, written=written, translation=translation, at_least=at_least,
                       told=self._told(told, language=language))

    def asks_only_of(self, text: str, *, language: str, written: str, told: Sequence[str] = ()) -> bool:
        """Whether ``written`` (a text the shop wrote, in the knowledge's language) says all the question asks,
        the thing the customer ``told`` of aside: "moet ik hem terugsturen?" of a damaged item's "… you don't need
        to send the broken piece back"."""
        return says_all_asked(self.in_english(text, language=language) or text, written=written,
                              told=self._told(told, language=language))

    def _told(self, texts: Sequence[str], *, language: str) -> str:
        return " ".join(self.in_english(told, language=language) or told for told in texts)

    def read(self, text: str, *, language: str, previous: str | Sequence[str] | None = None) -> Retrieval:
        """The retrieval for ``text`` written in ``language``; ``previous`` is the customer's question before,
        or their questions before, oldest first."""
        parts = question_parts(without_salutations(text))
        readings: list[Retrieval] = []
        before = self._context(previous, language=language)
        earlier = self._earlier(previous)
        for index, part in enumerate(parts):
            # "hey will the wool make me itch and how should i wash it": a second question leans on the first
            follows = index > 0 or is_follow_up(part)
            # "how long are they valid?" after the gift cards: no "and", but a word pointing back at them
            pointing = not follows and bool(before) and self._points_back(part, language=language)
            reading = self._read_one(part, language=language, previous=before if follows or pointing else (),
                                     only_pointing=pointing, context=before, earlier=earlier)
            if index > 0 and repeats_an_earlier(reading, readings):
                # "Welke maat sokken…? En zijn ze van echte wol?": read with the first question, the second finds the
                # socks' sizes again; on its own, what the knits are made of
                alone = self._read_one(part, language=language, previous=(), only_pointing=False)
                if alone.in_scope and alone.ambiguous:
                    alone = self._settled_by_context(alone, context=before, language=language)
                usable = alone.in_scope and not alone.ambiguous and not repeats_an_earlier(alone, readings)
                reading = alone if usable else repeated_unsaid(reading, asked=self.in_english(part, language=language)
                                                               or part)
            if before and reading.in_scope and (reading.ambiguous or follows or pointing):
                reading = self._settled_by_context(reading, context=before, language=language)
            readings.append(reading)
            before = (part,)
        return answered_together(text, parts=parts, readings=readings)

    def chosen(self, text: str, *, offered: Sequence[str], language: str) -> Retrieval | None:
        """The passage picked from the topics the bot offered ("How it works" tapped under "I'm not sure…"), as sure
        as a tap is, though a guide's title alone is no question a search is sure of; None for no offered topic."""
        picked = text.strip().casefold()
        if picked not in {option.strip().casefold() for option in offered}:
            return None
        titled = (p for p in self._knowledge.passages if picked in (p.citation.title.casefold(),
                                                                    (p.question or "").casefold()))
        passage = next(titled, None)
        if passage is None:
            return None
        found = Retrieval(query=text, candidates=(ScoredPassage(passage=passage, score=1.0),), confidence=1.0,
                          in_scope=True, answer_text=passage.text)
        return self._composed(found, focus=passage.question or passage.citation.title, language=language)

    def on_the_page(self, retrieval: Retrieval, *, text: str, language: str, url: str) -> Retrieval:
        """``retrieval`` of ``text`` answered from the shop's page at ``url`` when a section of it is among the
        likeliest answers (``on_the_page``): a question asked while the case that page is about waits."""
        focus = retrieval.searched or self.in_english(text, language=language) or text
        paged = on_the_page(retrieval, asked=focus, url=url)
        return retrieval if paged is retrieval else self._composed(paged, focus=focus, language=language)

    def _read_one(self, text: str, *, language: str, previous: tuple[str, ...], only_pointing: bool,
                  context: tuple[str, ...] = (), earlier: tuple[str, ...] = ()) -> Retrieval:
        retrieval = self._search_the_question(text, language=language)
        before = " ".join(context).lower()
        if retrieval.asks_for_unknown and not any(word in before for word in retrieval.unknown_words):
            # "do the points ever expire?" after Mossa Friends: what it asks for the knowledge never speaks of,
            # and the answer before is no answer to it either
            return retrieval
        # The answer is cut to what this message asks: "and to Belgium?" wants the Belgium line, not the whole
        # list again, even when the passage was found with the question before it.
        focus = retrieval.searched or text
        # a question that only points back and is answered on its own stays so ("my new sweater has bobbles,
        # is that normal?": "that" is its own bobbles), unless it names nothing ("how much are they?")
        stands = retrieval.in_scope and not retrieval.ambiguous and names_a_topic(focus)
        if previous and not (only_pointing and stands):
            retrieval = self._as_follow_up(retrieval, text=text, focus=focus, language=language, previous=previous,
                                           repeat_ok=not only_pointing)
        elif previous:  # "it" is what came before, whatever else the question names
            retrieval = self._continued(retrieval, text=text, focus=focus, language=language, previous=previous,
                                        titled_ok=True) or retrieval
        elif context and not (retrieval.in_scope and not retrieval.ambiguous and retrieval.confidence >= _SURE_ALONE):
            # no word leans back, but alone it finds nothing sure: "with a handwritten card?" after the gift wrap,
            # or only a guess: "how much do i need to spend to get gold?" after Mossa Friends (.3, the products)
            retrieval = (self._asked_of_the_same_thing(retrieval, text=text, focus=focus, language=language,
                                                       context=context)
                         or self._continued(retrieval, text=text, focus=focus, language=language, previous=context,
                                            titled_ok=False) or retrieval)
        if previous and retrieval.searched:  # "Was kosten die?" after the socks' sizes: "wool socks (€24)"
            retrieval = settled_by_price(retrieval, asked=retrieval.searched)
        if context and (not retrieval.in_scope or retrieval.confidence < _SURE_ALONE):
            retrieval = self._on_the_answer_before(retrieval, text=text, focus=focus, language=language,
                                                   context=(context, *((q,) for q in earlier))) or retrieval
        named = settled_by_name(settled_by_term(retrieval, asked=retrieval.searched or text), asked=text)
        titled = settled_by_choice(settled_by_rarer_words(settled_by_title(named, asked=text, titles=self._titles()),
                                                          asked=focus, passages=self._knowledge.passages), asked=focus)
        titled = section_titled_as_asked(section_taken_back(titled, asked=focus,
                                                            written_for=self._knowledge.key_texts_of), asked=focus)
        settled = with_words_shared(settled_by_place(titled, asked=focus), asked=focus)
        if not context and settled.best is not None:  # (a follow-up's words of substance may be in the turn before)
            written = (settled.best.passage.text, *self._knowledge.key_texts_of(settled.best.passage.id))
            # a city asked about is its country to the knowledge ("un colis à Bruxelles": Belgium's shipping times)
            places = " ".join(country_name(country) for _, country in cities_named(text) + cities_named(focus))
            settled = with_substance_shared(settled, asked=f"{focus} {places}", written=written)
        settled = settled_by_material(settled_by_section_title(settled, asked=focus), asked=focus,
                                      before=retrieval.searched)
        settled = settled_by_price(section_over_a_case(settled, asked=focus), asked=focus,
                                   rare=self._index_words().rare)
        settled = settled_by_thing_asked(settled, asked=focus, rare=self._index_words().rare)
        if asking_clauses(text) is not None:  # ("just unpacked my 4 moss mugs 😍" names the mugs, asks nothing)
            settled = settled_by_who(settled_by_phrase(settled, asked=focus, passages=self._knowledge.passages),
                                     asked=focus)
        return self._composed(barred_by_kind_asked(settled, asked=focus), focus=focus, language=language)

    def _points_back(self, text: str, *, language: str) -> bool:
        """Whether ``text`` has a word pointing back at the question before (``points_back``), or a verb that holds
        the pronoun: "¿cuánto tiempo tardaría?" is "how long would it take"."""
        return points_back(text, language=language) or (
            language != "en" and points_back(self.in_english(text, language=language) or text, language="en"))

    def _settled_by_context(self, reading: Retrieval, *, context: tuple[str, ...], language: str) -> Retrieval:
        """Of the two answers a question could mean, the one whose title names something the question before
        it named: "est-ce qu'on peut les laver en machine ?" after "Vos pulls sont en quelle laine" is the wool
        sweater's wash, not the cotton knits'. And of a follow-up's answers, the narrower one the question
        before names (``narrowed_by_context``), as sure as the reading it narrows."""
        before = " ".join(self.in_english(q, language=language) or q for q in context)
        pair = reading.candidates[:2]
        named = [c for c in pair if substance_in_common(before, c.passage.citation.title)]
        chosen = (named[0] if len(pair) == 2 and len(named) == 1 else None) if reading.ambiguous else (
            narrowed_by_context(reading, asked=reading.searched or reading.query, before=before))
        if chosen is None:
            return reading
        rest = tuple(c for c in reading.candidates if c is not chosen)
        sure = chosen.score if reading.ambiguous else reading.confidence
        return self._composed(replace(reading, candidates=(chosen, *rest), ambiguous=False,
                                      answer_text=chosen.passage.text, confidence=sure),
                              focus=reading.searched or reading.query, language=language)

    def _composed(self, retrieval: Retrieval, *, focus: str, language: str) -> Retrieval:
        """The answer cut to the sentences (or the item of a list) that ``focus``, the message's own words in
        the knowledge's language, asks about."""
        best = retrieval.best
        if best is None or not retrieval.answer_text:
            return retrieval
        translated = best.passage.text_in(language) if language != self._knowledge_language else None
        # "shipping to italy?" asks for the line on the rest of the EU, when the answer names no Italy
        question = f"{focus} {regions_of_places(focus, written=best.passage.text)}".strip()
        if translated is not None:  # the same sentences, from the shop's own translation
            return replace(retrieval, answer_language=language, answer_text=compose_answer(
                question, best.passage.text, title=best.passage.citation.title, translation=translated))
        written = with_the_row_named(question, passage=best.passage.text, paragraph=retrieval.answer_text)
        return replace(retrieval, answer_text=compose_answer(question, written, title=best.passage.citation.title),
                       answer_language=self._knowledge_language)
