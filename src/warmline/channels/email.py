"""E-mail: customers write to the shop's mailbox (read over IMAP) and get answers in their thread (SMTP).

Inbound, the channel polls like Telegram's long polling does: it waits on IMAP IDLE (or re-checks every
``poll_seconds`` where the server has no IDLE), hands each new message on as an ``InboundMessage`` and only
then flags it handled, so a message whose handling failed is fetched again. Auto-replies, bounces, list
mail and the shop's own mail are flagged and never handed on. The sender's address is the customer's id
on this channel, and ``sender_email`` lets the pipeline link them to a known customer with that address.

Outbound, each reply is one ``multipart/alternative`` mail (plain and HTML) with the shop's signature, in
the customer's thread: ``In-Reply-To``/``References`` come from the customer's last mail, remembered
when it was read, or looked up in the mailbox (after a restart, or on another worker).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parseaddr

import aiosmtplib

from warmline.domain import (
    ConfigError,
    ContentKind,
    DeliveryError,
    InboundMessage,
    OutboundMessage,
    PermissionDeniedError,
    ValidationError,
)

from ._base import Capabilities, WebhookRequest, WebhookResult, numbered_choices, with_source
from ._email_compose import EmailThread, compose_reply
from ._email_imap import ImapMailbox, parse_mail_url
from ._email_parse import ParsedEmail, attachment_note, parse_email

__all__ = ["EmailChannel"]

logger = logging.getLogger(__name__)

_REMEMBERED_THREADS = 10_000
_PERMANENT_SMTP_CODES = range(500, 600)


class EmailChannel:
    """The shop's mailbox as a customer channel (``name = "email"``)."""

    name = "email"
    capabilities = Capabilities(buttons=False, author_names=True, max_text_chars=50_000)

    def __init__(self, *, imap_url: str, smtp_url: str, mail_from: str, shop_name: str, signature: str = "",
                 poll_seconds: float = 60.0, max_age: timedelta = timedelta(days=3), timeout: float = 30.0) -> None:
        self._imap = parse_mail_url(imap_url, setting="WARMLINE_IMAP_URL", schemes=("imap", "imaps"))
        self._smtp = parse_mail_url(smtp_url, setting="WARMLINE_SMTP_URL", schemes=("smtp", "smtps"))
        self._from = _shop_address(mail_from, shop_name=shop_name)
        self._shop_name = shop_name
        self._signature = signature
        self._poll_seconds = poll_seconds
        self._max_age = max_age
        self._timeout = timeout
        self._threads: OrderedDict[str, EmailThread] = OrderedDict()
        self._mailbox: ImapMailbox | None = None

    async def start(self) -> None:
        """Nothing to open up front: SMTP connects per reply, IMAP when polling starts."""

    async def close(self) -> None:
        """Log out of the mailbox, if polling left it open."""
        if self._mailbox is not None:
            await self._mailbox.close()
            self._mailbox = None

    async def handle_webhook(self, request: WebhookRequest) -> WebhookResult:
        """Always refused: only mail read from the shop's own mailbox (see ``poll``) is believed, so a request
        claiming to carry e-mail is a forgery."""
        raise PermissionDeniedError("e-mail is read from the shop's mailbox over IMAP; it is never accepted "
                                    "over HTTP")

    async def poll(self, on_message: Callable[[InboundMessage], Awaitable[None]], *, stop: asyncio.Event) -> None:
        """Hand on new mail until ``stop`` is set; IMAP errors propagate to the caller, which waits and calls
        again (the connection is opened anew)."""
        mailbox = await self._open_mailbox()
        self._mailbox = mailbox
        try:
            while not stop.is_set():
                await self.fetch_new(on_message, mailbox=mailbox)
                await mailbox.wait_for_mail(seconds=self._poll_seconds, stop=stop)
        finally:
            self._mailbox = None
            await mailbox.close()

    async def fetch_new(self, on_message: Callable[[InboundMessage], Awaitable[None]], *,
                        mailbox: ImapMailbox | None = None) -> int:
        """One round: hand on every new message (oldest first); returns how many were handed on.

        A message is flagged handled only after ``on_message`` returned; if it raises, the round stops and
        the message comes again next round. Mail that cannot be parsed is flagged and logged, so one bad
        message never blocks the ones after it.
        """
        owned = mailbox is None
        mailbox = mailbox or await self._open_mailbox()
        handed_on = 0
        try:
            for uid in await mailbox.new_uids():
                raw = await mailbox.fetch(uid)
                inbound = self._inbound(raw, uid=uid) if raw is not None else None
                if inbound is not None:
                    await on_message(inbound)
                    handed_on += 1
                await mailbox.mark_handled(uid)
        finally:
            if owned:
                await mailbox.close()
        return handed_on

    async def send(self, message: OutboundMessage) -> None:
        """Mail one reply in the recipient's thread; a refused recipient or login fails permanently."""
        recipient = message.recipient_id.strip().lower()
        thread = self._threads.get(recipient) or await self._thread_from_mailbox(recipient)
        text = numbered_choices(with_source(message.text, message.citations), message.choices)
        sender = self._from
        if message.author_name:  # a person from the shop answers: their name, the shop's address
            sender = Address(display_name=f"{message.author_name} ({self._shop_name})",
                             addr_spec=self._from.addr_spec)
        mail = compose_reply(sender=sender, recipient=recipient, text=text, signature=self._signature,
                             thread=thread, new_subject=f"Your message to {self._shop_name}",
                             automated=message.author_name is None)
        await self._submit(mail)
        if thread is not None:  # our reply joins the chain, so the next one references it too
            self._remember(recipient, EmailThread(message_id=thread.message_id, subject=thread.subject,
                                                  references=(*thread.references, str(mail["Message-ID"]))))

    async def _submit(self, mail: EmailMessage) -> None:
        server = self._smtp
        try:
            await aiosmtplib.send(mail, hostname=server.host, port=server.port, username=server.username,
                                  password=server.password, use_tls=server.tls, timeout=self._timeout)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = ", ".join(f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients)
            raise DeliveryError(f"the mail server refused the recipient ({codes})", channel=self.name,
                                permanent=all(r.code in _PERMANENT_SMTP_CODES for r in exc.recipients)) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise DeliveryError(f"the mail server answered {exc.code} {exc.message}", channel=self.name,
                                permanent=exc.code in _PERMANENT_SMTP_CODES) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"could not reach the mail server {server.host}:{server.port}: {exc}",
                                channel=self.name) from exc

    def _inbound(self, raw: bytes, *, uid: str) -> InboundMessage | None:
        """The message as an ``InboundMessage``, or ``None`` for mail nobody should answer."""
        try:
            mail = parse_email(raw)
        except ValidationError as exc:
            logger.warning("e-mail %s skipped: %s", uid, exc)
            return None
        if mail.automated or mail.sender == self._from.addr_spec.lower():
            logger.info("e-mail %s from %s not answered: %s", uid, mail.sender, mail.automated or "our own mail")
            return None
        self._remember(mail.sender, _thread_of(mail))
        text, kind = _customer_text(mail)
        return InboundMessage(channel=self.name, sender_id=mail.sender, sender_name=mail.sender_name,
                              sender_email=mail.sender, text=text, kind=kind,
                              platform_message_id=mail.message_id)

    async def _thread_from_mailbox(self, recipient: str) -> EmailThread | None:
        mailbox = ImapMailbox(self._imap, timeout=self._timeout, max_age=self._max_age)
        try:
            await mailbox.open()
            headers = await mailbox.latest_from(recipient)
        except (OSError, TimeoutError) as exc:  # no thread is better than no reply
            logger.warning("could not look up the e-mail thread of %s: %s", recipient, exc)
            return None
        finally:
            await mailbox.close()
        if headers is None:
            return None
        try:
            mail = parse_email(headers)
        except ValidationError:
            return None
        return _thread_of(mail)

    async def _open_mailbox(self) -> ImapMailbox:
        mailbox = ImapMailbox(self._imap, timeout=self._timeout, max_age=self._max_age)
        await mailbox.open()
        return mailbox

    def _remember(self, address: str, thread: EmailThread) -> None:
        self._threads[address] = thread
        self._threads.move_to_end(address)
        while len(self._threads) > _REMEMBERED_THREADS:
            self._threads.popitem(last=False)


