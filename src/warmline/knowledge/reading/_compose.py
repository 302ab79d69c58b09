"""Answer the question that was asked: the sentences or table rows of a passage that address it.

A passage is written for everyone who might ask about its topic; a customer asked one thing. "How much is
shipping to Belgium?" deserves the Belgium line of the price list, not the whole list. Sentences are
weighted by the question words they contain, words of the passage's own title counting little (they name
the topic every sentence shares). When no sentence stands out the whole passage is the answer. An answer
never opens on a sentence that leans on the one before it ("Then it takes 1–2 days…", "Daarna duurt het…"):
that sentence comes too, in every language the shop serves. A sentence that is itself a list of figures
("1–2 days within the Netherlands, 2–4 to Belgium, …") is cut to the item asked about, when only one item
matches the question ("and to Belgium?"). Pure.
"""

from __future__ import annotations

import re

from ._terms import general_terms, stem, terms

__all__ = ["compose_answer", "says_how_long", "with_the_row_named"]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(A-Z0-9À-Ý¿¡])")
_SHORT = 120  # characters: a passage this short is answered whole
_TOPIC_WEIGHT = 0.25
_KEEP = 0.75  # sentences scoring this share of the best one are kept too


# Words that open a sentence continuing the one before ("then", "after that", "also"…) in en, nl, de, es and
# fr. Such a sentence is not sent without its predecessor. "Después de 30 días…" / "Après 30 jours…" stand
# on their own, so only the bare adverb counts there; "En"/"Anders" open standalone sentences in fr/es/de.
_LEANS_BACK = re.compile(
    r"^(?:then|after that|afterwards|from there|from then on|also|in addition|additionally|however|"
    r"but|and|so|otherwise|in that case|if so|if not|that way|that's why|this means|"
    r"daarna|daarnaast|vervolgens|dan|ook|bovendien|verder|maar|dus|daarom|toch|daarbij|hierna|"
    r"in dat geval|"
    r"danach|dann|anschließend|außerdem|auch|zudem|aber|und|also|deshalb|daher|sonst|trotzdem|dabei|"
    r"in diesem fall|"
    r"después(?! de)|luego|entonces|además|también|pero|y|así que|por eso|si no|sin embargo|en ese caso|"
    r"a continuación|"
    r"ensuite|puis|après (?:ça|cela)|aussi|de plus|en plus|mais|et|donc|alors|sinon|cependant|pourtant|"
    r"dans ce cas|par ailleurs)(?![^\W_])",
    re.IGNORECASE,
)


# "Depending on your bank it then takes 1–3 days…": "then" a few words in leans on the sentence before too (not
# the "then" of "if …, then …")
_THEN_INSIDE = re.compile(r"^(?!if\b|when\b)(?:[^\W\d_]+,?\s+){1,6}then\b", re.IGNORECASE)


def _leans_back(unit: str) -> bool:
    unit = unit.lstrip(" \"“(¿¡")
    return bool(_LEANS_BACK.match(unit) or _THEN_INSIDE.match(unit))


def _standing_alone(picked: list[int], *versions: list[str]) -> list[int]:
    """``picked`` with the sentence before each one that leans on it ("From there it's…"), in any version."""
    kept = set(picked)
    for i in sorted(picked):
        while i > 0 and i - 1 not in kept and any(_leans_back(units[i]) for units in versions):
            i -= 1
            kept.add(i)
    return sorted(kept)


def _units(text: str) -> list[str]:
    """Table rows one by one (with the header kept aside), sentences of prose."""
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and all(line.lstrip().startswith("|") for line in lines):
            units.extend(lines)
        else:
            units.extend(s.strip() for s in _SENTENCE_END.split(" ".join(lines)) if s.strip())
    return units


def _table_header(units: list[str]) -> list[str]:
    rows = [u for u in units if u.lstrip().startswith("|")]
    return rows[:2] if len(rows) > 2 and set(rows[1].replace("|", "").strip()) <= set("-: ") else []


