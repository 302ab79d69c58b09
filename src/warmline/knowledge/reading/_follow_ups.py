"""Reading a message with the questions before it: "and to the Netherlands?" is the question before about
another country, "how long are they valid?" after the gift cards is about the gift cards, and "what about
paying later?" names a topic of its own. ``Reader`` inherits this half; it does the searching (``_search``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from warmline.domain import Retrieval

from .._scoring import SECTION_THRESHOLD
from ..language import (
    AMOUNT,
    FOLLOW_UP,
    PRICE_WORDS,
    asking_clauses,
    asks_anew,
    is_follow_up,
    names_a_topic,
    places_named,
    points_back,
    subject,
    topic_words,
    without_salutations,
)
from ._compose import says_how_long
from ._sections import said_beside
from ._settling import about_the_follow_up, asked_of_the_answer_before, next_named
from ._terms import (
    says_all_of,
    substance_in_common,
    terms,
    title_words_asked,
    words_in_common,
)

if TYPE_CHECKING:
    from ..base import KnowledgeBase
    from ._index_words import IndexWords

__all__ = ["FollowUps"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# "can I use it in the studio?" after "how long are they valid?" after "do you have gift cards?": the question
# before leans on the one before it, so both are its context; further back is another topic
_CONTEXT_QUESTIONS = 3
_GUESS = 0.35  # a follow-up's own reading below this is a guess (as ``Reader``'s turn alone)
_SHORT = 3  # letters of a word too short to be what a question asks about the answer before


class FollowUps:
    """The questions before a message, and the message read with them (the follow-up half of ``Reader``)."""

    _knowledge: KnowledgeBase

    def _search(self, text: str, *, language: str, tolerated: frozenset[str] = frozenset(),
                asked: str | None = None) -> Retrieval:
        raise NotImplementedError  # ``Reader._search``

    def _index_words(self) -> IndexWords:
        raise NotImplementedError  # ``Reader._index_words``

    def _on_the_answer_before(self, alone: Retrieval, *, text: str, focus: str, language: str,
                              context: tuple[tuple[str, ...], ...]) -> Retrieval | None:
        """The answer to the question before, for a question that finds nothing sure alone and asks about a word
        that answer says and few others do: "do i need to bring my own needles?" after the workshops ("yarn and
        needles to take home"), "Wie viele Leute können da mitmachen?" ("at most 8 people"); or that asks the price
        of what it points back at, when that answer gives prices and alone it is only a guess: "how much is it per
        person?" after the pottery workshop found the product prices (.22). ``alone``: the question's own reading;
        ``focus``: its words in the knowledge's language; ``context``: the questions before it that may have found
        the answer before, likeliest first (the question before with those it leaned on, then, for a price asked,
        each of the last few alone: "how much is it per person?" after "do i need to bring my own needles?", which
        the workshops answered as the question before it did). Or that asks how long, naming nothing else, of an
        answer that says a length of time: "¿cuánto dura?" after the pottery workshops ("2.5 hours"). None
        otherwise."""
        priced_back = (alone.confidence < _GUESS and points_back(text, language=language)
                       and bool(PRICE_WORDS & set(_WORD.findall(focus.lower()))))
        timed = alone.confidence < _GUESS and not names_a_topic(focus)
        if (alone.in_scope and not priced_back) or asking_clauses(text) is None:
            return None
        # (a word only the answer before says is read of the question before alone: "is there a discount if we book
        # 2 spots" two questions after the workshops is no question about booking them)
        searched = context if priced_back else context[:1]
        before = next((found for questions in searched if questions
                       if (found := self._search(" ".join(questions), language=language)).in_scope
                       and not found.ambiguous and found.best is not None), None)
        if before is None or before.best is None:
            return None
        best = before.best
        if priced_back:
            other = alone.best is None or alone.best.passage.id != best.passage.id
            return replace(before, query=alone.query, searched=alone.searched) if (
                other and AMOUNT.search(best.passage.text)) else None
        if timed and says_how_long(focus, best.passage.text):
            return replace(before, query=alone.query, searched=alone.searched)
        words = self._index_words()
        # (a short word is a size, a pronoun or an initial: "XL", "she")
        rare = [term for term in substance_in_common(focus, best.passage.text)
                if (len(term) > _SHORT or term.isdigit()) and words.rare(term)]
        return replace(before, query=alone.query, searched=alone.searched) if rare else None

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
        if own_topic and asked_of_the_answer_before(alone, joined, focus=focus, guess=_GUESS):
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
        if not joined.in_scope or own_topic or surer_alone or settles:
            return alone
        found = about_the_follow_up(replace(joined, query=text), asked=focus,
                                    threshold=self._knowledge.threshold or SECTION_THRESHOLD)
        return self._beside_the_answer_before(found, focus=focus, previous=previous, language=language) or found

    def _beside_the_answer_before(self, found: Retrieval, *, focus: str, previous: tuple[str, ...],
                                  language: str) -> Retrieval | None:
        """``found`` answered by a passage beside the answer before that says what the follow-up asks
        (``said_beside``); None when none does."""
        before = self._search(" ".join(previous), language=language).best
        if before is None or places_named(focus):  # ("Und in die Schweiz?" asks the shipping times again)
            return None
        beside = said_beside(found, asked=focus, before=before.passage.id, rare=self._index_words().rare)
        return None if beside is found else beside

    def _asked_of_the_same_thing(self, alone: Retrieval, *, text: str, focus: str, language: str,
                                 context: tuple[str, ...]) -> Retrieval | None:
        """A question that leans on no word of the one before and finds nothing sure alone, read with what that
        question was about (its subject, not all of it): "can i check online how much is left on mine?" after "do
        you have gift cards?" is the gift card balance, whose title names its "check"; read with the whole question
        before, the gift cards again. None when that finds the answer before, or nothing the question names."""
        found = self._search(f"{text} {subject(context[-1])}", language=language,
                             tolerated=self._tolerated(context, language=language))
        asked_before = self._search(" ".join(context), language=language)
        before = asked_before.best
        if (not found.in_scope or found.ambiguous or found.best is None or found.confidence < _GUESS
                or (before is not None and found.best.passage.id == before.passage.id)):
            return None
        # titled with a word of each: "How do I check my gift card balance?" (not, after "how do i get there? coming
        # by train from haarlem", a return found for "if i don't like a second can i bring it back?")
        title = found.best.passage.citation.title
        if not (substance_in_common(focus, title) and substance_in_common(asked_before.searched or context[-1], title)):
            return None
        return replace(found, query=alone.query, searched=alone.searched)

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
        # (or, sure alone, titled with a word it names the answer before's title does not: "et le remboursement
        # arrive quand ?" after the returns is the refund's, though the returns say "we refund you" in passing)
        own = (alone.best is not None and alone.in_scope and not alone.ambiguous and alone.confidence >= _GUESS
               and bool(substance_in_common(named, alone.best.passage.citation.title)
                        - terms(before.passage.citation.title)))
        dedicated = not titled_ok and alone.best is not None and (
            says_all_of(alone.best.passage.citation.title, words=named) or own)
        if dedicated or not says_all_of(joined.best.passage.text, words=named):
            return None
        return about_the_follow_up(replace(joined, query=text), asked=focus,
                                   threshold=self._knowledge.threshold or SECTION_THRESHOLD)

    def _still_the_answer_before(self, joined: Retrieval, *, previous: tuple[str, ...], focus: str,
                                 language: str) -> Retrieval | None:
        """The answer before, for a follow-up that asks something new of what it was about, when it says that (how
        long, or a price) and what the follow-up found with the question before does not say a rarer word of that
        question the answer before is titled with: "en hoe lang duurt die?" after "wat kost de breiworkshop?" found
        the hours a sweater takes to knit (.95), which never say "workshop"; "Do you run workshops?" says "3 hours".
        Not for a follow-up that names something of its own ("hoe lang duurt het ongeveer naar Keulen?")."""
        if names_a_topic(focus) or not previous:
            return None
        # (the question just before, alone: "how does payment work, is there a deposit?" after the wedding mugs is
        # how a custom order works, not the payment methods the two find together)
        before = self._search(previous[-1], language=language)
        if (not before.in_scope or before.ambiguous or before.best is None or joined.best is None
                or joined.best.passage.id == before.best.passage.id):
            return None
        text = before.best.passage.text
        asks_price = bool(PRICE_WORDS & set(_WORD.findall(focus.lower())))
        if not (says_how_long(focus, text) or (asks_price and AMOUNT.search(text))):
            return None
        found = joined.best.passage
        asked_before = before.searched or previous[-1]
        words = self._index_words()
        # found for what the question before asked too, and its answer does not say: "How it works" says the
        # "deposit" of "how does payment work, is there a deposit?"; not a word many passages say ("How much does
        # shipping cost?" of "do you have express shipping?")
        before_said = terms(f"{before.best.passage.citation.title} {text}")
        if any(words.rare(term) and term not in before_said
               for term in substance_in_common(asked_before, f"{found.citation.title} {found.text}")):
            return None
        # (what that answer is about, its title's word: not the birthday a gift card came for)
        about = substance_in_common(asked_before, before.best.passage.citation.title)
        said = terms(f"{found.citation.title} {found.text}")
        dropped = [term for term in about if words.rare(term) and term not in said]
        return replace(before, query=joined.query, searched=joined.searched) if dropped else None

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
        asks_price = bool(PRICE_WORDS & set(_WORD.findall(focus.lower())))
        if words_in_common(focus, text) or (asks_price and AMOUNT.search(text)):
            return False
        last = self._search(previous[-1], language=language).best if says_how_long(focus, text) else None
        return last is None or last.passage.id != before.passage.id

    def _tolerated(self, previous: tuple[str, ...], *, language: str) -> frozenset[str]:
        """The words of the questions before that the knowledge never uses, when they were answered all the same:
        "sitzen", left untranslated in "Kann man bei euch mal an der Töpferscheibe sitzen, so als Kurs?", is no
        reason to refuse "Was kostet das?" read with it."""
        before = self._search(" ".join(previous), language=language)
        return frozenset(before.unknown_words) if before.in_scope and not before.ambiguous else frozenset()

