"""What refuses a question for its words, and what reads the question alone.

A question about a word the knowledge never uses refused (``barred_by_unknown_words``) unless only what the
message tells names it (``unbarred_by_what_is_told``), and a question read alone where what the message tells
blurs it (``focused_on_the_question``). Pure; ``Reader`` applies them around each search.
"""

from __future__ import annotations

import re
from dataclasses import replace

from warmline.domain import Retrieval

from ..._scoring import SECTION_THRESHOLD
from ...language import names_a_topic, never_used
from .._terms import function_or_general, stem, terms, title_words_asked

__all__ = ["barred_by_kind_asked", "barred_by_unknown_words", "focused_on_the_question", "unbarred_by_what_is_told"]

# A question with a content word the knowledge never uses ("bicycle", "fietsen") is about something else
# unless the match is clearly strong: below this confidence it is not answered (never a wrong passage).
_UNKNOWN_WORD_BAR = 0.35
# An FAQ entry's confidence is calibrated on the shop's own questions, a section's is a fixed curve of one
# cosine, so an entry is clearly strong sooner. On the read question sets (3,198 messages) .30 answered 13 more
# right and 1 more wrong; .25 another 6 right and 4 wrong ("can you fix my bicycle" → repairs, .23).
_UNKNOWN_WORD_BAR_FAQ = 0.3
_TOLD_RIVALS = 2  # the whole message's next likeliest answers, whose titles what it tells may name
_NUMBERED = re.compile(r"\d{3,}")  # an order number, a postcode: what is told is about one order
# Below this a match refused only for a word of what a message tells stays refused: on the seen question sets
# the answers it let through below .2 were 3 right and 6 wrong, above it 8 right and 1 wrong.
_TOLD_WORD_BAR = 0.2
# What a question asks for that only a passage saying such a thing answers (what it asks, what says it), read on
# the question in the knowledge's language:
# - a size in numbers ("how tall are the espresso cups?", "¿cuánto pesa…?" read as "how much weighs"), not a price
#   ("how high are the shipping costs"): a measure, of that dimension;
# - whether it suits an age ("the pottery workshop is safe for kids of 8 years", "can kids join?"): an age or ages
#   (not the age of a sweater, "my 5 year old wadden", nor a daughter's told, "ma fille de 7 ans a la peau…");
# - a language ("the workshops do you also in english"): a language.
_ASKED_AND_SAID = (
    (re.compile(r"\bhow (?:tall|high|big|wide|heavy|thick|deep|large)\b"
                r"(?! (?:are|is) (?:the )?(?:\w+ )?(?:costs?|prices?|fees?)\b)|"
                r"\bhow much (?:measures?|weighs?)\b|\bweigh(?:s|t)?\b|"
                r"\b(?:what(?:'s| is| are)|which) (?:the )?(?:height|width|depth|dimensions?|capacity)\b|"
                r"\b(?:height|width|depth|dimensions|capacity) of\b|"
                r"\bhow (?:many|much) (?:ml|cl|cm|mm|centimet\w*|millilit\w*|lit(?:re|er)s?|grams?|kilos?)\b"),
     re.compile(r"\d(?:[\d.,–-]*\d)?\s?(?:cm|mm|ml|cl|l|g|kg|grams?|litres?|liters?|inch(?:es)?)\b")),
    # ... and of which dimension: a height by a height ("quelle est la hauteur du grand cache-pot ?" is not answered
    # by "L (22 cm across)"), a weight by a weight
    (re.compile(r"\bhow (?:tall|high)\b(?! (?:are|is) (?:the )?(?:\w+ )?(?:costs?|prices?|fees?)\b)|"
                r"\b(?:what(?:'s| is| are)|which) (?:the )?height\b|\bheight of\b"),
     re.compile(r"\b(?:tall|high|height|long|longer|length)\b")),
    (re.compile(r"\bhow heavy\b|\bhow much weighs?\b|\bweigh(?:s|t)?\b"),
     re.compile(r"\d(?:[\d.,–-]*\d)?\s?(?:g|kg|grams?|kilos?)\b|\bweigh")),
    (re.compile(r"\b(?:minimum|min) age\b|\bage (?:limit|requirement|restriction)\b|\bhow old\b|\bold enough\b|"
                r"\b(?:suitable|safe|ok|okay|fine|suits?|appropriate|apt)\b(?: \w+){0,3}? "
                r"(?:kids?|child(?:ren)?|teens?|teenagers?)\b|"
                r"\b(?:can|may) (?:kids?|child(?:ren)?|teens?|my (?:son|daughter))\b(?: \w+){0,2}? "
                r"(?:join|come|take part|participate)\b"),
     re.compile(r"\b(?:ages?|aged|adults?|years? old|\d+\s?[–-]\s?\d+ years|\d+\+)\b")),
    (re.compile(r"\b(?:in|on) (?:english|dutch|german|spanish|french|italian)\b|\blanguages?\b"),
     re.compile(r"\b(?:english|dutch|german|spanish|french|italian|languages?)\b", re.IGNORECASE)),
)


