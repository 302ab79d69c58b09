"""Write a reply e-mail: in the customer's thread, plain and HTML parts, the shop's signature.

Threading follows RFC 5322 §3.6.4: ``In-Reply-To`` names the customer's last message, ``References``
carries the chain, and the subject keeps one ``Re:``. A reply sent without a known thread (the customer's
mail is no longer in the mailbox) starts a new one with the shop's name in the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from ._html_text import text_to_html

__all__ = ["EmailThread", "compose_reply", "reply_subject"]

_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|antw|r)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_MAX_REFERENCES = 20  # long threads: keep the first and the most recent ids, as RFC 5322 suggests


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailThread:
    """What a reply needs to land in the customer's thread: their last message's id (``In-Reply-To``), the
    chain of ids so far, oldest first (``References``; their message is added when missing), the subject."""

    message_id: str
    references: tuple[str, ...]
    subject: str


def reply_subject(subject: str, *, fallback: str) -> str:
    """``Re: <subject>`` with exactly one prefix (``Re: Re: AW:`` collapses); ``fallback`` when it is empty."""
    bare = _REPLY_PREFIX.sub("", subject).strip()
    return f"Re: {bare}" if bare else fallback


def compose_reply(*, sender: Address, recipient: str, text: str, signature: str, thread: EmailThread | None,
                  new_subject: str, automated: bool) -> EmailMessage:
    """One ``multipart/alternative`` reply. The bot's own replies say ``Auto-Submitted: auto-replied`` so
    other robots (out-of-office responders) don't answer them; a staff member's reply is a person's mail."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.domain or None)
    if automated:  # RFC 3834 §5: mail a program sends in answer to a message
        message["Auto-Submitted"] = "auto-replied"
    if thread is None:
        message["Subject"] = new_subject
    else:
        message["Subject"] = reply_subject(thread.subject, fallback=new_subject)
        message["In-Reply-To"] = thread.message_id
        message["References"] = " ".join(_references(thread))
    body = f"{text.rstrip()}\n\n-- \n{signature.strip()}\n" if signature.strip() else f"{text.rstrip()}\n"
    message.set_content(body)
    message.add_alternative(text_to_html(_html_body(text, signature)), subtype="html")
    return message


def _references(thread: EmailThread) -> list[str]:
    chain = list(dict.fromkeys(thread.references))  # in thread order, oldest first
    if thread.message_id not in chain:
        chain.append(thread.message_id)
    if len(chain) > _MAX_REFERENCES:
        chain = chain[:1] + chain[-(_MAX_REFERENCES - 1):]
    return chain


def _html_body(text: str, signature: str) -> str:
    """The HTML part carries the same words; the signature as its own paragraph (no ``-- `` line in HTML)."""
    return f"{text.strip()}\n\n{signature.strip()}" if signature.strip() else text
