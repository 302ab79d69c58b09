"""Where another language puts words English puts elsewhere, undone before a question is read word by word
(``Glossary.to_english``): a German or Dutch verb's particle at the end of its clause ("Wann kommt meine Bestellung
an?"), an article that ends its clause and stands for what was named before ("Was kosten die?"), a time ago ("il y a
2 semaines", "vor 2 Wochen"). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

__all__ = ["in_english_order"]

_LONGEST_WORD = 40  # letters: the word before a particle is looked at no further back than this

# "Wann kommt meine Bestellung an?": a German or Dutch verb's particle, at the end of its clause, is part of
# the verb ("ankommen", arrive), not the preposition "to" that it is elsewhere.
_PARTICLE_AT_THE_END = {
    "de": re.compile(r"\s(an|auf|aus|ab|mit|zu|ein|vor|weg|zurück)(\s*(?:[?.!,;]|$))"),
    "nl": re.compile(r"\s(aan|op|uit|af|mee|toe|in|voor|weg|terug)(\s*(?:[?.!,;]|$))"),
}

# "Was kosten die?", "Wat kosten die?": an article that ends its clause stands for what was named before ("they"),
# where the article's own English ("the") would leave nothing to point back with.
_ARTICLE_AT_THE_END = {
    "de": re.compile(r"\b(die|der|das|den|dem)(?=\s*(?:[?.!,;]|$))"),
    "nl": re.compile(r"\b(die|dat|deze)(?=\s*(?:[?.!,;]|$))"),
}
# "il y a 2 semaines", "vor 2 Wochen": a time ago, not "there is 2 weeks" (which reads as a custom order's "4–6
# weeks") or "before 2 weeks"
_AGO = {
    "fr": re.compile(r"\bil y a ((?:\d+|une?|deux|trois|quatre|cinq|six|dix|quinze|quelques|plusieurs) "
                     r"(?:jours?|semaines?|mois|ans?|heures?|minutes?))\b"),
    "de": re.compile(r"\bvor ((?:\d+|einer|einem|zwei|drei|vier|fünf|sechs|zehn|ein paar|einigen|mehreren) "
                     r"(?:tagen?|wochen?|monaten?|monat|jahren?|jahr|stunden?|minuten))\b"),
}
_AS_PRONOUN = {"die": "they", "der": "it", "das": "it", "den": "it", "dem": "it", "dat": "that", "deze": "these"}


def in_english_order(text: str, language: str, *, phrases: Container[str], is_verb: Callable[[str], bool]) -> str:
    """``text`` (lowercase, in ``language``) with its words where English would read them: a time ago as "… ago", a
    separable verb's particle back on its verb when ``is_verb`` says the two are one ("wie schicke ich etwas zurück?"
    is "wie zurückschicke ich etwas?"), and an article ending a clause as the pronoun it stands for. ``phrases``: the
    glossary's phrases, which keep a particle with the word before it ("geld terug": a refund)."""
    if language in _AGO:
        text = _AGO[language].sub(r"\1 ago", text)
    if language in _PARTICLE_AT_THE_END:
        text = _rejoined(text, phrases, language, is_verb)

        # a separable verb's particle says little alone ("meld ik me af"), unless the glossary has it with
        # the word before ("geld terug": a refund, "groot uit": runs large)
        def dropped(match: re.Match[str]) -> str:
            particle, end = match.groups()
            # the word before, looked at here and not in the pattern: no backtracking over a long word
            before = match.string[max(0, match.start() - _LONGEST_WORD):match.start()].rsplit(None, 1)
            return match.group(0) if before and f"{before[-1]} {particle}" in phrases else end

        text = _PARTICLE_AT_THE_END[language].sub(dropped, text)
    if language in _ARTICLE_AT_THE_END:
        text = _ARTICLE_AT_THE_END[language].sub(lambda match: _AS_PRONOUN[match.group(1)], text)
    return text


_CLAUSES = re.compile(r"([?.!,;]+)")


def _rejoined(text: str, phrases: Container[str], language: str, is_verb: Callable[[str], bool]) -> str:
    """Each clause that ends on a verb's particle with that verb written whole again, when the glossary has it:
    "wie schicke ich etwas zurück?" is "wie zurückschicke ich etwas?" (return), "hoe stuur ik het terug?" is
    "hoe terugstuur ik het?" (send back)."""
    pieces = _CLAUSES.split(text)
    for number, clause in enumerate(pieces):
        words = clause.split()
        # (unless the glossary has the particle with the word before: "mijn geld terug", a refund)
        if (len(words) < 2 or not _PARTICLE_AT_THE_END[language].search(f" {words[-1]}")
                or f"{words[-2]} {words[-1]}" in phrases):
            continue
        particle = words[-1]
        for index, word in enumerate(words[:-1]):
            joined = particle + word
            if is_verb(joined):  # (a verb: not "in" with "tussen", "intussen")
                pieces[number] = " ".join([*words[:index], joined, *words[index + 1:-1]])
                break
    return "".join(f" {piece} " if not _CLAUSES.fullmatch(piece) else piece for piece in pieces).strip()
