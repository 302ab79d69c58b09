"""Small builders shared by the store contract tests."""

from __future__ import annotations

from datetime import datetime

from warmline.domain import Author, ChannelIdentity, Conversation, Customer, Message, new_id
from warmline.store import SqlStore

from .conftest import Clock


async def open_conversation(store: SqlStore, identity: ChannelIdentity) -> tuple[Customer, Conversation]:
    """A customer for ``identity`` and their current conversation on its channel."""
    customer = await store.customer_for_identity(identity)
    conversation = await store.current_conversation(customer_id=customer.id, channel=identity.channel)
    return customer, conversation


def make_message(conversation: Conversation, text: str, *, created_at: datetime,
                 external_id: str | None = None, author: Author = Author.CUSTOMER) -> Message:
    """A new message in ``conversation`` (not stored)."""
    return Message(id=new_id(), conversation_id=conversation.id, author=author, text=text,
                   channel=conversation.channel, created_at=created_at, external_id=external_id)


async def add_text(store: SqlStore, conversation: Conversation, text: str, *, clock: Clock,
                   external_id: str | None = None) -> Message:
    """Store a customer message stamped with the clock's time, then move the clock on a second."""
    stored, _ = await store.add_message(make_message(conversation, text, created_at=clock.now,
                                                     external_id=external_id))
    clock.advance(seconds=1)
    return stored
