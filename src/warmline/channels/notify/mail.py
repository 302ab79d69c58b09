"""Outbound e-mail notifications ("Email me when it's done"), over SMTP with aiosmtplib.

Configured by ``WARMLINE_SMTP_URL`` (``smtp://user:password@host:587`` uses STARTTLS when the server offers
it; ``smtps://…:465`` is TLS from the start) and ``WARMLINE_MAIL_FROM``. Only this module speaks SMTP; the
full e-mail *channel* (reading a mailbox, threading replies) can share these settings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from warmline.domain import ValidationError

__all__ = ["MailNotifier", "SmtpTarget"]

logger = logging.getLogger(__name__)

_DEFAULT_PORTS = {"smtp": 587, "smtps": 465}


@dataclass(frozen=True, slots=True, kw_only=True)
class SmtpTarget:
    """Where and how to hand mail over, read from ``WARMLINE_SMTP_URL``."""

    host: str
    port: int
    tls: bool  # TLS from the first byte (smtps); otherwise STARTTLS when offered
    username: str | None = None
    password: str | None = None

    @classmethod
    def from_url(cls, url: str) -> SmtpTarget:
        """Parse ``smtp://`` or ``smtps://`` URLs; anything else is a clear error naming the setting."""
        parts = urlsplit(url)
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            raise ValidationError("not an SMTP URL", field="WARMLINE_SMTP_URL",
                                  expected="smtp://user:password@host:587 or smtps://user:password@host:465")
        return cls(host=parts.hostname, port=parts.port or _DEFAULT_PORTS[parts.scheme], tls=parts.scheme == "smtps",
                   username=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None)


class MailNotifier:
    """Sends one plain-text e-mail per call; errors propagate so the caller can say what happened."""

    def __init__(self, *, smtp_url: str, sender: str, timeout_seconds: float = 15.0) -> None:
        self._target = SmtpTarget.from_url(smtp_url)
        self._sender = sender
        self._timeout = timeout_seconds

    async def send(self, *, to: str, subject: str, text: str) -> None:
        """Hand one message to the SMTP server."""
        import aiosmtplib  # the optional "email" extra; only needed once SMTP is configured

        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self._sender, to, subject
        message.set_content(text)
        target = self._target
        await aiosmtplib.send(message, hostname=target.host, port=target.port, use_tls=target.tls,
                              start_tls=None if not target.tls else False, username=target.username,
                              password=target.password, timeout=self._timeout)
        logger.info("e-mail sent to a customer (%s)", subject)
