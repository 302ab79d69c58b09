"""Small talk: a message that is only a greeting, thanks, goodbye, an acknowledgement or a friendly emoji.

These get a fitting reply of their own, never a search of the knowledge base (so "hi" is never "a question
the assistant could not answer"). Only a message made *entirely* of such words counts: "hi, do you ship to
Spain?" is a question with a greeting in front. Five languages; pure, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ._praise import is_compliment
from ._remarks import announced_question, asks_nothing, greets
from ._smalltalk_phrases import KINDS

__all__ = ["SmallTalk", "asks_nothing", "greets", "questions_asked", "small_talk"]

_LOOKUP = {phrase: kind for kind, phrases in KINDS.items() for phrase in phrases}
_PHRASE_WORDS = {word for phrase in _LOOKUP for word in phrase.split()}
# (with a skin tone: "👍🏻"; and laughing: "😂")
_FRIENDLY_EMOJI = re.compile(r"^[\s👍👌🙏🙂😊😀😃😄😁🥰😍❤️♥️💛💚💙🧡💜🤍✨🎉🙌👏☺️😉🤗💕👋😂🤣😅😆\ufe0f"
                             r"\U0001F3FB-\U0001F3FF]+$")
_WAVE = "👋"
# "night!" alone is good night; "night delivery?" is not ("night" with a word after it is no goodbye)
_NIGHT = re.compile(r"^(?:ni(?:ght|te)|gn)(?: night)?[\s!.x]*$", re.IGNORECASE)
_FILLERS = {"so", "much", "very", "again", "too", "all", "everyone", "team", "guys", "you", "for", "the", "help",
            "info", "answer", "your", "veel", "heel", "erg", "viel", "mucho", "beaucoup", "pour", "por", "la", "a",
            "de", "een", "en", "and", "und", "y", "et", "there", "then", "both", "x", "xx", "xxx", "hoor", "dan",
            "really", "lot", "lots", "loads", "heaps", "just", "dear", "omg", "haha", "hahaha", "lol", "nog", "noch",
            "todo", "oh", "ah", "wow", "that's", "that", "it's", "was", "super", "thats", "its", "sm", "u",
            "guess", "i", "anyway", "anyways", "toch", "trotzdem", "honestly", "seriously", "literally", "tbh",
            "aah", "ooh", "yay", "yey", "woo", "woohoo", "phew", "whew", "no", "nope", "nah", "nee", "nein", "non",
            # the wish returned: "merci, bonne journée à vous", "fijne dag, jullie ook", "igualmente"
            "à", "vous", "toi", "aussi", "ook", "jullie", "ebenfalls", "auch", "dir", "euch", "igualmente",
            "también", "tambien",
            # what the thanks are for: "Merci vielmal für die Infos", "bedankt voor de uitleg"
            "voor", "für", "fürs", "die", "les", "infos", "information", "informatie", "informationen",
            "información", "informations", "uitleg", "antwoord", "auskunft", "antwort", "respuesta", "réponse",
            "explanation", "erklärung", "explication", "explicación",
            # how heartfelt, and to whom: "muchas gracias, de verdad", "omg you're so sweet thank u"
            "verdad", "serio", "vraiment", "echt", "wirklich", "you're", "youre", "ur", "are"}
# Laughing, in any of the five languages' spellings: "jajaja vale", "hihi ok", "mdr merci".
_LAUGHING = re.compile(r"(?:ha|ja|he|hi|je|ho)h?(?:ha|ja|he|hi|je|ho)+h?|lol+|lmao+|mdr+|ptdr+|xd+|hehe+|hihi+")
# A reply that closes for now with what the customer will do next ("ok thanks, ill have a look at the dates",
# "Dank je, ik denk er nog even over na"): it asks nothing, a thought that ends the turn.
_CLOSING_FOR_NOW = re.compile(
    r"(?:i'?ll|i will|i'm going to|im going to|i'?m gonna|gonna|let me|will|(?:i )?(?:might|may)|maybe i'?ll|"
    r"(?:i'?ll )?probably)\s+"
    r"(?:have a (?:look|think|browse)|take a look|look(?: into it)?|check|think(?: about it| it over)?|sleep on it|"
    r"decide|let (?:you|u) know|get back to (?:you|u)|come back|be in touch|keep (?:that|it) in mind|order|wait|"
    r"try|see|book|browse|email|mail|write|message|contact|call|take|get|go with|buy|pop by|come by|drop by|"
    r"sign up|subscribe|check out)"
    r"(?: (?!if\b|whether\b|or\b)[\w']+){0,5}|"
    # doing it as they write: "ok signing up now, bye!", "ordering it right now"
    r"(?:signing up|subscribing|ordering|buying|booking|checking out|placing (?:the|my|an) order)"
    r"(?: (?:it|one|them|that|now|right now|then|today|tonight|straight away))*|"
    r"ik (?:denk er (?:nog )?(?:even |eens )?over na|kijk (?:nog )?(?:even|eens|ernaar)(?: \w+){0,4}|laat (?:het )?"
    r"(?:je |u |jullie )?(?:nog )?(?:even )?weten|ga (?:nog )?(?:even |het )?(?:bestellen|kijken|nadenken)|"
    r"bestel (?:hem|het|ze)(?: \w+){0,2})|"
    # a choice made: "Oké, dan ruil ik hem", "dann nehme ich die M", "entonces me quedo con la S"
    r"dan (?:ruil|bestel|neem|koop|kies|probeer) ik (?:hem|het|ze|die|de \w+)(?: \w+){0,2}|"
    r"dann (?:tausche|bestelle|nehme|kaufe) ich(?: (?:ihn|es|sie|den \w+|die \w+|das \w+))?(?: \w+){0,2}|"
    r"(?:entonces )?me quedo con (?:el|la|los|las) \w+|alors je prends (?:le|la|les) \w+|"
    # ordering now: "perfecto, lo pido ahora", "je commande tout de suite", "ich bestelle ihn gleich"
    r"(?:lo|la|los|las) (?:pido|compro|encargo)(?: ahora| ya| hoy| entonces)?|"
    r"je (?:le |la |les )?commande(?: tout de suite| maintenant| alors)?|je vais (?:le |la |les )?commander|"
    r"ich (?:bestelle|kaufe) (?:ihn|es|sie|den|die|das)?(?: \w+){0,2}|"
    # waiting it out: "Oké, ik wacht het af"
    r"ik wacht (?:het )?(?:wel |even |maar |dan )?af|ich warte (?:es |das )?(?:dann |mal )?ab|"
    r"j'attends(?: alors| donc)?|(?:entonces )?esperar[ée]|"
    r"ich (?:überlege|ueberlege|überleg) (?:es )?(?:mir )?(?:noch)?(?: mal)?|ich (?:schau|schaue) (?:mal|es mir an)"
    r"(?: \w+){0,3}|ich melde mich(?: wieder| nochmal| noch mal)?|ich (?:denke|denk) (?:noch )?(?:mal )?"
    r"(?:drüber|darüber) nach|"
    r"(?:lo|me lo) (?:pienso|pensaré|pensare|miro|miraré|mirare|veo)(?: \w+){0,3}|"
    r"ya (?:te|os) (?:digo|diré|dire|aviso)|"
    r"(?:te|os) aviso|voy a pensarlo|lo voy a pensar|"
    r"je vais (?:y )?(?:réfléchir|reflechir|regarder|voir)(?: \w+){0,4}|"
    r"je (?:regarde|réfléchis|reflechis)(?: \w+){0,3}|"
    r"je (?:vous|te) (?:redis|tiens au courant|recontacte)|je reviens vers vous|on verra")
# What thanks are for, in a few words: "thank you for being kind about it", "gracias por avisarme tan rápido"
_THANKS_FOR = frozenset({"for", "voor", "für", "fürs", "por", "pour", "de"})
_THANKED_FOR_WORDS = 5
_STRETCHED = re.compile(r"(\w)\1{2,}")
_JOINING_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_PUNCT = re.compile(r"[!.?,;:~\-–—)(*]+")
_MAX_WORDS = 10
_LONGEST_PHRASE = max(len(phrase.split()) for phrase in _LOOKUP)


@dataclass(frozen=True, slots=True, kw_only=True)
class SmallTalk:
    """What kind of small talk a message is ("hello", "thanks", "bye", "ack", "ask_else", "bot", "compliment"),
    with the words; for a question announced but not yet asked (``ask_else``), what it is about."""

    kind: str
    evidence: str
    about: str = ""


def _parts(text: str) -> list[str]:
    # A hyphen inside a word joins ("pouvez-vous"); one between words separates ("ok - thanks").
    cleaned = _PUNCT.sub(",", _JOINING_HYPHEN.sub(" ", text.lower().replace("’", "'")))
    return [part.strip() for part in cleaned.split(",") if part.strip()]


def _kinds_of(part: str, *, asks: bool) -> list[str] | None:
    """The small-talk phrases ``part`` is made of (longest first), or ``None`` if it says anything else.

    One unknown word may close a part after a greeting or thanks: a name ("thanks Maya", "hoi Anna"). So may what
    the thanks are for, in a message that asks nothing (``asks``): "ok thanks for sorting it".
    """
    words = [_unstretched(word) for word in part.split()]
    kinds: list[str] = []
    i = 0
    while i < len(words):
        if _CLOSING_FOR_NOW.fullmatch(" ".join(part.split()[i:])):  # "ok i will check the size guide"
            return [*kinds, "ack"]
        if (kinds and kinds[-1] == "thanks" and not asks and words[i] in _THANKS_FOR
                and len(words) - i - 1 <= _THANKED_FOR_WORDS):
            return kinds
        for size in range(min(_LONGEST_PHRASE, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + size])
            if phrase in _LOOKUP:
                kinds.append(_LOOKUP[phrase])
                i += size
                break
        else:
            if words[i] in _FILLERS or _LAUGHING.fullmatch(words[i]):
                i += 1
                continue
            named = i == len(words) - 1 and kinds and kinds[-1] in ("hello", "thanks", "bye")
            if not named:
                return None
            i += 1
    return kinds


def _unstretched(word: str) -> str:
    """ "heyyy" is "hey", "thanksss" is "thanks", "byeee" is "bye": a letter written three times or more, once
    (or twice, "sooo good" → "soo" is no word, "helloooo" → "helloo" neither, so once is tried first); and a
    last letter written twice, once ("holaa", "hoii", "ahh")."""
    if word in _LOOKUP or word in _FILLERS or word in _PHRASE_WORDS:  # "dann" of "bis dann" is no stretched "dan"
        return word
    if not _STRETCHED.search(word):
        doubled = len(word) > 2 and word[-1] == word[-2]
        return word[:-1] if doubled and (word[:-1] in _LOOKUP or word[:-1] in _FILLERS) else word
    once = _STRETCHED.sub(r"\1", word)
    return once if once in _LOOKUP or once in _FILLERS else _STRETCHED.sub(r"\1\1", word)


def questions_asked(texts: Iterable[str]) -> tuple[str, ...]:
    """The customer's messages that ask something, oldest first, with small talk left out — but what an
    announced question is about kept ("Hi! I have a question about your sweaters" → "your sweaters"), and
    praise ("I love the Wadden sweater"): the context a follow-up ("are they itchy?") is read with."""
    asked = []
    for text in texts:
        talk = small_talk(text)
        if talk is None or talk.kind == "compliment":
            asked.append(text)
        elif talk.about:
            asked.append(talk.about)
    return tuple(asked)


def small_talk(text: str) -> SmallTalk | None:
    """The small talk ``text`` is entirely made of, or ``None`` when it says or asks anything else.

    A message of several kinds ("ok thanks, bye!") counts as its last one that closes ("bye" over
    "thanks" over "ack"); a greeting with thanks counts as thanks.
    """
    stripped = text.strip()
    about = announced_question(stripped)
    if about is not None:  # "Hi! I have a question about your sweaters": what would they like to know?
        return SmallTalk(kind="ask_else", evidence=stripped, about=about)
    if is_compliment(stripped):
        return SmallTalk(kind="compliment", evidence=stripped)
    if not stripped or len(stripped.split()) > _MAX_WORDS:
        return None
    if _NIGHT.match(stripped):
        return SmallTalk(kind="bye", evidence=stripped)
    if _FRIENDLY_EMOJI.match(stripped):
        return SmallTalk(kind="hello" if _WAVE in stripped else "ack", evidence=stripped)
    kinds: list[str] = []
    parts = _parts(re.sub(r"[^\w\s'!.?,;:\-]", " ", stripped))
    for number, part in enumerate(parts):
        found = _kinds_of(part, asks="?" in stripped)
        # a name or a word of affection on its own after thanks or a greeting: "¡Muchas gracias, majos!"
        named = (found is None and number == len(parts) - 1 and len(part.split()) == 1 and kinds
                 and kinds[-1] in ("hello", "thanks", "bye"))
        if found is None and not named:
            return None
        kinds.extend(found or ())
    if not kinds:
        return None
    for preferred in ("bot", "ask_else", "bye", "thanks", "hello", "ack"):
        if preferred in kinds:
            return SmallTalk(kind=preferred, evidence=stripped)
    return None  # pragma: no cover - every kind is listed above
