"""Staff threads: the link between a conversation and its card's thread on a staff platform (Slack)."""

from __future__ import annotations

from sqlalchemy import select

from ._base import Repository, retry_on_conflict
from ._models import StaffThreadRow

__all__ = ["StaffThreadRepository"]


class StaffThreadRepository(Repository):
    """One thread per conversation and platform; looked up both ways."""

    async def set_staff_thread(self, conversation_id: str, *, platform: str, ref: str) -> None:
        """Remember (or move) the conversation's thread on ``platform``."""
        await self._require_conversation(conversation_id)

        async def upsert() -> None:
            async with self._db.write() as session:
                row = await session.get(StaffThreadRow, (conversation_id, platform))
                if row is None:
                    session.add(StaffThreadRow(conversation_id=conversation_id, platform=platform, ref=ref,
                                               created_at=self._now()))
                else:
                    row.ref = ref

        await retry_on_conflict(upsert)

    async def staff_thread(self, conversation_id: str, *, platform: str) -> str | None:
        """The conversation's thread reference on ``platform``, if it has one."""
        async with self._db.read() as session:
            row = await session.get(StaffThreadRow, (conversation_id, platform))
            return row.ref if row else None

    async def conversation_for_staff_thread(self, *, platform: str, ref: str) -> str | None:
        """The conversation a thread on ``platform`` belongs to, if any."""
        async with self._db.read() as session:
            return await session.scalar(select(StaffThreadRow.conversation_id)
                                        .where(StaffThreadRow.platform == platform, StaffThreadRow.ref == ref))
