"""Where a customer's message asks and where it tells: two questions in one ("Do you ship to the UK? And how
much is it?"), the sentences that ask and those that say why ("got my boyfriend a scarf and he's not into it
lol. can i send it back?"), and the clauses that ask ("…by accident lol, where can i look up my parcel?"). Pure.
"""

from __future__ import annotations

import re

__all__ = ["asked_and_told", "asking_clauses", "question_parts"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# The space before ";" or "also" is matched from where the run of spaces starts (the lookbehinds), so a long
# run of spaces is scanned once, not once from each of its spaces (quadratic).
_ASKING = (r"how|what|when|where|which|why|do|does|can|could|is|are|will|should (?:i|we|you|it|they)|"
           r"shall (?:i|we)|have you|hoe|wat|wanneer|waar|welke|kan|kunnen|"
           r"kun|wie|was|wann|wo|welche|kann|können|c[oó]mo|qu[eé]|cu[aá]ndo|d[oó]nde|cu[aá]nto|cu[aá]l|puedo|"
           r"puedes|hay|comment|quand|o[uù]|quel|quelle|combien|est-ce|puis-je|pouvez|"
           # French asks with the subject first too: "…, et je peux me faire rembourser ?"
           r"je peux|je pourrais|on peut|peut-on|vous pouvez|"
           # "vous livrez au Royaume-Uni et vous acceptez PayPal ?"
           r"vous (?:acceptez|livrez|vendez|proposez|expédiez|envoyez|prenez)|"
           # German and Dutch ask with the verb first: "…plastikfrei und sind die Tassen vegan?"
           r"ist|sind|habt|gibt es|seid|bietet ihr|verkauft ihr|macht ihr|zijn jullie|zijn de|zijn die|"
           r"hebben jullie|heeft|verkopen jullie|doen jullie|maken jullie|bieden jullie|"
           # "kan ik met iDEAL betalen en krijg ik een factuur met btw?"
           r"krijg ik|mag ik|moet ik|bekomme ich|muss ich|darf ich|se puede|aceptáis|acceptez|"
           # and who, and Spanish asking with the verb: "¿dónde está vuestro estudio y hacéis talleres de cerámica?"
           r"who|hacéis|tenéis|vendéis|enviáis|ofrecéis")
# "do you ship to australia and roughly how long would that take": a word between "and" and the question
_ROUGHLY = (r"(?:roughly|approximately|about|also|then|ongeveer|ook|ungefähr|etwa|auch|más o menos|aproximadamente|"
            r"también|environ|à peu près|aussi)")
_SPLIT = re.compile(r"(?<=\?)\s+|(?<!\s)\s*;\s+|(?<!\s)\s+(?:and also|also,|oh and|and another thing,?)\s+|"
                    # "Can you gift wrap it and how long will delivery take?": "and" before a second question
                    rf"(?<!\s)\s+(?:and|en|und|y|et|\+|&)\s+(?:{_ROUGHLY}\s+)?(?=(?:{_ASKING})\b)|"
                    # "quelle taille de chaussettes pour du 44 et elles sont faites en quoi ?": French asks with the
                    # subject first too
                    r"(?<!\s)\s+et\s+(?=(?:elles?|ils?|c'est|ça)\s[^?]*\?)|"
                    # "can you gift wrap it, and if it's the wrong size can she swap it?": a question on a condition
                    r"(?<!\s)\s+(?:and|en|und|y|et)\s+(?=(?:if|als|wenn|falls|si)(?:\s+[^\s?]+){3}[^?]*\?)",
                    re.IGNORECASE)
# A part that asks: it ends with "?" or opens with a question word ("and how much is it").
_ASKS = re.compile(rf"\?\s*$|^\W*(?:(?:and|also|en|und|y|et|ook|auch|aussi|también)\W+)?(?:{_ASKING})\b",
                   re.IGNORECASE)
_MIN_WORDS = 3
_ON_A_CONDITION = re.compile(r"^(?:if|als|wenn|falls|si)\b", re.IGNORECASE)
_MIN_ASKED_WORDS = 2  # a part that ends with its own "?"


def question_parts(text: str) -> tuple[str, ...]:
    """Two questions in one message ("Do you ship to the UK? And how much is it?"), each on its own.

    Only clear breaks (a question mark followed by more, a semicolon, "and also") split: one question
    phrased in two clauses stays whole. Parts too short to stand alone, or that ask nothing, stay with the
    one before them.
    """
    parts: list[str] = []
    for piece in _SPLIT.split(text.strip()):
        piece = piece.strip()
        if not piece:
            continue
        # "how long and how much…": "how long" asks nothing alone. "Do you gift wrap? It's a present": the
        # second part asks nothing, it tells why the first one was asked.
        # ("¿Cuánto cuesta el envío a Italia y cuánto tarda?": a short question of its own after one that asks;
        # "Vos pulls sont en quelle laine ?" is one question, "en" a preposition)
        own = piece.endswith("?") and bool(parts) and _ASKS.search(parts[-1]) is not None
        short = len(_WORD.findall(piece)) < (_MIN_ASKED_WORDS if own else _MIN_WORDS)
        # ("i'd like to order the wadden and if it doesn't fit can i swap it?": a condition after a part that asks
        # nothing is one question)
        conditional = _ON_A_CONDITION.match(piece) is not None and not any(
            _ASKS.search(clause.strip()) for clause in _CLAUSE.split(parts[-1] if parts else ""))
        if parts and (short or len(_WORD.findall(parts[-1])) < _MIN_WORDS or not _ASKS.search(piece) or conditional):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return tuple(parts) if len(parts) > 1 else (text.strip(),)


# Where one sentence of a chat message ends: after its mark, at a line break, at a dash between words.
# A dash between spaces starts a sentence; tried only where a run of spaces starts, and possessively, so a long
# run is scanned once, not from each of its spaces (``bench/long_text.py``: 2 s for 20,000 spaces before).
_CHAT_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+|(?<!\s)\s++[-–—]\s+")


def asked_and_told(text: str) -> tuple[str, str] | None:
    """The sentences of ``text`` that ask and those that only tell, when it has both: "got my boyfriend a
    scarf and he's not into it lol. can i send it back?" asks its last sentence; the first says why."""
    sentences = [sentence for piece in _CHAT_SENTENCE.split(text.strip()) if (sentence := piece.strip())]
    asked = [sentence for sentence in sentences if _ASKS.search(sentence)]
    if not asked or len(asked) == len(sentences):
        return None
    return " ".join(asked), " ".join(sentence for sentence in sentences if sentence not in asked)


_CLAUSE = re.compile(r"(?<=[.!?…])\s+|\n+|(?<!\s)\s++[-–—]\s+|[,;:]\s+")


def asking_clauses(text: str) -> str | None:
    """The clauses of ``text`` that ask ("where can i look up my parcel?" of "deleted the shipping email by
    accident lol, where can i look up my parcel?"), or None when no clause asks."""
    clauses = [clause for piece in _CLAUSE.split(text.strip()) if (clause := piece.strip())]
    asked = [clause for clause in clauses if _ASKS.search(clause)]
    return " ".join(asked) if asked else None
