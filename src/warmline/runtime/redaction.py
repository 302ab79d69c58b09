"""Keeping customers' personal data and our own secrets out of the logs.

``RedactingFilter`` rewrites a log record's message — its format string *and* its arguments, and the text
of an attached traceback — with e-mail addresses, phone numbers and payment card numbers (Luhn-checked,
so an order number is left alone) replaced by ``[email]``, ``[phone]`` and ``[card]``, and the configured
secrets (bot tokens appear in the URLs HTTP clients log) by ``[secret]``, and credentials or session keys in a
URL's query (``token=``, ``hub.verify_token=``, ``session_id=``…) by ``[redacted]``.

``install_redaction`` puts it where it catches everything: on the handlers the root logger has (so
third-party records, e.g. ``httpx`` logging a Telegram URL with the bot token, are cleaned too), and in
the log-record factory for the ``warmline`` loggers, so their records are clean before *any* handler sees
them — including handlers added later by uvicorn's or a test's logging set-up — and on uvicorn's own
access and error loggers (they do not propagate to the root), so the access log is redacted the same way.
Logger filters alone would not do: Python applies a logger's filters only to records made by that very
logger, not its children.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from typing import Any

__all__ = ["RedactingFilter", "install_redaction", "luhn_valid", "redact"]

# Each pattern starts only where its run of characters starts (the lookbehinds) and repeats as often as real
# addresses and numbers do: linear in the text, where retrying from every letter or digit of one long "word"
# would be quadratic (a 200,000-character word in an exception must not stall the process).
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]{1,63}"
                    r"(?:\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,63}")
# 13-19 digits, optionally grouped by spaces or dashes (how cards are written).
# Letters right before or after do not hide one ("card4111…", "4111…1111abc" in an exception's text).
_CARD = re.compile(r"(?<![\d.])\d(?:[ \-]?\d){12,18}(?!\d|\.\d)")
# A run of digits with the separators people write phone numbers with; checked further in _phone.
_PHONE = re.compile(r"(?<![\w+.])\+?\(?\d[\d ()\-./]{6,22}\d(?!\w|\.\d)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"(?<!\d)\d+\.\d+")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_MIN_SECRET = 6  # shorter "secrets" would blank out ordinary words
# Credentials and session keys in a URL's query (an access log line, a logged request URL): Meta's
# hub.verify_token, a token= of any kind, the web chat's session_id (the key to a customer's history).
_QUERY_SECRET = re.compile(r"(?i)([?&;](?:[\w.\-]*token|[\w.\-]*secret|session_id|password|api_key|key)=)[^&\s\"'#]*")
# An access log's request line (uvicorn's ``"GET /path?query HTTP/1.1"``) is redacted like any message.
_ACCESS_LOGGERS = ("uvicorn.access", "uvicorn.error")


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum every payment card number satisfies."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return "[card]" if 13 <= len(digits) <= 19 and luhn_valid(digits) else match.group()


def _phone(match: re.Match[str]) -> str:
    text = match.group()
    digits = sum(c.isdigit() for c in text)
    # 9-15 digits (E.164 has at most 15); dates, decimals and IP addresses have the shape too.
    if not 9 <= digits <= 15 or _ISO_DATE.search(text) or _DECIMAL.fullmatch(text) or _IPV4.search(text):
        return text
    return "[phone]"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with secrets, card numbers, e-mail addresses and phone numbers replaced."""
    for secret in secrets:
        if len(secret) >= _MIN_SECRET and secret in text:
            text = text.replace(secret, "[secret]")
    text = _QUERY_SECRET.sub(r"\1[redacted]", text)
    text = _CARD.sub(_card, text)
    text = _EMAIL.sub("[email]", text)
    return _PHONE.sub(_phone, text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts records in place; it never drops one."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets: tuple[str, ...] = tuple(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the formatted message (format string and arguments), the traceback and the stack."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        cleaned = redact(message, self.secrets)
        if cleaned != message and record.name == "uvicorn.access" and isinstance(record.args, tuple):
            # uvicorn's access formatter unpacks the arguments (client, method, path, version, status):
            # keep their shape, clean each one.
            record.args = tuple(redact(a, self.secrets) if isinstance(a, str) else a for a in record.args)
        elif cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # Formatted now, so a formatter later uses this cleaned text instead of formatting it again.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


_FILTER = RedactingFilter()
_LOCK = threading.Lock()
_installed = False


def install_redaction(*, secrets: Iterable[str] = ()) -> RedactingFilter:
    """Redact every ``warmline`` record at creation and every record reaching the root's handlers.

    Safe to call more than once (the app factory and ``warmline serve`` both do); each call adds the
    given secrets and covers root handlers added since.
    """
    global _installed
    with _LOCK:
        _FILTER.secrets = tuple(dict.fromkeys((*_FILTER.secrets, *(s for s in secrets if s))))
        for handler in logging.getLogger().handlers:
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)
        for name in _ACCESS_LOGGERS:  # their own handlers, not the root's: a logger filter catches their lines
            access = logging.getLogger(name)
            if _FILTER not in access.filters:
                access.addFilter(_FILTER)
        if not _installed:
            previous = logging.getLogRecordFactory()

            def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
                record = previous(*args, **kwargs)
                if record.name == "warmline" or record.name.startswith("warmline."):
                    _FILTER.filter(record)
                return record

            logging.setLogRecordFactory(factory)
            _installed = True
    return _FILTER
