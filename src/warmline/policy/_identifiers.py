"""Order numbers and email addresses spotted in text, and which needed identifiers are still missing."""

from __future__ import annotations

import re
from collections.abc import Sequence

from warmline.domain import Author, Customer, Message

__all__ = ["find_emails", "find_order_numbers", "missing_identifiers"]

# From where a run of address characters starts, bounded as real addresses are: linear in the text's length.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b")
_ORDER = re.compile(
    r"(?:#\s?(?P<hash>[A-Z]{0,4}-?\d{3,})|\border(?:\s*(?:no\.?|number|nr\.?|id|#))?\s*:?\s*"
    r"(?P<after>[A-Z]{0,4}-?\d{3,}))",
    re.IGNORECASE,
)


def find_order_numbers(text: str) -> tuple[str, ...]:
    """Order numbers like "#10234", "order 10234", "order no. WL-5521", in order, without repeats."""
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


def missing_identifiers(needs: Sequence[str], *, text: str, history: Sequence[Message],
                        customer: Customer) -> tuple[str, ...]:
    """Needed identifiers we have not got and have not asked for yet (ask once, and early)."""
    said = [text, *(m.text for m in history if m.author is Author.CUSTOMER)]
    asked = " ".join(m.text.lower() for m in history if m.author is Author.BOT)
    return tuple(need for need in needs if not _known(need, said, customer) and need.lower() not in asked)
