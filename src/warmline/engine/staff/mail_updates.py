"""Keeping "Email me when it's done": the person's first reply after the wish, or the resolution when no
reply came, goes to the customer's e-mail as well as the chat. Sent once per wish."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from warmline.domain import Author, Bot, Decision
from warmline.policy import EMAIL_WANTED
from warmline.store import Store

__all__ = ["MailSender", "MailUpdates"]

logger = logging.getLogger(__name__)

# (to, subject, text): what sends one e-mail (``warmline.channels.notify.mail.MailNotifier.send``).
MailSender = Callable[..., Awaitable[None]]


class MailUpdates:
    """Sends the promised e-mail after a staff reply or a resolve; failures are logged, never raised."""

    def __init__(self, *, bot: Bot, store: Store, send: MailSender) -> None:
        self._bot = bot
        self._store = store
        self._send = send

    async def after_staff_reply(self, conversation_id: str, *, staff_name: str, text: str) -> bool:
        """The first staff reply after the wish goes by e-mail too; True when one was sent."""
        wish = await self._wish(conversation_id)
        if wish is None or await self._replied_since(conversation_id, wish, count_latest=False):
            return False
        return await self._deliver(wish, subject=f"{staff_name} from {self._bot.display_name} replied",
                                   text=f"{text}\n\n— {staff_name}, {self._bot.display_name}")

    async def after_resolve(self, conversation_id: str) -> bool:
        """Resolved with no staff reply since the wish: the customer still hears, by e-mail."""
        wish = await self._wish(conversation_id)
        if wish is None or await self._replied_since(conversation_id, wish, count_latest=True):
            return False
        return await self._deliver(wish, subject=f"Your question to {self._bot.display_name} is done",
                                   text=f"Your conversation with {self._bot.display_name} has been resolved. "
                                        "If anything is still open, just reply in the chat.")

    async def _wish(self, conversation_id: str) -> Decision | None:
        wishes = [d for d in await self._store.decisions(conversation_id)
                  if any(r.startswith(EMAIL_WANTED) for r in d.reasons)]
        return wishes[-1] if wishes else None

    async def _replied_since(self, conversation_id: str, wish: Decision, *, count_latest: bool) -> bool:
        """Whether a staff reply after the wish already went out (the newest one excluded when it is the one
        being sent now)."""
        since: datetime | None = wish.created_at
        replies = [m for m in await self._store.messages(conversation_id)
                   if m.author is Author.STAFF and (since is None or m.created_at >= since)]
        return len(replies) > (0 if count_latest else 1)

    async def _deliver(self, wish: Decision, *, subject: str, text: str) -> bool:
        address = next(r for r in wish.reasons if r.startswith(EMAIL_WANTED)).removeprefix(EMAIL_WANTED).strip()
        try:
            await self._send(to=address, subject=subject, text=text)
        except Exception:  # the chat has the reply either way; a mail server down must not lose it
            logger.exception("could not e-mail the customer for %s", wish.conversation_id)
            return False
        return True
