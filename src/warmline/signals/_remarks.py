"""Remarks that ask nothing yet: a question announced ("Hi! I have a question about your sweaters") and a
statement that sets the scene ("hi! we're getting married next september 💍"), in five languages (a compliment is
read in ``_praise``).

Searched as questions, both were answered with a guess ("What are your sweaters made of?") or with "I'm not
sure about that one". An announced question gets "Sure — what would you like to know?", and what it is about
(``about``) stays the context of the question that follows ("are they itchy?"); a compliment gets thanks.
Only a whole message counts: "I love the Wadden sweater, is it itchy?" asks something. Pure, no I/O.
"""

from __future__ import annotations

import re

from ._lexicon import PROBLEM_WORDS

__all__ = ["after_greeting", "announced_question", "asks", "asks_nothing", "asks_shop_to", "asks_without_trouble",
           "greets", "only_tells"]

_GREETING_WORDS = (r"(?:hi+|hello+|hey+|hiya|good (?:morning|afternoon|evening)|hoi+|hallo+|hai|goedemorgen|"
                   r"goedemiddag|goedenavond|moin|guten (?:morgen|tag|abend)|hola+|buenas(?: tardes| noches)?|"
                   r"buenos d[ií]as|bonjour|salut|bonsoir|coucou+)(?: there| all| team| \w+)?")
GREETING = rf"(?:{_GREETING_WORDS}[\s,.!:;👋]+)?"  # a greeting in front, set apart (``_praise`` reads it too)
_ABOUT = r"(?:(?:about|regarding|re|on|over|omtrent|zu|zum|zur|wegen|bez[üu]glich|[üu]ber|sobre|acerca de|con|sur|"\
         r"concernant|[àa] propos de)\s+(?P<about>[^?.!,;:]{1,60}?))?"
_ANNOUNCING = (
    # en
    r"(?:i (?:have|had|got|'ve got)|i've got|got|have) (?:a |one )?(?:quick |small |short |little )?"
    r"(?:question|query|q)s?|(?:a )?(?:quick |small |short )?question|quick q|"
    r"i (?:wanted|want|would like|'d like) to ask(?: you)?(?: something| a question| a quick question)?|"
    r"(?:can|could|may) i ask(?: you)?(?: something| a question| a quick question)?|"
    # nl
    r"ik (?:heb|had) (?:een |nog een )?(?:korte |kleine |snelle )?vra(?:ag|agje)|(?:even )?een vraag(?:je)?|"
    r"vraagje|mag ik (?:iets|wat|even iets) vragen|ik wil(?:de)? (?:iets |wat |graag iets )?vragen|"
    # de
    r"ich (?:habe|hab|hätte|haette)(?: mal| da)? (?:eine |ne )?(?:kurze |kleine )?frage|(?:eine |ne )?kurze frage|"
    r"darf ich (?:was|etwas|mal was) fragen|ich wollte (?:mal )?(?:was |etwas )?fragen|"
    # es
    r"tengo (?:una )?(?:peque[ñn]a |breve )?(?:pregunta|duda|consulta)|(?:una )?(?:peque[ñn]a |breve )?"
    r"(?:pregunta|duda|consulta)|(?:puedo|podr[ií]a) (?:hacer(?:te|os|le)? una pregunta|preguntar(?:te|os|le)? algo)|"
    # fr
    r"j'(?:ai|aurais) (?:une )?(?:petite |rapide )?question|(?:une )?(?:petite |rapide )?question|"
    r"(?:je peux|puis-je|est-ce que je peux) (?:vous |te )?poser une question"
)
_ANNOUNCED = re.compile(rf"^{GREETING}(?:{_ANNOUNCING})\s*{_ABOUT}[\s.!?:)…]*$", re.IGNORECASE)

