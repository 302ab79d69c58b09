"""The answer before, again: a question that finds nothing sure alone asked of what the answer before says ("do
i need to bring my own needles?" after the workshops), of what the question before was about ("can i check online
how much is left on mine?" after the gift cards), or that says no more than that answer does ("can I use it in
the studio?" after their validity); how long, or a price, asked of an answer that says it. ``FollowUps`` inherits
this half.
"""

from __future__ import annotations

import re
from dataclasses import replace

from warmline.domain import Retrieval

from .._scoring import SECTION_THRESHOLD
from ..language import AMOUNT, PRICE_WORDS, asking_clauses, names_a_topic, points_back, subject, topic_words
from ._compose import says_how_long
from ._searching import Searcher
from ._terms import says_all_of, substance_in_common, terms
from .settling import about_the_follow_up

__all__ = ["GUESS", "WORD", "AnswerBefore"]

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
GUESS = 0.35  # a follow-up's own reading below this is a guess (as ``Reader``'s turn alone)
_SHORT = 3  # letters of a word too short to be what a question asks about the answer before


class AnswerBefore(Searcher):
    """Whether a message asks again of the answer before, and that answer read for it."""

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
        priced_back = (alone.confidence < GUESS and points_back(text, language=language)
                       and bool(PRICE_WORDS & set(WORD.findall(focus.lower()))))
        timed = alone.confidence < GUESS and not names_a_topic(focus)
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
        if (not found.in_scope or found.ambiguous or found.best is None or found.confidence < GUESS
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
        own = (alone.best is not None and alone.in_scope and not alone.ambiguous and alone.confidence >= GUESS
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
        asks_price = bool(PRICE_WORDS & set(WORD.findall(focus.lower())))
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
