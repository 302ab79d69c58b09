"""Contract: the link between a conversation and its staff-platform thread, for every backend."""

from __future__ import annotations

import pytest

from warmline.domain import ChannelIdentity, NotFoundError
from warmline.store import SqlStore

from .helpers import open_conversation


async def test_a_thread_is_found_both_ways(store: SqlStore) -> None:
    _, conversation = await open_conversation(store, ChannelIdentity(channel="web", external_id="s-1"))

    await store.set_staff_thread(conversation.id, platform="slack", ref="C1:1700000000.0001")

    assert await store.staff_thread(conversation.id, platform="slack") == "C1:1700000000.0001"
    assert await store.conversation_for_staff_thread(platform="slack", ref="C1:1700000000.0001") == conversation.id
    assert await store.staff_thread(conversation.id, platform="teams") is None
    assert await store.conversation_for_staff_thread(platform="slack", ref="C1:other") is None


async def test_setting_again_moves_the_thread(store: SqlStore) -> None:
    _, conversation = await open_conversation(store, ChannelIdentity(channel="web", external_id="s-2"))
    await store.set_staff_thread(conversation.id, platform="slack", ref="C1:1.0")

    await store.set_staff_thread(conversation.id, platform="slack", ref="C1:2.0")

    assert await store.staff_thread(conversation.id, platform="slack") == "C1:2.0"
    assert await store.conversation_for_staff_thread(platform="slack", ref="C1:1.0") is None


async def test_an_unknown_conversation_cannot_get_a_thread(store: SqlStore) -> None:
    with pytest.raises(NotFoundError):
        await store.set_staff_thread("missing", platform="slack", ref="C1:3.0")
