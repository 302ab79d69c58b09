"""The shop's history of finished cases, for the wait-time estimator (``policy.fit_eta_model``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from warmline.domain import FinishedCase, HandoffStatus

from ._base import Repository
from ._models import HandoffRow, as_utc

__all__ = ["HistoryRepository"]

# A case handed over earlier than this before the window can still have been open (ahead) in it.
_OPEN_LOOKBACK = timedelta(days=7)
_REPLACED = (HandoffStatus.RETURNED.value, HandoffStatus.REASSIGNED.value)


def _minutes(start: datetime, end: datetime) -> float:
    return (as_utc(end) - as_utc(start)).total_seconds() / 60


class HistoryRepository(Repository):
    """Finished cases with what was ahead of them, rebuilt from the handoffs table."""

    async def finished_cases(self, *, since: datetime, until: datetime) -> list[FinishedCase]:
        """Handoffs made in [since, until) whose person took them up, oldest first.

        ``ahead`` is how many of that person's handoffs were open (made, not yet resolved) when the case
        reached them; the first reply is when they claimed it, the resolve time when they closed it.
        """
        query = (select(HandoffRow)
                 .where(HandoffRow.created_at >= since - _OPEN_LOOKBACK, HandoffRow.created_at < until)
                 .where(or_(HandoffRow.resolved_at.is_(None), HandoffRow.resolved_at >= since - _OPEN_LOOKBACK))
                 .order_by(HandoffRow.created_at, HandoffRow.seq))
        async with self._db.read() as session:
            rows = (await session.scalars(query)).all()
        by_person: dict[str, list[HandoffRow]] = {}
        for row in rows:
            by_person.setdefault(row.assignee_id, []).append(row)
        cases = [self._finished(row, by_person[row.assignee_id]) for row in rows
                 if row.claimed_at is not None and row.status not in _REPLACED
                 and as_utc(row.created_at) >= as_utc(since)]
        return cases

    @staticmethod
    def _finished(row: HandoffRow, theirs: list[HandoffRow]) -> FinishedCase:
        handed = as_utc(row.created_at)
        ahead = sum(1 for other in theirs if other is not row and as_utc(other.created_at) < handed
                    and (other.resolved_at is None or as_utc(other.resolved_at) > handed)
                    and other.status not in _REPLACED)
        assert row.claimed_at is not None
        return FinishedCase(
            handed_at=handed, owner_id=row.assignee_id, case_type=row.case_type, ahead=float(ahead),
            first_reply_minutes=_minutes(handed, row.claimed_at),
            resolve_minutes=_minutes(handed, row.resolved_at) if row.resolved_at is not None else None,
            promised_minutes=row.eta_minutes)