def with_the_row_named(question: str, *, passage: str, paragraph: str) -> str:
    """``paragraph``, the part of ``passage`` nearest the question, or the whole passage when the question names
    a row of a table the paragraph lacks: "what's the chest width of an M?" lies nearest the paragraph on how
    the sizes are measured, and the M row answers it."""
    return passage if _names_a_row(question, passage) and not _names_a_row(question, paragraph) else paragraph


def _names_a_row(question: str, text: str) -> bool:
    """Whether ``question`` names a row of a table in ``text`` by its first cell."""
    units = _units(text)
    header = _table_header(units)
    labels = {cell.strip().lower() for unit in units if unit.lstrip().startswith("|") and unit not in header
              for cell in unit.strip().strip("|").split("|")[:1]}
    return bool(terms(question) & {stem(label) for label in labels if label and not _DIGIT.search(label)})


# "how long until the money is back?" asks for the sentence that says how long ("We refund within 5 working
# days…"), though "back" is the word it shares with "It goes back to the way you paid."
_ASKS_HOW_LONG = re.compile(r"\bhow (?:long|soon|many (?:days|weeks))\b|\bwhen will\b", re.IGNORECASE)
_SAYS_HOW_LONG = re.compile(r"\d\s*(?:working |business )?(?:days?|weeks?|hours?|months?)\b|\bsame day\b|"
                            r"\b(?:straight|right) away\b", re.IGNORECASE)


def says_how_long(question: str, text: str) -> bool:
    """Whether ``question`` asks how long and ``text`` says a length of time ("3 hours", "5 working days")."""
    return bool(_ASKS_HOW_LONG.search(question)) and _SAYS_HOW_LONG.search(text) is not None


# "which days are you there?" asks for the sentence naming them ("Thursday and Friday 12:00–18:00…")
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b", re.IGNORECASE)


def _unit_terms(unit: str) -> frozenset[str]:
    found = terms(unit)
    return found | {"day"} if _WEEKDAY.search(unit) else found


def _chosen(question: str, units: list[str], *, title: str) -> list[int] | None:
    """Indices of the units that address ``question``; ``None`` when none stands out (answer it whole)."""
    # "its way darker than on the website" does not ask for the sentence "if it's different in a way you don't
    # love": words that name no topic pick no sentence
    asked = terms(question) - general_terms()
    topic = terms(title)
    header = _table_header(units)
    how_long = bool(_ASKS_HOW_LONG.search(question))
    scores = [sum(_TOPIC_WEIGHT if term in topic else 1.0 for term in _unit_terms(unit) & asked)
              + (1.0 if how_long and _SAYS_HOW_LONG.search(unit) else 0.0) for unit in units]
    # the header names every column ("| Size | Chest (flat) |…"): it is kept with any row, never the best of them
    best = max((score for unit, score in zip(units, scores, strict=True) if unit not in header), default=0.0)
    if best < 1.0:  # only topic words matched: every line is as good as the next
        return None
    chosen = [i for i, score in enumerate(scores) if score >= _KEEP * best and units[i] not in header]
    picked: list[int] = []
    for i in chosen:
        if i > 0 and units[i - 1].rstrip().endswith(":") and i - 1 not in picked:
            picked.append(i - 1)  # "We ship to:" belongs with what follows it
        picked.append(i)
    return None if len(picked) == len(units) else picked


# A list of figures in one sentence: its items are split at commas (and a closing "and"), in any of our languages.
_ITEM = re.compile(r",\s+(?:(?:and|en|und|y|et)\s+)?", re.IGNORECASE)
_AND = re.compile(r"(?<!\s)\s++(?:and|en|und|y|et)\s++", re.IGNORECASE)  # one try per run of spaces: linear
_MIN_ITEMS = 4
_DIGIT = re.compile(r"\d")


