"""What a text the shop wrote outside the knowledge base (a case type's "what happens", a page on a case) says to
a customer's question, read in the knowledge's language. Pure; ``Reader.said_in`` and ``Reader.asks_only_of``
put the question in that language first."""

from __future__ import annotations

from ..language._spelling import as_returned
from ._compose import compose_answer
from ._terms import general_terms, terms, words_in_common

__all__ = ["said_to", "says_all_asked"]

_ONE = frozenset({"one", "ones"})  # "the broken one": the piece pointed at, no word of its own


def said_to(asked: str, *, written: str, translation: str | None, at_least: int, told: str = "") -> str | None:
    """What ``written`` says to the question ``asked``, cut to what it asks (in ``translation``'s words when
    given); None when they share fewer than ``at_least`` words. A question naming one thing shares all it can in
    that word: "moet ik hem terugsturen?" ("must i it return") and "… you don't need to send the broken piece
    back" (sent back is returned). So does a question naming the thing the customer ``told`` of before: "moet ik de
    mok dan terugsturen?" after "de mok heeft een schilfer aan de rand" names the broken piece."""
    shared = words_in_common(as_returned(asked), as_returned(written))
    named_before = terms(told)
    own = terms(as_returned(asked)) - general_terms() - named_before
    # (only words told before in common is no question about what happens: "c'est qui chez vous qui s'occupe des
    # paiements ?" after "Klarna me réclame le paiement…" asks who)
    if not shared - named_before or len(shared) < min(at_least, len(own)):
        return None
    return compose_answer(asked, written, translation=translation)


def says_all_asked(asked: str, *, written: str, told: str = "") -> bool:
    """Whether ``written`` says every word of substance the question ``asked`` names (and it names one), the thing
    the customer ``told`` of before aside."""
    named = terms(as_returned(asked)) - general_terms() - _ONE
    return bool(named) and named - terms(told) <= terms(as_returned(written))
