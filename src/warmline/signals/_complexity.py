"""Complexity: does the message open one of the case types declared in the bot file?

Matching is by meaning-bearing words shared with the case type's examples (and its name), after folding
common synonyms together ("smashed", "cracked" → damaged; "package" → parcel). Pure and cheap: the
knowledge layer's embeddings are not available here, and case types come with a handful of examples.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from warmline.domain import Bot, CaseType, Signal, SignalKind

from ._text import content_words, quote

__all__ = ["complexity_signal", "match_case_type"]

# Phrases first (they are replaced before words are split), then single words; both map to one stem.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), canonical)
    for pattern, canonical in (
        (r"never (?:arrived|came|showed up|turned up)|(?:didn'?t|did not|hasn'?t|has not|have not|"
         r"haven'?t) (?:arrived|come|turned up|received|got(?:ten)?)|not (?:arrived|received)|"
         r"where(?:'s| is) my (?:order|parcel|package)", "missing parcel"),
        (r"money back|pay(?: me)? back|reimburs\w*", "refund"),
        (r"made to order|made to measure|one[- ]off|bespoke|personali[sz]\w*|engrav\w*|monogram\w*", "custom"),
        (r"credit card|debit card|bank details|direct debit|payment method|billing address", "billing"),
    )
)
_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(("broken", "broke", "break", "crack", "cracked", "smash", "smashed", "shatter",
                     "shattered", "dent", "dented", "torn", "rip", "ripped", "scratch", "scratched",
                     "chipp", "chipped", "faulty", "defective", "damag", "damage", "damaged"), "damag"),
    **dict.fromkeys(("package", "packag", "parcel", "parcels", "shipment", "shipm", "delivery", "deliver",
                     "delivered", "courier"), "parcel"),
    **dict.fromkeys(("lost", "missing", "miss"), "missing"),
    **dict.fromkeys(("refund", "refund", "return", "retur", "reimburs"), "refund"),
    **dict.fromkeys(("bill", "billing", "invoice", "invoic", "charge", "charg", "charged", "payment", "paym",
                     "card", "subscription", "subscript"), "billing"),
    **dict.fromkeys(("custom", "customis", "customiz", "tailor", "tailored", "commission", "commissio"),
                    "custom"),
    **dict.fromkeys(("chang", "change", "updat", "update", "switch", "modify", "modif"), "chang"),
}
_BETA_SQUARED = 4.0  # recall of the example's words matters more than extra words in the message
# Two or more words that belong to one case type only ("charged" + "twice") open it even when no single
# example is close: 0.45 + 0.1 per word, so two such words land at 0.65.
_KEYWORD_BASE, _KEYWORD_STEP, _KEYWORD_MIN_HITS = 0.45, 0.1, 2


def _concepts(text: str) -> set[str]:
    for pattern, canonical in _PHRASES:
        text = pattern.sub(f" {canonical} ", text)
    return {_SYNONYMS.get(word, word) for word in content_words(text)}


@lru_cache(maxsize=4096)
def _example_concepts(example: str) -> frozenset[str]:
    """``_concepts`` of a case type's example: the bot file's examples are read for every message."""
    return frozenset(_concepts(example))


def _match(message: set[str], example: frozenset[str]) -> float:
    shared = len(message & example)
    if not shared:
        return 0.0
    precision, recall = shared / len(message), shared / len(example)
    return (1 + _BETA_SQUARED) * precision * recall / (_BETA_SQUARED * precision + recall)


def _name(case: CaseType) -> str:
    return case.name.replace("_", " ").replace("-", " ")


@lru_cache(maxsize=64)
def _distinctive(case_types: tuple[CaseType, ...]) -> dict[str, frozenset[str]]:
    """Per case type, the words (concepts) that no other declared case type uses. Numbers are none: "hi im 1.70 …
    which size wadden?" opened a custom order on "wadden" and the "1" of an example's "1.92m"."""
    vocab = {case.name: set().union(*(_concepts(t) for t in (*case.examples, _name(case), case.description)))
             for case in case_types}
    return {name: frozenset(w for w in words if not w.isdigit()
                            and not any(w in other for n, other in vocab.items() if n != name))
            for name, words in vocab.items()}


def _case_score(message: set[str], case: CaseType, distinctive: frozenset[str]) -> float:
    examples = [*case.examples, _name(case)]
    by_example = max(_match(message, _example_concepts(example)) for example in examples)
    hits = len(message & distinctive)
    by_keywords = _KEYWORD_BASE + _KEYWORD_STEP * hits if hits >= _KEYWORD_MIN_HITS else 0.0
    return min(1.0, max(by_example, by_keywords))


def match_case_type(text: str, case_types: Sequence[CaseType]) -> tuple[CaseType | None, float]:
    """The declared case type this message most looks like, and how much (0–1)."""
    message = _concepts(text)
    if not message or not case_types:
        return None, 0.0
    distinctive = _distinctive(tuple(case_types))
    scored = [(_case_score(message, case, distinctive[case.name]), index) for index, case in enumerate(case_types)]
    score, index = max(scored, key=lambda pair: (pair[0], -pair[1]))
    return (case_types[index], score) if score > 0 else (None, 0.0)


def complexity_signal(*, text: str, bot: Bot) -> Signal:
    """How surely the message opens a case that needs a person or a back-office step."""
    case, score = match_case_type(text, bot.case_types)
    if case is None:
        return Signal(kind=SignalKind.COMPLEXITY, score=0.0)
    what = case.description.rstrip(".").lower() or case.name.replace("_", " ")
    return Signal(kind=SignalKind.COMPLEXITY, score=round(score, 3), label=case.name,
                  evidence=(f"{what} in '{quote(text, 0, 0)}'",))
