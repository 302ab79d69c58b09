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

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from warmline.domain import Passage, Retrieval

from ._compose import (
    asked_and_told,
    asking_clauses,
    compose_answer,
    question_parts,
    says_all_of,
    title_words_asked,
    words_in_common,
)
from ._deciding import (
    about_the_follow_up,
    barred_by_unknown_words,
    focused_on_the_question,
    next_named,
    settled_by_name,
    settled_by_place,
    settled_by_title,
    unbarred_by_what_is_told,
    with_words_shared,
)
from ._glossary import Glossary, load_glossary
from ._scoring import SECTION_THRESHOLD
from .base import KnowledgeBase
from .language import (
    AMOUNT,
    FOLLOW_UP,
    PRICE_WORDS,
    asks_anew,
    cities_named,
    country_name,
    function_words,
    is_follow_up,
    names_a_topic,
    places_named,
    points_back,
    subject,
    topic_words,
    without_salutations,
)
from .language._spelling import Speller

__all__ = ["Reader", "is_follow_up"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# "can I use it in the studio?" after "how long are they valid?" after "do you have gift cards?": the question
# before leans on the one before it, so both are its context; further back is another topic
_CONTEXT_QUESTIONS = 3
_NAME_LETTERS = 5  # shorter words of the knowledge are too often words of the customer's language too


@lru_cache(maxsize=8)
def _vocabulary(passages: tuple[Passage, ...], keys: tuple[str, ...]) -> frozenset[str]:
    words: set[str] = set()
    for passage in passages:
        for text in (passage.text, passage.question or "", passage.citation.title):
            words.update(w.lower() for w in _WORD.findall(text))
    for text in keys:
        words.update(w.lower() for w in _WORD.findall(text))
    return frozenset(words)


@lru_cache(maxsize=8)
def _names(vocabulary: frozenset[str]) -> frozenset[str]:
    return frozenset(word for word in vocabulary if len(word) >= _NAME_LETTERS)


def _with_countries(text: str, *, written: str) -> str:
    """ "send it to Manchester" as "send it to Manchester in the uk": the knowledge names countries, not cities.
    ``written`` is the message as the customer wrote it, where "en Miami" still says Miami is a place."""
    for city, country in dict.fromkeys(cities_named(written) + cities_named(text)):
        name = country_name(country)
        match = re.search(rf"(?i)\b{re.escape(city)}\b", text)
        if match is not None and name not in text.lower():
            text = f"{text[:match.end()]} in {name}{text[match.end():]}"
    return text


class Reader:
    """Searches one bot's knowledge the way a customer writes to it."""

    def __init__(self, knowledge: KnowledgeBase, *, glossary: Glossary | None = None,
                 knowledge_language: str = "en") -> None:
        self._knowledge = knowledge
        self._glossary = glossary or load_glossary()
        self._knowledge_language = knowledge_language

    def in_english(self, text: str, *, language: str) -> str | None:
        """``text`` in the glossary's English words, or None when it is written in the knowledge's language."""
        if language == self._knowledge_language:
            return None
        return self._glossary.to_english(text, language, names=self._names())

    def read(self, text: str, *, language: str, previous: str | Sequence[str] | None = None) -> Retrieval:
        """The retrieval for ``text`` written in ``language``; ``previous`` is the customer's question before,
        or their questions before, oldest first."""
        parts = question_parts(without_salutations(text))
        readings: list[Retrieval] = []
        before = self._context(previous, language=language)
        for index, part in enumerate(parts):
            # "hey will the wool make me itch and how should i wash it": a second question leans on the first
            follows = index > 0 or is_follow_up(part)
            # "how long are they valid?" after the gift cards: no "and", but a word pointing back at them
            pointing = not follows and bool(before) and points_back(part, language=language)
            readings.append(self._read_one(part, language=language, previous=before if follows or pointing else (),
                                           only_pointing=pointing, context=before))
            before = (part,)
        first = readings[0]
        if len(readings) == 1:
            return first
        answered = [r for r in readings if r.in_scope and not r.ambiguous and r.answer_text]
        if not answered:
            return first
        lead, others = answered[0], answered[1:]
        seen = {lead.best.passage.id} if lead.best else set()
        also = []
        texts = [lead.answer_text or ""]
        for reading in others:
            if reading.best is not None and reading.best.passage.id not in seen:
                seen.add(reading.best.passage.id)
                also.append(reading.best)
                texts.append(reading.answer_text or "")
        unanswered = tuple(part for part, r in zip(parts, readings, strict=True) if r not in answered)
        return replace(lead, query=text, answer_text="\n\n".join(texts), also=tuple(also),
                       unanswered=unanswered)

    def _context(self, previous: str | Sequence[str] | None, *, language: str) -> tuple[str, ...]:
        """The question before, after the ones it leaned on: "how long are they valid?" is about the gift cards
        asked of before it, so both are what a follow-up to it is read with."""
        written = [previous] if isinstance(previous, str) else list(previous or ())[-_CONTEXT_QUESTIONS:]
        # ("hiya, do you do knitting classes?": the greeting is no part of what a follow-up asks about)
        questions = [asked for question in written if (asked := without_salutations(question).strip())]
        if not questions:
            return ()
        context = [questions[-1]]
        for earlier in reversed(questions[:-1]):
            if not self._leaned_back(context[0], language=language):
                break
            context.insert(0, earlier)
        return tuple(context)

    def _leaned_back(self, question: str, *, language: str) -> bool:
        """Whether ``question`` was read with the one before it: a follow-up, or a question that points back
        and does not stand on its own."""
        if is_follow_up(question):
            return True
        if not points_back(question, language=language):
            return False
        alone = self._search(question, language=language)
        return not (alone.in_scope and not alone.ambiguous and names_a_topic(alone.searched or question))

    def _read_one(self, text: str, *, language: str, previous: tuple[str, ...], only_pointing: bool,
                  context: tuple[str, ...] = ()) -> Retrieval:
        retrieval = self._search_the_question(text, language=language)
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
        elif context and not (retrieval.in_scope and not retrieval.ambiguous):
            # no word leans back, but alone it finds nothing sure: "with a handwritten card?" after the gift wrap
            retrieval = self._continued(retrieval, text=text, focus=focus, language=language, previous=context,
                                        titled_ok=False) or retrieval
        settled = with_words_shared(settled_by_place(settled_by_title(settled_by_name(retrieval, asked=text),
                                                                      asked=text), asked=focus), asked=focus)
        return self._composed(settled, focus=focus, language=language)

    def _as_follow_up(self, alone: Retrieval, *, text: str, focus: str, language: str, previous: tuple[str, ...],
                      repeat_ok: bool = True) -> Retrieval:
        """The follow-up ``text`` read with the question before it (and those it leaned on, oldest first),
        unless it stands on its own: ``alone`` is its own reading, ``focus`` its words in the knowledge's
        language. ``repeat_ok``: whether the answer before may be given again though it shares no word with
        the follow-up ("¿y hasta cuándo se pueden usar?" after the gift cards: their validity); not for a
        question that only points back ("is it far from the station?" after the opening hours is no question
        about them)."""
        # "what about paying later?" names a topic of its own (the title of what it finds alone): that is the
        # answer. "and the US?" names none ("Which countries do you ship to?" is not about the US): it asks the
        # question before again, about something else. "and what would that cost me?" names nothing beyond
        # asking (a price): what it finds alone ("How much does shipping cost?") is a guess, however sure.
        topical = names_a_topic(focus)
        stands_alone = alone.in_scope and not alone.ambiguous
        own_topic = stands_alone and topical and alone.best is not None and bool(
            title_words_asked(focus, alone.best.passage.citation.title))
        if asks_anew(text):
            # "And how long does that take?" after "Do you ship to Austria?" asks something new about the same
            # thing; read with the whole question before, it is that question again.
            # ("and how much?" after "how long does it take?" after "do you ship to Germany?" is about shipping to
            # Germany, not about how long that takes)
            asked = FOLLOW_UP.sub("", text, count=1).strip(" ?¿!¡")
            joined = self._search(f"{asked} {subject(previous[0])}", language=language,
                                  tolerated=self._tolerated(previous, language=language))
            # "Et c'est où exactement ?" after the opening hours asks something new: not the hours again,
            # unless they speak to it ("and how long is such a voucher valid?": the gift card entry says).
            # "and roughly how much would that cost me?" after "Do you ship to Australia?" is not the
            # countries again either, but the next answer read with them may be: the shipping costs.
            if self._repeats(joined, previous=previous, focus=focus, language=language):
                instead = self._next_answer(joined, focus=focus)
                if instead is not None:
                    joined = instead
                elif stands_alone or not repeat_ok:
                    return alone
        else:  # "and to the UK?": the question before, about something else
            joined = self._search(f"{' '.join(previous)} {text}", language=language,
                                  tolerated=self._tolerated(previous, language=language))
            # "and can it be faster?" after the shipping times is not the shipping times again: they don't
            # speak to it (nothing of it in them), and what it finds alone (express delivery) does. "and to
            # Spain?" is the same question about another place, which "the rest of the EU" answers.
            threshold = self._knowledge.threshold or SECTION_THRESHOLD
            joined = about_the_follow_up(joined, asked=focus, threshold=threshold)
            if ((stands_alone or not repeat_ok) and not places_named(focus)
                    and self._repeats(joined, previous=previous, focus=focus, language=language)):
                return alone
        # "and can I pay with Apple Pay?" after "do you have a student discount?" is surer alone
        surer_alone = stands_alone and topical and alone.confidence >= joined.confidence
        if own_topic and (continued := self._continued(alone, text=text, focus=focus, language=language,
                                                       previous=previous, titled_ok=False)):
            return continued
        # "how long would it take to get there?" after "do you ship to australia?": with it, the shipping times or
        # the countries; alone, surely the shipping times. Its own words settle the tie.
        settles = (stands_alone and joined.ambiguous and alone.best is not None and joined.best is not None
                   and alone.best.passage.id == joined.best.passage.id)
        if not joined.in_scope or own_topic or surer_alone or settles:
            return alone
        return about_the_follow_up(replace(joined, query=text), asked=focus,
                                   threshold=self._knowledge.threshold or SECTION_THRESHOLD)

    def _continued(self, alone: Retrieval, *, text: str, focus: str, language: str, previous: tuple[str, ...],
                   titled_ok: bool) -> Retrieval | None:
        """The answer before, again, when it says everything the follow-up names and is at least as sure as what
        the follow-up finds alone: "can I use it in the studio?" after the gift cards' validity is about the
        gift cards ("valid … online and in the studio"), not a visit. ``titled_ok``: whether it is so though
        what the follow-up finds alone is titled with all it names — for a question that points back ("it"),
        not for one that names something new ("what about paying later?" after the payment methods)."""
        joined = self._search(f"{' '.join(previous)} {text}", language=language,
                              tolerated=self._tolerated(previous, language=language))
        before = self._search(" ".join(previous), language=language).best
        if (not joined.in_scope or joined.ambiguous or joined.best is None or before is None
                or joined.best.passage.id != before.passage.id or joined.confidence < alone.confidence):
            return None
        named = " ".join(topic_words(focus))
        dedicated = (not titled_ok and alone.best is not None
                     and says_all_of(alone.best.passage.citation.title, words=named))
        if dedicated or not says_all_of(joined.best.passage.text, words=named):
            return None
        return about_the_follow_up(replace(joined, query=text), asked=focus,
                                   threshold=self._knowledge.threshold or SECTION_THRESHOLD)

    def _next_answer(self, joined: Retrieval, *, focus: str) -> Retrieval | None:
        """``joined`` answered by its next likely passage whose title names a word of the follow-up ``focus``."""
        return next_named(joined, asked=focus, threshold=self._knowledge.threshold or SECTION_THRESHOLD)

    def _repeats(self, joined: Retrieval, *, previous: tuple[str, ...], focus: str, language: str) -> bool:
        """Whether ``joined`` is the answer to ``previous`` again, with no word of the follow-up ``focus`` (nor,
        for "¿y cuánto cuesta?", a price)."""
        before = self._search(" ".join(previous), language=language).best
        if joined.best is None or before is None or joined.best.passage.id != before.passage.id:
            return False
        text = joined.best.passage.text
        asks_price = bool(PRICE_WORDS & set(_WORD.findall(focus.lower())))
        return not (words_in_common(focus, text) or (asks_price and AMOUNT.search(text)))

    def _names(self) -> frozenset[str]:
        """The knowledge's own longer words ("wadden", "noord"): a foreign reading keeps them as written."""
        return _names(_vocabulary(tuple(self._knowledge.passages), tuple(self._knowledge.key_texts)))

    def _search_the_question(self, text: str, *, language: str) -> Retrieval:
        """``text`` searched whole, or its question alone when what it tells around it blurs the match."""
        whole = self._search(text, language=language)
        asking = asking_clauses(text)
        if whole.unknown_words and not whole.in_scope and asking not in (None, text.strip()):
            # "deleted the shipping email by accident lol, where can i look up my parcel?"
            whole = unbarred_by_what_is_told(whole, self._search(
                text, language=language, asked=self.in_english(asking, language=language) or asking), told=text)
        split = None if whole.in_scope and not whole.ambiguous else asked_and_told(text)
        if split is None:
            return whole
        asked, told = split
        return focused_on_the_question(whole, self._search(asked, language=language),
                                       told=self.in_english(told, language=language) or told)

    def _tolerated(self, previous: tuple[str, ...], *, language: str) -> frozenset[str]:
        """The words of the questions before that the knowledge never uses, when they were answered all the same:
        "sitzen", left untranslated in "Kann man bei euch mal an der Töpferscheibe sitzen, so als Kurs?", is no
        reason to refuse "Was kostet das?" read with it."""
        before = self._search(" ".join(previous), language=language)
        return frozenset(before.unknown_words) if before.in_scope and not before.ambiguous else frozenset()

    def _search(self, text: str, *, language: str, tolerated: frozenset[str] = frozenset(),
                asked: str | None = None) -> Retrieval:
        retrieval = self._search_as_read(text, language=language)
        vocabulary = tolerated | _vocabulary(tuple(self._knowledge.passages), tuple(self._knowledge.key_texts))
        common = function_words("en") | function_words(self._knowledge_language) | function_words(language)
        return barred_by_unknown_words(retrieval, vocabulary=vocabulary, common=common, asked=asked)

    def _search_as_read(self, text: str, *, language: str) -> Retrieval:
        speller = Speller(_vocabulary(tuple(self._knowledge.passages), tuple(self._knowledge.key_texts)))
        if language == self._knowledge_language:
            retrieval = self._search_placed(speller.correct(text), written=text)
            return replace(retrieval, searched=None) if retrieval.searched == text else replace(retrieval, query=text)
        english = speller.correct(self._glossary.to_english(text, language, names=self._names()))
        translated = replace(self._search_placed(english, written=text), query=text)
        as_written = self._knowledge.search(text)  # the shop may have written this language too
        if as_written.in_scope and as_written.confidence > translated.confidence:
            return as_written
        return translated

    def _search_placed(self, text: str, *, written: str) -> Retrieval:
        """``text`` searched as it is and, when it names a city, with the city's country too ("to Manchester in
        the uk"): the surer of the two. ``searched`` says which was searched."""
        found = replace(self._knowledge.search(text), searched=text)
        placed = _with_countries(text, written=written)
        if placed == text:
            return found
        with_country = replace(self._knowledge.search(placed), searched=placed)
        surer = (with_country.in_scope, with_country.confidence) > (found.in_scope, found.confidence)
        return with_country if surer else found

    def _composed(self, retrieval: Retrieval, *, focus: str, language: str) -> Retrieval:
        """The answer cut to the sentences (or the item of a list) that ``focus``, the message's own words in
        the knowledge's language, asks about."""
        best = retrieval.best
        if best is None or not retrieval.answer_text:
            return retrieval
        translated = best.passage.text_in(language) if language != self._knowledge_language else None
        question = focus
        if translated is not None:  # the same sentences, from the shop's own translation
            text = compose_answer(question, best.passage.text, title=best.passage.citation.title,
                                  translation=translated)
            return replace(retrieval, answer_text=text, answer_language=language)
        return replace(retrieval, answer_text=compose_answer(question, retrieval.answer_text,
                                                              title=best.passage.citation.title),
                       answer_language=self._knowledge_language)
