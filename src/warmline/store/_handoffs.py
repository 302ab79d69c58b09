"""Handoffs to named people, the promises made to customers, and the team's workload."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from warmline.domain import (
    ConversationState,
    FinishedCase,
    Handoff,
    HandoffStatus,
    NotFoundError,
    OpenCase,
    Promise,
    PromiseStatus,
    TeamSnapshot,
    ValidationError,
)

from ._base import Repository
from ._convert import handoff_from_row, promise_from_row
from ._models import ConversationRow, HandoffRow, MessageRow, PromiseRow, as_utc

__all__ = ["HandoffRepository"]

_ACTIVE = (HandoffStatus.OPEN.value, HandoffStatus.CLAIMED.value)
_HUMAN_OWNED = (ConversationState.QUEUED.value, ConversationState.WITH_HUMAN.value)


# A case handed over earlier than this before the window can still have been open (ahead) in it.
_OPEN_LOOKBACK = timedelta(days=7)
_REPLACED = (HandoffStatus.RETURNED.value, HandoffStatus.REASSIGNED.value)


def _minutes(start: datetime, end: datetime) -> float:
    return (as_utc(end) - as_utc(start)).total_seconds() / 60


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else as_utc(value)


def _open_case(row: HandoffRow, *, at: datetime | None = None) -> OpenCase:
    """The handoff as a case ahead of a new one at ``at`` (claimed only if it was by then)."""
    claimed = _utc(row.claimed_at)
    return OpenCase(case_type=row.case_type, handed_at=as_utc(row.created_at),
                    claimed_at=claimed if claimed is not None and (at is None or claimed <= at) else None)


def _actions_by_person(pairs: Iterable[tuple[str | None, datetime | None]]) -> dict[str, list[datetime]]:
    """Each person's action times (replies, take-ups, resolves), oldest first."""
    actions: dict[str, list[datetime]] = {}
    for who, at in pairs:
        if who is not None and at is not None:
            actions.setdefault(who, []).append(as_utc(at))
    return {who: sorted(times) for who, times in actions.items()}


def _quiet_minutes(actions: list[datetime], at: datetime) -> float | None:
    """Minutes from the person's last action before ``at`` to ``at`` (``None``: none on record)."""
    before = bisect_left(actions, at)
    return _minutes(actions[before - 1], at) if before else None


# What a person did: a reply (a staff-authored message), a take-up and a resolve.
_LAST_ACTIONS = (
    select(MessageRow.staff_id, func.max(MessageRow.created_at))
    .where(MessageRow.staff_id.is_not(None)).group_by(MessageRow.staff_id),
    select(HandoffRow.assignee_id, func.max(HandoffRow.claimed_at)).group_by(HandoffRow.assignee_id),
    select(HandoffRow.assignee_id, func.max(HandoffRow.resolved_at)).group_by(HandoffRow.assignee_id),
)


