"""Which language a customer writes in: a small, offline, explainable detector for the shop languages.

Short chat messages ("hoi", "danke!", "¿cuánto cuesta?") defeat statistical detectors trained on
sentences, so this one reads what short messages do carry: function words, greetings, and a few letters
and endings that only one of the languages uses. Each language scores the words it alone would write.
Where they leave it open, a character n-gram model (``_ngrams``) decides when it is sure; otherwise the
conversation's language (or the shop's first one) stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ._ngrams import language_probabilities

__all__ = [
    "LANGUAGE_NAMES",
    "SUPPORTED_LANGUAGES",
    "LanguageGuess",
    "conversation_language",
    "detect_language",
    "function_words",
]

SUPPORTED_LANGUAGES = ("en", "nl", "de", "es", "fr")
LANGUAGE_NAMES = {"en": "English", "nl": "Dutch", "de": "German", "es": "Spanish", "fr": "French"}

def _split(words: str) -> list[str]:
    return words.split()


_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(_split("""
        the a an and or is are was were be do does did have has i you my your it this that what when where
        which who why how can could would should will shall not no yes with for from of to in on at about
        there here please pls plz thanks thank thx thanx ty hi hello hey bye goodbye cheers much many long ship
        shipping delivery order return refund want need like get send take does don't i'm it's person someone human
        talk speak you're we're they're that's what's i've i'll i'd you'll omg lol so just really very""")),
    "nl": frozenset(_split("""
        de het een en of is zijn was waren ik jij je u mijn jouw uw wij we ons onze het dit dat wat wanneer
        waar welke wie waarom hoe kan kun kunt kunnen zou zal niet geen ja nee met voor van naar in op bij
        over er hier alsjeblieft alstublieft graag dank bedankt dankjewel dankuwel hoi hallo doei dag tot
        ziens hoeveel lang duurt duren verzending verzenden bezorging levering bestelling bestellen retour
        terugsturen geld terug wil wilt willen heb hebt heeft hebben moet moeten mag ook nog al even maar
        dan als kost kosten binnen nederland mens iemand medewerker praten spreken jullie niks niets goed
        prima oké top fijn goedemorgen goedemiddag goedenavond iets anders vragen vraag vraagje wel toch nu
        deze heel zo wol trui mok sjaal muts""")),
    "de": frozenset(_split("""
        der die das ein eine einen und oder ist sind war waren ich du sie mein meine dein ihr unser wir uns
        es dies diese was wann wo welche wer warum wie kann kannst können könnte würde wird nicht kein keine
        ja nein mit für von nach zu im auf bei über hier bitte danke dankeschön hallo servus tschüss
        wiedersehen wieviel viel lange dauert dauern versand lieferung bestellung bestellen rückgabe
        zurückschicken geld zurück möchte möchten will wollen habe hast hat haben muss müssen darf auch noch
        schon mal aber dann wenn kostet kosten innerhalb deutschland mensch jemand mitarbeiter sprechen
        reden euch nichts gut super toll vielen alles klar viele einem einer eines dem des euer eure eurem
        euren eigentlich gibt bekommt bekomme guten gern gerne sich ihnen""")),
    "es": frozenset(_split("""
        el la los las un una unos y o es son era eran yo tú tu usted mi mis su nuestro nosotros esto este
        esta eso qué que cuándo cuando dónde donde cuál quién por porqué cómo como puedo puede pueden podría
        sería será no sí con para de del desde al en sobre aquí allí favor gracias hola adiós chao cuánto
        cuanto cuesta tarda tardan envío envíos entrega pedido pedir devolución devolver dinero quiero
        quiere necesito tengo tiene tienen hay debo también todavía ya pero entonces si cuesta costo españa
        persona alguien hablar humano vale bien genial nada hacéis haceis hacen envios buenas buenos días
        tardes noches tenéis tienes podéis queréis sois estoy estás está están muy mucho hacer tener""")),
    "fr": frozenset(_split("""
        le la les un une des et ou est sont était je tu vous mon ma mes ton votre nos nous ce cet cette ça
        quoi quand où quel quelle quels qui pourquoi comment peux peut pouvez pourrais serait sera ne pas
        non oui avec pour de du au aux en sur ici là merci bonjour salut bonsoir au revoir combien temps
        livraison envoi commande commander retour retourner remboursement argent veux voudrais voulez ai as
        avons avez dois faut aussi encore déjà mais alors si coûte coût france personne quelqu'un parler
        humain d'accord bien super rien c'est j'ai coucou bonne journée soirée il elle ils elles dans vos
        chez très être avoir suis êtes qu'il n'est""")),
}
# Letters and endings one language writes and the others (nearly) never do.
_MARKS: dict[str, re.Pattern[str]] = {
    "nl": re.compile(r"ij|\b\w+(?:tje|je|lijk|heid)\b|oe|aa|uu"),
    "de": re.compile(r"ß|ä|ö|ü|sch|\b\w+(?:ung|keit|chen)\b"),
    "es": re.compile(r"ñ|¿|¡|á|í|ó|ú|\b\w+(?:ción|dad)\b"),
    "fr": re.compile(r"ç|è|ê|à|â|ô|œ|\b\w+(?:eau|eux|tion)\b|\b[jldcmnst]'"),
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_MARK_WEIGHT = 0.5
_MIN_LEAD = 1.0  # how far the winner must be ahead of the runner-up to switch language
# Where function words leave it open, the n-gram model decides when it is this sure (or this sure and the
# words lean its way); one word ("hi", "ok") is too little for it, so the conversation's language stays.
_NGRAM_SURE = 0.9
_NGRAM_AGREES = 0.6
_NGRAM_MIN_WORDS = 2
# Letter patterns alone do not switch a conversation on a message this short: "cool thx" reads French to
# them, but after English questions it is an English thank-you.
_SHORT_FOR_A_SWITCH = 4


def function_words(language: str) -> frozenset[str]:
    """The common words the detector knows for ``language`` (empty for a language it doesn't know)."""
    return _WORDS.get(language, frozenset())


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageGuess:
    """The language of a message, how clearly it was written in it (0–1), and the words that said so."""

    code: str
    confidence: float
    evidence: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """ "Dutch", for reasons staff read."""
        return LANGUAGE_NAMES.get(self.code, self.code)


def _scores(text: str, languages: Sequence[str]) -> dict[str, tuple[float, list[str]]]:
    lowered = text.lower().replace("’", "'")
    tokens = _WORD.findall(lowered)
    out: dict[str, tuple[float, list[str]]] = {}
    for code in languages:
        vocabulary = _WORDS.get(code, frozenset())
        hits = [t for t in tokens if t in vocabulary]
        marks = _MARKS[code].findall(lowered) if code in _MARKS else []
        out[code] = (len(hits) + _MARK_WEIGHT * min(len(marks), 3), hits)
    return out


def _fallback(languages: Sequence[str], default: str | None) -> str:
    if default is not None and default in languages:
        return default
    return languages[0] if languages else "en"


def detect_language(text: str, *, languages: Sequence[str] = SUPPORTED_LANGUAGES,
                    default: str | None = None) -> LanguageGuess:
    """The most likely of ``languages`` for ``text``; ``default`` (else the first) when nothing tells.

    A word shared by two languages ("is", "in", "de") counts for both, so only what sets one apart
    decides; a message with no clear winner keeps ``default`` with low confidence.
    """
    fallback = _fallback(languages, default)
    scores = _scores(text, languages)
    ranked = sorted(scores.items(), key=lambda item: (-item[1][0], item[0] != fallback))
    if not ranked or ranked[0][1][0] == 0:
        return _by_ngrams(text, languages, leaning=None) or LanguageGuess(code=fallback, confidence=0.0)
    (best, (top, hits)), runner_up = ranked[0], (ranked[1][1][0] if len(ranked) > 1 else 0.0)
    if best != fallback and top - scores.get(fallback, (0.0, []))[0] < _MIN_LEAD:
        return _by_ngrams(text, languages, leaning=best) or LanguageGuess(code=fallback, confidence=0.0)
    confidence = (top - runner_up) / top if top else 0.0
    if confidence <= 0:  # a tie between two languages' words
        return _by_ngrams(text, languages, leaning=None) or LanguageGuess(
            code=best, confidence=0.0, evidence=tuple(dict.fromkeys(hits))[:4])
    return LanguageGuess(code=best, confidence=round(min(1.0, confidence), 2),
                         evidence=tuple(dict.fromkeys(hits))[:4])


def _by_ngrams(text: str, languages: Sequence[str], *, leaning: str | None) -> LanguageGuess | None:
    """The n-gram model's guess where function words left it open: only when it is sure, or fairly sure and
    agreeing with the words' lean ("¿Hacen talleres?": ¿ leans Spanish)."""
    if len(set(languages)) < 2 or len(_WORD.findall(text)) < _NGRAM_MIN_WORDS:
        return None  # (a shop with one language never loads the model)
    probabilities = language_probabilities(text, languages)
    if not probabilities:
        return None
    code, p = max(probabilities.items(), key=lambda item: item[1])
    if p < _NGRAM_SURE and not (code == leaning and p >= _NGRAM_AGREES):
        return None
    return LanguageGuess(code=code, confidence=round(2 * p - 1, 2), evidence=("letter patterns",))


def conversation_language(text: str, *, earlier: Sequence[str], languages: Sequence[str] = SUPPORTED_LANGUAGES,
                          default: str | None = None) -> LanguageGuess:
    """The language to answer ``text`` in: its own when it is clear, else the one of the customer's
    earlier messages (newest first), else ``default``. "ok" after three Dutch messages stays Dutch."""
    fallback = _fallback(languages, default)
    own = detect_language(text, languages=languages, default=fallback)
    by_letters_alone = own.evidence == ("letter patterns",) and len(_WORD.findall(text)) < _SHORT_FOR_A_SWITCH
    if own.confidence > 0 and not by_letters_alone:
        return own
    for message in reversed(earlier):
        guess = detect_language(message, languages=languages, default=fallback)
        if guess.confidence > 0:
            return guess
    return own if own.confidence > 0 else LanguageGuess(code=fallback, confidence=0.0)