def _items(sentence: str) -> list[str] | None:
    """The items of a sentence listing figures ("1–2 days to A, 2–4 to B, …"), or ``None`` for any other."""
    items: list[str] = []
    for piece in _ITEM.split(sentence.strip().rstrip(".")):
        if items and not _DIGIT.search(piece):  # "2–4 to Belgium, Germany and Luxembourg": one item
            items[-1] = f"{items[-1]}, {piece}"
        else:
            items.append(piece)
    if items:  # "… 24,95 € et le reste du monde 29,95 €": the last item joined by "and" alone, no comma
        items[-1:] = _split_last(items[-1])
    if len(items) < _MIN_ITEMS or not all(_DIGIT.search(item) for item in items):
        return None
    return items


# "any amount between €15 and €300": a range, whose "and" joins its two ends, not two items
_RANGE_OPENED = re.compile(r"\b(?:between|tussen|zwischen|entre)\s+\S*\d\S*$", re.IGNORECASE)


def _split_last(item: str) -> list[str]:
    """The last "and" that has figures on both sides splits ``item`` in two, unless it closes a range; otherwise
    it stays whole."""
    for match in reversed(list(_AND.finditer(item))):
        before, after = item[:match.start()], item[match.end():]
        if _DIGIT.search(before) and _DIGIT.search(after) and not _RANGE_OPENED.search(before):
            return [before, after]
    return [item]


def _item_asked(question: str, items: list[str], *, title: str) -> int | None:
    """The one item the question's words point at; ``None`` when none does or several do (then all are sent)."""
    asked = terms(question) - terms(title)
    matching = [i for i, item in enumerate(items) if terms(item) & asked]
    return matching[0] if len(matching) == 1 else None


def _cut_to_item(items: list[str], item: int) -> str:
    """The sentence up to its first item (which carries the lead-in and the unit), plus the item asked about."""
    if item == 0:
        return f"{items[0]}."
    gap = ", " if item == 1 else ", … "
    return f"{items[0]}{gap}{items[item]}."


def _narrowed(question: str, units: list[str], picked: list[int], *, title: str,
              translated: list[str] | None) -> tuple[list[str], list[str] | None]:
    """``units`` (and their translation) with each picked list of figures cut to the one item asked about."""
    units, translated = list(units), (list(translated) if translated is not None else None)
    for i in picked:
        items = _items(units[i])
        item = _item_asked(question, items, title=title) if items else None
        if items is None or item is None:
            continue
        units[i] = _cut_to_item(items, item)
        if translated is not None:
            theirs = _items(translated[i])
            if theirs is not None and len(theirs) == len(items):
                translated[i] = _cut_to_item(theirs, item)
    return units, translated


def _joined(units: list[str], picked: list[int]) -> str:
    header = _table_header(units)
    parts = [units[i] for i in picked]
    rows = [u for u in parts if u.lstrip().startswith("|")]
    if rows and header:
        prose = [u for u in parts if not u.lstrip().startswith("|")]
        table = "\n".join([*header, *rows])
        return f"{' '.join(prose)}\n\n{table}".strip()  # a table must stand apart from the text to be one
    return " ".join(parts).strip()


def compose_answer(question: str, passage: str, *, title: str = "", translation: str | None = None) -> str:
    """The part of ``passage`` that answers ``question`` (the whole passage when nothing stands out).

    With ``translation`` (the shop's own translation of ``passage``) the same sentences are taken from it,
    when it has as many; otherwise the whole translation.
    """
    units = _units(passage)
    short = len(passage) <= _SHORT and not _table_header(units)  # a table is worth cutting even when short
    picked = None if len(units) <= 2 or short else _chosen(question, units, title=title)
    translated = _units(translation) if translation is not None else None
    if picked is not None:
        picked = _standing_alone(picked, units, *([translated] if translated else []))
        if len(picked) == len(units):
            picked = None
    if picked is not None:
        units, translated = _narrowed(question, units, picked, title=title, translated=translated)
    if translation is not None and translated is not None:
        if picked is None or len(translated) != len(units):
            return translation.strip()
        return _joined(translated, picked)
    return passage.strip() if picked is None else _joined(units, picked)
