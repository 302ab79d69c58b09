"""Reading order questions in a customer's words: order numbers in the shop's own format, the proof that
goes with them (an email or postcode), what is asked (status, arrival, return, stock). Pure, no I/O."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from enum import StrEnum

from warmline.domain import Product, ProductVariant, normalize_order_number

from ._identifiers import find_emails, find_order_numbers

__all__ = [
    "OrderQuestion",
    "asks_about_own_order",
    "asks_after_order",
    "find_shop_order_numbers",
    "gives_a_detail",
    "mentions_postcode",
    "offers_proof",
    "read_order_question",
    "stock_matches",
]

_WORD = re.compile(r"[a-z0-9]+")


class OrderQuestion(StrEnum):
    """What a customer asks about an order or a product."""

    STATUS = "status"  # where is my order, has it shipped
    ARRIVAL = "arrival"  # when will it arrive
    RETURN = "return"  # can I still return it
    STOCK = "stock"  # is the blue cardigan in M in stock


# Checked in this order: the first family with a hit wins ("when will my order arrive" is ARRIVAL). Whole
# phrases, so "my mug arrived broken" (a damage report for a person) is not read as an arrival question.
_CUE_TEXT: tuple[tuple[OrderQuestion, str], ...] = (
    (OrderQuestion.STOCK, r"\b(in stock|back in stock|sold out|available in|op voorraad)\b"),
    (OrderQuestion.RETURN, r"\b(can|could|may) (i|we) (still )?(return|send (it|them|this|that|the \w+) back)\b"
                           r"|\breturn (it|them|this|that|my)\b|\bstill (be )?return|\bterugsturen\b"),
    (OrderQuestion.ARRIVAL, r"\bwhen (will|does|do|is|should|would)\b.{0,40}\b(arrive|get here|come|be delivered)"
                            r"|\b(delivery|arrival) date\b|\bhow long until\b|\bwanneer (komt|wordt)\b"
                            # "Und wann kommt sie an?", "¿cuándo llega?", "quand est-ce qu'elle arrive ?"
                            r"|\bwann (kommt|ist)\b.{0,30}\b(an|da)\b|\bcu[aá]ndo (me )?(llega|llegar[aá])\b"
                            r"|\bquand (est-ce qu'(elle|il) |va-t-(elle|il) )?(arrive|arrivera)\b"),
    (OrderQuestion.STATUS, r"\bwhere('?s| is) (my|it|#?[a-z]{0,4}-?\d{3,})\b"
                           r"|\b(has|have|is|was) (it|my \w+|#?[a-z]{0,4}-?\d{3,}|the \w+) "
                           r"(been )?(shipped|sent|dispatched)\b"
                           r"|\b(order|shipping) status\b|\bstatus of\b"
                           r"|\btrack(ing)?\b|\bwaar is\b|\bal verzonden\b"
                           # "Wo ist meine Bestellung MS-70315?", "¿dónde está mi pedido?", "où est ma commande ?"
                           r"|\bwo (ist|bleibt) (meine?|unsere?|die bestellung|das paket|die lieferung)\b"
                           r"|\bd[óo]nde est[áa] (mi|el pedido)\b"
                           r"|\bo[ùu] (est|en est) (ma|mon)\b"),
)
_CUES = tuple((question, re.compile(pattern)) for question, pattern in _CUE_TEXT)
_OWN_ORDER = re.compile(r"\b(my|mijn) (order|parcel|package|delivery|bestelling|pakket)\b")


def read_order_question(text: str) -> OrderQuestion | None:
    """The order question asked in ``text``, if any."""
    lowered = " ".join(text.lower().split())
    for question, cue in _CUES:
        if cue.search(lowered):
            return question
    return None


_HOW_TO = re.compile(r"\bhow (do|can|could|should|would) (i|we)\b")


def asks_after_order(text: str) -> bool:
    """Whether ``text`` asks where an order is or when it comes ("where's my order MS-52771? ordered last
    monday"), not how to look it up ("how can i track MS-84116?", which the tracking page answers)."""
    lowered = " ".join(text.lower().split())
    return (read_order_question(lowered) in (OrderQuestion.STATUS, OrderQuestion.ARRIVAL)
            and not _HOW_TO.search(lowered))


def asks_about_own_order(text: str) -> bool:
    """Whether the customer speaks of their own order ("where is my parcel"), not of orders in general."""
    return bool(_OWN_ORDER.search(text.lower()))


def find_shop_order_numbers(text: str, pattern: str) -> tuple[str, ...]:
    """Order numbers in the shop's format (``pattern`` from the bot file) anywhere in ``text``, then the
    generic "order 1042" / "#1042" forms; normalised, in order, without repeats."""
    shaped = re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)
    found = [m.group(0) for m in shaped.finditer(text)]
    found += find_order_numbers(text)
    return tuple(dict.fromkeys(normalize_order_number(n) for n in found))