# what makes "a question about the sweater is it itchy" the question itself
_ASKING = re.compile(
    r"\b(?:is|are|do|does|can|could|will|would|how|what|when|where|why|which|kan|kun|hoe|wat|wanneer|waar|ist|"
    r"sind|kann|wie|was|wann|wo|puedo|cómo|como|qué|cuándo|cuando|dónde|donde|est|sont|peut|comment|quand|où)\b",
    re.IGNORECASE)
_MAX_WORDS = 14


def announced_question(text: str) -> str | None:
    """What a message that only announces a question is about ("your sweaters"; "" when it names nothing),
    or None when it asks or says anything more."""
    cleaned = " ".join(text.replace("’", "'").split())
    if len(cleaned.split()) > _MAX_WORDS:
        return None
    match = _ANNOUNCED.match(cleaned)
    if match is None:
        return None
    about = (match.group("about") or "").strip()
    return None if _ASKING.search(about) else about


# What makes a message a question or a request even without its question mark: a question word or a word of
# asking anywhere, or a verb that opens a question at the start of a clause ("can you…", "kunnen jullie…")
_ASKING_WORDS = re.compile(
    r"\b(?:how|what|when|where|why|which|who|please|know|wonder|wondering|tell|info|hoe|wat|wanneer|waar|waarom|"
    r"welke|graag|weten|vraag|wann|wo|warum|welche|welcher|wer|bitte|wissen|frage|cómo|qué|cuándo|dónde|"
    r"cuál|quién|por favor|saber|pregunta|comment|quoi|quand|où|pourquoi|quel|quelle|s'il|savoir|question|"
    # typed fast: "wich one should i go for", "wat size"
    r"wich|whats|wot|hw|wen|wher|whr|"
    # English asks by putting the verb first, wherever the clause starts: "im between S and M which one should i go for"
    r"(?:should|shall|can|could|do|would) (?:i|we))\b",
    re.IGNORECASE)
# Where a clause starts: a message's start, after a mark, or after an emoji ("sold out FOREVER 😭 when r u making
# more")
_CLAUSE_START = r"(?:^|[.!,;:\n\u2600-\u27bf\ufe0f\U0001f300-\U0001faff]\s*)"
# "how long until the money is back on my card": a question word opening a clause asks, with or without "?"
_QUESTION_START = re.compile(
    rf"{_CLAUSE_START}{GREETING}(?:how|what|when|where|why|which|hoe|wat|wanneer|waar|waarom|welke|wie|wann|wo|"
    r"warum|welche|cómo|qué|cuándo|dónde|cuál|comment|quand|où|pourquoi|quel|quelle)\b", re.IGNORECASE)
_ASKING_START = re.compile(
    rf"{_CLAUSE_START}{GREETING}(?:can|could|would|will|do|does|did|is|are|should|may|any|kan|kun|kunnen|kunt|"
    r"mag|moet|heb|hebben|hebt|kann|können|darf|soll|ist|sind|hast|habt|gibt|puedo|puedes|podéis|pueden|hay|"
    r"tenéis|tienen|est-ce|peux|pouvez|puis|avez|y a)\b", re.IGNORECASE)
# A statement speaks of the customer ("we're getting married", "j'ai reçu mon écharpe") or opens with a
# greeting ("Hola! Escribo desde Valencia"): "shipping to mars" and "Vous avez des tasses bleues" ask.
_FIRST_PERSON = re.compile(
    r"\b(?:i|i'm|i've|i'd|im|ive|we|we're|we've|my|our|me|us|ik|mijn|wij|ons|onze|mij|ich|mein|meine|meinen|"
    r"meinem|wir|unser|unsere|mir|mich|yo|mi|mis|nosotros|nuestro|nuestra|je|j|ma|mon|mes|nous|notre|moi)\b",
    re.IGNORECASE)
_SECOND_PERSON = re.compile(
    r"\b(?:you|your|you're|u|ur|jullie|jij|uw|ihr|euch|eure|euer|dich|dir|du|os|vosotros|vuestr[oa]s?|vous|votre|"
    r"vos|toi)\b", re.IGNORECASE)
