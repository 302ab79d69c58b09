"""Complexity: does the message open one of the case types declared in the bot file?

Matching is by meaning-bearing words shared with the case type's examples (and its name), after folding
common synonyms together ("smashed", "cracked" → damaged; "package" → parcel). Pure and cheap: the
knowledge layer's embeddings are not available here, and case types come with a handful of examples.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
                     "pay", "card", "subscription", "subscript"), "billing"),
    **dict.fromkeys(("custom", "customis", "customiz", "tailor", "tailored", "commission", "commissio"),
                    "custom"),
    **dict.fromkeys(("chang", "change", "updat", "update", "switch", "modify", "modif"), "chang"),
}
_BETA_SQUARED = 4.0  # recall of the example's words matters more than extra words in the message


def _concepts(text: str) -> set[str]:
    for pattern, canonical in _PHRASES:
        text = pattern.sub(f" {canonical} ", text)
    return {_SYNONYMS.get(word, word) for word in content_words(text)}


def _match(message: set[str], example: set[str]) -> float:
    shared = len(message & example)
    if not shared:
        return 0.0
    precision, recall = shared / len(message), shared / len(example)
    return (1 + _BETA_SQUARED) * precision * recall / (_BETA_SQUARED * precision + recall)


def _case_score(message: set[str], case: CaseType) -> float:
    examples = [*case.examples, case.name.replace("_", " ").replace("-", " ")]
    return max(_match(message, _concepts(example)) for example in examples)


def match_case_type(text: str, case_types: Sequence[CaseType]) -> tuple[CaseType | None, float]:
    """The declared case type this message most looks like, and how much (0–1)."""
    message = _concepts(text)
    if not message or not case_types:
        return None, 0.0
    best = max(case_types, key=lambda case: _case_score(message, case))
    score = _case_score(message, best)
    return (best, score) if score > 0 else (None, 0.0)


def complexity_signal(*, text: str, bot: Bot) -> Signal:
    """How surely the message opens a case that needs a person or a back-office step."""
    case, score = match_case_type(text, bot.case_types)
    if case is None:
        return Signal(kind=SignalKind.COMPLEXITY, score=0.0)
    what = case.description.rstrip(".").lower() or case.name.replace("_", " ")
    return Signal(kind=SignalKind.COMPLEXITY, score=round(score, 3), label=case.name,
                  evidence=(f"{what} in '{quote(text, 0, 0)}'",))
