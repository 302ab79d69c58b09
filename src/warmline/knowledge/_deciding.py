"""From one question's calibrated candidates to the ``Retrieval`` a turn acts on.

Which passage answers, whether it clears the threshold (the tuned one for FAQ entries, the fixed curve's
midpoint for sections), and whether two near answers make it a question back ("which of these two?").
``KnowledgeBase.search`` gathers the evidence; this decides on it. The ``settled_by_…`` checks are what
``Reader`` adds knowing the question's words: a tie settled by a title, another country's answer set aside,
a section that shares no word with the question not answered, and a question about a word the knowledge
never uses (``barred_by_unknown_words``).
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from warmline.domain import Retrieval, ScoredPassage

from ._compose import title_words_asked, words_in_common
from ._evidence import Hits
from ._scoring import FEATURES, SECTION_MARGIN, SECTION_THRESHOLD, Scorer
from ._state import IndexState, extractive_answer
from .crossval import verdict
from .language import names_a_topic, never_used, places_named

__all__ = ["about_the_follow_up", "barred_by_unknown_words", "focused_on_the_question", "next_named",
           "retrieval_for", "settled_by_name", "settled_by_place", "settled_by_title", "unbarred_by_what_is_told",
           "with_words_shared"]

# Titles only settle a tie between two answers the scorer already finds likely (surer than not), and only on
# two title words: one shared word ("sweater") is the topic of half a care guide.
_TITLE_SETTLES = 0.5
_TITLE_WORDS = 2
_PLACE_ALTERNATIVES = 2  # candidates after the best one that may answer a question about another country
_FOLLOW_UP_ALTERNATIVES = 2  # candidates after the best one that may answer what a follow-up names
# A section this sure (its paragraph's cosine .56, well past the curve's midpoint) answers even when an FAQ
# question lies nearer: "how many hours does it take to knit one jumper?" is the page on handmade pieces
# (.99), not "How long does a made-to-order piece take?" (.08). On the seen question sets: +7 right, 0 wrong;
# at .7, 2 wrong more.
_SURE_SECTION = 0.8


def retrieval_for(query: str, *, state: IndexState, scorer: Scorer, cands: np.ndarray, features: np.ndarray,
                  dense: Hits, k: int) -> Retrieval:
    """The ``k`` likeliest passages for ``query`` and the verdict on them (in scope, ambiguous)."""
    probs = scorer.probabilities(cands, features, state.calibrator)
    top = scorer.choose(cands, probs, state.threshold)
    pair, partner = scorer.pair_probability(cands, features, state.calibrator, probs, top)
    order = [top] + [int(i) for i in np.argsort(-probs) if i != top]
    section = bool(scorer.is_section[cands[top]])
    # An FAQ entry that clears its threshold is preferred over sections, so only another entry rivals it.
    faq_answer = not section and probs[top] >= state.threshold
    rivals = [i for i in order[1:] if not (faq_answer and scorer.is_section[cands[i]])
              and not (section and _clearly_further(scorer, cands, features, top, i))]
    second = float(probs[rivals[0]]) if rivals else 0.0
    in_scope, ambiguous = verdict(float(probs[top]), second, pair, margin=state.margin,
                                  threshold=SECTION_THRESHOLD if section else state.threshold,
                                  pair_threshold=None if section else state.tuning.get("pair_threshold"))
    if section and probs[top] < _SURE_SECTION and _nearer_a_question(scorer, cands, features, top):
        in_scope, ambiguous = False, False
    if ambiguous and partner >= 0:  # the two answers to choose between come first
        order.remove(partner)
        order.insert(1, partner)
    scored = tuple(ScoredPassage(passage=state.passages[int(cands[i])], score=float(probs[i])) for i in order[:k])
    return Retrieval(query=query, candidates=scored, confidence=float(probs[order[0]]),
                     in_scope=in_scope, ambiguous=ambiguous,
                     answer_text=extractive_answer(state, int(cands[order[0]]), dense))


def _clearly_further(scorer: Scorer, cands: np.ndarray, features: np.ndarray, top: int, other: int) -> bool:
    """Whether section ``other`` is clearly further from the question than section ``top``: no rival then.

    Sections are scored by a fixed curve of their cosine, which flattens near 1: two guides' sections that
    both fit ("How our sweaters fit" .86, "Sweater and cardigan measurements" .76 for "how long is a size M
    sweater, shoulder to hem?") are within the FAQ's tuned margin though their cosines are .11 apart. The
    cosines tell them apart; only sections nearly as near as the best make it a question back.
    """
    dense = features[:, FEATURES.index("dense")]
    return bool(scorer.is_section[cands[other]] and dense[top] - dense[other] >= SECTION_MARGIN)


def _nearer_a_question(scorer: Scorer, cands: np.ndarray, features: np.ndarray, top: int) -> bool:
    """Whether one of the shop's FAQ questions is nearer the question than the section ``top`` is.

    The shop wrote that entry for questions like this one; when even it is not sure enough to answer, a
    guide's paragraph that is further away is no better ("Kann ich später bezahlen?" is not the custom-order
    prices). On the demo shop's eight question sets this set aside 6 wrong section answers and no right one.
    Not asked of a section that is sure on its own (``_SURE_SECTION``).
    """
    dense = features[:, FEATURES.index("dense")]
    questions = ~scorer.is_section[cands]
    return bool(questions.any() and dense[questions].max() > dense[top])


def settled_by_title(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """An ambiguous pair settled for the first when the question names its title and not the other's."""
    if not retrieval.ambiguous or len(retrieval.candidates) < 2 or retrieval.confidence < _TITLE_SETTLES:
        return retrieval
    first, second = retrieval.candidates[:2]
    question = retrieval.searched or asked
    title = first.passage.citation.title
    # two of its words, or all of a title of one word ("Pilling")
    needed = max(1, min(_TITLE_WORDS, len(title_words_asked(title, title))))
    if (title_words_asked(question, second.passage.citation.title)
            or len(title_words_asked(question, title)) < needed):
        return retrieval
    return replace(retrieval, ambiguous=False, in_scope=True)


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
# "who's Joris?", "Wie is Amara eigenlijk?", "¿Quién es Sam?": who someone is, by name
_WHO_IS = re.compile(r"\b(?:who\s+is|who's|whos|wie\s+is|wer\s+ist|qui[eé]n\s+es|qui\s+est|c'est\s+qui)\s+"
                     r"([^\W\d_]+)", re.IGNORECASE)