_FRAGMENT_WORDS = 5
_GREETED = re.compile(rf"^{GREETING}\S", re.IGNORECASE)
# ... and tells no trouble a case reading may have missed: an order number, or a word of something gone wrong
# ("Ich habe bei MS-77310 die falsche Hausnummer angegeben!" is a case, not small talk). The English words of
# trouble are the lexicon's (``PROBLEM_WORDS``); these are the other languages', and money and time gone wrong.
_TROUBLE = re.compile(
    r"\b[a-z]{1,4}-?\d{3,}\b|\d{4,}|\b(?:late|never|charged|twice|falsch|falsche|falschen|kaputt|fehlt|"
    r"verloren|doppelt|fehler|verkeerd|verkeerde|kapot|kwijt|dubbel|fout|roto|rota|mal|perdido|doble|cassé|cassée|"
    r"perdu|erreur|faux|fausse|abîmé)\b|"
    # a size that does not fit what arrived: "the socks i got are way too big, can i swap them? MS-8824"
    r"\b(?:(?:way |much |a bit |far )?too (?:big|small|tight|loose|large|short|long)|(?:doesn'?t|does not|don'?t) fit|"
    r"te (?:groot|klein|krap|strak|kort|lang)|past (?:niet|me niet)|zu (?:groß|gross|klein|eng|kurz|lang)|"
    r"passt (?:nicht|mir nicht)|(?:muy |demasiado )?(?:grande|pequeño|pequeña|estrecho|corto) para|no me queda|"
    r"trop (?:grand|petit|large|serré|court|long)e?s?|ne me va pas)\b|"
    # time gone by: "where is my refund, it's been 3 weeks", "returned the scarf 3 weeks ago and still no refund"
    r"\b(?:still (?:no|not|nothing|waiting|hasn'?t|haven'?t|isn'?t|didn'?t)|nog steeds (?:niet|geen|niks|niets)|"
    r"immer noch (?:nicht|kein\w*|nichts)|todavía no|toujours pas)\b|\bbeen (?:\d+|a|two|three|four|five|six|several) "
    r"(?:days?|weeks?|months?)\b|\b(?:\d+|two|three|four|five|six) (?:days?|weeks?|months?) ago\b", re.IGNORECASE)
_STATEMENT_WORDS = 16


# A need said of some number of things is an order asked for: "we'd need 20 mugs with our logo by mid march",
# "Wir bräuchten 20 Tassen mit unserem Logo bis Mitte März" (not "I need to think about it").
_NEEDS = re.compile(
    r"\b(?:(?:i|we)(?:'d| would)? (?:need|want|like)|ik (?:wil|zou graag|heb)|we (?:willen|zouden graag|hebben)|"
    r"(?:ich|wir) (?:bräuchten|brauchen|brauche|hätten gern|hätte gern|möchten|möchte)|"
    r"necesit(?:o|amos|aríamos|aría)|quer(?:emos|ríamos)|quisiera|quisiéramos|"
    r"(?:je|nous) (?:voudrais|voudrions|aurais besoin|aurions besoin)|il (?:me|nous) faudrait)"
    r"(?: \w+){0,2} \d+ ", re.IGNORECASE)

# A wish for what the shop's policies speak of is a request: "Ich möchte den Pulli umtauschen", "ik wil de Polder
# sjaal terugsturen"
_WANTS_DONE = re.compile(
    r"\b(?:(?:i|we) (?:want|wanna|need|would like|'d like|d like) to|i'd like to|id like to|ik wil|"
    r"ik zou (?:graag|willen)|we willen|ich (?:möchte|will|würde gern|würde gerne)|wir (?:möchten|wollen)|"
    r"quiero|quisiera|queremos|"
    r"me gustaría|je (?:voudrais|veux|souhaite|souhaiterais)|j'aimerais|nous voudrions)\b[^.!?]{0,40}?\b"
    r"(?:return|send (?:it |them |\w+ )?back|exchange|swap|cancel|change|refund|terugsturen|retourneren|"
    r"ruilen|omruilen|annuleren|wijzigen|zurückschicken|zurücksenden|umtauschen|tauschen|stornieren|ändern|"
    r"devolver|cambiar|cancelar|anular|retourner|renvoyer|échanger|annuler|modifier|rembourser)",
    re.IGNORECASE)


