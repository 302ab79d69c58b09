"""What ``Reader`` adds to the knowledge base's verdict knowing the question's words.

A tie settled by a title (``settled_by_title``) or by the one passage naming a person (``settled_by_name``), a
guide's section that names nothing asked giving way to one whose title does (``settled_by_section_title``),
another country's answer set aside (``settled_by_place``) and another material's (``settled_by_material``), a
section that shares no word with the question not answered (``with_words_shared``), and a follow-up answered
by what it names (``about_the_follow_up``) or by the narrower answer the question before names
(``narrowed_by_context``). What refuses a question for its words is in ``_refusing.py``. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from warmline.domain import Retrieval, ScoredPassage

from ..._deciding import SURE_SECTION
from ..._scoring import SECTION_THRESHOLD
from ...language import cities_named, materials_named, places_named, topic_words
from .._terms import says_all_of, substance_in_common, title_words_asked, whole_substance_in_common, words_in_common

__all__ = ["about_the_follow_up", "asked_of_the_answer_before", "narrowed_by_context", "next_named",
           "settled_by_material", "settled_by_name", "settled_by_place", "settled_by_section_title", "settled_by_title",
           "with_substance_shared", "with_words_shared"]

# Titles only settle a tie between two answers the scorer already finds fairly likely ("can i pay in
# instalments?" is .42 the instalments entry), and only on two title words: one shared word ("sweater") is the
# topic of half a care guide. (At .5 the four such questions of the seen sets were asked back; 0 wrong at .4.)
_TITLE_SETTLES = 0.4
_TITLE_WORDS = 2
_RARE_TITLE_WORD = 1.0  # a word of only one title (or two of two titles each) is enough to settle a pair by
_MATERIAL_ALTERNATIVES = 3  # candidates after the best one whose title may name the material asked about
_MATERIAL_RIVAL = 0.3  # (one less likely is no answer, whatever its title names)
_PLACE_ALTERNATIVES = 2  # candidates after the best one that may answer a question about another country
_FOLLOW_UP_ALTERNATIVES = 2  # candidates after the best one that may answer what a follow-up names


def settled_by_title(retrieval: Retrieval, *, asked: str, titles: Sequence[str] = ()) -> Retrieval:
    """An ambiguous pair settled for the first when the question names its title and not the other's; or, given
    every passage's title (``titles``), for the one whose title words the question names are clearly rarer
    among them: "vegan" of "Are your products vegan?" over "sweater", which four titles use."""
    if not retrieval.ambiguous or len(retrieval.candidates) < 2:
        return retrieval
    question = retrieval.searched or asked
    rarer = _rarer_title(retrieval, question=question, titles=titles) if titles else None
    if rarer is not None:
        rest = tuple(c for c in retrieval.candidates if c is not rarer)
        return replace(retrieval, candidates=(rarer, *rest), ambiguous=False, in_scope=True,
                       answer_text=rarer.passage.text, confidence=rarer.score)
    if retrieval.confidence < _TITLE_SETTLES:
        return retrieval
    first, second = retrieval.candidates[:2]
    title = first.passage.citation.title
    # two of its words, or all of a title of one word ("Pilling")
    needed = max(1, min(_TITLE_WORDS, len(title_words_asked(title, title))))
    if (title_words_asked(question, second.passage.citation.title)
            or len(title_words_asked(question, title)) < needed):
        return retrieval
    return replace(retrieval, ambiguous=False, in_scope=True)


def _rarer_title(retrieval: Retrieval, *, question: str, titles: Sequence[str]) -> ScoredPassage | None:
    """Of an ambiguous pair, the one whose title words the question names weigh at least twice the other's, each
    word weighing one over the number of titles using it, and at least one title's worth."""
    pair = retrieval.candidates[:2]
    used = [title_words_asked(title, title) for title in titles]

    def weight(candidate: ScoredPassage) -> float:
        named = title_words_asked(question, candidate.passage.citation.title)
        return sum(1 / max(1, sum(word in words for words in used)) for word in named)

    # (a title word picks an answer, it opens no case: "where can i look up my parcel?" is no parcel gone missing)
    def says(candidate: ScoredPassage) -> int:
        return len(words_in_common(question, f"{candidate.passage.citation.title} {candidate.passage.text}"))

    first, second = (weight(candidate) for candidate in pair)
    if first >= max(_RARE_TITLE_WORD, 2 * second) and not pair[0].passage.case_type and says(pair[0]) >= says(pair[1]):
        return pair[0]
    if second >= max(_RARE_TITLE_WORD, 2 * first) and not pair[1].passage.case_type and says(pair[1]) > says(pair[0]):
        return pair[1]
    return None


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
# "who's Joris?", "Wie is Amara eigenlijk?", "¿Quién es Sam?", "Wer ist eigentlich Sam?": who someone is, by name
_WHO_IS = re.compile(r"\b(?:who\s+is|who's|whos|wie\s+is|wer\s+ist|qui[eé]n\s+es|qui\s+est|c'est\s+qui)\s+"
                     r"(?:(?:actually|really|exactly|eigentlich|genau|eigenlijk|precies|realmente|exactamente|"
                     r"exactement)\s+)?([^\W\d_]+)", re.IGNORECASE)


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
    and its title shares no word with the follow-up. The next likely answer whose title names what the follow-up
    names ("Organic cotton knits") answers instead, if it clears its own threshold (``threshold`` for an FAQ
    entry, the fixed curve's midpoint for a section); otherwise nothing changes.
    """
    best = retrieval.best
    if best is None or best.passage.question is not None or title_words_asked(asked, best.passage.citation.title):
        return retrieval
    # "Et pour le sécher ?" after the washing guide: its "never tumble dry" is a word in passing, the drying
    # section's title names it
    return next_named(retrieval, asked=asked, threshold=threshold) or retrieval


# How far below the best section a section whose title the question names may be and still answer instead.
_TITLE_GAP = 0.15
_NO_ENTRY = 1.0  # as a threshold: no FAQ entry takes a section's place by its title


def settled_by_section_title(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """A guide's section whose title names nothing the question asks gives way to the next likely one whose title
    does and that shares more of its words: "how to store my sweater in summer" found "Drying knitwear" (.86)
    before "Storing knitwear and keeping moths away" (.77). A section's score is one cosine on a fixed curve,
    which the care guide's shared words ("sweater", "wash") blur; an FAQ entry's is calibrated, and stays."""
    best = retrieval.best
    if (not retrieval.in_scope or best is None or best.passage.question is not None
            or title_words_asked(asked, best.passage.citation.title)):
        return retrieval
    said_by_best = words_in_common(asked, f"{best.passage.citation.title} {best.passage.text}")
    named = next_named(retrieval, asked=asked, threshold=_NO_ENTRY) or _saying_more(retrieval, asked=asked,
                                                                                    than=len(said_by_best))
    if named is None or named.best is None or named.best.score < best.score - _TITLE_GAP:
        return retrieval
    # ... and that says more of what the question asks: "can i hang my wet sweater on the washing line?" names
    # the washing guide's title, but drying speaks of hanging a wet knit
    said_by_named = words_in_common(asked, f"{named.best.passage.citation.title} {named.best.passage.text}")
    return named if len(said_by_named) > len(said_by_best) else retrieval


def _saying_more(retrieval: Retrieval, *, asked: str, than: int) -> Retrieval | None:
    """The next section, when the best says at most one word of the question: "my sweater is getting little
    bobbles, what do I do" found "Drying knitwear" (.88, "sweater") before "Pilling" (.77, "sweater", "bobbles")."""
    second = retrieval.candidates[1] if len(retrieval.candidates) > 1 else None
    if than > 1 or second is None or second.passage.question is not None or second.score < SECTION_THRESHOLD:
        return None
    rest = tuple(c for c in retrieval.candidates if c is not second)
    return replace(retrieval, candidates=(second, *rest), answer_text=second.passage.text, confidence=second.score)


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


_GUESS = 0.3  # an FAQ answer below this sharing no word of substance with what the shop wrote for it is a guess


def with_substance_shared(retrieval: Retrieval, *, asked: str, written: Sequence[str]) -> Retrieval:
    """An unsure FAQ answer (below ``_GUESS``) that shares no word of substance with what the shop wrote for it
    (``written``: its question, phrasings and answer) is refused: "do you deliver on sundays?" found express
    delivery (.19), "would our 9 year old be allowed to do the pottery taster?" the dishwasher entry (.11). On the
    read question sets such answers were 5 right and 8 wrong."""
    best = retrieval.best
    if (not retrieval.in_scope or retrieval.ambiguous or best is None or best.passage.question is None
            or retrieval.confidence >= _GUESS or substance_in_common(asked, " ".join(written))):
        return retrieval
    return replace(retrieval, in_scope=False, ambiguous=False)


def with_words_shared(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """A guide's section answers only a question that shares a word with it, unless it is sure: its score is a
    fixed curve of one cosine, which "Who you'll talk to" (parcels, carriers) cleared for "do you deliver
    flowers"."""
    best = retrieval.best
    if not retrieval.in_scope or best is None or best.passage.question is not None:
        return retrieval
    # ("Und gibt's die auch für Kinder?" after the Haven beanie's size: .97 the beanies' section with it, which
    # says "kids'", not "children")
    text = f"{best.passage.citation.title} {best.passage.text}"
    if retrieval.confidence >= SURE_SECTION or words_in_common(asked, text):
        return retrieval
    return replace(retrieval, in_scope=False, ambiguous=False)


def settled_by_place(retrieval: Retrieval, *, asked: str) -> Retrieval:
    """An answer whose title names another country than the one asked about is not the answer: "do you ship to
    Mexico?" is not "Do you ship to the US?". The next FAQ entry that names no other country answers instead
    ("Which countries do you ship to?"); without one, the question is not answered. Nor is that answer one
    of two to choose between."""
    best = retrieval.best
    # (a city asks about its country: "je suis à Genève, vous pouvez m'envoyer un colis ?" is not the US entry's)
    named = places_named(asked) | {country for _, country in cities_named(asked)}
    if not retrieval.in_scope or best is None or not named:
        return retrieval

    def elsewhere(scored: ScoredPassage) -> bool:
        titled = places_named(scored.passage.citation.title)
        return bool(titled) and not titled & named and not named & places_named(scored.passage.text)

    if not elsewhere(best):
        # "what about Switzerland?" after the UK: "Which countries…" or "Do you ship to the UK?" is no choice
        second = retrieval.candidates[1] if retrieval.ambiguous and len(retrieval.candidates) > 1 else None
        return replace(retrieval, ambiguous=False) if second is not None and elsewhere(second) else retrieval
    others = [c for c in retrieval.candidates[1:_PLACE_ALTERNATIVES + 1]
              if c.passage.question is not None and not elsewhere(c)]
    # one that names the place first: "Which countries do you ship to?" lists Switzerland, the tracking entry not
    instead = next((c for c in others if named & places_named(c.passage.text)), others[0] if others else None)
    if instead is None:
        return replace(retrieval, in_scope=False, ambiguous=False)
    rest = tuple(c for c in retrieval.candidates if c is not instead)
    return replace(retrieval, candidates=(instead, *rest), ambiguous=False, answer_text=instead.passage.text,
                   confidence=instead.score)


def settled_by_material(retrieval: Retrieval, *, asked: str, before: str | None = None) -> Retrieval:
    """An answer whose title names another material than the one asked about gives way to a near candidate
    whose title names it: "how do i wash my cotton sweater?" is answered by "Organic cotton knits", not by
    "Washing your wool or alpaca sweater" (.976 against .966). Without such a candidate nothing changes.
    ``before``: the question read with the turns it follows, whose material counts when ``asked`` names
    none ("how should i wash it next time then" after the cotton jumper that shrank)."""
    best = retrieval.best
    named = materials_named(asked) or materials_named(before or "")
    if best is None or not named or not retrieval.in_scope:
        return retrieval
    titled = materials_named(best.passage.citation.title)
    if titled & named:
        # "will the cotton sweater shrink in the wash?": the wool guide is no second answer to choose
        second = retrieval.candidates[1] if retrieval.ambiguous and len(retrieval.candidates) > 1 else None
        other = materials_named(second.passage.citation.title) if second is not None else frozenset()
        return replace(retrieval, ambiguous=False) if other and not other & named else retrieval
    if not titled or named & materials_named(best.passage.text):
        return retrieval
    instead = next((c for c in retrieval.candidates[1:_MATERIAL_ALTERNATIVES + 1]
                    if materials_named(c.passage.citation.title) & named and c.score >= _MATERIAL_RIVAL), None)
    if instead is None:
        return retrieval
    rest = tuple(c for c in retrieval.candidates if c is not instead)
    return replace(retrieval, candidates=(instead, *rest), ambiguous=False, answer_text=instead.passage.text,
                   confidence=instead.score)


_NARROWER = 3  # the candidates after the best one a follow-up's narrower answer may be among
def narrowed_by_context(retrieval: Retrieval, *, asked: str, before: str) -> ScoredPassage | None:
    """Of the likeliest answers to a follow-up, one whose title names what the best one's names of the question
    and also something the question ``before`` named, when the best one's title names none of it: "kan ik die
    terugsturen?" after "hoe lang duurt een trui op bestelling" is "Can I return a custom or made-to-order
    piece?", not "Can I return an item?"."""
    best = retrieval.best
    if best is None or substance_in_common(before, best.passage.citation.title):
        return None
    own = title_words_asked(asked, best.passage.citation.title)
    return next((c for c in retrieval.candidates[1:_NARROWER + 1] if own
                 and own <= title_words_asked(asked, c.passage.citation.title)
                 and whole_substance_in_common(before, c.passage.citation.title)), None)


_SURE_TOGETHER = 0.8


def asked_of_the_answer_before(alone: Retrieval, joined: Retrieval, *, focus: str, guess: float) -> bool:
    """Whether a follow-up that names a topic of its own is still asked of what the question before found: alone
    only a guess (below ``guess``), with the question before sure (``_SURE_TOGETHER``) of an answer that says
    every word of the topic ("what about knitting?" after the pottery workshops, which say "knitting" too)."""
    best = joined.best
    return (alone.confidence < guess and joined.in_scope and not joined.ambiguous and best is not None
            and joined.confidence >= _SURE_TOGETHER
            and says_all_of(best.passage.text, words=" ".join(topic_words(focus))))
