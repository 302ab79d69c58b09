"""Words a question names that the knowledge never uses ("bicycle", "fietsen", "parking"), and whether the
question asks for one of them ("is there parking near the studio?") or is mostly about them ("is the studio
wheelchair accessible?"). Word by word, on the question in the knowledge's language; the decision what to do
with a match that names them is the reader's (``barred_by_unknown_words``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..embeddings import tokenizer_words
from ._words import CONTEXT_WORDS, GENERAL_WORDS, cities_named, country_name, places_named

__all__ = ["NeverUsed", "asks_for_one_of", "inflected", "never_used", "unknown_words"]

_ELSEWHERE_WORDS = 2  # words the knowledge never uses that outweigh its one known word
_MIN_CONTENT = 4
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_DESTINATION = re.compile(r"\bto\s+(?:the\s+)?([^\W\d_]+)")
# What a question asks for ("is there parking", "can I bring my dog", "sell you also rugs", as word-by-word
# English has it): when that is a word the knowledge never uses, no confidence in the rest of the question
# ("… near the studio") makes the studio's page the answer.
_ASKS_FOR = re.compile(r"\b(?:is there|are there|do you (?:also )?(?:sell|have|offer|rent|stock|do)|"
                       r"can (?:i|we) (?:also )?(?:bring|take|use|rent|book|hire)|sell you(?: also)?)"
                       r"\s+((?:\w+\s+){0,2}\w+)")
# Who comes along, read word by word from "Mag mijn hond mee?", "¿puedo venir con mi perro?" or "mogen honden mee
# naar binnen?" ("may my dog with", "can i come with my dog", "can dog with inside"): a short word there is what
# the question asks about.
_COMES_ALONG = re.compile(r"\b(?:(?:may|can) (?:my|our)|(?:come|coming|go|going|visit) with (?:my|our))\s+(\w+)|"
                          r"\b(?:may|can) (?:the )?(\w+) (?:with|along|inside)\b")
# Asking to rent or borrow something: a shop that never writes "rent" rents nothing, whatever it is ("the studio").
_ASKS_TO = re.compile(r"(?:^\W*|\b(?:can|could|may) (?:i|we|you) (?:also )?|\b(?:i|we|you) (?:can|could) (?:also )?|"
                      r"\bdo you (?:also )?)(rent|hire|lend|borrow)\b")
# Asking whether the shop does something it never writes of: "are you hiring?", "do you recruit interns?"
_ASKS_IF_YOU = re.compile(r"\b(?:are you|you are)(?: guys| all| folks)? (?:also |currently |still |now )?(\w+ing)\b|"
                          r"\b(?:do|does) (?:you(?: guys| all| folks)?|the shop|the studio) (?:also |ever |still )?"
                          r"(\w+)\b")
# A yes-or-no question about a thing ends on what it asks of it: "is the dijk turtleneck unisex?", "do the points
# ever expire?", "would the yarn bundle work for felting?" — not on where or to what ("will the planter leave marks
# on my oak sideboard?"), nor on the customer's doing ("can i return my scarf?"); a choice ends on each ("is your
# kiln gas or electric?").
_YES_NO_ENDING = re.compile(
    r"^\W*(?:(?:is|are|do|does|will|would|can|could) (?:the|your|these|those|this|that|it|they)|the \w+ (?:is|are))\b"
    r"(?: (?!(?:on|in|at|into|onto|with|to|from|of|by|near|under|over|my|our|me|us|i|we)\b)[\w'-]+)*? "
    r"(?:for )?([^\W\d_]+)(?:\s+or\b[^?.!;]*?\b([^\W\d_]+))?\W*$")
_CLAUSE_END = re.compile(r"[?.!;]+\s*")  # a follow-up is searched with the question before it
# What is counted or measured: "hoeveel liter potgrond…" ("how many litre potting soil…")
_HOW_MANY = re.compile(r"\bhow (?:many|much) ([^\W\d_]+)")
_ROOT = 5  # letters a word shares with a word the knowledge uses to be another form of it ("recycling", "recycled")
_SENDING = re.compile(r"\b(?:send|sent|ship|shipped|shipping|deliver|delivered|delivery|post|postage|arrive|"
                      r"arrives|land|lands|parcel|package|reach|reaches|gets? to|getting to|gets? there)\b")
_NO_TOPIC = GENERAL_WORDS | CONTEXT_WORDS  # and their other forms: "my sisters bday", "both my daughters"
_IN_IT = re.compile(r"\b(?:in|inside) (?:it|them|there|this|that)\b")
_IN_IT_WORDS = 6  # the words after "is there" that may still say "in it"
# A greeting or a cry, however stretched ("hiii", "heyy", "hiya", "noooo", "hahaha"), names no topic: "hiii im
# in portland, can u send it over here??" was refused for "hiii".
_CALLED_OUT = re.compile(r"h+i+y*a*|he+y+a*|hel+o+|hol+a+|no+|ye+s+|o+h+|a+h+|a+w+|wo+w+|(?:ha|he|hi|ja|je)+h?|lo+l+|"
                         r"o+m+g+|u+g+h+|y+a+y+|ye+a+h+|o+k+a*y*")
_DETERMINERS = frozenset({"a", "an", "any", "some", "the", "my", "our", "your", "also", "too", "there"})


@dataclass(frozen=True, slots=True)
class NeverUsed:
    """The words of a question the knowledge never uses, and what they say about the question."""

    words: tuple[str, ...] = ()
    asked_for: bool = False  # one of them is what the question asks for ("is there parking")
    mostly_elsewhere: bool = False  # two real English words of them, and at most one word the shop uses


def never_used(searched: str, *, vocabulary: frozenset[str], common: frozenset[str],
               translated: bool = False) -> NeverUsed:
    """What ``searched`` names that ``vocabulary`` (the knowledge's words) never does; ``common``: function
    words; ``translated``: whether ``searched`` was read word by word from another language (a word it kept as
    written may be one the glossary lacks)."""
    topic = _topic_words(searched, common=common)
    unknown = tuple(word for word in topic if not _known(word, vocabulary))
    # A short word is a topic only as what the question asks for: "can I bring my dog", "do you have an app"
    # (as a topic anywhere, "nan", "uva" and "xmas" lost right answers on the question sets).
    shorts = _short_words(searched, common=common)
    short = tuple(word for word in shorts if not _known(word, vocabulary))
    asked_short = asks_for_one_of(searched, short) or any(
        (match.group(1) or match.group(2)) in short for match in _COMES_ALONG.finditer(searched.lower()))
    if not unknown and not asked_short:
        return NeverUsed()
    return NeverUsed(words=unknown + short if asked_short else unknown,
                     asked_for=asked_short or asks_for_one_of(
                         searched, tuple(word for word in unknown if not _root_known(word, vocabulary)),
                         translated=translated),
                     # (a short word the shop uses names what it is about too: "vat", "tax", "mug"; not one
                     # left as written in a translation: "usa" of "Mi madre la usa" is no USA)
                     mostly_elsewhere=_mostly_elsewhere(unknown, known=len(topic) - len(unknown) + (
                         0 if translated else len(shorts) - len(short))))


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


def _yes_no_ending_in(searched: str, words: tuple[str, ...], *, translated: bool) -> bool:
    """Whether a yes-or-no clause of ``searched`` ends on one of ``words`` (``asks_for_one_of``)."""
    for clause in _CLAUSE_END.split(searched.lower()):
        ending = _YES_NO_ENDING.match(clause)
        if ending is None or ending.group(1) not in words or (ending.group(2) and ending.group(2) not in words):
            continue  # (of two asked for, "gas or electric", both must be words the knowledge never uses)
        if not translated or ending.group(1) in tokenizer_words():
            return True
    return False


def _root_known(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether the knowledge uses a word of the same root ("recyclable", "recycled"; "scratch", "scratchy")."""
    root = word[:max(_ROOT, len(word) - 4)]
    return any(known.startswith(root) for known in vocabulary)


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
    sending = bool(_SENDING.search(lower))
    # ("is there somewhere to park": "to" before a verb is no destination)
    places = {word for word in _DESTINATION.findall(lower) if sending or places_named(word)}
    for city, country in cities_named(searched):
        name = country_name(country)
        places.update(_WORD.findall(name))
        if sending or (name in lower and f"{city} in {name}" not in lower):
            places.update(_WORD.findall(city))
    out = [word for word in _WORD.findall(lower)
           if not (len(word) < _MIN_CONTENT or word in common or word in _NO_TOPIC or word in places
                   or inflected(word, _NO_TOPIC) or _CALLED_OUT.fullmatch(word))]
    return tuple(dict.fromkeys(out))


def inflected(word: str, vocabulary: frozenset[str]) -> bool:
    """ "sweaters" for "sweater", "scarf" for "scarves", "cheaper" for "cheap": another form of a word the
    knowledge uses; and a form of a word it uses in the plural only: "flawed" of "flaws". (Not a form the word
    itself may be of: "cushion" is no "cushioned" sole.)"""
    bases = [word[: -len(s)] for s in ("s", "es", "ed", "ing", "d", "er", "est") if word.endswith(s)]
    return (any(base in vocabulary or base + "s" in vocabulary for base in bases)
            or any(word + s in vocabulary for s in ("s", "es"))
            or (word.endswith("f") and word[:-1] + "ves" in vocabulary))


def asks_for_one_of(searched: str, words: tuple[str, ...], *, translated: bool = False) -> bool:
    """Whether the thing ``searched`` asks for ("is there parking") is one of ``words``, or what it asks to do
    with it ("can we rent the studio?", "rent you the studio" read word by word from "Louez-vous l'atelier"), or
    what a yes-or-no question asks of a thing ("do the points ever expire?"; ``translated``: only an English
    word, not one the glossary left as written: "is the studio rolstoeltoegankelijk")."""
    if any(match.group(1) in words for match in _ASKS_TO.finditer(searched.lower())):
        return True
    if any((match.group(1) or match.group(2)) in words for match in _ASKS_IF_YOU.finditer(searched.lower())):
        return True
    if _yes_no_ending_in(searched, words, translated=translated):
        return True
    if any(match.group(1) in words for match in _HOW_MANY.finditer(searched.lower())):
        return True
    for match in _ASKS_FOR.finditer(searched.lower()):
        if _IN_IT.search(" ".join(searched.lower()[match.start(1):].split()[:_IN_IT_WORDS])):
            continue  # "is there some synthetic stuff in it?" asks what a thing is made of, not for the stuff
        asked = [word for word in match.group(1).split() if word not in _DETERMINERS]
        if any(word in words for word in asked[:2]):
            return True
    return False
