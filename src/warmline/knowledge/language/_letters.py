"""A message written as a letter: its salutation and sign-off are no part of the question.

"Hi there, I'm buying a sweater for my dad … can he still return it in January? Thanks, Priya": "Priya" is
a word the knowledge never uses, and a question with such a word is held to a higher bar; "Met vriendelijke
groet, Femke" adds nothing but noise to its meaning. ``without_salutations`` keeps what is asked.
"""

from __future__ import annotations

import re

__all__ = ["without_salutations"]

# (lowercase; several words where a language needs them; longest first is not needed: the regex backtracks)
_GREETINGS = (
    "hi", "hey", "hello", "hiya", "dear", "good morning", "good afternoon", "good evening",
    "hallo", "hoi", "beste", "lieve", "goedemorgen", "goedemiddag", "goedenavond", "dag",
    "guten tag", "guten morgen", "guten abend", "liebe", "lieber", "sehr geehrte", "sehr geehrter",
    "sehr geehrtes", "moin", "servus", "grüß gott",
    "hola", "buenas", "buenos días", "buenos dias", "buenas tardes", "buenas noches", "estimado", "estimada",
    "estimados", "querido", "querida",
    "bonjour", "bonsoir", "salut", "coucou", "cher", "chère", "chers", "madame", "monsieur",
)
# Who the greeting is for, when not a name ("Hi there", "hey guys", "Hola a todos").
_ADDRESSEES = ("there", "all", "everyone", "guys", "folks", "team", "allemaal", "zusammen", "a todos", "equipo",
               "à tous", "a tous", "l'équipe", "tout le monde")
_CLOSINGS = (
    "thanks", "thank you", "thanks a lot", "thanks in advance", "many thanks", "cheers", "best", "best wishes",
    "best regards", "kind regards", "warm regards", "regards", "all the best", "sincerely", "yours", "love", "xx",
    "groetjes", "groeten", "groet", "met vriendelijke groet", "met vriendelijke groeten", "vriendelijke groet",
    "hartelijke groet", "liefs", "bedankt", "alvast bedankt", "dank je wel", "dankjewel", "dank u wel", "gr",
    "mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße", "viele grüße", "liebe grüße",
    "beste grüße", "herzliche grüße", "grüße", "gruß", "lg", "mfg", "danke", "vielen dank", "danke schön",
    "saludos", "un saludo", "muchas gracias", "gracias", "un abrazo", "atentamente", "besos", "cordialmente",
    "cordialement", "bien cordialement", "bien à vous", "merci", "merci d'avance", "merci beaucoup",
    "bonne journée", "bonne soirée", "bisous", "salutations",
)
# Words that only place the question in the talk ("in the meantime, …", "…, btw?"): no part of what is asked.
# (Not "and" or "also": they say a question leans on the one before.)
_ASIDES = (
    "in the meantime", "meanwhile", "while i wait", "while i'm waiting", "btw", "by the way", "quick question",
    "one more thing", "another thing", "ondertussen", "intussen", "trouwens", "in de tussentijd", "nog een vraagje",
    "in der zwischenzeit", "währenddessen", "übrigens", "noch eine frage", "mientras tanto", "mientras espero",
    "entretanto", "por cierto", "otra cosa", "una pregunta", "en attendant", "entre-temps", "entretemps", "au fait",
    "d'ailleurs", "autre chose", "petite question",
)
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"  # a name, capitalised ("Femke", "O'Brien", "Mossa-Team")
_JOINED = r"(?:&|\+|and|en|und|y|et)"


def _alternatives(phrases: tuple[str, ...]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


# The greeting and, after it, a name (capitalised) or who it is for, then a comma, "!", ":" or a line break.
_SALUTATION = re.compile(
    rf"^\s*(?i:{_alternatives(_GREETINGS)})(?:\s+(?:(?i:{_alternatives(_ADDRESSEES)})|{_NAME}))*"
    rf"\s*(?:[,!:]+|\n)\s*")
_LEADING_ASIDE = re.compile(rf"^\s*(?i:{_alternatives(_ASIDES)})(?:\s*[,:;.!–—-]+\s*|\s+)")
_TRAILING_ASIDE = re.compile(rf"[\s,]+(?i:{_alternatives(_ASIDES)})(?=\s*[?!.]*\s*$)")
# A closing where a sentence ends or a line begins, and the names that sign it ("Claire et Hugo"), to the end.
_SIGN_OFF = re.compile(
    rf"(?:(?<=[.!?\n,;])|^)\s*(?i:{_alternatives(_CLOSINGS)})(?:[\s,]+(?i:{_alternatives(_CLOSINGS)}))*"
    rf"[\s,.!:]*(?:{_NAME}(?:\s+(?:{_JOINED}\s+)?{_NAME}){{0,3}})?"
    r"[\s.!❤️😊🙂x]*$")


def without_salutations(text: str) -> str:
    """``text`` without the greeting that opens it, the closing and name that sign it and an aside that only
    places it in the talk ("mientras tanto: ¿…?", "how long do custom ones take btw?"), if what remains still
    says something; otherwise ``text`` as it is ("Thanks, Priya!" alone is small talk, not a letter)."""
    kept = _SIGN_OFF.sub("", _SALUTATION.sub("", text, count=1), count=1).strip()
    kept = _TRAILING_ASIDE.sub("", _LEADING_ASIDE.sub("", kept, count=1), count=1).strip()
    return kept if re.search(r"[^\W\d_]{2,}", kept) else text
