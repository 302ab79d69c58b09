"""Order numbers and email addresses spotted in text, which needed identifiers are still missing, asking for
them once in the customer's language, and which of them a customer asks about ("do you need a photo?")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from warmline.domain import Author, Bot, Customer, Message

from ._waiting_words import words

__all__ = ["ask_for", "case_answer", "find_emails", "find_order_numbers", "listed_needs", "missing_identifiers",
           "needs_answer", "needs_named", "still_needed"]

# From where a run of address characters starts, bounded as real addresses are: linear in the text's length.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b")
# Possessive quantifiers (``*+``): the spaces between the words are read once, so a long run of them costs
# linear time (the alternation of ``\s*`` runs before it took seconds on "order" and 20,000 spaces).
_ORDER = re.compile(
    r"(?:#\s?(?P<hash>[A-Z]{0,4}-?\d{3,})"
    r"|\b(?:order|bestelling|bestellung|pedido|commande|ordernummer|bestelnummer|bestellnummer)"
    r"(?:\s*+(?:no\.?|number|nr\.?|nummer|número|numéro|n[°º]|id|\#|is|ist|es|est)(?![^\W\d_]))*+\s*+:?\s*+"
    r"(?P<after>[A-Z]{0,4}-?\d{3,}))",
    re.IGNORECASE,
)


def find_order_numbers(text: str) -> tuple[str, ...]:
    """Order numbers like "#10234", "order 10234", "order no. WL-5521", "bestelling 10234", "numéro de commande
    10234", in order, without repeats."""
    found = [m.group("hash") or m.group("after") for m in _ORDER.finditer(text)]
    return tuple(dict.fromkeys(f"#{number.upper()}" for number in found))


def find_emails(text: str) -> tuple[str, ...]:
    """Email addresses, in order, without repeats."""
    return tuple(dict.fromkeys(_EMAIL.findall(text)))


def _known(need: str, texts: Sequence[str], customer: Customer) -> bool:
    joined = "\n".join(texts)
    if "order" in need:
        return bool(find_order_numbers(joined))
    if "email" in need:
        return bool(customer.email or find_emails(joined))
    if "phone" in need:
        return bool(customer.phone)
    return False


def still_needed(needs: Sequence[str], *, texts: Sequence[str], customer: Customer) -> tuple[str, ...]:
    """The needs the customer has not given yet in ``texts`` (an order number written, an email known)."""
    return tuple(need for need in needs if not _known(need, texts, customer))


def missing_identifiers(needs: Sequence[str], *, text: str, history: Sequence[Message],
                        customer: Customer) -> tuple[str, ...]:
    """Needed identifiers we have not got and have not asked for yet (ask once, and early)."""
    said = [text, *(m.text for m in history if m.author is Author.CUSTOMER)]
    asked = " ".join(m.text.lower() for m in history if m.author is Author.BOT)
    return tuple(need for need in needs if not _known(need, said, customer) and not _asked(need, asked))


def _asked(need: str, asked: str) -> bool:
    return need.lower() in asked or any(
        words.lower() in asked for words in (_need_in(need, language) for language in _ASK) if words)