def asks_nothing(text: str) -> bool:
    """Whether a message only tells something, asking and requesting nothing: "Hola! Escribo desde Valencia 👋",
    "Bonjour, j'ai reçu mon écharpe il y a trois semaines". (Whether it opens a case, or wants a person, is
    read elsewhere, before this.)"""
    cleaned = " ".join(text.replace("’", "'").split())
    if (len(cleaned.split()) > _STATEMENT_WORDS or not only_tells(cleaned) or _tells_of_trouble(cleaned)
            or _NEEDS.search(cleaned) or _WANTS_DONE.search(cleaned)):
        return False
    return greets(cleaned) or _FIRST_PERSON.search(cleaned) is not None


def only_tells(text: str) -> bool:
    """Whether a message asks and requests nothing, whatever it tells, trouble too: "la devolución os llegó el
    día 3" while a refund waits is something for the case, not a question for the knowledge. It speaks of the
    customer, or of the shop ("os") in more than a fragment: "opening hours saturday" and "your opening hours on
    saturday" ask."""
    cleaned = " ".join(text.replace("’", "'").split())
    if not cleaned or "?" in cleaned or _ASKING_WORDS.search(cleaned) or _ASKING_START.search(cleaned):
        return False
    told_of_the_shop = len(cleaned.split()) > _FRAGMENT_WORDS and _SECOND_PERSON.search(cleaned) is not None
    return not _QUESTION_START.search(cleaned) and (
        greets(cleaned) or _FIRST_PERSON.search(cleaned) is not None or told_of_the_shop)


# Asked before buying: whatever it names ("cracked", "fine lines"), nothing the customer has went wrong.
_BEFORE_BUYING = re.compile(
    r"\b(?:before (?:i|we) (?:buy|order|purchase|get)|before (?:buying|ordering)|asking before|"
    r"thinking (?:of|about) (?:buying|getting|ordering)|(?:product|shop) page says|"
    r"voor(?:dat)? ik (?:het |hem |ze )?(?:koop|bestel)|bevor ich (?:\w+ )?(?:kaufe|bestelle)|vor dem kauf|"
    r"antes de (?:comprar|pedir|encargar)|avant d'acheter|avant de commander)\b", re.IGNORECASE)
_ORDER_NUMBER = re.compile(r"\b[a-z]{1,4}-?\d{3,}\b|\d{4,}", re.IGNORECASE)


def asks_without_trouble(text: str) -> bool:
    """Whether a message asks (a question mark, or a clause that opens as a question) and tells of nothing
    gone wrong: "Kan ik achteraf betalen met Klarna?" and "is there any lead in your glazes?" ask what the
    shop's answers say; "the mug arrived chipped, can I get a new one?" tells of trouble, "do the fine lines in
    the speckled glaze mean it's cracked? asking before i buy" does not (it names no order)."""
    cleaned = " ".join(text.replace("’", "'").split())
    before_buying = _BEFORE_BUYING.search(cleaned) is not None and not _ORDER_NUMBER.search(cleaned)
    return asks(cleaned) and (before_buying or not _tells_of_trouble(cleaned))


