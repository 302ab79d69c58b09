"""Read one raw e-mail (RFC 5322 bytes) into what the e-mail channel needs: who, which thread, what is new.

Uses only the standard ``email`` package. The text a customer wrote is the plain part (or the HTML part
turned into text), with the quoted earlier conversation and the signature cut off; attachments are listed
by name, type and size so staff know they exist. Auto-replies, bounces and list mail are recognised here
(``automated`` says why) so the channel never answers them: answering an out-of-office with an
auto-answer is how mail loops start.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage, MIMEPart
from email.utils import getaddresses, parsedate_to_datetime

from warmline.domain import ValidationError

from ._html_text import html_to_text

__all__ = ["Attachment", "ParsedEmail", "attachment_note", "automated_reason", "parse_email", "strip_quoted"]

_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_PRECEDENCE_AUTOMATED = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
_DAEMON_SENDERS = re.compile(r"(?i)^(mailer-daemon|postmaster|mail-daemon|no-?reply|bounces?)(\+[^@]*)?@")
# Where the quoted earlier conversation starts, in the forms the common clients write it.
_QUOTE_HEADERS = (
    re.compile(r"(?im)^[ \t]*On\b[^\n]{0,300}?(\n[^\n]{0,200}?)?\bwrote:[ \t]*$"),  # Gmail, Apple Mail, Thunderbird
    re.compile(r"(?im)^[ \t]*Am\b[^\n]{0,300}?(\n[^\n]{0,200}?)?\bschrieb[^\n]{0,100}:[ \t]*$"),  # German clients
    re.compile(r"(?im)^[ \t]*Op\b[^\n]{0,300}?(\n[^\n]{0,200}?)?\bschreef[^\n]{0,100}:[ \t]*$"),  # Dutch clients
    re.compile(r"(?im)^[ \t]*-{2,}[ \t]*(Original Message|Forwarded message|Ursprüngliche Nachricht)[ \t]*-{2,}"),
    re.compile(r"(?m)^[ \t]*_{10,}[ \t]*\n[ \t]*From:"),  # Outlook's rule before its header block
    re.compile(r"(?m)^From:[^\n]*\n(Sent|Date):[^\n]*\n(To|Subject):"),  # Outlook without a rule
)
_SIGNATURE = re.compile(r"(?m)^-- ?$")  # RFC 3676's "-- " separator
_QUOTED_LINE = re.compile(r"^[ \t]*>")


@dataclass(frozen=True, slots=True, kw_only=True)
class Attachment:
    """A file the customer attached: listed for staff, never opened by the bot."""

    filename: str
    content_type: str
    size_bytes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedEmail:
    """One inbound e-mail, reduced to what the channel passes on and what it needs to reply in-thread."""

    message_id: str
    sender: str  # the address, lower-case
    sender_name: str | None
    subject: str
    text: str  # what is new in this message: no quoted history, no signature
    in_reply_to: str | None
    references: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    automated: str | None  # why this is an auto-reply/bounce/list mail, or None for a person's message
    sent_at: datetime | None


def parse_email(raw: bytes) -> ParsedEmail:
    """Parse one message; ``ValidationError`` when it has no usable sender address."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)  # guaranteed by policy.default
    sender_name, sender = _sender(message)
    body, attachments = _body_and_attachments(message)
    message_id = _first_id(message.get("Message-ID")) or _fallback_id(message, sender)
    return ParsedEmail(
        message_id=message_id, sender=sender, sender_name=sender_name,
        subject=_header(message, "Subject"), text=strip_quoted(body),
        in_reply_to=_first_id(message.get("In-Reply-To")),
        references=tuple(_MESSAGE_ID.findall(_header(message, "References"))),
        attachments=attachments, automated=automated_reason(message, sender=sender), sent_at=_date(message))


