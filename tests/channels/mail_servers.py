"""The e-mail channel's counterparts in tests: a real SMTP server (aiosmtpd) and real-shaped mail.

``running_smtp`` serves SMTP on 127.0.0.1 and a free port in the test's own event loop and keeps every
message it accepts (or refuses recipients, to test failures). Mail reaches the shop's mailbox (the
throwaway Dovecot of ``tests/_dovecot.py``) by IMAP ``APPEND``, as a delivery agent would put it there.
The sample messages are shaped like what Gmail, Outlook, an out-of-office responder and Postfix's
bounce daemon really send.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage

import aioimaplib
from aiosmtpd.smtp import SMTP, Envelope, Session
from tests._dovecot import ImapAccount

SHOP = "shop@mossa.test"


@dataclass
class SmtpServer:
    """What the local SMTP server received, and how to make it refuse recipients."""

    host: str
    port: int
    received: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (MAIL FROM, RCPT TO…)
    refuse_with: str | None = None  # e.g. "550 5.1.1 No such user": RCPT TO answers this

    @property
    def url(self) -> str:
        """As ``WARMLINE_SMTP_URL`` takes it (no login: the local server has no AUTH)."""
        return f"smtp://{self.host}:{self.port}"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if self.refuse_with:
            return self.refuse_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = (envelope.original_content or b"").replace(b"\r\n", b"\n")  # SMTP's line ends, as Python's
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(parsed)
        self.envelopes.append((str(envelope.mail_from), tuple(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


@asynccontextmanager
async def running_smtp() -> AsyncIterator[SmtpServer]:
    """An aiosmtpd server in this event loop, on 127.0.0.1 and a free port."""
    handler = SmtpServer(host="127.0.0.1", port=0)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, hostname="mossa.test"), "127.0.0.1", 0)
    handler.port = server.sockets[0].getsockname()[1]
    try:
        yield handler
    finally:
        server.close()
        await server.wait_closed()


async def deliver(account: ImapAccount, raw: bytes) -> None:
    """Put one message into the shop's INBOX, as the shop's mail provider would on receiving it."""
    client = aioimaplib.IMAP4(host=account.host, port=account.port, timeout=10)
    await client.wait_hello_from_server()
    await client.login(account.user, account.password)
    response = await client.append(raw, mailbox="INBOX")
    await client.logout()
    assert response.result == "OK", response


async def empty_mailbox(account: ImapAccount) -> None:
    """Delete everything in the INBOX, so each test starts from an empty mailbox."""
    client = aioimaplib.IMAP4(host=account.host, port=account.port, timeout=10)
    await client.wait_hello_from_server()
    await client.login(account.user, account.password)
    await client.select("INBOX")
    await client.store("1:*", "+FLAGS", r"(\Deleted)")
    await client.expunge()
    await client.logout()


async def flags_of(account: ImapAccount, message_id: str) -> str:
    """The IMAP flags of the message with this ``Message-ID`` (e.g. ``$WarmlineHandled``), as the server says."""
    client = aioimaplib.IMAP4(host=account.host, port=account.port, timeout=10)
    await client.wait_hello_from_server()
    await client.login(account.user, account.password)
    await client.select("INBOX")
    found = await client.search("HEADER", "Message-ID", f'"{message_id}"', charset=None)
    number = found.lines[0].decode().split()[0]
    fetched = await client.fetch(number, "(FLAGS)")
    await client.logout()
    return fetched.lines[0].decode()


def first_mail(*, sender: str = "Ana Silva <ana@example.com>", subject: str = "Shipping to Belgium?",
               body: str = "Hi! How long does shipping to Belgium take?\n\nThanks, Ana\n",
               message_id: str = "<CAF1ana001@mail.gmail.com>", extra: dict[str, str] | None = None) -> bytes:
    """A customer's first mail: multipart/alternative, plain and HTML, like Gmail sends."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = f"Mossa Studio <{SHOP}>"
    message["Subject"] = subject
    message["Date"] = "Fri, 04 Dec 2026 10:15:00 +0100"
    message["Message-ID"] = message_id
    for name, value in (extra or {}).items():
        message[name] = value
    message.set_content(body)
    html = "".join(f"<div>{line or '<br>'}</div>" for line in body.splitlines())
    message.add_alternative(f'<div dir="ltr">{html}</div>', subtype="html")
    return bytes(message)


def quoted_reply(*, in_reply_to: str, references: str, body: str = "Great, and can I pay with PayPal?") -> bytes:
    """A reply in Gmail's shape: new text, then "On … wrote:" and the quoted history, plus a PDF attached."""
    message = EmailMessage()
    message["From"] = "Ana Silva <ana@example.com>"
    message["To"] = SHOP
    message["Subject"] = "Re: Shipping to Belgium?"
    message["Date"] = "Fri, 04 Dec 2026 11:02:00 +0100"
    message["Message-ID"] = "<CAF1ana002@mail.gmail.com>"
    message["In-Reply-To"] = in_reply_to
    message["References"] = references
    message.set_content(f"{body}\n\nOn Fri, 4 Dec 2026 at 10:20, Mossa Studio <{SHOP}>\nwrote:\n\n"
                        "> Orders to Belgium arrive in 2-3 working days.\n>\n> -- \n> Mossa Studio\n")
    message.add_alternative(f"<div>{body}</div><blockquote>Orders to Belgium arrive in 2-3 working days."
                            "</blockquote>", subtype="html")
    message.add_attachment(b"%PDF-1.4 order confirmation", maintype="application", subtype="pdf",
                           filename="order-1042.pdf")
    return bytes(message)


def out_of_office(*, to_message_id: str) -> bytes:
    """An automatic out-of-office answer (RFC 3834 ``Auto-Submitted: auto-replied``), as Outlook sends it."""
    message = EmailMessage()
    message["From"] = "Ana Silva <ana@example.com>"
    message["To"] = SHOP
    message["Subject"] = "Automatic reply: Shipping to Belgium?"
    message["Date"] = "Fri, 04 Dec 2026 11:05:00 +0100"
    message["Message-ID"] = "<ooo-ana-1@example.com>"
    message["In-Reply-To"] = to_message_id
    message["Auto-Submitted"] = "auto-replied"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content("I am out of the office until Monday and will answer your mail then.")
    return bytes(message)


def bounce(*, original: bytes, recipient: str = "gone@example.org") -> bytes:
    """A delivery status notification (RFC 3464 ``multipart/report``), as Postfix's bounce daemon writes it."""
    headers = original.split(b"\r\n\r\n", 1)[0].replace(b"\r\n", b"\n").decode()
    text = f"""\
Return-Path: <>
From: MAILER-DAEMON@mail.mossa.test (Mail Delivery System)
To: {SHOP}
Subject: Undelivered Mail Returned to Sender
Date: Fri, 04 Dec 2026 11:10:00 +0100
Message-ID: <20261204101000.ABC123@mail.mossa.test>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B0UNCE"

--B0UNCE
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<{recipient}>: host mx.example.org said: 550 5.1.1 User unknown

--B0UNCE
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.mossa.test
Arrival-Date: Fri,  4 Dec 2026 11:09:58 +0100

Final-Recipient: rfc822; {recipient}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown

--B0UNCE
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

{headers}

--B0UNCE--
"""
    return text.replace("\n", "\r\n").encode()