def settled_by_name(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """ "who's Joris? his name was on the shipping email": the one likely passage that names Joris (the page on
    who you'll talk to), though it is no surer than .37 of the question's other words."""
    match = _WHO_IS.search(asked.replace("’", "'"))
    if match is None or (retrieval.in_scope and not retrieval.ambiguous):
        return retrieval
    name = re.compile(rf"\b{re.escape(match.group(1).capitalize())}\b")
    naming = [candidate for candidate in retrieval.candidates if name.search(candidate.passage.text)]
    if len(naming) != 1:
        return retrieval
    named = naming[0]
    rest = tuple(candidate for candidate in retrieval.candidates if candidate is not named)
    # the sentences that name them ("sam" is too short a word for the answer's own cut to pick it)
    sentences = _SENTENCE.split(" ".join(named.passage.text.split()))
    said = " ".join(sentence for sentence in sentences if name.search(sentence))
    return replace(retrieval, candidates=(named, *rest), in_scope=True, ambiguous=False,
                   answer_text=said, confidence=named.score)


def about_the_follow_up(retrieval: Retrieval, *, asked: str, threshold: float) -> Retrieval:
    """A follow-up read with the question before, answered by what the follow-up itself names.

    "and the cotton one?" after "how do I wash my wool sweater": read together, the wool guide comes first,
    and it shares no word with the follow-up. The next likely answer whose title names what the follow-up
    names ("Organic cotton knits") answers instead, if it clears its own threshold (``threshold`` for an FAQ
    entry, the fixed curve's midpoint for a section); otherwise nothing changes.
    """
    best = retrieval.best
    if (best is None or best.passage.question is not None
            or words_in_common(asked, f"{best.passage.citation.title} {best.passage.text}")):
        return retrieval
    return next_named(retrieval, asked=asked, threshold=threshold) or retrieval


def next_named(retrieval: Retrieval, *, asked: str, threshold: float) -> Retrieval | None:
    """``retrieval`` answered by the next likely passage (of the two after the best) whose title names a word of
    ``asked`` and that clears its own threshold (``threshold`` for an FAQ entry, the fixed curve's midpoint for
    a section), if there is one."""
    for other in retrieval.candidates[1:_FOLLOW_UP_ALTERNATIVES + 1]:
        needed = SECTION_THRESHOLD if other.passage.question is None else threshold
        if other.score >= needed and title_words_asked(asked, other.passage.citation.title):
            rest = tuple(c for c in retrieval.candidates if c is not other)
            return replace(retrieval, candidates=(other, *rest), confidence=other.score, in_scope=True,
                           ambiguous=False, answer_text=other.passage.text)
    return None


def with_words_shared(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """A guide's section answers only a question that shares a word with it: its score is a fixed curve of
    one cosine, which "Who you'll talk to" (parcels, carriers) cleared for "do you deliver flowers"."""
    best = retrieval.best
    if not retrieval.in_scope or best is None or best.passage.question is not None:
        return retrieval
    if words_in_common(asked, f"{best.passage.citation.title} {best.passage.text}"):
        return retrieval
    return replace(retrieval, in_scope=False, ambiguous=False)


def settled_by_place(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """An answer whose title names another country than the one asked about is not the answer: "do you ship to
    Mexico?" is not "Do you ship to the US?". The next FAQ entry that names no other country answers instead
    ("Which countries do you ship to?"); without one, the question is not answered. Nor is that answer one
    of two to choose between."""
    best = retrieval.best
    named = places_named(asked)
    if not retrieval.in_scope or best is None or not named:
        return retrieval

    def elsewhere(scored: ScoredPassage) -> bool:
        titled = places_named(scored.passage.citation.title)
        return bool(titled) and not titled & named and not named & places_named(scored.passage.text)

    if not elsewhere(best):
        # "what about Switzerland?" after the UK: "Which countries…" or "Do you ship to the UK?" is no choice
        second = retrieval.candidates[1] if retrieval.ambiguous and len(retrieval.candidates) > 1 else None
        return replace(retrieval, ambiguous=False) if second is not None and elsewhere(second) else retrieval
    instead = next((c for c in retrieval.candidates[1:_PLACE_ALTERNATIVES + 1]
                    if c.passage.question is not None and not elsewhere(c)), None)
    if instead is None:
        return replace(retrieval, in_scope=False, ambiguous=False)
    rest = tuple(c for c in retrieval.candidates if c is not instead)
    return replace(retrieval, candidates=(instead, *rest), ambiguous=False, answer_text=instead.passage.text,
                   confidence=instead.score)


# A question with a content word the knowledge never uses ("bicycle", "fietsen") is about something else
# unless the match is clearly strong: below this confidence it is not answered (never a wrong passage).
_UNKNOWN_WORD_BAR = 0.35
_TOLD_RIVALS = 2  # the whole message's next likeliest answers, whose titles what it tells may name
_NUMBERED = re.compile(r"\d{3,}")  # an order number, a postcode: what is told is about one order
# Below this a match refused only for a word of what a message tells stays refused: on the seen question sets
# the answers it let through below .2 were 3 right and 6 wrong, above it 8 right and 1 wrong.
_TOLD_WORD_BAR = 0.2


def barred_by_unknown_words(retrieval: Retrieval, *, vocabulary: frozenset[str],
                            common: frozenset[str], asked: str | None = None) -> Retrieval:
    """Not in scope when the question is about a word the knowledge never uses and the match is weak, or
    when that word is what it asks for. ``vocabulary``: the knowledge's words; ``common``: function words;
    ``asked``: the words that ask, when only they may name the topic (the message's, when None)."""
    never = never_used(asked or retrieval.searched or retrieval.query, vocabulary=vocabulary, common=common)
    if not never.words:
        return retrieval
    weak = retrieval.confidence < _UNKNOWN_WORD_BAR or never.asked_for or never.mostly_elsewhere
    return replace(retrieval, unknown_words=never.words, in_scope=retrieval.in_scope and not weak)


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
    if asked.best is None or whole.best is None or asked.best.passage.id != whole.best.passage.id:
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
