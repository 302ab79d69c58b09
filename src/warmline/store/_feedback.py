"""Customers' answers to "Did you like how this went?"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from warmline.domain import Feedback

from ._base import Repository
from ._convert import feedback_from_row
from ._models import FeedbackRow, as_utc

__all__ = ["FeedbackRepository"]


class FeedbackRepository(Repository):
    """Store feedback (the customer may add a word after the yes/no) and read it back by conversation or time."""

    async def save_feedback(self, feedback: Feedback) -> Feedback:
        """Store feedback, or replace the stored one with the same ``id`` (e.g. the optional word arrived).

        ``NotFoundError`` for an unknown conversation.
        """
        feedback = replace(feedback, created_at=as_utc(feedback.created_at or self._now()))
        try:
            async with self._db.write() as session:
                row = await session.scalar(select(FeedbackRow).where(FeedbackRow.id == feedback.id))
                if row is None:
                    session.add(FeedbackRow(id=feedback.id, conversation_id=feedback.conversation_id,
                                            channel=feedback.channel, liked=feedback.liked,
                                            comment=feedback.comment, staff_id=feedback.staff_id,
                                            created_at=feedback.created_at))
                else:
                    row.liked, row.comment, row.staff_id = feedback.liked, feedback.comment, feedback.staff_id
                    feedback = replace(feedback, created_at=row.created_at)
        except IntegrityError:
            await self._require_conversation(feedback.conversation_id)
            raise
        return feedback

    async def feedback(self, *, conversation_id: str | None = None, since: datetime | None = None,
                       until: datetime | None = None) -> list[Feedback]:
        """Feedback, oldest first; ``since``/``until`` bound ``created_at`` (inclusive, exclusive)."""
        query = select(FeedbackRow)
        if conversation_id is not None:
            query = query.where(FeedbackRow.conversation_id == conversation_id)
        if since is not None:
            query = query.where(FeedbackRow.created_at >= as_utc(since))
        if until is not None:
            query = query.where(FeedbackRow.created_at < as_utc(until))
        async with self._db.read() as session:
            rows = (await session.scalars(query.order_by(FeedbackRow.created_at, FeedbackRow.seq))).all()
        return [feedback_from_row(row) for row in rows]