def automated_reason(message: EmailMessage, *, sender: str) -> str | None:
    """Why a message was written by a machine (RFC 3834 ``Auto-Submitted``, ``Precedence``, a DSN…), or None."""
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    precedence = _header(message, "Precedence").lower()
    if precedence in _PRECEDENCE_AUTOMATED:
        return f"Precedence: {precedence}"
    for name in ("X-Autoreply", "X-Autorespond"):  # older responders that predate RFC 3834
        if message.get(name):
            return f"{name} header"
    if message.get_content_type() == "multipart/report":
        return f"delivery report ({message.get_param('report-type') or 'unknown type'})"
    if any(part.get_content_type() == "message/delivery-status" for part in message.walk()):
        return "delivery status notification"
    if _header(message, "Return-Path") == "<>":
        return "null return path (a bounce)"
    if _DAEMON_SENDERS.match(sender):
        return f"sent by {sender}"
    if message.get("List-Id") or message.get("List-Unsubscribe"):
        return "mailing-list mail"
    return None


def strip_quoted(text: str) -> str:
    """The part of a reply the customer wrote now: cut at the quote header, a signature or trailing ``>`` lines."""
    text = text.replace("\r\n", "\n")
    cut = len(text)
    for pattern in _QUOTE_HEADERS:
        found = pattern.search(text)
        if found and found.start() < cut:
            cut = found.start()
    text = text[:cut]
    signature = _SIGNATURE.search(text)
    if signature:
        text = text[:signature.start()]
    lines = text.rstrip().split("\n")
    while lines and (_QUOTED_LINE.match(lines[-1]) or not lines[-1].strip()):
        lines.pop()
    kept = [line for line in lines if not _QUOTED_LINE.match(line)]  # inline quotes: the customer's words stay
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def attachment_note(attachments: tuple[Attachment, ...]) -> str:
    """``[attachments: invoice.pdf (application/pdf, 12 KB)]`` — how staff learn a file came with the mail."""
    if not attachments:
        return ""
    listed = ", ".join(f"{a.filename} ({a.content_type}, {_size(a.size_bytes)})" for a in attachments)
    return f"[attachments: {listed}]"


def _sender(message: EmailMessage) -> tuple[str | None, str]:
    source = _header(message, "Reply-To") or _header(message, "From")
    addresses = [(name, address) for name, address in getaddresses([source]) if "@" in address]
    if not addresses:
        raise ValidationError("the message has no sender address", field="From",
                              expected="an address such as 'Ana <ana@example.com>'")
    name, address = addresses[0]
    return (name.strip() or None), address.strip().lower()


def _body_and_attachments(message: EmailMessage) -> tuple[str, tuple[Attachment, ...]]:
    attachments: list[Attachment] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        if part.get_content_disposition() == "attachment" or (
                part.get_filename() and not part.get_content_type().startswith("text/")):
            payload = part.get_payload(decode=True)
            attachments.append(Attachment(filename=part.get_filename() or "unnamed",
                                          content_type=part.get_content_type(),
                                          size_bytes=len(payload) if isinstance(payload, bytes) else 0))
    return _body(message), tuple(attachments)


def _body(message: EmailMessage) -> str:
    """The plain part when there is one, else the HTML part as text; empty when neither exists."""
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None:
        return _content(plain)
    html = message.get_body(preferencelist=("html",))
    return html_to_text(_content(html)) if html is not None else ""


def _content(part: MIMEPart) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError):  # an unknown or lying charset: keep what can be read
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def _header(message: EmailMessage, name: str) -> str:
    value = message.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _first_id(value: object) -> str | None:
    found = _MESSAGE_ID.search(str(value)) if value is not None else None
    return found.group(0) if found else None


def _fallback_id(message: EmailMessage, sender: str) -> str:
    """A stable id for a message without ``Message-ID`` (rare, but retries must still be recognised)."""
    digest = hashlib.sha256(f"{sender}|{_header(message, 'Date')}|{_header(message, 'Subject')}|"
                            f"{_body(message)}".encode()).hexdigest()[:32]
    return f"<{digest}@warmline.missing-message-id>"


def _date(message: EmailMessage) -> datetime | None:
    value = _header(message, "Date")
    try:
        sent = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
    if sent is not None and sent.tzinfo is None:
        sent = sent.replace(tzinfo=UTC)
    return sent


def _size(size_bytes: int) -> str:
    if size_bytes < 1024:
        return f"{size_bytes} B"
    if size_bytes < 1024 * 1024:
        return f"{size_bytes // 1024} KB"
    return f"{size_bytes / (1024 * 1024):.1f} MB"
