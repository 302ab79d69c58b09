"""Handoffs nobody claimed in time go to the next person, and the customer is told (DESIGN principle 8).

The bot file's ``thresholds.handoff_claim_timeout_minutes`` says how long a named person has to claim a
handoff before it is routed again, to someone else who is on shift and has the case's skill. Only while
somebody else can take it, only to people who have not had this handoff yet, and at most ``MAX_UPDATES``
times: then it stays with the last of them rather than bouncing around (the promise keeper alerts a lead
if the customer's promised time then passes). The case's one live promise moves to the new person, and
the customer hears the new time once, in words.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from warmline.domain import (
    Author,
    Bot,
    ConflictError,
    ConversationState,
    Handoff,
    HandoffStatus,
    Reply,
    StaffMember,
    new_id,
)
from warmline.engine.customer.live_promise import promise_reply
from warmline.engine.customer.ordering import Ordering
from warmline.engine.customer.outbound import Outbound
from warmline.handoff import route
from warmline.policy import customer_timezone, human_time
from warmline.store import Store

__all__ = ["HandoffWatcher"]

logger = logging.getLogger(__name__)

_CHECK_EVERY_SECONDS = 30.0
_CHAIN_WINDOW = timedelta(days=1)  # re-routings this recent belong to the same wait
MAX_UPDATES = 2  # re-routings (each an update to the customer) one case may have; then it stays put


class HandoffWatcher:
    """Re-routes unclaimed handoffs past their claim timeout; one watcher per process."""

    def __init__(self, *, bot: Bot, store: Store, outbound: Outbound, clock: Callable[[], datetime],
                 ordering: Ordering | None = None) -> None:
        self._bot = bot
        # Every worker runs a watcher; one round at a time, or two could re-route the same handoff.
        self._ordering = ordering or Ordering()
        self._store = store
        self._outbound = outbound
        self._clock = clock

    async def reroute_overdue(self) -> int:
        """Route every overdue, unclaimed handoff to someone else; returns how many moved."""
        timeout = timedelta(minutes=self._bot.thresholds.handoff_claim_timeout_minutes)
        now = self._clock()
        moved = 0
        for handoff in await self._store.handoffs(statuses={HandoffStatus.OPEN}):
            if handoff.created_at is not None and now - handoff.created_at >= timeout:
                moved += await self._reroute(handoff, now=now)
        return moved

    async def run(self) -> None:
        """Check every half minute until cancelled (the runtime runs it in the background)."""
        while True:
            await asyncio.sleep(_CHECK_EVERY_SECONDS)
            try:
                async with self._ordering.hold("rerouting"):
                    await self.reroute_overdue()
            except Exception:  # one bad handoff must not stop the watcher
                logger.exception("re-routing round failed")

    async def _already_asked(self, handoff: Handoff, *, now: datetime) -> set[str]:
        """Who this handoff has been with: its assignee and those it was re-routed away from today."""
        conversation = await self._store.get_conversation(handoff.conversation_id)
        recent = now - _CHAIN_WINDOW
        earlier = await self._store.handoffs(customer_id=conversation.customer_id,
                                             statuses={HandoffStatus.REASSIGNED})
        return {handoff.assignee_id} | {
            h.assignee_id for h in earlier
            if h.conversation_id == handoff.conversation_id and h.created_at is not None and h.created_at >= recent}

    def _skilled_others(self, case_type: str | None, asked: set[str]) -> tuple[StaffMember, ...]:
        """Who may take the case next: not asked yet, and with its skill when anyone on the roster has it
        (a missing parcel never rotates to the custom-orders maker)."""
        others = tuple(m for m in self._bot.staff if m.id not in asked)
        case = self._bot.case_type(case_type)
        if case is None or not case.skills or not any(set(m.skills) & set(case.skills) for m in self._bot.staff):
            return others
        return tuple(m for m in others if set(m.skills) & set(case.skills))

    async def _reroute(self, handoff: Handoff, *, now: datetime) -> int:
        conversation = await self._store.get_conversation(handoff.conversation_id)
        if conversation.state is not ConversationState.QUEUED:
            return 0
        customer = await self._store.get_customer(conversation.customer_id)
        team = await self._store.team_snapshot(customer_id=customer.id)
        asked = await self._already_asked(handoff, now=now)
        if len(asked) > MAX_UPDATES:
            return 0  # this customer has had enough updates: the case stays, the promise keeper watches it
        others = replace(self._bot, staff=self._skilled_others(handoff.case_type, asked))
        routing = route(bot=others, customer=customer, case_type=handoff.case_type, team=team, now=now)
        if routing.assignee is None or routing.back_at is not None or routing.eta_minutes is None:
            return 0  # nobody else with the skill is on shift: keep the promise with the person already named
        new = routing.assignee
        try:
            conversation = await self._store.set_state(conversation.id, state=ConversationState.QUEUED,
                                                       assignee_id=new.id, expected={ConversationState.QUEUED})
        except ConflictError:
            return 0  # claimed (or resolved) meanwhile
        # A new handoff for the new person (so their claim timer starts now); the old one stays in the history.
        await self._store.update_handoff(replace(handoff, status=HandoffStatus.REASSIGNED, resolved_at=now))
        minutes = self._bot.thresholds.handoff_claim_timeout_minutes
        unclaimed = f"not claimed within {minutes} minutes"
        reasons = handoff.reasons if unclaimed in handoff.reasons else (*handoff.reasons, unclaimed)
        await self._store.add_handoff(Handoff(
            id=new_id(), conversation_id=conversation.id, assignee_id=new.id, case_type=handoff.case_type,
            reasons=reasons, eta_minutes=routing.eta_minutes, created_at=now))
        # One case, one promise: the time the customer holds moves to the new person (never a second one).
        due = now + timedelta(minutes=routing.eta_minutes)
        await promise_reply(self._store, conversation_id=conversation.id, owner=new, due_at=due, at=now)
        previous = self._bot.staff_member(handoff.assignee_id)
        waited = f"{previous.first_name} couldn't get to this yet" if previous else "this is taking longer"
        when = human_time(due, now=now, timezone=customer_timezone(customer, default=self._bot.business_hours.timezone))
        self._outbound.publish_state(conversation, eta_minutes=routing.eta_minutes)
        await self._outbound.send(conversation, [Reply(
            text=f"A quick update: {waited}, so I've asked {new.first_name} to take it. {new.first_name} will "
                 f"reply {when}, and that's the time that counts now. You won't have to repeat anything.")],
            author=Author.BOT)
        logger.info("re-routed unclaimed handoff %s from %s to %s", handoff.id, handoff.assignee_id, new.id)
        return 1
