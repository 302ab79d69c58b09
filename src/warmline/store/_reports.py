"""Read-only reports for the owner's dashboard and export: what happened in a period, in a few queries.

Each kind of row is fetched with one query (the reply times are correlated sub-queries the database
answers from the messages index), so a month of traffic costs five round trips, not one per conversation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from warmline.domain import (
    Activity,
    Author,
    ConversationActivity,
    DecisionRecord,
    HandoffActivity,
    ValidationError,
)

from ._base import Repository
from ._convert import (
    conversation_from_row,
    decision_from_row,
    feedback_from_row,
    handoff_from_row,
    promise_from_row,
)
from ._models import (
    ConversationRow,
    DecisionRow,
    FeedbackRow,
    HandoffRow,
    MessageRow,
    PromiseRow,
    as_utc,
)

__all__ = ["ReportRepository"]

Query = TypeVar("Query", bound=Select)  # any row shape
_SHOP_AUTHORS = (Author.BOT.value, Author.STAFF.value)  # a system notice ("Maya joined") is not a reply


def _first_reply(conversation_id: Any, after: Any, authors: tuple[str, ...]) -> Any:
    """The time of the first message by ``authors`` in the conversation at or after ``after``."""
    reply = aliased(MessageRow)
    return (select(func.min(reply.created_at))
            .where(reply.conversation_id == conversation_id, reply.author.in_(authors), reply.created_at >= after)
            .scalar_subquery())


def _first_post(conversation_id: Any) -> Any:
    """The post of the conversation's first customer message: not NULL when it began as a comment."""
    first = aliased(MessageRow)
    return (select(first.post)
            .where(first.conversation_id == conversation_id, first.author == Author.CUSTOMER.value)
            .order_by(first.created_at, first.seq).limit(1).scalar_subquery())


def _in_channel(query: Query, channel: str | None) -> Query:
    return query if channel is None else query.where(ConversationRow.channel == channel)


class ReportRepository(Repository):
    """What started in a period, for the dashboard's figures and the shop's own analysis."""

    async def activity(self, *, since: datetime, until: datetime, channel: str | None = None) -> Activity:
        """Conversations a customer wrote in, decisions, handoffs, promises and feedback of [since, until).

        ``channel`` keeps one channel's only. ``ValidationError`` (field ``until``) unless since < until.
        """
        since, until = as_utc(since), as_utc(until)
        if since >= until:
            raise ValidationError("the period must end after it starts", field="until",
                                  expected=f"a time after {since.isoformat()}")
        async with self._db.read() as session:
            conversations = [self._conversation(row) for row in
                             (await session.execute(self._conversations_query(since, until, channel))).all()]
            decisions = [DecisionRecord(decision=decision_from_row(row), channel=conv_channel, question=text or "",
                                        from_comment=post is not None)
                         for row, conv_channel, text, post in
                         (await session.execute(self._decisions_query(since, until, channel))).all()]
            handoffs = [HandoffActivity(handoff=handoff_from_row(row), channel=conv_channel,
                                        first_staff_reply_at=replied_at, first_staff_id=staff_id)
                        for row, conv_channel, replied_at, staff_id in
                        (await session.execute(self._handoffs_query(since, until, channel))).all()]
            promise_query = _in_channel(
                select(PromiseRow).join(ConversationRow, ConversationRow.id == PromiseRow.conversation_id)
                .where(PromiseRow.created_at >= since, PromiseRow.created_at < until), channel)
            promises = [promise_from_row(row) for row in
                        (await session.scalars(promise_query.order_by(PromiseRow.created_at, PromiseRow.seq))).all()]
            feedback_query = select(FeedbackRow).where(FeedbackRow.created_at >= since, FeedbackRow.created_at < until)
            if channel is not None:
                feedback_query = feedback_query.where(FeedbackRow.channel == channel)
            feedback = [feedback_from_row(row) for row in
                        (await session.scalars(feedback_query.order_by(FeedbackRow.created_at, FeedbackRow.seq))).all()]
        return Activity(since=since, until=until, conversations=tuple(conversations), decisions=tuple(decisions),
                        handoffs=tuple(handoffs), promises=tuple(promises), feedback=tuple(feedback))

    async def channels(self) -> list[str]:
        """Every channel a conversation was ever held on, alphabetically."""
        async with self._db.read() as session:
            rows = (await session.scalars(select(ConversationRow.channel).distinct()
                                          .order_by(ConversationRow.channel))).all()
        return list(rows)

    @staticmethod
    def _conversation(row: Any) -> ConversationActivity:
        conversation, first_at, count, reply_at, staff_at, first_post = row
        return ConversationActivity(conversation=conversation_from_row(conversation), first_customer_at=first_at,
                                    customer_messages=int(count), first_reply_at=reply_at,
                                    first_staff_reply_at=staff_at, started_from_post=first_post is not None)

    @staticmethod
    def _conversations_query(since: datetime, until: datetime, channel: str | None) -> Select:
        firsts = (select(MessageRow.conversation_id.label("conversation_id"),
                         func.min(MessageRow.created_at).label("first_at"), func.count().label("messages"))
                  .where(MessageRow.author == Author.CUSTOMER.value, MessageRow.created_at >= since,
                         MessageRow.created_at < until)
                  .group_by(MessageRow.conversation_id).subquery())
        query = (select(ConversationRow, firsts.c.first_at, firsts.c.messages,
                        _first_reply(firsts.c.conversation_id, firsts.c.first_at, _SHOP_AUTHORS),
                        _first_reply(firsts.c.conversation_id, firsts.c.first_at, (Author.STAFF.value,)),
                        _first_post(firsts.c.conversation_id))
                 .join(firsts, firsts.c.conversation_id == ConversationRow.id)
                 .order_by(firsts.c.first_at, ConversationRow.id))
        return _in_channel(query, channel)

    @staticmethod
    def _decisions_query(since: datetime, until: datetime, channel: str | None) -> Select:
        query = (select(DecisionRow, ConversationRow.channel, MessageRow.text, MessageRow.post)
                 .join(ConversationRow, ConversationRow.id == DecisionRow.conversation_id)
                 .outerjoin(MessageRow, MessageRow.id == DecisionRow.message_id)
                 .where(DecisionRow.created_at >= since, DecisionRow.created_at < until)
                 .order_by(DecisionRow.created_at, DecisionRow.seq))
        return _in_channel(query, channel)

    @staticmethod
    def _handoffs_query(since: datetime, until: datetime, channel: str | None) -> Select:
        reply = aliased(MessageRow)
        first_staff_id = (select(reply.staff_id)
                          .where(reply.conversation_id == HandoffRow.conversation_id,
                                 reply.author == Author.STAFF.value, reply.created_at >= HandoffRow.created_at)
                          .order_by(reply.created_at, reply.seq).limit(1).scalar_subquery())
        query = (select(HandoffRow, ConversationRow.channel,
                        _first_reply(HandoffRow.conversation_id, HandoffRow.created_at, (Author.STAFF.value,)),
                        first_staff_id)
                 .join(ConversationRow, ConversationRow.id == HandoffRow.conversation_id)
                 .where(HandoffRow.created_at >= since, HandoffRow.created_at < until)
                 .order_by(HandoffRow.created_at, HandoffRow.seq))
        return _in_channel(query, channel)
