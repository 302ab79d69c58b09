"""Signals read by example: "wants a person", upset, complaint/payment trouble and the bot's case types.

``ExampleSignals`` holds two classifiers over one embedding model: the shipped examples (every shop), and
the bot file's case types against ordinary messages. Both are trained lazily on the first message (a few
hundred short texts, one to several seconds), so a process that never reads a message never pays for it;
``embed_examples`` may keep the examples' vectors (the knowledge layer keeps them per process and on disk).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from warmline.domain import Bot, CaseType, Signal, SignalKind

from ._classifier import Embed, ExampleClassifier, ExampleReading
from ._examples import COMPLAINT, OTHER, PAYMENT, SHIPPED_EXAMPLES, UPSET, WANTS_HUMAN, LabelledExample

__all__ = [
    "ExampleSignals",
    "MessageReading",
    "case_examples",
    "trouble_by_example",
    "with_case",
    "with_case_in_english",
    "with_upset",
    "with_wish",
]

# Shipped examples that are not a case: the background a case type must stand out from.
_NOT_A_CASE = frozenset({OTHER, WANTS_HUMAN})

# Below these probabilities the classifier only adds evidence, it does not decide.
_WANTS_HUMAN_P = 0.9  # .8 sent "Kan ik langskomen in het atelier?" to a person (demo question set)
_UPSET_P = 0.8
_WISH_IN_ENGLISH_P = 0.3  # the English words' own chance of a wish, below which a wish read by shape is not one
_UPSET_WEIGHT = 0.6  # an upset-looking message alone is fast-lane, not handoff (0.7), material
_CASE_P = 0.75  # sure enough to say "no case"
_CASE_OPEN_P = 0.97  # sure enough to open one (.75 opened "can I pay with apple pay" as billing, .9 "when
# would a parcel reach me in spain" as a missing parcel)
# ... or when the words, read on their own, name the same case type: "my scarf arrived with a big pulled
# thread and a hole in it" reads damaged at .95 by example and by its words, but neither alone was sure.
# Such a case is only a likeness ("how much is the wadden sweater?" read .94 a custom order both ways): it
# gets a score between the usual delay_complexity (.6) and the policy's sure case (.8), so that it is opened
# only when the knowledge has no answer of its own.
_CASE_AGREED_P = 0.85
_CASE_AGREED_SCORE = 0.7
_TROUBLE_P = 0.8
# An e-mail states its case in one sentence among greetings and details ("Dear team, … one of the mugs has a
# crack along the handle. Could you send a replacement? … Kind regards"): read whole, the case drowns.
# "The scarf is lovely but one of the mugs has a crack": the clause after "but" is read on its own too.
# (From where a run of spaces starts, possessively: a long run is scanned once, not from each of its spaces.)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|(?<![\s,]),?\s++(?:but|maar|aber|pero|mais)\s+", re.IGNORECASE)
_SENTENCE_WORDS = 4  # shorter parts ("Kind regards, Hannah") say no case
_MOST_SENTENCES = 8


@dataclass(frozen=True, slots=True)
class MessageReading:
    """What one message is closest to: the shipped labels, and the bot's case types (None without any)."""

    general: ExampleReading
    case: ExampleReading | None
    # the case as read in the message's own words, when ``case`` is its reading in English words
    case_as_written: ExampleReading | None = None


def case_examples(case_types: Sequence[CaseType]) -> tuple[LabelledExample, ...]:
    """Each case type's examples (its description too) against the shipped ordinary messages."""
    own = tuple(LabelledExample(text, case.name) for case in case_types
                for text in (*case.examples, case.description) if text.strip())
    background = tuple(LabelledExample(e.text, OTHER, e.language) for e in SHIPPED_EXAMPLES
                       if e.label in _NOT_A_CASE)
    return own + background


class ExampleSignals:
    """Reads a message against the shipped examples and the bot's case types with one embedding model."""

    def __init__(self, *, embed: Embed, case_types: Sequence[CaseType] = (),
                 extra: Sequence[LabelledExample] = (), embed_examples: Embed | None = None) -> None:
        """``embed_examples``: the same model for the examples, when it keeps their vectors (default ``embed``)."""
        self._embed = embed
        self._embed_examples = embed_examples or embed
        self._case_types = tuple(case for case in case_types if case.examples)
        self._extra = tuple(extra)
        self._built: tuple[ExampleClassifier, ExampleClassifier | None] | None = None
        self._lock = threading.Lock()

    def _classifiers(self) -> tuple[ExampleClassifier, ExampleClassifier | None]:
        with self._lock:
            if self._built is None:
                general = self._classifier((*SHIPPED_EXAMPLES, *self._extra))
                cases = self._classifier(case_examples(self._case_types)) if self._case_types else None
                self._built = (general, cases)
            return self._built

    def _classifier(self, examples: Sequence[LabelledExample]) -> ExampleClassifier:
        vectors = self._embed_examples([example.text for example in examples])
        return ExampleClassifier(examples, embed=self._embed, vectors=vectors)

    def prepare(self) -> None:
        """Build both classifiers now (blocking): a server does it as it starts, so the first customer does not
        wait for them."""
        self._classifiers()

    def read(self, text: str) -> MessageReading:
        """The message embedded once, read by both classifiers; a message of several sentences that opens no
        case as a whole is read sentence by sentence for one, and the surest sentence that opens one counts."""
        general, cases = self._classifiers()
        reading = self.read_vector(text, general.embed(text))
        if cases is None or (reading.case is not None and _opens(reading.case)):
            return reading
        sentences = [part for part in _SENTENCE_END.split(text)
                     if len(part.split()) >= _SENTENCE_WORDS][:_MOST_SENTENCES]
        if len(sentences) < 2:
            return reading
        vectors = np.asarray(self._embed(sentences), dtype=np.float32)
        opened = [case for sentence, vector in zip(sentences, vectors, strict=True)
                  if _opens(case := cases.read(sentence, vector=vector))]
        return replace(reading, case=max(opened, key=lambda case: case.probability)) if opened else reading

    def read_vector(self, text: str, vector: np.ndarray) -> MessageReading:
        """Read a message whose vector is already known (evaluation embeds many in one batch)."""
        general, cases = self._classifiers()
        return MessageReading(general=general.read(text, vector=vector),
                              case=cases.read(text, vector=vector) if cases else None)


