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
from .embeddings import tokenizer_words
from .language import CONTEXT_WORDS, GENERAL_WORDS, cities_named, country_name, names_a_topic, places_named

__all__ = ["about_the_follow_up", "barred_by_unknown_words", "focused_on_the_question", "inflected", "next_named",
           "retrieval_for", "settled_by_name", "settled_by_place", "settled_by_title", "unknown_words",
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
    return replace(retrieval, candidates=(named, *rest), in_scope=True, ambiguous=False,
                   answer_text=named.passage.text, confidence=named.score)


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
_ELSEWHERE_WORDS = 2  # words the knowledge never uses that outweigh its one known word
_MIN_CONTENT = 4
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_DESTINATION = re.compile(r"\bto\s+(?:the\s+)?([^\W\d_]+)")
# What a question asks for ("is there parking", "can I bring my dog", "sell you also rugs", as word-by-word
# English has it): when that is a word the knowledge never uses, no confidence in the rest of the question
# ("… near the studio") makes the studio's page the answer.
_ASKS_FOR = re.compile(r"\b(?:is there|are there|do you (?:also )?(?:sell|have|offer|rent|stock|do)|"
                       r"can (?:i|we) (?:also )?(?:bring|use|rent|book|hire)|sell you(?: also)?)"
                       r"\s+((?:\w+\s+){0,2}\w+)")
# Asking to rent or borrow something: a shop that never writes "rent" rents nothing, whatever it is ("the studio").
_ASKS_TO = re.compile(r"(?:^\W*|\b(?:can|could|may) (?:i|we|you) (?:also )?|\b(?:i|we|you) (?:can|could) (?:also )?|"
                      r"\bdo you (?:also )?)(rent|hire|lend|borrow)\b")
_SENDING = re.compile(r"\b(?:send|sent|ship|shipped|shipping|deliver|delivered|delivery|post|postage|arrive|"
                      r"arrives|land|lands|parcel|package)\b")
_NO_TOPIC = GENERAL_WORDS | CONTEXT_WORDS  # and their other forms: "my sisters bday", "both my daughters"
_TOLD_RIVALS = 2  # the whole message's next likeliest answers, whose titles what it tells may name
_IN_IT = re.compile(r"\b(?:in|inside) (?:it|them|there|this|that)\b")
_IN_IT_WORDS = 6  # the words after "is there" that may still say "in it"
_DETERMINERS = frozenset({"a", "an", "any", "some", "the", "my", "our", "your", "also", "too", "there"})


def barred_by_unknown_words(retrieval: Retrieval, *, vocabulary: frozenset[str],
                            common: frozenset[str]) -> Retrieval:
    """Not in scope when the question is about a word the knowledge never uses and the match is weak, or
    when that word is what it asks for. ``vocabulary``: the knowledge's words; ``common``: function words."""
    searched = retrieval.searched or retrieval.query
    topic = _topic_words(searched, common=common)
    unknown = tuple(word for word in topic if not _known(word, vocabulary))
    # A short word is a topic only as what the question asks for: "can I bring my dog", "do you have an app"
    # (as a topic anywhere, "nan", "uva" and "xmas" lost right answers on the question sets).
    short = tuple(word for word in _short_words(searched, common=common) if not _known(word, vocabulary))
    asked_short = _asks_for_one_of(searched, short)
    if not unknown and not asked_short:
        return retrieval
    weak = (retrieval.confidence < _UNKNOWN_WORD_BAR or _asks_for_one_of(searched, unknown) or asked_short
            or _mostly_elsewhere(unknown, known=len(topic) - len(unknown)))
    return replace(retrieval, unknown_words=unknown + short if asked_short else unknown,
                   in_scope=retrieval.in_scope and not weak)


def focused_on_the_question(whole: Retrieval, asked: Retrieval, *, told: str) -> Retrieval:
    """The reading of a message's question alone (``asked``) where the whole message found nothing sure
    because of what it tells around the question: "got my boyfriend a scarf and he's not into it lol. can i
    send it back and get my money?" is .09 sure of the returns entry as a whole, .44 on its question.

    Only when the whole was not refused for a word the knowledge never uses while sure enough; the question
    alone uses no such word, is sure, names a topic of its own and finds what the whole message found
    likeliest; and ``told`` (what the message tells, in the knowledge's language) names no title word of
    another likely answer: "the cardigan says 'made to order'. how long until it ships?" is no shipping
    question."""
    if whole.in_scope and not whole.ambiguous:
        return whole
    if (whole.unknown_words and whole.confidence >= _UNKNOWN_WORD_BAR) or asked.unknown_words:
        return whole
    if asked.best is None or whole.best is None or asked.best.passage.id != whole.best.passage.id:
        return whole
    if not (asked.in_scope and not asked.ambiguous and names_a_topic(asked.searched or asked.query)):
        return whole
    title = asked.best.passage.citation.title
    for other in (candidate.passage.citation.title for candidate in whole.candidates[1:_TOLD_RIVALS + 1]):
        if title_words_asked(told, other) - title_words_asked(title, other):
            return whole
    return replace(asked, query=whole.query)


def _short_words(searched: str, *, common: frozenset[str]) -> tuple[str, ...]:
    """Real English words of three letters that could name a topic ("dog", "app", "car")."""
    return tuple(dict.fromkeys(word for word in _WORD.findall(searched.lower())
                               if len(word) == _MIN_CONTENT - 1 and word in tokenizer_words()
                               and word not in common and word not in _NO_TOPIC))


def _mostly_elsewhere(unknown: tuple[str, ...], *, known: int) -> bool:
    """Whether a question is about what the knowledge never mentions, however near its one known word:
    "is the studio wheelchair accessible?", "do you rent out the studio for parties?" — two real English words
    the shop never uses, and nothing it does use but "studio". (Only real English words: "keramiek", left as
    written by the glossary, may be a word the shop uses in English.)"""
    english = [word for word in unknown if word in tokenizer_words()]
    return len(english) >= _ELSEWHERE_WORDS and known <= 1


def _known(word: str, vocabulary: frozenset[str]) -> bool:
    return word in vocabulary or inflected(word, vocabulary)


def unknown_words(searched: str, *, vocabulary: frozenset[str], common: frozenset[str]) -> tuple[str, ...]:
    """The words of ``searched`` that could name a topic and that the knowledge never uses."""
    return tuple(word for word in _topic_words(searched, common=common) if not _known(word, vocabulary))


def _topic_words(searched: str, *, common: frozenset[str]) -> tuple[str, ...]:
    """The words of ``searched`` that could name a topic (each once)."""
    # "the delivery charge to ireland": where something goes is no topic of its own.
    # So is a city in the country the customer named ("to Australia? my daughter lives in Melbourne"), and
    # the country reading added after a city, and a city a parcel goes to ("how many days till it lands in
    # Berlin"). Any other city stays a word the knowledge doesn't use: "a shop in Lyon" is no question about
    # visiting the studio.
    lower = searched.lower()
    places = set(_DESTINATION.findall(lower))
    sending = bool(_SENDING.search(lower))
    for city, country in cities_named(searched):
        name = country_name(country)
        places.update(_WORD.findall(name))
        if sending or (name in lower and f"{city} in {name}" not in lower):
            places.update(_WORD.findall(city))
    out = [word for word in _WORD.findall(lower)
           if not (len(word) < _MIN_CONTENT or word in common or word in _NO_TOPIC or word in places
                   or inflected(word, _NO_TOPIC))]
    return tuple(dict.fromkeys(out))


def inflected(word: str, vocabulary: frozenset[str]) -> bool:
    """ "sweaters" for "sweater", "scarf" for "scarves", "cheaper" for "cheap": another form of a word the
    knowledge uses."""
    return (any(word.endswith(s) and word[: -len(s)] in vocabulary for s in ("s", "es", "ed", "ing", "d", "er", "est"))
            or any(word + s in vocabulary for s in ("s", "es"))
            or (word.endswith("f") and word[:-1] + "ves" in vocabulary))


def _asks_for_one_of(searched: str, words: tuple[str, ...]) -> bool:
    """Whether the thing ``searched`` asks for ("is there parking") is one of ``words``, or what it asks to do
    with it ("can we rent the studio?", "rent you the studio" read word by word from "Louez-vous l'atelier")."""
    if any(match.group(1) in words for match in _ASKS_TO.finditer(searched.lower())):
        return True
    for match in _ASKS_FOR.finditer(searched.lower()):
        if _IN_IT.search(" ".join(searched.lower()[match.start(1):].split()[:_IN_IT_WORDS])):
            continue  # "is there some synthetic stuff in it?" asks what a thing is made of, not for the stuff
        asked = [word for word in match.group(1).split() if word not in _DETERMINERS]
        if any(word in words for word in asked[:2]):
            return True
    return False