def barred_by_unknown_words(retrieval: Retrieval, *, vocabulary: frozenset[str],
                            common: frozenset[str], asked: str | None = None, translated: bool = False) -> Retrieval:
    """Not in scope when the question is about a word the knowledge never uses and the match is weak, or
    when that word is what it asks for. ``vocabulary``: the knowledge's words; ``common``: function words;
    ``asked``: the words that ask, when only they may name the topic (the message's, when None);
    ``translated``: whether the question was read from another language."""
    never = never_used(asked or retrieval.searched or retrieval.query, vocabulary=vocabulary, common=common,
                       translated=translated)
    if not never.words:
        return retrieval
    best = retrieval.best
    bar = _UNKNOWN_WORD_BAR_FAQ if best is not None and best.passage.question is not None else _UNKNOWN_WORD_BAR
    weak = retrieval.confidence < bar or never.asked_for or never.mostly_elsewhere
    return replace(retrieval, unknown_words=never.words, in_scope=retrieval.in_scope and not weak,
                   asks_for_unknown=never.asked_for)


def unbarred_by_what_is_told(whole: Retrieval, asked_only: Retrieval, *, told: str) -> Retrieval:
    """The match for the whole message, though it names words the knowledge never uses, when they all lie in
    what it tells around its question: "accident" in "deleted the shipping email by accident lol, where can i
    look up my parcel?" is no topic it asks about. ``asked_only``: the message read with only its asking
    clauses checked for such words; ``told``: the whole message (an order number in it makes it a case)."""
    if (asked_only.unknown_words or not asked_only.in_scope or asked_only.confidence < _TOLD_WORD_BAR
            or _NUMBERED.search(told)):
        return whole
    return asked_only


def focused_on_the_question(whole: Retrieval, asked: Retrieval, *, told: str) -> Retrieval:
    """The reading of a message's question alone (``asked``) where the whole message found nothing sure
    because of what it tells around the question: "got my boyfriend a scarf and he's not into it lol. can i
    send it back and get my money?" is .09 sure of the returns entry as a whole, .44 on its question.

    Only when the whole was not refused for a word the knowledge never uses while sure enough; the question
    alone uses no such word, is sure, names a topic of its own and finds what the whole message found
    likeliest; and ``told`` (what the message tells, in the knowledge's language) names no order (a number)
    and no title word of another likely answer: "the cardigan says 'made to order'. how long until it ships?"
    is no shipping question."""
    if whole.in_scope and not whole.ambiguous:
        return whole
    if (whole.unknown_words and whole.confidence >= _UNKNOWN_WORD_BAR) or asked.unknown_words:
        return whole
    # a section below its own bar is no answer of the whole message to agree with ("…livrez en France ? J'habite
    # à Lyon" found the page on who packs the parcels, .22, before the countries entry)
    likeliest = next((candidate for candidate in whole.candidates
                      if candidate.passage.question is not None or candidate.score >= SECTION_THRESHOLD), None)
    if asked.best is None or likeliest is None or asked.best.passage.id != likeliest.passage.id:
        return whole
    if not (asked.in_scope and not asked.ambiguous and names_a_topic(asked.searched or asked.query)):
        return whole
    if _NUMBERED.search(told):  # "where is my order honestly. ordered 2 weeks ago … MS-27765": the story is the case
        return whole
    title = asked.best.passage.citation.title
    for other in (candidate.passage.citation.title for candidate in whole.candidates[1:_TOLD_RIVALS + 1]):
        if title_words_asked(told, other) - title_words_asked(title, other):
            return whole
    return replace(asked, query=whole.query)


def barred_by_kind_asked(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """Not in scope when ``asked`` (the question in the knowledge's language) asks a measure, an age or a language
    and the passage found says none, or offers a choice of two and it names neither: "how tall are the espresso
    cups?" is not answered by their price in the product list ("espresso cups (€19)"), nor "is the pottery workshop
    ok for kids of 8?" by the workshops, nor "is the glaze matte or shiny?" by the care of a glaze."""
    best = retrieval.best
    if best is None or not retrieval.in_scope:
        return retrieval
    lower = asked.lower()
    if all(says.search(best.passage.text) for asks, says in _ASKED_AND_SAID if asks.search(lower)) and not (
            _unchosen(lower, said=terms(best.passage.text))):
        return retrieval
    return replace(retrieval, in_scope=False, ambiguous=False)


# A choice of two that ends a question: "is the glaze on the moss mug matte or shiny?", "the dyes of the wool are
# natural or chemical" (read word by word from "¿Los tintes de la lana son naturales o químicos?"); not "no two are
# the same shape or colour??", nor "dear sir or madam"
_CHOICE = re.compile(r"(?:^|[.?!;]\s*)(?:(?:is|are|do|does|should|would|will|can|could|which|what)\b|(?:the|your) \w+)"
                     r"[^.?!;]*?\b([^\W\d_]{3,}) or ([^\W\d_]{3,})\s*(?:[?.!;]|$)")
_ROOT = 5  # letters two forms of a word share: "electric", "electricity"
_NO_OPTION = frozenset(("not", "something", "anything", "else", "less", "more", "other", "two", "three", "later",
                        "sooner", "whatever", "what", "how", "never", "earlier", "so", "either", "whether"))


def _unchosen(asked: str, *, said: frozenset[str]) -> bool:
    """Whether ``asked`` offers a choice of two words of substance and the passage ``said`` names neither."""
    for first, second in _CHOICE.findall(asked):
        options = (first, second)
        if any(word in _NO_OPTION or function_or_general(word) for word in options):
            continue
        if not any(stem(word)[:_ROOT] == known[:_ROOT] for word in options for known in said):
            return True
    return False