def with_case_in_english(reading: MessageReading, in_english: MessageReading | None) -> MessageReading:
    """``reading`` with the case read in its English words ("my sweater has a hole in the sleeve"), when the
    message read as written opens none: the case examples are mostly English, and a Dutch or Spanish message
    lies near them by its shape rather than its meaning. So its "surely no case" is no verdict either ("Mag
    ik de muts ruilen voor een grotere maat?" read .95 no case as written, .91 an exchange in English)."""
    if in_english is None or in_english.case is None:
        return reading
    if reading.case is not None and _opens(reading.case):
        return reading
    return replace(reading, case=in_english.case, case_as_written=reading.case)


def _opens(case: ExampleReading) -> bool:
    return case.label != OTHER and case.probability >= _CASE_OPEN_P


def with_wish(wants: Signal, reading: MessageReading, *, in_english: MessageReading | None = None) -> Signal:
    """The word-read wish, or the example-read one when that is surer (with its closest examples).

    ``in_english``: the same message read in English words (the glossary's), for a message in another
    language. The model knows English best: in Dutch, "Kan ik een trui terugsturen?" lies next to "Kan ik
    iemand spreken?" by its shape alone, while "can i sweater return" lies nowhere near a wish for a person.
    So a wish read by example in another language must stay a fair guess in English words too: "can i
    sweater return" is one at .06, "i want someone speak my order" at .41 and "echte person aan lijn" at .46.
    """
    p = reading.general.probability_of(WANTS_HUMAN)
    english = in_english.general if in_english is not None else None
    if (english is not None and english.label == WANTS_HUMAN and english.probability >= _WANTS_HUMAN_P
            and p >= _WISH_IN_ENGLISH_P):
        # and the other way round: "¿Me puede atender una persona?" is a wish at .96 in English words, .49 as
        # written — a fair guess by its shape too
        read, p = english, english.probability
    elif reading.general.label != WANTS_HUMAN or p < _WANTS_HUMAN_P or (
            english is not None and english.probability_of(WANTS_HUMAN) < _WISH_IN_ENGLISH_P):
        return wants
    else:
        read = reading.general
    if p <= wants.score:
        return wants
    return Signal(kind=SignalKind.WANTS_HUMAN, score=p, label="yes",
                  evidence=(f"asked for a person: {read.evidence()}", *wants.evidence))


def with_upset(emotion: Signal, reading: MessageReading) -> Signal:
    """The emotion, with an upset-looking message (any language) folded in as one more cue."""
    p = reading.general.probability_of(UPSET)
    if reading.general.label != UPSET or p < _UPSET_P:
        return emotion
    weight = _UPSET_WEIGHT * p
    score = round(1.0 - (1.0 - emotion.score) * (1.0 - weight), 3)
    label = emotion.label if emotion.score >= weight and emotion.label not in (None, "calm", "happy") else "upset"
    return Signal(kind=SignalKind.EMOTION, score=score, label=label,
                  evidence=(*emotion.evidence, f"upset by example: {reading.general.evidence()}"))


def with_case(complexity: Signal, reading: MessageReading, bot: Bot) -> Signal:
    """A sure reading by example decides the case type (or that there is none), and so does a fair one the
    words agree with; unsure, the words do."""
    case = reading.case
    if case is None or case.probability < _CASE_P:
        return complexity
    if case.label == OTHER:
        return Signal(kind=SignalKind.COMPLEXITY, score=0.0)
    if complexity.label == case.label and complexity.score >= case.probability:
        return complexity
    if case.probability >= _CASE_OPEN_P:
        score = case.probability
    elif complexity.label == case.label and case.probability >= _CASE_AGREED_P and not _surely_none(
            reading.case_as_written):
        score = max(complexity.score, _CASE_AGREED_SCORE)
    else:
        return complexity
    what = next((c.description.rstrip(".").lower() for c in bot.case_types if c.name == case.label), case.label)
    return Signal(kind=SignalKind.COMPLEXITY, score=score, label=case.label, evidence=(f"{what}: {case.evidence()}",))


def _surely_none(case: ExampleReading | None) -> bool:
    """Whether a message read in its own words surely opens no case ("Hoi! Ik wil een trui kopen voor mijn
    vriend", .99): its English words' likeness to a case (.94 a custom order) is then no agreement."""
    return case is not None and case.label == OTHER and case.probability >= _CASE_P


def trouble_by_example(reading: MessageReading) -> str | None:
    """A complaint or payment trouble read by example, as evidence for the tenure signal, or None."""
    general = reading.general
    if general.label in (COMPLAINT, PAYMENT) and general.probability >= _TROUBLE_P:
        return general.evidence()
    return None
