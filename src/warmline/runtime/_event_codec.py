"""Conversation events as compact JSON, to cross workers (through Redis or sockets) and come back equal; and
the outgoing queue both cross-worker hubs keep.

Every field of ``Message`` is written explicitly (a test checks none is forgotten), so a message read
back on another worker is the same frozen dataclass the publishing worker stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
from datetime import datetime
from typing import Any, TypeVar

from warmline.domain import Assignee, Author, Citation, ConversationState, Message, PostComment
from warmline.engine.events import ConversationEvent

__all__ = ["decode_event", "encode_event", "enqueue_dropping_oldest", "message_from_dict", "message_to_dict"]

logger = logging.getLogger(__name__)
T = TypeVar("T")


def enqueue_dropping_oldest(queue: asyncio.Queue[T], item: T, *, what: str) -> None:
    """Queue ``item`` without waiting: when ``queue`` (``what``) is full its oldest item is dropped, with a
    warning. A lost live update is recoverable (sockets catch up from the store); a publisher that waits is not."""
    if queue.full():
        with contextlib.suppress(asyncio.QueueEmpty):
            queue.get_nowait()
            queue.task_done()
        logger.warning("%s full: dropped the oldest event", what)
    queue.put_nowait(item)


def message_to_dict(message: Message) -> dict[str, Any]:
    """A message as plain JSON types."""
    return {"id": message.id, "conversation_id": message.conversation_id, "author": message.author.value,
            "text": message.text, "channel": message.channel, "created_at": message.created_at.isoformat(),
            "external_id": message.external_id, "staff_id": message.staff_id, "choices": list(message.choices),
            "citations": [{"source": c.source, "title": c.title, "url": c.url} for c in message.citations],
            "post": dataclasses.asdict(message.post) if message.post is not None else None}


def message_from_dict(data: dict[str, Any]) -> Message:
    """The message ``message_to_dict`` wrote."""
    return Message(id=data["id"], conversation_id=data["conversation_id"], author=Author(data["author"]),
                   text=data["text"], channel=data["channel"], created_at=datetime.fromisoformat(data["created_at"]),
                   external_id=data["external_id"], staff_id=data["staff_id"], choices=tuple(data["choices"]),
                   citations=tuple(Citation(source=c["source"], title=c["title"], url=c["url"])
                                   for c in data["citations"]),
                   post=PostComment(**data["post"]) if data.get("post") else None)


def encode_event(event: ConversationEvent) -> bytes:
    """The event as UTF-8 JSON."""
    return json.dumps({
        "conversation_id": event.conversation_id, "state": event.state.value,
        "message": message_to_dict(event.message) if event.message is not None else None,
        "assignee": {"id": event.assignee.id, "name": event.assignee.name} if event.assignee else None,
        "eta_minutes": event.eta_minutes}, separators=(",", ":")).encode()


def decode_event(payload: bytes | str) -> ConversationEvent:
    """The event ``encode_event`` wrote; ``ValueError``/``KeyError``/``TypeError`` when it is not one."""

    data = json.loads(payload)
    assignee = data["assignee"]
    return ConversationEvent(
        conversation_id=str(data["conversation_id"]), state=ConversationState(data["state"]),
        message=message_from_dict(data["message"]) if data["message"] is not None else None,
        assignee=Assignee(id=assignee["id"], name=assignee["name"]) if assignee else None,
        eta_minutes=data["eta_minutes"])