def asks(text: str) -> bool:
    """Whether a message asks at all: a question mark, or a clause that opens as a question ("how long until
    the money is back on my card", "kunnen jullie…"). "Mein Paket sollte letzte Woche kommen und die
    Sendungsverfolgung bewegt sich seit Tagen nicht" only tells."""
    cleaned = " ".join(text.replace("’", "'").split())
    return "?" in cleaned or _ASKING_START.search(cleaned) is not None or _QUESTION_START.search(cleaned) is not None


# Work asked of the shop ("could you knit it in rust?", "könnt ihr mir die größere schicken?" read word by word
# in English as "can you me the bigger send", "could ines knit the dijk…"): the verb, up to twelve words after
# "can you" or "can" and someone who is not the customer. ("can you make that happen?" asks for nothing made.)
_WORK = (r"(knit|make(?! sure\b)(?! (?:it|that|this) (?:happen|work)\b)|sew|crochet|stamp|engrave|paint|send|swap|"
         r"switch|change|exchange|replace|alter|"
         r"shorten|lengthen)\b")
_ASKED_TO_DO = re.compile(
    r"\b(?:can|could|would|will) (?:you|u|ya|y'all|someone|somebody|anyone|anybody|one of you)\b"
    rf"(?:[^\w.?!]+\w+){{0,12}}?[^\w.?!]+{_WORK}|"  # within the sentence
    # someone named, the verb right after: "could ines knit…" (not "would like knit it myself")
    r"\b(?:can|could|would|will) (?!i\b|we\b|it\b|they\b|he\b|she\b|this\b|that\b|there\b|like\b|love\b|"
    rf"rather\b|prefer\b|want\b|need\b|have\b|be\b|also\b|still\b|just\b|really\b|maybe\b)\w+ {_WORK}")

_SENT_TO_SOMEONE = re.compile(r"\bsend (?:it|them|this|that|the \w+)? ?(?:straight |directly )?to (?:her|him|them|my "
                              r"(?:mum|mom|mother|dad|father|sister|brother|friend|partner|wife|husband|daughter|son|"
                              r"grandma|grandmother|aunt|boyfriend|girlfriend))\b")


def asks_shop_to(text: str) -> str | None:
    """The work a message asks the shop to do ("knit", "send", "make"), or None: "could you knit the Noord
    cardigan in rust?" asks for work, which a size table does not answer; "can I buy your yarn?" asks nothing
    of the kind."""
    lowered = " ".join(text.lower().replace("’", "'").split())
    match = _ASKED_TO_DO.search(lowered)
    work = (match.group(1) or match.group(2)) if match else None
    # sending a gift to someone else is delivery, which every order gets: "can you send it straight to her with a
    # card and no price on it?" asks about the gift wrap
    return None if work == "send" and _SENT_TO_SOMEONE.search(lowered) else work


def _tells_of_trouble(text: str) -> bool:
    return _TROUBLE.search(text) is not None or PROBLEM_WORDS.search(text) is not None


# A greeting set apart by a mark ("hi, …", "Hallo Sam! …"), with what follows it: what the message says.
_GREETING_SET_APART = re.compile(rf"^\s*[¡¿]?{_GREETING_WORDS}\s*[,.!:;👋\n]+\s*(?P<rest>.*)$",
                                 re.IGNORECASE | re.DOTALL)
_SAYS_WORDS = 3  # "hi! MS-1234" says too little to read on its own


def after_greeting(text: str) -> str:
    """What a message says after a greeting set apart in front of it ("hi, trying to pay with ideal and it keeps
    failing" → "trying to pay…"): read by example, a greeting pulls a message toward the small talk it is not.
    The message itself when it has no such greeting, or says too little after it."""
    match = _GREETING_SET_APART.match(text)
    if match is None or len(match["rest"].split()) < _SAYS_WORDS:
        return text
    return match["rest"]


def greets(text: str) -> bool:
    """Whether a message opens with a greeting ("Hola! …", "hi there, …")."""
    match = _GREETED.match(text.strip().lstrip("¡¿"))  # "¡Hola! …"
    return match is not None and match.end() > 1
