"""Telling staff about something that needs them now: a promise about to fall due, a broken promise, a
reply that could not be delivered. Each alert goes to every configured sink (Slack DMs and threads);
the staff inbox shows the same facts on the conversation (promises, parked deliveries) and is told
to refresh through the event hub.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from warmline.domain import Bot, NotFoundError, StaffMember
from warmline.engine.customer.outbound import Outbound
from warmline.store import OutboxItem, Store

__all__ = ["AlertSink", "StaffAlert", "StaffAlerts"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class StaffAlert:
    """One message for named staff members about one conversation."""

    staff_ids: tuple[str, ...]
    conversation_id: str
    text: str
    kind: str  # "nudge", "broken_promise", "parked_delivery"


class AlertSink(Protocol):
    """Somewhere staff hear about alerts (the Slack bridge implements it)."""

    async def alert(self, alert: StaffAlert) -> None:
        """Show the alert to its staff members."""


class StaffAlerts:
    """Fans alerts out to the sinks and refreshes the inbox; a failing sink never stops the others."""

    def __init__(self, *, bot: Bot, store: Store, outbound: Outbound) -> None:
        self._bot = bot
        self._store = store
        self._outbound = outbound
        self.sinks: list[AlertSink] = []
        self.sent: list[StaffAlert] = []  # the latest alerts of this process, newest last (bounded)

    def leads(self, *, besides: str | None = None) -> tuple[str, ...]:
        """The roster's leads (everyone, when nobody is marked a lead), ``besides`` first if given."""
        leads = [m.id for m in self._bot.staff if m.lead] or [m.id for m in self._bot.staff]
        return tuple(dict.fromkeys([*([besides] if besides else []), *leads]))

    async def send(self, alert: StaffAlert) -> None:
        """Deliver to every sink and tell the inbox the conversation changed."""
        logger.warning("staff alert (%s) for %s: %s", alert.kind, ", ".join(alert.staff_ids), alert.text)
        self.sent = [*self.sent[-99:], alert]
        for sink in self.sinks:
            try:
                await sink.alert(alert)
            except Exception:  # Slack down must not stop the inbox (or the next sink) hearing about it
                logger.exception("could not send a %s alert to %s", alert.kind, type(sink).__name__)
        try:
            conversation = await self._store.get_conversation(alert.conversation_id)
        except NotFoundError:
            return
        self._outbound.publish_state(conversation)

    async def parked(self, item: OutboxItem, error: str) -> None:
        """A reply could not be delivered and was parked: the person on the conversation, and the leads."""
        try:
            conversation = await self._store.get_conversation(item.message.conversation_id)
            customer = await self._store.get_customer(conversation.customer_id)
            who, owner = customer.display_name or "a customer", conversation.assignee_id
        except NotFoundError:
            who, owner = "a customer", None
        text = (f"A reply to {who} on {item.message.channel} could not be delivered and is parked "
                f"({error}). It is kept, not dropped: see the conversation in the inbox.")
        await self.send(StaffAlert(staff_ids=self.leads(besides=owner), conversation_id=item.message.conversation_id,
                                   text=text, kind="parked_delivery"))

    def members(self, staff_ids: Sequence[str]) -> list[StaffMember]:
        """The roster entries of ``staff_ids`` (unknown ids are skipped)."""
        return [m for m in (self._bot.staff_member(i) for i in staff_ids) if m is not None]