def _thread_of(mail: ParsedEmail) -> EmailThread:
    return EmailThread(message_id=mail.message_id, references=(*mail.references, mail.message_id),
                       subject=mail.subject)


def _customer_text(mail: ParsedEmail) -> tuple[str, ContentKind]:
    """The new text; a first mail's subject leads it (it is often the question), attachments are listed."""
    parts = []
    is_reply = mail.in_reply_to is not None or mail.subject.lower().startswith(("re:", "aw:", "sv:"))
    if mail.subject and not is_reply and mail.subject.lower() not in mail.text.lower():
        parts.append(mail.subject)
    if mail.text:
        parts.append(mail.text)
    note = attachment_note(mail.attachments)
    if not mail.text and note:
        return note, ContentKind.OTHER
    if note:
        parts.append(note)
    if not parts:
        return "[empty e-mail]", ContentKind.OTHER
    return "\n\n".join(parts), ContentKind.TEXT


def _shop_address(mail_from: str, *, shop_name: str) -> Address:
    name, address = parseaddr(mail_from)
    if "@" not in address:
        raise ConfigError(f"{mail_from!r} is not an e-mail address", field="WARMLINE_MAIL_FROM",
                          fix="set it to the shop's address, e.g. 'Mossa Studio <hello@mossa.example>'")
    user, domain = address.rsplit("@", 1)
    return Address(display_name=name or shop_name, username=user, domain=domain)
