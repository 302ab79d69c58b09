"""Keeping promises (DESIGN principle 8): the ledger's writes, and the keeper that watches the clock.

Every promise made to a customer — an ETA the bot gave on a handoff, or a time a staff member wrote
in a reply ("I'll get back to you by 3pm") — is recorded with its due time. Before it falls due, its
owner is nudged. When the queue or a shift change makes the bot's ETA unlikely to hold, the customer
gets a new time early, once, with the reason (``handoff.ledger.early_update``). When it falls due unkept,
the customer hears first, honestly, with a new time (which is recorded as a new promise), and a lead is
alerted. A staff reply keeps the promise that a person would reply; a staff member's own commitment is
kept only when they confirm it happened. Resolving keeps nothing.

Several processes may run the keeper on one database: each step is a compare-and-set in the store
(``nudge_promise``, ``settle_promise``), so a nudge or an apology happens once. The step is recorded
*before* the customer is written to, so a process killed right between the two skips that one apology
rather than sending it twice; the promise still counts as broken and the lead still sees it listed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from warmline.domain import (
    Author,
    Bot,
    HandoffStatus,
    Promise,
    PromiseStatus,
    Reply,
    StaffMember,
    TeamSnapshot,
    new_id,
)
from warmline.engine.customer.outbound import Outbound
from warmline.engine.estimates import EtaEstimates
from warmline.engine.ports import OutcomeCounter
from warmline.engine.staff.alerts import StaffAlert, StaffAlerts
from warmline.handoff.commitments import find_commitment, promises_a_reply
from warmline.handoff.ledger import broken_promise, early_update, kept_on_time, lead_alert, nudge_at, nudge_text
from warmline.policy import EtaModel
from warmline.store import Store

__all__ = ["PromiseKeeper", "PromiseLedger"]

logger = logging.getLogger(__name__)

_CHECK_EVERY_SECONDS = 30.0
_LOOK_AHEAD = timedelta(minutes=15)  # the longest nudge lead (see handoff.ledger)


class PromiseLedger:
    """Records and settles promises, counting each outcome once (after the store's compare-and-set)."""

    def __init__(self, *, store: Store, metrics: OutcomeCounter | None = None) -> None:
        self._store = store
        self._metrics = metrics

    async def settle(self, promise: Promise, *, status: PromiseStatus, at: datetime) -> Promise | None:
        """Mark an open promise kept or broken; ``None`` when someone else settled it first."""
        settled = await self._store.settle_promise(promise.id, status=status, at=at)
        if settled is not None and self._metrics is not None:
            self._metrics.promise_settled(settled.source.value, status.value)
        return settled

    async def keep_open(self, conversation_id: str, *, at: datetime) -> int:
        """Someone from the shop replied: promises of a reply ("Maya replies", "I'll get back to you by 3pm")
        are kept (late: broken). A commitment to do something else ("I'll send the tracking link by 3pm") is
        kept only when the staff member confirms it happened (``confirm``), never by any later message."""
        kept = 0
        for promise in await self._store.promises(conversation_id=conversation_id, open_only=True):
            if promise.source is not Author.BOT and not promises_a_reply(promise.text):
                continue
            status = PromiseStatus.KEPT if kept_on_time(promise, now=at) else PromiseStatus.BROKEN
            kept += await self.settle(promise, status=status, at=at) is not None and status is PromiseStatus.KEPT
        return kept

    async def confirm(self, promise: Promise, *, done: bool, at: datetime) -> Promise | None:
        """The staff member says whether what they promised happened: kept when done on time, else broken."""
        status = PromiseStatus.KEPT if done and kept_on_time(promise, now=at) else PromiseStatus.BROKEN
        return await self.settle(promise, status=status, at=at)

    async def record_commitment(self, conversation_id: str, *, member: StaffMember, text: str,
                                at: datetime) -> Promise | None:
        """If a staff reply promises a time ("by 3pm", "within 2 hours"), put it on the ledger as theirs."""
        commitment = find_commitment(text, now=at, timezone=member.timezone)
        if commitment is None or commitment.due_at <= at:
            return None
        promise = await self._store.add_promise(Promise(
            id=new_id(), conversation_id=conversation_id, owner_id=member.id, source=Author.STAFF,
            text=f"{member.first_name}: {commitment.sentence}", due_at=commitment.due_at, created_at=at))
        logger.info("recorded %s's commitment on %s, due %s", member.id, conversation_id, promise.due_at)
        return promise


class PromiseKeeper:
    """Nudges owners before promises fall due and deals honestly with broken ones; one per process."""

    def __init__(self, *, bot: Bot, store: Store, outbound: Outbound, ledger: PromiseLedger, alerts: StaffAlerts,
                 clock: Callable[[], datetime], metrics: OutcomeCounter | None = None,
                 interval_seconds: float = _CHECK_EVERY_SECONDS, estimates: EtaEstimates | None = None) -> None:
        self._bot = bot
        self._estimates = estimates
        self._store = store
        self._outbound = outbound
        self._ledger = ledger
        self._alerts = alerts
        self._clock = clock
        self._metrics = metrics
        self._interval = interval_seconds

    async def check(self) -> tuple[int, int]:
        """One round: (owners nudged, broken promises dealt with)."""
        now = self._clock()
        nudged = broken = 0
        for promise in await self._store.promises(open_only=True, due_before=now + _LOOK_AHEAD):
            if promise.due_at <= now:
                broken += await self._break(promise, now=now)
            elif promise.nudged_at is None and now >= nudge_at(promise):
                nudged += await self._nudge(promise, now=now)
        await self.update_early()
        return nudged, broken

    async def update_early(self) -> int:
        """Give a new time, once per conversation, for each bot ETA now unlikely to hold; how many were updated."""
        now = self._clock()
        model = self._estimates.current if self._estimates is not None else None
        updated = 0
        team: TeamSnapshot | None = None  # when each person last acted: only the learned estimate reads it
        for promise in await self._store.promises(open_only=True):
            if promise.source is Author.BOT and promise.due_at > now:
                if model is not None and team is None:
                    team = await self._store.team_snapshot()
                updated += await self._update_early(promise, now=now, model=model, team=team)
        return updated

    async def run(self) -> None:
        """Check every ``interval_seconds`` until cancelled (the runtime runs it in the background)."""
        while True:
            try:
                await self.check()
            except Exception:  # one bad promise must not stop the keeper
                logger.exception("promise round failed")
            await asyncio.sleep(self._interval)

    async def _customer_name(self, conversation_id: str) -> tuple[str, str]:
        conversation = await self._store.get_conversation(conversation_id)
        customer = await self._store.get_customer(conversation.customer_id)
        return customer.display_name or "the customer", customer.first_name

    async def _nudge(self, promise: Promise, *, now: datetime) -> int:
        if await self._store.nudge_promise(promise.id, at=now) is None:
            return 0  # another worker nudged, or it was kept meanwhile
        name, _ = await self._customer_name(promise.conversation_id)
        await self._alerts.send(StaffAlert(staff_ids=(promise.owner_id,), conversation_id=promise.conversation_id,
                                           text=nudge_text(promise, customer_name=name, bot=self._bot, now=now),
                                           kind="nudge"))
        if self._metrics is not None:
            self._metrics.promise_nudged()
        return 1

    async def _update_early(self, promise: Promise, *, now: datetime, model: EtaModel | None,
                            team: TeamSnapshot | None) -> int:
        owner = self._bot.staff_member(promise.owner_id)
        theirs = await self._store.handoffs(assignee_id=promise.owner_id,
                                            statuses=(HandoffStatus.OPEN, HandoffStatus.CLAIMED))
        made = promise.created_at or now
        ahead = sum(1 for h in theirs if h.conversation_id != promise.conversation_id
                    and h.created_at is not None and h.created_at < made)
        conversation = await self._store.get_conversation(promise.conversation_id)
        _, first_name = await self._customer_name(conversation.id)
        quiet = team.quiet_minutes(promise.owner_id, now) if team is not None else None
        plan = early_update(promise, owner=owner, bot=self._bot, now=now, ahead=ahead, eta_model=model,
                            customer_first_name=first_name, quiet_minutes=quiet)
        if plan is None or not conversation.state.human_owns:
            return 0
        earlier = await self._store.promises(conversation_id=conversation.id)
        if any(p.status is PromiseStatus.REVISED for p in earlier):
            return 0  # once: a second change of plan waits for the broken-promise path
        if await self._ledger.settle(promise, status=PromiseStatus.REVISED, at=now) is None:
            return 0
        await self._outbound.send(conversation, [Reply(text=plan.customer_text)], author=Author.BOT)
        await self._store.add_promise(Promise(id=new_id(), conversation_id=conversation.id, owner_id=promise.owner_id,
                                              text=plan.new_text, due_at=plan.new_due_at, created_at=now))
        logger.info("promise %s on %s updated early (%s), new time %s", promise.id, conversation.id, plan.reason,
                    plan.new_due_at)
        return 1

    async def _break(self, promise: Promise, *, now: datetime) -> int:
        if await self._ledger.settle(promise, status=PromiseStatus.BROKEN, at=now) is None:
            return 0  # kept just in time, or another worker is on it
        conversation = await self._store.get_conversation(promise.conversation_id)
        name, first_name = await self._customer_name(conversation.id)
        owner = self._bot.staff_member(promise.owner_id)
        plan = broken_promise(promise, owner=owner, bot=self._bot, now=now, customer_first_name=first_name)
        if conversation.state.human_owns:
            # The customer first, honestly, with a new time; then the new time goes on the ledger.
            await self._outbound.send(conversation, [Reply(text=plan.customer_text)], author=Author.BOT)
            await self._store.add_promise(Promise(
                id=new_id(), conversation_id=conversation.id, owner_id=promise.owner_id, text=plan.new_text,
                due_at=plan.new_due_at, created_at=now))
        text = lead_alert(promise, owner=owner, customer_name=name, bot=self._bot, now=now,
                          new_due_at=plan.new_due_at if conversation.state.human_owns else None)
        await self._alerts.send(StaffAlert(staff_ids=self._alerts.leads(besides=promise.owner_id),
                                           conversation_id=conversation.id, text=text, kind="broken_promise"))
        logger.warning("promise %s on %s broken; customer told, new time %s", promise.id, conversation.id,
                       plan.new_due_at)
        return 1
