"""Reading a message with the questions before it: "and to the Netherlands?" is the question before about
another country, "how long are they valid?" after the gift cards is about the gift cards, and "what about
paying later?" names a topic of its own. ``Reader`` inherits this half; ``Searcher`` does the searching and
``AnswerBefore`` reads a question asked again of the answer before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from warmline.domain import Retrieval

from .._scoring import SECTION_THRESHOLD
from ..language import (
    AMOUNT,
    FOLLOW_UP,
    PRICE_WORDS,
    asks_anew,
    is_follow_up,
    names_a_topic,
    places_named,
    points_back,
    subject,
    without_salutations,
)
from ._answer_before import GUESS, WORD, AnswerBefore
from ._compose import says_how_long
from ._terms import substance_in_common, terms, title_words_asked, words_in_common
from .settling import about_the_follow_up, asked_of_the_answer_before, next_named, said_beside

__all__ = ["FollowUps"]

# "can I use it in the studio?" after "how long are they valid?" after "do you have gift cards?": the question
# before leans on the one before it, so both are its context; further back is another topic
_CONTEXT_QUESTIONS = 3


class FollowUps(AnswerBefore):
    """The questions before a message, and the message read with them (the follow-up half of ``Reader``)."""

    def _earlier(self, previous: str | Sequence[str] | None) -> tuple[str, ...]:
        """The last few questions before a message, each without its greeting, newest first."""
        written = [previous] if isinstance(previous, str) else list(previous or ())[-_CONTEXT_QUESTIONS:]
        return tuple(asked for question in reversed(written) if (asked := without_salutations(question).strip()))

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
            else:
                joined = self._still_the_answer_before(joined, previous=previous, focus=focus,
                                                       language=language) or joined
        else:  # "and to the UK?": the question before, about something else
            joined = self._search(f"{' '.join(previous)} {text}", language=language,
                                  tolerated=self._tolerated(previous, language=language))
            # "and can it be faster?" after the shipping times is not the shipping times again: they don't
            # speak to it (nothing of it in them), and what it finds alone (express delivery) does. "and to
            # Spain?" is the same question about another place, which "the rest of the EU" answers.
            threshold = self._knowledge.threshold or SECTION_THRESHOLD
            joined = about_the_follow_up(joined, asked=focus, threshold=threshold)
            # "Was kostet das?" after express delivery to Berlin: its price, not what shipping costs
            joined = self._still_the_answer_before(joined, previous=previous, focus=focus,
                                                   language=language) or joined
            if ((stands_alone or not repeat_ok) and not places_named(focus)
                    and self._repeats(joined, previous=previous, focus=focus, language=language)):
                beside = self._beside_the_answer_before(joined, focus=focus, previous=previous, language=language)
                return beside or alone
        # "what about knitting?" after "do you run pottery workshops?": alone a guess at the yarn and patterns
        # (.34), with the question before surely the workshops (.99), which say "knitting" too
        if own_topic and asked_of_the_answer_before(alone, joined, focus=focus, guess=GUESS):
            own_topic = False
        # "and can I pay with Apple Pay?" after "do you have a student discount?" is surer alone
        surer_alone = stands_alone and topical and alone.confidence >= joined.confidence
        if own_topic and (continued := self._continued(alone, text=text, focus=focus, language=language,
                                                       previous=previous, titled_ok=False)):
            return continued
        # "how long would it take to get there?" after "do you ship to australia?": with it, the shipping times or
        # the countries; alone, surely the shipping times. Its own words settle the tie.
        settles = (stands_alone and joined.ambiguous and alone.best is not None and joined.best is not None
                   and alone.best.passage.id == joined.best.passage.id)
        # "and what do i do about the little bobbles?" after the wash: only "Pilling", found alone, says "bobbles"
        said_alone = self._says_it_alone(alone, joined, focus=focus)
        if not joined.in_scope or own_topic or surer_alone or settles or said_alone:
            return alone
        found = about_the_follow_up(replace(joined, query=text), asked=focus,
                                    threshold=self._knowledge.threshold or SECTION_THRESHOLD)
        return self._beside_the_answer_before(found, focus=focus, previous=previous, language=language) or found

    def _says_it_alone(self, alone: Retrieval, joined: Retrieval, *, focus: str) -> bool:
        """Whether the follow-up's own sure reading says a rare word of it that the reading with the question before
        does not: "and what do i do about the little bobbles?" after the wash is "Pilling" ("Remove the bobbles…"),
        not the wash or the drying again. (Not an unsure reading titled with one: "and what about canada, same
        price?" after the US is no question about custom-order "Prices and timing".)"""
        if (not alone.in_scope or alone.ambiguous or alone.confidence < GUESS or alone.best is None
                or joined.best is None or alone.best.passage.id == joined.best.passage.id):
            return False
        words = self._index_words()
        rare = {term for term in substance_in_common(focus, alone.best.passage.text) if words.rare(term)}
        joined_says = terms(f"{joined.best.passage.citation.title} {joined.best.passage.text}")
        return bool(rare) and not rare & joined_says

    def _beside_the_answer_before(self, found: Retrieval, *, focus: str, previous: tuple[str, ...],
                                  language: str) -> Retrieval | None:
        """``found`` answered by a passage beside the answer before that says what the follow-up asks
        (``said_beside``); None when none does."""
        before = self._search(" ".join(previous), language=language).best
        if before is None or places_named(focus):  # ("Und in die Schweiz?" asks the shipping times again)
            return None
        beside = said_beside(found, asked=focus, before=before.passage.id, rare=self._index_words().rare)
        return None if beside is found else beside

    def _next_answer(self, joined: Retrieval, *, focus: str) -> Retrieval | None:
        """``joined`` answered by its next likely passage whose title names a word of the follow-up ``focus``."""
        return next_named(joined, asked=focus, threshold=self._knowledge.threshold or SECTION_THRESHOLD)

    def _repeats(self, joined: Retrieval, *, previous: tuple[str, ...], focus: str, language: str) -> bool:
        """Whether ``joined`` is the answer to ``previous`` again, with no word of the follow-up ``focus`` (nor,
        for "¿y cuánto cuesta?", a price, nor, for "how long is it?" after the workshops, a length of time said in
        the answer to the question just before: "¿y cuánto tarda?" after the shipping to Sevilla, after Apple Pay,
        is no question about Klarna's 30 days)."""
        before = self._search(" ".join(previous), language=language).best
        if joined.best is None or before is None or joined.best.passage.id != before.passage.id:
            return False
        text = joined.best.passage.text
        asks_price = bool(PRICE_WORDS & set(WORD.findall(focus.lower())))
        if words_in_common(focus, text) or (asks_price and AMOUNT.search(text)):
            return False
        last = self._search(previous[-1], language=language).best if says_how_long(focus, text) else None
        return last is None or last.passage.id != before.passage.id


