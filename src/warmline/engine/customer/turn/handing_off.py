"""Handing a case to a person: who takes it and how soon, then queuing it with the promise recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from warmline.domain import (
    Bot,
    Conversation,
    ConversationState,
    Customer,
    Decision,
    Handoff,
    StaffMember,
    TeamSnapshot,
    new_id,
)
from warmline.engine.customer.live_promise import promise_reply
from warmline.engine.customer.outbound import Outbound
from warmline.engine.estimates import EtaEstimates
from warmline.handoff import Routing, route
from warmline.store import Store

__all__ = ["HandOff"]


class HandOff:
    """Routes a case to the named person on shift and queues the conversation for them."""

    def __init__(self, *, bot: Bot, store: Store, outbound: Outbound, clock: Callable[[], datetime],
                 estimates: EtaEstimates | None = None) -> None:
        self._bot = bot
        self._store = store
        self._outbound = outbound
        self._clock = clock
        self._estimates = estimates  # the ETA learned from the shop's history, once there is enough

    def routing(self, customer: Customer, *, case_type: str | None, team: TeamSnapshot, now: datetime,
                asked_for: StaffMember | None = None) -> Routing:
        """Who takes a case of this type for this team at ``now`` (``asked_for``: the person the customer asked
        for by name), and how soon."""
        return route(bot=self._bot, customer=customer, case_type=case_type, team=team, now=now,
                     eta_model=self._estimates.current if self._estimates else None, asked_for=asked_for)

    async def route(self, customer: Customer, case_type: str | None) -> Routing:
        """Who takes a case of this type now, and how soon (for a step that decides before the policy)."""
        team = await self._store.team_snapshot(customer_id=customer.id)
        return self.routing(customer, case_type=case_type, team=team, now=self._clock())

    async def queue(self, conversation: Conversation, decision: Decision, *, now: datetime,
                    due_at: datetime | None = None) -> Conversation:
        """Queue the conversation for the named person and record what the customer was promised.

        ``due_at``: the time the customer was told, when it is not simply ``now`` plus the decision's ETA.
        """
        if decision.assignee is None:
            return conversation
        await self._store.add_handoff(Handoff(
            id=new_id(), conversation_id=conversation.id, assignee_id=decision.assignee.id,
            reasons=decision.reasons, case_type=decision.case_type, eta_minutes=decision.eta_minutes,
            created_at=now))
        owner = self._bot.staff_member(decision.assignee.id)
        if due_at is None and decision.eta_minutes is not None:
            due_at = now + timedelta(minutes=decision.eta_minutes)
        if due_at is not None and owner is not None:
            await promise_reply(self._store, conversation_id=conversation.id, owner=owner, at=now, due_at=due_at)
        conversation = await self._store.set_state(
            conversation.id, state=ConversationState.QUEUED, assignee_id=decision.assignee.id,
            expected={ConversationState.BOT})
        self._outbound.publish_state(conversation, eta_minutes=decision.eta_minutes)
        return conversation
