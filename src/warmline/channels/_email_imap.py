"""The shop's mailbox over IMAP (aioimaplib): log in, find new mail, fetch it, flag it handled, wait for more.

Warmline marks what it handled with its own IMAP keyword (``$WarmlineHandled``) rather than ``\\Seen``,
so the people who read the same mailbox in their mail program still see new mail as unread. Only mail
that arrived within ``max_age`` is looked at: pointing Warmline at a mailbox with years of history must
not answer any of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote, urlsplit

import aioimaplib

from warmline.domain import ConfigError

__all__ = ["HANDLED_KEYWORD", "ImapError", "ImapMailbox", "MailServer", "parse_mail_url"]

logger = logging.getLogger(__name__)

HANDLED_KEYWORD = "$WarmlineHandled"
_DEFAULT_PORTS = {"imap": 143, "imaps": 993, "smtp": 587, "smtps": 465}
_FETCH_HEADER = re.compile(rb"^\d+ FETCH \(.*UID (\d+)")


class ImapError(ConnectionError):
    """The server answered an IMAP command with NO or BAD, or the connection is gone.

    A connection problem, not a ``WarmlineError``: the poller drops the connection and opens it again,
    whereas a ``WarmlineError`` (a wrong setting) stops polling until the setting is fixed.
    """


@dataclass(frozen=True, slots=True, kw_only=True)
class MailServer:
    """One mail server from a ``WARMLINE_IMAP_URL`` / ``WARMLINE_SMTP_URL`` value."""

    scheme: str
    host: str
    port: int
    username: str | None
    password: str | None
    mailbox: str = "INBOX"

    @property
    def tls(self) -> bool:
        """Implicit TLS from the first byte (``imaps``/``smtps``)."""
        return self.scheme.endswith("s")


def parse_mail_url(url: str, *, setting: str, schemes: tuple[str, ...]) -> MailServer:
    """``imaps://user:password@host:993/INBOX`` → ``MailServer``; ``ConfigError`` naming ``setting`` if bad."""
    example = f"{schemes[-1]}://shop%40example.com:app-password@mail.example.com"
    parts = urlsplit(url.strip())
    if parts.scheme not in schemes or not parts.hostname:
        raise ConfigError(f"expected a {' or '.join(schemes)} URL, got {parts.scheme or 'no'} scheme",
                          field=setting, fix=f"write it like {example} (escape '@' in the user name as %40)")
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError as exc:
        raise ConfigError(f"the port is not a number: {exc}", field=setting, fix=f"write it like {example}") from exc
    return MailServer(scheme=parts.scheme, host=parts.hostname, port=port,
                      username=unquote(parts.username) if parts.username else None,
                      password=unquote(parts.password) if parts.password else None,
                      mailbox=unquote(parts.path.strip("/")) or "INBOX")


class ImapMailbox:
    """One logged-in IMAP connection with the mailbox selected."""

    def __init__(self, server: MailServer, *, timeout: float, max_age: timedelta) -> None:
        self._server = server
        self._timeout = timeout
        self._max_age = max_age
        self._client: aioimaplib.IMAP4 | None = None

    async def open(self) -> None:
        """Connect, log in and select the mailbox; a refused login is a ``ConfigError`` (fix the setting)."""
        server = self._server
        factory = aioimaplib.IMAP4_SSL if server.tls else aioimaplib.IMAP4
        client = factory(host=server.host, port=server.port, timeout=self._timeout)
        await client.wait_hello_from_server()
        if server.username is not None:
            login = await client.login(server.username, server.password or "")
            if login.result != "OK":
                await _quietly_logout(client)
                raise ConfigError(f"the IMAP server refused the login of {server.username}: "
                                  f"{_text(login.lines)}", field="WARMLINE_IMAP_URL",
                                  fix="check the user name and (app) password in the URL")
        selected = await client.select(server.mailbox)
        if selected.result != "OK":
            await _quietly_logout(client)
            raise ConfigError(f"the mailbox {server.mailbox!r} cannot be opened: {_text(selected.lines)}",
                              field="WARMLINE_IMAP_URL", fix="name an existing folder after the host, e.g. /INBOX")
        self._client = client

    async def close(self) -> None:
        """Log out (best effort: the connection may already be gone)."""
        client, self._client = self._client, None
        if client is not None:
            await _quietly_logout(client)

    async def new_uids(self, *, now: datetime | None = None) -> list[str]:
        """UIDs of recent mail not yet handled, oldest first."""
        since = ((now or datetime.now(UTC)) - self._max_age).strftime("%d-%b-%Y")
        found = await self._command(self._live().uid_search("UNKEYWORD", HANDLED_KEYWORD, "SINCE", since,
                                                            charset=None))
        return sorted((uid for line in found[:-1] for uid in line.decode().split()), key=int)

    async def fetch(self, uid: str) -> bytes | None:
        """The whole message, without changing its flags; ``None`` when it was deleted meanwhile."""
        lines = await self._command(self._live().uid("fetch", uid, "(BODY.PEEK[])"))
        for index, line in enumerate(lines[:-1]):
            if isinstance(line, bytes) and _FETCH_HEADER.match(line) and index + 1 < len(lines):
                return bytes(lines[index + 1])
        return None

    async def mark_handled(self, uid: str) -> None:
        """Flag the message so it is not handed on again (by this or another process)."""
        await self._command(self._live().uid("store", uid, "+FLAGS", f"({HANDLED_KEYWORD})"))

    async def latest_from(self, address: str) -> bytes | None:
        """The headers of the newest message from ``address`` (for replying in its thread), or ``None``."""
        found = await self._command(self._live().uid_search("FROM", f'"{address}"', charset=None))
        uids = sorted((uid for line in found[:-1] for uid in line.decode().split()), key=int)
        if not uids:
            return None
        lines = await self._command(self._live().uid(
            "fetch", uids[-1], "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID REFERENCES SUBJECT FROM REPLY-TO)])"))
        return next((bytes(line) for line in lines if isinstance(line, bytearray)), None)

    async def wait_for_mail(self, *, seconds: float, stop: asyncio.Event) -> None:
        """IDLE until the server reports a change, ``seconds`` pass or ``stop`` is set (plain wait without IDLE)."""
        client = self._live()
        if not client.has_capability("IDLE"):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=seconds)
            return
        idle = await client.idle_start(timeout=seconds)
        push = asyncio.ensure_future(client.wait_server_push(timeout=seconds))
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({push, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            if not push.done():
                push.cancel()
            if client.has_pending_idle():
                client.idle_done()
            await asyncio.wait_for(idle, timeout=self._timeout)

    def _live(self) -> aioimaplib.IMAP4:
        if self._client is None:
            raise ImapError("the mailbox is not open")
        return self._client

    async def _command(self, pending: object) -> list[bytes]:
        response = await pending  # type: ignore[misc]
        if response.result != "OK":
            raise ImapError(f"{response.result}: {_text(response.lines)}")
        return list(response.lines)


async def _quietly_logout(client: aioimaplib.IMAP4) -> None:
    try:
        await client.logout()
    except (aioimaplib.AioImapException, OSError, TimeoutError) as exc:
        logger.debug("IMAP logout failed: %s", exc)


def _text(lines: list[bytes]) -> str:
    return " ".join(line.decode(errors="replace") for line in lines if isinstance(line, bytes | bytearray))[:300]
