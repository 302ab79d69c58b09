"""What the Slack staff channel needs from the app (``StaffActions``), and Slack's text read as plain text.

SDK-free, so the app side can be read (and checked) without slack_bolt installed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

__all__ = ["StaffActions", "plain_text"]

_LINK = re.compile(r"<([^<>|]+)\|([^<>]+)>")
_BARE = re.compile(r"<([^<>]+)>")


class StaffActions(Protocol):
    """What staff can do from Slack; implemented by the app (``StaffDesk`` plus the thread mapping).

    Each raises ``WarmlineError`` subclasses (``ConflictError``, ``PermissionDeniedError``,
    ``ValidationError``…) that are shown to the person who acted.
    """

    async def claim(self, conversation_id: str, *, staff_id: str) -> object: ...

    async def reply(self, conversation_id: str, *, staff_id: str, text: str,
                    source_id: str | None = None) -> object: ...

    async def resolve(self, conversation_id: str, *, staff_id: str, done: Sequence[str] = ()) -> object: ...

    async def open_commitments(self, conversation_id: str) -> Sequence[tuple[str, str]]:
        """(promise id, what was promised) for each staff commitment nobody has confirmed yet."""
        ...

    async def hand_back(self, conversation_id: str, *, staff_id: str) -> object: ...

    async def reassign(self, conversation_id: str, *, staff_id: str, to_staff_id: str) -> object: ...

    async def teach(self, conversation_id: str, *, staff_id: str) -> object: ...

    async def conversation_for_thread(self, channel: str, thread_ts: str) -> str | None: ...

    async def staff_id_for(self, slack_user_id: str, *, email: str | None = None) -> str | None: ...


def plain_text(slack_text: str) -> str:
    """Slack mrkdwn from a staff member, as the plain text a customer's channel shows."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(1).startswith("http") else m.group(2),
                     slack_text)
    text = _BARE.sub(lambda m: m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()
