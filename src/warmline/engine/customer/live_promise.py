"""One case, one promise (DESIGN principle 10): the time the customer was told a person will reply.

A handoff, a re-routing and a new handoff after a hand-back all go through ``promise_reply``: it moves the
case's one open "X replies" promise to the new person and time instead of stacking another one, so the
customer never holds two times, and a broken-promise notice names whoever has the case now. Where the
time comes from (``Routing.eta_minutes`` today, a learned estimator later) is the caller's business.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from warmline.domain import Author, Promise, PromiseStatus, StaffMember, new_id
from warmline.store import Store

__all__ = ["live_promise", "promise_reply"]

logger = logging.getLogger(__name__)


async def live_promise(store: Store, conversation_id: str) -> Promise | None:
    """The case's open promise that a person will reply (the bot made it), if any."""
    promises = await store.promises(conversation_id=conversation_id, open_only=True)
    bot_made = [p for p in promises if p.source is Author.BOT and p.status is PromiseStatus.OPEN]
    return bot_made[-1] if bot_made else None


async def promise_reply(store: Store, *, conversation_id: str, owner: StaffMember, due_at: datetime,
                        at: datetime) -> Promise:
    """Record that ``owner`` will reply by ``due_at``: the live promise moves, or the first one is made."""
    text = f"{owner.name} replies"
    current = await live_promise(store, conversation_id)
    if current is None:
        return await store.add_promise(Promise(id=new_id(), conversation_id=conversation_id, owner_id=owner.id,
                                               text=text, due_at=due_at, created_at=at))
    logger.info("promise %s on %s moves to %s, due %s", current.id, conversation_id, owner.id, due_at)
    # A fresh time for a fresh person: the reminder before it falls due is theirs to get.
    return await store.update_promise(replace(current, owner_id=owner.id, text=text, due_at=due_at, nudged_at=None))