class HandoffRepository(Repository):
    """Handoffs, promises, the team snapshot the router reads, and the finished cases ETAs learn from."""

    async def _insert(self, row: HandoffRow | PromiseRow) -> None:
        try:
            async with self._db.write() as session:
                session.add(row)
        except IntegrityError:
            await self._require_conversation(row.conversation_id)
            raise

    # handoffs --------------------------------------------------------------------------------
    async def add_handoff(self, handoff: Handoff) -> Handoff:
        """Store a new handoff (time-stamped now when it has no ``created_at``)."""
        handoff = replace(handoff, created_at=as_utc(handoff.created_at or self._now()),
                          claimed_at=_utc(handoff.claimed_at), resolved_at=_utc(handoff.resolved_at))
        await self._insert(HandoffRow(
            id=handoff.id, conversation_id=handoff.conversation_id, assignee_id=handoff.assignee_id,
            reasons=list(handoff.reasons), status=handoff.status.value, case_type=handoff.case_type,
            eta_minutes=handoff.eta_minutes, created_at=handoff.created_at, claimed_at=handoff.claimed_at,
            resolved_at=handoff.resolved_at))
        return handoff

    async def update_handoff(self, handoff: Handoff) -> Handoff:
        """Replace a stored handoff's status, assignee, reasons (a case marked urgent), ETA and claim/resolve
        times. Its conversation and creation time stay as stored; ``NotFoundError`` if unknown.
        """
        async with self._db.write() as session:
            row = await session.scalar(select(HandoffRow).where(HandoffRow.id == handoff.id)
                                       .with_for_update())
            if row is None:
                raise NotFoundError("handoff", handoff.id)
            row.status = handoff.status.value
            row.reasons = list(handoff.reasons)
            row.assignee_id = handoff.assignee_id
            row.eta_minutes = handoff.eta_minutes
            row.claimed_at = _utc(handoff.claimed_at)
            row.resolved_at = _utc(handoff.resolved_at)
            await session.flush()
            return handoff_from_row(row)

    async def active_handoff(self, conversation_id: str) -> Handoff | None:
        """The conversation's newest open or claimed handoff, if any."""
        handoffs = await self._handoffs(conversation_id=conversation_id, statuses=_ACTIVE, limit=1)
        return handoffs[0] if handoffs else None

    async def handoffs(self, *, assignee_id: str | None = None,
                       statuses: Collection[HandoffStatus] | None = None,
                       customer_id: str | None = None) -> list[Handoff]:
        """Handoffs, newest first, filtered by any of assignee, statuses and customer."""
        return await self._handoffs(assignee_id=assignee_id, customer_id=customer_id,
                                    statuses=None if statuses is None else [s.value for s in statuses])

    async def _handoffs(self, *, assignee_id: str | None = None, statuses: Collection[str] | None = None,
                        customer_id: str | None = None, conversation_id: str | None = None,
                        limit: int | None = None) -> list[Handoff]:
        query = select(HandoffRow)
        if assignee_id is not None:
            query = query.where(HandoffRow.assignee_id == assignee_id)
        if statuses is not None:
            query = query.where(HandoffRow.status.in_(list(statuses)))
        if conversation_id is not None:
            query = query.where(HandoffRow.conversation_id == conversation_id)
        if customer_id is not None:
            query = (query.join(ConversationRow, ConversationRow.id == HandoffRow.conversation_id)
                     .where(ConversationRow.customer_id == customer_id))
        query = query.order_by(HandoffRow.created_at.desc(), HandoffRow.seq.desc()).limit(limit)
        async with self._db.read() as session:
            rows = (await session.scalars(query)).all()
        return [handoff_from_row(row) for row in rows]

    # history ---------------------------------------------------------------------------------
    async def finished_cases(self, *, since: datetime, until: datetime) -> list[FinishedCase]:
        """Handoffs made in [since, until) whose person took them up, oldest first.

        ``ahead`` is how many of that person's handoffs were open (made, not yet resolved) when the case
        reached them, ``ahead_cases`` those handoffs (type, and when claimed if by then), ``quiet_minutes``
        how long since that person had last replied, taken up or resolved a case; the first reply is when
        they claimed it, the resolve time when they closed it.
        """
        query = (select(HandoffRow)
                 .where(HandoffRow.created_at >= since - _OPEN_LOOKBACK, HandoffRow.created_at < until)
                 .where(or_(HandoffRow.resolved_at.is_(None), HandoffRow.resolved_at >= since - _OPEN_LOOKBACK))
                 .order_by(HandoffRow.created_at, HandoffRow.seq))
        replies = (select(MessageRow.staff_id, MessageRow.created_at)
                   .where(MessageRow.staff_id.is_not(None), MessageRow.created_at >= since - _OPEN_LOOKBACK,
                          MessageRow.created_at < until))
        async with self._db.read() as session:
            rows = (await session.scalars(query)).all()
            replied = (await session.execute(replies)).all()
        by_person: dict[str, list[HandoffRow]] = {}
        for row in rows:
            by_person.setdefault(row.assignee_id, []).append(row)
        actions = _actions_by_person([*((who, at) for who, at in replied),
                                      *((r.assignee_id, r.claimed_at) for r in rows),
                                      *((r.assignee_id, r.resolved_at) for r in rows)])
        return [replace(self._finished(row, by_person[row.assignee_id]),
                        quiet_minutes=_quiet_minutes(actions.get(row.assignee_id, []), as_utc(row.created_at)))
                for row in rows
                if row.claimed_at is not None and row.status not in _REPLACED
                and as_utc(row.created_at) >= as_utc(since)]

    @staticmethod
    def _finished(row: HandoffRow, theirs: list[HandoffRow]) -> FinishedCase:
        handed = as_utc(row.created_at)
        ahead = tuple(_open_case(other, at=handed) for other in theirs
                      if other is not row and as_utc(other.created_at) < handed
                      and (other.resolved_at is None or as_utc(other.resolved_at) > handed)
                      and other.status not in _REPLACED)
        assert row.claimed_at is not None
        return FinishedCase(
            handed_at=handed, owner_id=row.assignee_id, case_type=row.case_type, ahead=float(len(ahead)),
            ahead_cases=ahead,
            first_reply_minutes=_minutes(handed, row.claimed_at),
            resolve_minutes=_minutes(handed, row.resolved_at) if row.resolved_at is not None else None,
            promised_minutes=row.eta_minutes)

    # promises --------------------------------------------------------------------------------
    async def add_promise(self, promise: Promise) -> Promise:
        """Record a promise made to a customer (time-stamped now when it has no ``created_at``)."""
        promise = replace(promise, due_at=as_utc(promise.due_at),
                          created_at=as_utc(promise.created_at or self._now()),
                          settled_at=_utc(promise.settled_at))
        await self._insert(PromiseRow(
            id=promise.id, conversation_id=promise.conversation_id, owner_id=promise.owner_id,
            text=promise.text, due_at=promise.due_at, status=promise.status.value,
            created_at=promise.created_at, settled_at=promise.settled_at, source=promise.source.value,
            nudged_at=_utc(promise.nudged_at)))
        return promise

    async def update_promise(self, promise: Promise) -> Promise:
        """Replace a stored promise's status, settle time, owner, text, due time and nudge time.

        ``NotFoundError`` if unknown.
        """
        async with self._db.write() as session:
            row = await session.scalar(select(PromiseRow).where(PromiseRow.id == promise.id)
                                       .with_for_update())
            if row is None:
                raise NotFoundError("promise", promise.id)
            row.status = promise.status.value
            row.settled_at = _utc(promise.settled_at)
            row.owner_id = promise.owner_id
            row.text = promise.text
            row.due_at = as_utc(promise.due_at)
            row.nudged_at = _utc(promise.nudged_at)
            await session.flush()
            return promise_from_row(row)

    async def settle_promise(self, promise_id: str, *, status: PromiseStatus, at: datetime) -> Promise | None:
        """Compare-and-set OPEN → ``status`` (kept or broken) at ``at``: the promise if this call settled it,
        ``None`` if it was settled already (so two workers never both act on one promise)."""
        if status is PromiseStatus.OPEN:
            raise ValidationError("a promise is settled as kept or broken", field="status", expected="kept|broken")
        return await self._compare_and_set(promise_id, PromiseRow.status == PromiseStatus.OPEN.value,
                                           status=status.value, settled_at=as_utc(at))

    async def nudge_promise(self, promise_id: str, *, at: datetime) -> Promise | None:
        """Compare-and-set ``nudged_at`` of an OPEN promise not nudged yet: the promise if this call did it."""
        return await self._compare_and_set(
            promise_id, (PromiseRow.status == PromiseStatus.OPEN.value) & PromiseRow.nudged_at.is_(None),
            nudged_at=as_utc(at))

    async def _compare_and_set(self, promise_id: str, condition: ColumnElement[bool],
                               **values: object) -> Promise | None:
        # One conditional UPDATE: the database decides which of two concurrent callers wins.
        statement = (update(PromiseRow).where(PromiseRow.id == promise_id, condition).values(**values)
                     .returning(PromiseRow.id).execution_options(synchronize_session=False))
        async with self._db.write() as session:
            won = (await session.execute(statement)).scalar_one_or_none() is not None
            row = await session.scalar(select(PromiseRow).where(PromiseRow.id == promise_id))
            if row is None:
                raise NotFoundError("promise", promise_id)
            return promise_from_row(row) if won else None

    async def promises(self, *, conversation_id: str | None = None,
                       due_before: datetime | None = None,
                       open_only: bool = False) -> list[Promise]:
        """Promises, earliest due first; ``due_before`` keeps those due at or before that time."""
        query = select(PromiseRow)
        if conversation_id is not None:
            query = query.where(PromiseRow.conversation_id == conversation_id)
        if due_before is not None:
            query = query.where(PromiseRow.due_at <= as_utc(due_before))
        if open_only:
            query = query.where(PromiseRow.status == PromiseStatus.OPEN.value)
        query = query.order_by(PromiseRow.due_at, PromiseRow.seq)
        async with self._db.read() as session:
            rows = (await session.scalars(query)).all()
        return [promise_from_row(row) for row in rows]

    # team ------------------------------------------------------------------------------------
    async def team_snapshot(self, *, customer_id: str | None = None) -> TeamSnapshot:
        """Open (queued or with_human) conversations per assignee, their open handoffs (type, claimed
        when), unclaimed handoffs, when each person last acted (replied, took up or resolved a case), and
        who last helped ``customer_id`` (the assignee of their newest handoff)."""
        workload_query = (select(ConversationRow.assignee_id, func.count())
                          .where(ConversationRow.state.in_(_HUMAN_OWNED),
                                 ConversationRow.assignee_id.is_not(None))
                          .group_by(ConversationRow.assignee_id))
        queue_query = (select(func.count()).select_from(HandoffRow)
                       .where(HandoffRow.status == HandoffStatus.OPEN.value))
        open_query = (select(HandoffRow)
                      .join(ConversationRow, ConversationRow.id == HandoffRow.conversation_id)
                      .where(HandoffRow.status.in_(_ACTIVE), ConversationRow.state.in_(_HUMAN_OWNED),
                             ConversationRow.assignee_id == HandoffRow.assignee_id)
                      .order_by(HandoffRow.created_at, HandoffRow.seq))
        async with self._db.read() as session:
            workload = {str(staff_id): int(count)
                        for staff_id, count in (await session.execute(workload_query)).all()}
            queue_length = int(await session.scalar(queue_query) or 0)
            open_cases: dict[str, list[OpenCase]] = {}
            for row in (await session.scalars(open_query)).all():
                open_cases.setdefault(row.assignee_id, []).append(_open_case(row))
            last_active: dict[str, datetime] = {}
            for statement in _LAST_ACTIONS:
                for who, at in (await session.execute(statement)).all():
                    if who is not None and at is not None and (who not in last_active or as_utc(at) > last_active[who]):
                        last_active[str(who)] = as_utc(at)
            last_helper_id = None
            if customer_id is not None:
                last_helper_id = await session.scalar(
                    select(HandoffRow.assignee_id)
                    .join(ConversationRow, ConversationRow.id == HandoffRow.conversation_id)
                    .where(ConversationRow.customer_id == customer_id)
                    .order_by(HandoffRow.created_at.desc(), HandoffRow.seq.desc()).limit(1))
        return TeamSnapshot(workload=workload, queue_length=queue_length, last_helper_id=last_helper_id,
                            open_cases={who: tuple(cases) for who, cases in open_cases.items()},
                            last_active_at=last_active)
