"""Emotion (anger, frustration, distress, urgency; escalation over the conversation) and "wants a person".

VADER gives the general negative tone (of the customer's own words: what went wrong, said as a fact — "the
wrong colour", "arrived chipped" — is a problem, not a feeling, and counts little); the support lexicon
(``_lexicon``) and a few rules about the conversation (ALL CAPS, profanity, the same question again, upset
earlier too) add what VADER misses.
Scores combine as a noisy-or: each cue alone counts for its weight, several cues push towards 1.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from warmline.domain import Author, Message, Signal, SignalKind

from ._lexicon import EMOTION_CUES, HUMAN_CUES, NOT_HUMAN_CUES, PROBLEM_CUES, PROBLEM_WORDS, PROFANITY, SHORT_REQUEST
from ._multilingual import EMOTION_CUES_I18N, HUMAN_CUES_I18N, named_person_cues
from ._text import quote, similarity, words

__all__ = ["ESCALATION_MARKERS", "emotion_signal", "is_escalating", "wants_human_signal"]

# Evidence that the conversation is escalating, not just a bad moment: these beat "answer it fast".
ESCALATION_MARKERS = ("the same question again", "upset earlier too", "ALL CAPS", "profanity")

# A negative VADER compound c (≤ -0.05) alone is worth _VADER_BASE + _VADER_WEIGHT·|c| "upset"
# (tuned on a GoEmotions *train* sample; dev is only used for reporting).
_VADER_BASE = 0.2
_VADER_WEIGHT = 0.45
_VADER_NEGATIVE = -0.05
_HAPPY_COMPOUND = 0.4
_SAME_QUESTION = 0.6
_NEGATED = re.compile(r"(?:\bnot|n't|\bno|\bnever|\bwithout)\s+(?:\w+\s+)?$", re.IGNORECASE)
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
# From where a run of ! and ? starts (the lookbehind): "?!?!?!…" is scanned once, not once per character.
_EXCLAIM = re.compile(r"(?<![!?])[!?]*!{2,}[!?]*|\?!+|!\?+")
_MAX_EVIDENCE = 4
# A cue counts at most this often: more of the same word adds (almost) nothing to a noisy-or, and each hit is
# checked against the others and quoted, so unbounded hits make a long message cost the square of its length.
_MAX_HITS_PER_CUE = 3
# The strongest cue claims its words first; most messages have no cue at all, and one pass of all the cues
# together finds that faster than a pass per cue.
_CUES_BY_WEIGHT = tuple(sorted(EMOTION_CUES + EMOTION_CUES_I18N + PROBLEM_CUES, key=lambda c: -c.weight))


def _any_cue_pattern() -> re.Pattern[str]:
    """All the cues as one pattern. Those that start with a word are tried only where a word starts (a
    shared prefix Python's ``re`` checks once per position, not once per cue); the rest anywhere."""
    word_start = re.compile(r"(?:\\b|\(\?<!\\w\))\(\?:\w")
    at_words = [cue.pattern.pattern for cue in _CUES_BY_WEIGHT if word_start.match(cue.pattern.pattern)]
    anywhere = [cue.pattern.pattern for cue in _CUES_BY_WEIGHT if not word_start.match(cue.pattern.pattern)]
    branches = [r"(?<!\w)(?=\w)(?:" + "|".join(f"(?:{p})" for p in at_words) + ")", *anywhere]
    return re.compile("|".join(f"(?:{branch})" for branch in branches), re.IGNORECASE)


_ANY_CUE = _any_cue_pattern()


@dataclass(frozen=True, slots=True)
class _Hit:
    label: str
    weight: float
    evidence: str


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def _noisy_or(weights: Iterable[float]) -> float:
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - max(0.0, min(1.0, weight))
    return 1.0 - remaining


def _lexicon_hits(text: str) -> list[_Hit]:
    if _ANY_CUE.search(text) is None:
        return []
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []
    for cue in _CUES_BY_WEIGHT:
        for match in itertools.islice(cue.pattern.finditer(text), _MAX_HITS_PER_CUE):
            overlaps = any(match.start() < end and start < match.end() for start, end in taken)
            if overlaps or _NEGATED.search(text[max(0, match.start() - 16) : match.start()]):
                continue
            taken.append(match.span())
            hits.append(_Hit(cue.label, cue.weight, f"{cue.label} in '{quote(text, *match.span())}'"))
    return hits


def _style_hits(text: str, compound: float) -> list[_Hit]:
    hits: list[_Hit] = []
    caps = [word for word in _CAPS_WORD.findall(text) if word != "NAME"]  # "[NAME]" is a redaction mark
    long_words = [w for w in re.findall(r"\b[A-Za-z]{3,}\b", text)]
    if len(caps) >= 4 or (len(caps) >= 2 and len(caps) >= 0.4 * len(long_words)):
        hits.append(_Hit("anger", 0.45, f"ALL CAPS in '{' '.join(caps[:6])}'"))
    if (match := PROFANITY.search(text)) is not None:
        # "damn nice" is not anger: with an overall positive tone, swearing counts for much less.
        weight = 0.6 if compound < _HAPPY_COMPOUND else 0.25
        hits.append(_Hit("anger", weight, f"profanity in '{quote(text, *match.span())}'"))
    if (match := _EXCLAIM.search(text)) is not None:
        hits.append(_Hit("frustration", 0.2, f"'{match.group()}' in '{quote(text, *match.span())}'"))
    return hits


# Words of the other shop languages that VADER's English lexicon scores strongly: German "die" and "war" are
# "the" and "was", Spanish "sin" is "without", German "stricken" is to knit. Read as English, every German
# sentence with "die" was upset, and "Könnt ihr mir den Cardigan in Rostrot stricken?" a complaint (-.51).
_FALSE_FRIENDS = re.compile(r"\b(?:die|war|sin|stricken)\b", re.IGNORECASE)


def _vader_hit(text: str) -> tuple[_Hit | None, float]:
    compound = float(_vader().polarity_scores(_FALSE_FRIENDS.sub(" ", PROBLEM_WORDS.sub(" ", text)))["compound"])
    if compound > _VADER_NEGATIVE:
        return None, compound
    weight = _VADER_BASE + _VADER_WEIGHT * -compound
    return _Hit("frustration", weight, f"negative tone ({compound:+.2f}) in '{quote(text, 0, 0)}'"), compound


def _conversation_hits(text: str, history: Sequence[Message]) -> list[_Hit]:
    earlier = [m.text for m in history if m.author is Author.CUSTOMER and m.text.strip()]
    hits: list[_Hit] = []
    if len(words(text)) >= 3:
        repeat = max(earlier, key=lambda previous: similarity(text, previous), default=None)
        if repeat is not None and similarity(text, repeat) >= _SAME_QUESTION:
            hits.append(_Hit("frustration", 0.5, f"the same question again: '{quote(repeat, 0, 0)}'"))
    upset_before = [previous for previous in earlier[-3:] if _message_score(previous) >= 0.5]
    if upset_before:
        hits.append(_Hit("frustration", 0.3, f"upset earlier too: '{quote(upset_before[-1], 0, 0)}'"))
    if len(earlier) >= 3:
        hits.append(_Hit("frustration", 0.15, f"message {len(earlier) + 1} in this conversation"))
    return hits


@lru_cache(maxsize=4096)  # each turn looks back at the same few earlier messages
def _message_score(text: str) -> float:
    """The emotion of one message on its own (no conversation), for looking back at earlier ones."""
    vader, compound = _vader_hit(text)
    hits = _lexicon_hits(text) + _style_hits(text, compound)
    return _noisy_or(hit.weight for hit in [*hits, *([vader] if vader else [])])


def emotion_signal(*, text: str, history: Sequence[Message] = ()) -> Signal:
    """How upset or hurried the customer is (0–1), labelled anger / frustration / distress / urgency / happy."""
    vader, compound = _vader_hit(text)
    hits = _lexicon_hits(text) + _style_hits(text, compound) + _conversation_hits(text, history)
    if vader is not None:
        hits.append(vader)
    score = _noisy_or(hit.weight for hit in hits)
    if not hits:
        label = "happy" if compound >= _HAPPY_COMPOUND else "calm"
        evidence = (f"positive tone ({compound:+.2f}) in '{quote(text, 0, 0)}'",) if label == "happy" else ()
        return Signal(kind=SignalKind.EMOTION, score=0.0, evidence=evidence, label=label)
    by_label: dict[str, list[float]] = {}
    for hit in hits:
        by_label.setdefault(hit.label, []).append(hit.weight)
    label = max(by_label, key=lambda name: _noisy_or(by_label[name]))
    if score < 0.2 and compound >= _HAPPY_COMPOUND:
        label = "happy"
    ranked = dict.fromkeys(hit.evidence for hit in sorted(hits, key=lambda hit: -hit.weight))
    return Signal(kind=SignalKind.EMOTION, score=round(score, 3), evidence=tuple(ranked)[:_MAX_EVIDENCE],
                  label=label)


def is_escalating(signal: Signal | None) -> bool:
    """Whether an emotion signal carries escalation evidence (repeat, earlier upset, ALL CAPS, profanity)."""
    return signal is not None and any(item.startswith(ESCALATION_MARKERS) for item in signal.evidence)


def wants_human_signal(*, text: str, staff_names: Sequence[str] = (), english: str | None = None) -> Signal:
    """Whether the customer asked for a person (0–1), with the words they used, in any shop language.

    ``staff_names``: first names of the shop's people, so "Could Maya get back to me?" counts too.
    ``english``: the message in the glossary's English words, when it is written in another language. The
    English cues are the fullest, so they read it too: "Ik wil graag iemand spreken" is "i would like speak to
    someone".
    """
    in_words = _wish_in(text, staff_names)
    if english is None or english == text:
        return in_words
    in_english = _wish_in(english, staff_names)
    return in_english if in_english.score > in_words.score else in_words


def _wish_in(text: str, staff_names: Sequence[str]) -> Signal:
    if any(pattern.search(text) for pattern in NOT_HUMAN_CUES):
        return Signal(kind=SignalKind.WANTS_HUMAN, score=0.0, label="no")
    hits: list[_Hit] = []
    for cue in (*HUMAN_CUES, *HUMAN_CUES_I18N, *named_person_cues(staff_names)):
        if (match := cue.pattern.search(text)) is not None:
            hits.append(_Hit(cue.label, cue.weight, f"asked for a person: '{quote(text, *match.span())}'"))
    if SHORT_REQUEST.match(text):
        hits.append(_Hit("wants_human", 0.8, f"asked for a person: '{quote(text, 0, 0)}'"))
    if not hits:
        return Signal(kind=SignalKind.WANTS_HUMAN, score=0.0, label="no")
    best = max(hits, key=lambda hit: hit.weight)
    return Signal(kind=SignalKind.WANTS_HUMAN, score=round(_noisy_or(h.weight for h in hits), 3),
                  evidence=(best.evidence,), label="yes")