# "order number 1050", "here is the photo": what the case needed goes with the case, not to the knowledge base
# (where "order number" finds the tracking page and "photo" the page on handmade pieces looking different).
_PHOTO = re.compile(r"\[photo\]|\b(?:photos?|pictures?|pics?|fotos?|bild(?:er)?|imagen(?:es)?|images?)\b",
                    re.IGNORECASE)


def gives_a_detail(text: str, *, order_pattern: str) -> bool:
    """ "MS-30417" alone, in the shop's own format, is the order number the case needed, not a question."""
    return "?" not in text and bool(find_shop_order_numbers(text, order_pattern) or find_emails(text)
                                    or _PHOTO.search(text))


def _compact(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def mentions_postcode(text: str, postcode: str | None) -> bool:
    """Whether ``text`` carries this postcode, however it is spaced ("1021ab" = "1021 AB")."""
    wanted = _compact(postcode or "")
    if len(wanted) < 4:  # too short to prove anything
        return False
    tokens = re.findall(r"[A-Za-z0-9]+", text)
    # A postcode may be typed as one or two tokens ("1021AB" or "1021 AB").
    joined = {_compact(a) for a in tokens} | {_compact(a + b) for a, b in itertools.pairwise(tokens)}
    return wanted in joined


def offers_proof(text: str, numbers: Sequence[str]) -> bool:
    """Whether ``text`` carries something that might prove an order is the writer's: an email address, or a
    postcode-like token (one with a digit that is not one of the order ``numbers``). Judged without the
    order, so the answer is the same whether or not the order exists."""
    if find_emails(text):
        return True
    named = {normalize_order_number(n) for n in numbers}
    return any(any(ch.isdigit() for ch in token) and len(token) >= 3 and normalize_order_number(token) not in named
               for token in re.findall(r"#?[A-Za-z0-9-]+", text))


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _variant_named(said: set[str], variants: Sequence[ProductVariant]) -> ProductVariant | None:
    """The one variant whose option values the text names most ("blue", "m"); None when none or a tie."""
    counts = [(sum(1 for value in v.options.values() if _words(value) <= said), v) for v in variants]
    best = max((count for count, _ in counts), default=0)
    winners = [v for count, v in counts if count == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def stock_matches(text: str, products: Sequence[Product]) -> list[tuple[Product, ProductVariant | None]]:
    """The products (and, when the text names its options, the variant) a stock question is about.

    A product matches when all its title words but one appear; best matches first (most title words, then
    those where a variant was named).
    """
    said = _words(text)
    scored: list[tuple[int, Product, ProductVariant | None]] = []
    for product in products:
        title = _words(product.title)
        hits = len(title & said)
        if hits == 0 or hits < max(1, len(title) - 1):
            continue
        variant = _variant_named(said, product.variants)
        scored.append((hits * 2 + (variant is not None), product, variant))
    scored.sort(key=lambda item: -item[0])
    return [(product, variant) for _, product, variant in scored]