# What a shop's case types usually need, by a word of the need as the bot file writes it (in English).
_NEEDS: dict[str, dict[str, str]] = {
    "order": {"nl": "je bestelnummer", "de": "deine Bestellnummer", "es": "tu número de pedido",
              "fr": "votre numéro de commande"},
    "email": {"nl": "het e-mailadres van je bestelling", "de": "die E-Mail-Adresse deiner Bestellung",
              "es": "el correo electrónico de tu pedido", "fr": "l'adresse e-mail de votre commande"},
    "photo": {"nl": "een foto ervan", "de": "ein Foto davon", "es": "una foto", "fr": "une photo"},
    "address": {"nl": "het nieuwe adres", "de": "die neue Adresse", "es": "la nueva dirección",
                "fr": "la nouvelle adresse"},
    "size": {"nl": "de maat of kleur die je wilt", "de": "die Größe oder Farbe, die du möchtest",
             "es": "la talla o el color que quieres", "fr": "la taille ou la couleur souhaitée"},
    "phone": {"nl": "je telefoonnummer", "de": "deine Telefonnummer", "es": "tu número de teléfono",
              "fr": "votre numéro de téléphone"},
}
_ASK = {
    "nl": ("Zodat niemand het later nog hoeft te vragen: kun je me {listed} sturen?", " en "),
    "de": ("Damit später niemand nachfragen muss: kannst du mir {listed} schicken?", " und "),
    "es": ("Para que nadie tenga que preguntártelo luego: ¿me envías {listed}?", " y "),
    "fr": ("Pour que personne n'ait à vous le redemander : pouvez-vous m'envoyer {listed} ?", " et "),
}
_ASK_EN = "So nobody has to ask again later: could you send me {listed}?"
_NO_YOUR = ("what ", "when ", "which ", "how ", "where ", "who ", "the ", "a ", "an ", "your ")
_A_NEED = re.compile(r"(?:photo|picture)s?\b", re.IGNORECASE)  # "a photo of the damage", not "your photo"


def _need_in(need: str, language: str) -> str | None:
    return next((by_language[language] for word, by_language in _NEEDS.items() if word in need.lower()), None)


def ask_for(needs: Sequence[str], *, language: str = "en") -> str:
    """One early, friendly question for what the team needs ("your order number and email"), in
    ``language``. In another language a need Warmline has no words for is left to the person."""
    listed = listed_needs(needs, language=language)
    sentence = _ASK[language][0] if language in _ASK else _ASK_EN
    return sentence.replace("{listed}", listed) if listed else ""


def listed_needs(needs: Sequence[str], *, language: str = "en") -> str:
    """ "your order number and a photo of the damage", in ``language`` ("" when it has words for none)."""
    if language in _ASK:
        items = [words for need in needs if (words := _need_in(need, language))]
        and_ = _ASK[language][1]
    else:
        items = [need if need.lower().startswith(_NO_YOUR) else f"{'a' if _A_NEED.match(need) else 'your'} {need}"
                 for need in needs]
        and_ = " and "
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + and_ + items[-1]


# A need asked about, by a word for it in any of the five languages: "do you need a photo or anything?"
_NEED_WORDS: dict[str, re.Pattern[str]] = {key: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for key, words in {
    "photo": r"photos?|pictures?|pics?|fotos?|bild(?:er)?|imagen(?:es)?|images?",
    "order": r"order (?:number|no|nr)|bestelnummer|bestellnummer|n[úu]mero de pedido|num[ée]ro de commande",
    "email": r"e-?mail(?: address)?|e-?mailadres|e-?mail-adresse|correo",
    "address": r"address|adres|adresse|direcci[óo]n",
}.items()}


def needs_named(text: str, needs: Sequence[str]) -> tuple[str, ...]:
    """The needs of ``needs`` (as the bot file writes them) that ``text`` names: "do you need a photo or
    anything?" names "photo of the damage"."""
    return tuple(need for need in needs
                 if any(key in need.lower() and pattern.search(text) for key, pattern in _NEED_WORDS.items()))


def case_answer(what: str, *, language: str = "en", bot: Bot | None = None) -> str:
    """What the case type says will happen, as the answer to a question about it while the case waits (a sentence:
    the bot file writes "what happens" as a clause, without its full stop)."""
    what = what.rstrip()
    return words("about_case", language=language, bot=bot, what=what if what[-1:] in ".!?…" else f"{what}.")


def needs_answer(needs: Sequence[str], *, language: str = "en", bot: Bot | None = None) -> str:
    """ "do you need a photo or anything?" while the case waits: what the case needs, and where to send it ("" when
    Warmline has no words in ``language`` for any of them)."""
    listed = listed_needs(needs, language=language)
    return words("case_needs", language=language, bot=bot, what=listed) if listed else ""
