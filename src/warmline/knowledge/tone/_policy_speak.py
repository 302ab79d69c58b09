"""Policy-speak and process language, in every language the bot ships: what a customer must never read.

Service principle 1: customers are people, not a process. "As per our terms…", "We regret to inform you
that our procedures require…", "Your ticket number is…" answer with the shop's machinery instead of what
we *can* do. ``policy_speak(text)`` finds such wording; the LLM answer guard declines an answer that has
any (the extractive answer or a person takes over), and the test suite checks every text the bot sends.

Patterns are matched case-insensitively on whitespace-normalised text. They are phrases, not single
words: "policy" alone is fine in "our returns policy gives you 30 days" written by the shop itself.
"""

from __future__ import annotations

import re

__all__ = ["POLICY_SPEAK_PATTERNS", "policy_speak"]

_EN = (
    r"\bour (?:company )?polic(?:y|ies) (?:is|are|states?|says?|requires?|does not|doesn't)",
    r"\bcompany policy\b",
    r"\b(?:as )?per (?:our |the )?(?:company )?(?:polic(?:y|ies)|terms|procedures?|protocol|guidelines)\b",
    r"\bin accordance with\b",
    r"\bin line with our (?:polic(?:y|ies)|terms|procedures?)\b",
    r"\bpursuant to\b",
    r"\brequired by our (?:terms|polic(?:y|ies)|procedures?)",
    r"\bterms and conditions\b",
    r"\bregret to inform\b",
    r"\bour (?:procedures?|processes|protocols?|regulations) (?:require|requires|state|dictate|do not)",
    r"\b(?:standard|internal) (?:operating )?procedure\b",
    r"\bunfortunately,? (?:we|i) (?:are|am) (?:unable|not able|not in a position)\b",
    r"\bunfortunately,? (?:we|i) (?:cannot|can't|can not|won't be able)\b",
    r"\bwe are not in a position to\b",
    r"\bplease be advised\b",
    r"\bkindly (?:be advised|note that)\b",
    r"\bas (?:stated|outlined|set out) in our\b",
    r"\bwe do not make exceptions\b",
    r"\bno exceptions can be made\b",
    r"\b(?:ticket|case|incident|reference|complaint) (?:number|no\.|nr\.?|id)\b",
    r"\b(?:ticket|case|incident) #\s?\d",
    r"\b(?:submit|raise|open|file|log) a (?:support )?(?:ticket|case|request form)\b",
    r"\byour (?:ticket|case|request) has been (?:logged|registered|created|escalated|assigned)\b",
    r"\bescalated to the (?:relevant|appropriate|responsible) (?:department|team)\b",
    r"\bthe relevant department\b",
    r"\bservice level agreement\b",
    r"\bwe apologi[sz]e for any inconvenience\b",
    r"\bfor quality (?:and training )?purposes\b",
    r"\byour (?:call|request|inquiry|enquiry) is important to us\b",
)
_NL = (
    r"\bons beleid\b",
    r"\bvolgens (?:ons|onze) (?:beleid|voorwaarden|procedures?|regels)\b",
    r"\bconform (?:de|onze) (?:voorwaarden|procedures?|regels)\b",
    r"\bin overeenstemming met\b",
    r"\balgemene voorwaarden\b",
    r"\bhet spijt ons (?:u|je) te (?:moeten )?(?:mededelen|melden|informeren)\b",
    r"\bhelaas (?:kunnen|zijn) wij\b",
    r"\bonze procedures? (?:vereis|schrijf|schrijv)",
    r"\b(?:ticket|zaak|dossier|referentie|klacht)nummer\b",
)
_DE = (
    r"\bunsere(?:n)? richtlinien\b",
    r"\b(?:gemäß|laut|entsprechend) (?:unseren|den|unserer) (?:agb|richtlinien?|bedingungen|verfahren)\b",
    r"\ballgemeinen geschäftsbedingungen\b",
    r"\bbedauern,? (?:ihnen|dir) mitteilen\b",
    r"\bleider (?:können|sind) wir\b",
    r"\bunsere verfahren (?:erfordern|sehen)\b",
    r"\bin übereinstimmung mit\b",
    r"\b(?:ticket|vorgangs|fall|referenz)nummer\b",
)
_ES = (
    r"\bnuestra política\b",
    r"\bsegún nuestr[ao]s? (?:política|términos|condiciones|procedimientos?)\b",
    r"\bde acuerdo con (?:nuestr[ao]s?|la|las) (?:política|términos|condiciones|normas|procedimientos?)\b",
    r"\bconforme a\b",
    r"\btérminos y condiciones\b",
    r"\blamentamos (?:informarle|comunicarle)\b",
    r"\blamentablemente,? no (?:podemos|nos es posible)\b",
    r"\bnuestros procedimientos (?:requieren|exigen)\b",
    r"\bnúmero de (?:ticket|caso|incidencia|expediente|referencia)\b",
)
_FR = (
    r"\bnotre politique\b",
    r"\bconformément à\b",
    r"\bselon nos (?:conditions|politiques?|procédures|règles)\b",
    r"\bconditions générales\b",
    r"\b(?:avons le regret|regrettons) de vous (?:informer|annoncer)\b",
    r"\bmalheureusement,? nous ne (?:pouvons|sommes) pas\b",
    r"\bnos procédures (?:exigent|imposent|prévoient)\b",
    r"\bnuméro de (?:ticket|dossier|cas|référence|réclamation)\b",
)

POLICY_SPEAK_PATTERNS: dict[str, tuple[str, ...]] = {"en": _EN, "nl": _NL, "de": _DE, "es": _ES, "fr": _FR}
_ALL = re.compile("|".join(f"(?:{p})" for patterns in POLICY_SPEAK_PATTERNS.values() for p in patterns),
                  re.IGNORECASE)


def policy_speak(text: str) -> tuple[str, ...]:
    """The policy-speak or process wording in ``text`` (any shipped language), as found; empty when none."""
    normalised = " ".join(text.replace("\u2019", "'").split())
    return tuple(match.group(0) for match in _ALL.finditer(normalised))
