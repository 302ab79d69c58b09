"""The event hub contract, on the in-process hub, the Redis hub (a real throwaway redis-server) and the
Unix-socket hub of one machine's workers.

Every hub test runs on all three. "Another worker" is a second hub: for Redis, a second ``RedisEventHub``
on the same server (as a second process would be); for sockets, a second ``SocketEventHub`` on the same
folder; in-process, the same hub (one process is the whole deployment).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import glob
import logging
import os
import socket
import stat
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from redis.asyncio import Redis
from tests._redis import redis_server  # noqa: F401  (the session fixture)

from warmline.domain import Assignee, Author, Citation, ConfigError, ConversationState, Message, new_id
from warmline.engine.events import ConversationEvent, EventHub
from warmline.runtime._event_codec import decode_event, encode_event, message_to_dict
from warmline.runtime.hub import RedisEventHub, create_event_hub
from warmline.runtime.socket_hub import SocketEventHub

HUBS = ["memory", "redis", "sockets"]
WAIT = 10.0  # a hang guard, not a speed requirement


def _event(conversation_id: str, text: str = "hello", **extra: object) -> ConversationEvent:
    message = Message(id=new_id(), conversation_id=conversation_id, author=Author.BOT, text=text, channel="web",
                      created_at=datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC))
    return ConversationEvent(conversation_id=conversation_id, state=ConversationState.BOT, message=message,
                             **extra)  # type: ignore[arg-type]


async def _next(queue: asyncio.Queue[ConversationEvent]) -> ConversationEvent:
    return await asyncio.wait_for(queue.get(), timeout=WAIT)


@pytest.fixture(params=HUBS)
async def hubs(request: pytest.FixtureRequest) -> AsyncIterator[tuple[EventHub, EventHub]]:
    """(this worker's hub, another worker's hub), started; closed after the test."""
    if request.param == "memory":
        hub = EventHub()
        await hub.start()
        yield hub, hub
        await hub.close()
        return
    if request.param == "sockets":
        with tempfile.TemporaryDirectory() as folder:  # short: a socket's path has a length limit
            async with _started(SocketEventHub(Path(folder)), SocketEventHub(Path(folder))) as pair:
                yield pair
        return
    url: str = request.getfixturevalue("redis_server")
    prefix = f"test:{new_id()}:"
    clients = [Redis.from_url(url), Redis.from_url(url)]
    try:
        async with _started(*(RedisEventHub(client, prefix=prefix) for client in clients)) as pair:
            yield pair
    finally:
        for client in clients:
            await client.aclose()


Hub = TypeVar("Hub", bound=EventHub)


@contextlib.asynccontextmanager
async def _started(here: Hub, there: Hub) -> AsyncIterator[tuple[Hub, Hub]]:
    """Two workers' hubs, started, then closed."""
    await here.start()
    await there.start()
    try:
        yield here, there
    finally:
        await here.close()
        await there.close()


async def test_a_conversation_subscriber_gets_its_own_events_in_order(hubs: tuple[EventHub, EventHub]) -> None:
    here, there = hubs
    async with here.conversation("c-1") as queue:
        there.publish(_event("c-other", "not yours"))
        for n in range(5):
            there.publish(_event("c-1", f"m{n}"))
        got = [await _next(queue) for _ in range(5)]
    assert [e.message.text for e in got if e.message] == ["m0", "m1", "m2", "m3", "m4"]
    assert {e.conversation_id for e in got} == {"c-1"}


async def test_a_staff_subscriber_gets_every_conversation(hubs: tuple[EventHub, EventHub]) -> None:
    here, there = hubs
    async with here.staff() as queue:
        there.publish(_event("c-1", "one"))
        here.publish(_event("c-2", "two"))
        got = [await _next(queue) for _ in range(2)]
    assert sorted(e.conversation_id for e in got) == ["c-1", "c-2"]


async def test_local_only_sees_what_this_worker_published(hubs: tuple[EventHub, EventHub]) -> None:
    here, there = hubs
    async with here.staff(local_only=True) as mine, there.staff(local_only=True) as theirs:
        there.publish(_event("c-1", "from there"))
        here.publish(_event("c-2", "from here"))
        await there.flush()
        await here.flush()
        first_mine = await _next(mine)
        first_theirs = await _next(theirs)
    if here is there:  # one process: it published both
        assert [first_mine.conversation_id, first_theirs.conversation_id] == ["c-1", "c-1"]
    else:  # each worker's local subscriber sees only its own event: the card is posted once
        assert first_mine.conversation_id == "c-2"
        assert first_theirs.conversation_id == "c-1"
        assert mine.empty()
        assert theirs.empty()


async def test_an_event_arrives_equal_to_what_was_published(hubs: tuple[EventHub, EventHub]) -> None:
    here, there = hubs
    message = Message(id=new_id(), conversation_id="c-9", author=Author.STAFF, text="Hi — it's Maya 👋",
                      channel="telegram", created_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC), external_id="tg-77",
                      staff_id="maya", choices=("wait for Maya", "email me"),
                      citations=(Citation(source="faq.yaml", title="Returns", url="https://shop.example/r"),
                                 Citation(source="shipping.md", title="")))
    sent = ConversationEvent(conversation_id="c-9", state=ConversationState.QUEUED, message=message,
                             assignee=Assignee(id="maya", name="Maya Lindqvist"), eta_minutes=12.5)
    state_only = ConversationEvent(conversation_id="c-9", state=ConversationState.RESOLVED)
    async with here.conversation("c-9") as queue:
        there.publish(sent)
        there.publish(state_only)
        assert await _next(queue) == sent
        assert await _next(queue) == state_only


async def test_a_subscriber_that_stops_reading_keeps_the_newest_events(hubs: tuple[EventHub, EventHub]) -> None:
    here, there = hubs
    async with here.conversation("c-1") as queue, here.conversation("c-sentinel") as sentinel:
        for n in range(300):
            there.publish(_event("c-1", f"m{n}"))
        there.publish(_event("c-sentinel"))
        await _next(sentinel)  # events of one publisher arrive in order: all 300 were fanned out before it
        texts = []
        while not queue.empty():
            event = queue.get_nowait()
            texts.append(event.message.text if event.message else None)
    # The queue holds 256: the oldest 44 were dropped, the newest kept in order, and nothing waited.
    assert texts == [f"m{n}" for n in range(44, 300)]


async def test_leaving_the_block_unsubscribes(hubs: tuple[EventHub, EventHub]) -> None:
    here, there = hubs
    async with here.conversation("c-1") as first:
        pass
    async with here.conversation("c-1") as second:
        there.publish(_event("c-1", "after"))
        assert (await _next(second)).message.text == "after"  # type: ignore[union-attr]
    assert first.empty()


def test_the_codec_writes_every_field_of_a_message() -> None:
    event = _event("c-1")
    assert event.message is not None
    assert set(message_to_dict(event.message)) == {f.name for f in dataclasses.fields(Message)}
    assert decode_event(encode_event(event)) == event


def test_a_malformed_payload_is_refused() -> None:
    with pytest.raises((ValueError, KeyError, TypeError)):
        decode_event(b'{"conversation_id": "c-1"}')


def test_without_redis_the_hub_is_in_process() -> None:
    assert type(create_event_hub(None)) is EventHub


async def test_an_unreachable_redis_is_a_config_error_naming_the_setting() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = Redis.from_url(f"redis://127.0.0.1:{port}/0", socket_connect_timeout=1)
    hub = create_event_hub(client)
    with pytest.raises(ConfigError) as caught:
        await hub.start()
    assert caught.value.field == "WARMLINE_REDIS_URL"
    await client.aclose()


async def test_the_redis_hub_resubscribes_after_losing_its_connection(redis_server: str) -> None:  # noqa: F811
    client, admin = Redis.from_url(redis_server), Redis.from_url(redis_server)
    hub = RedisEventHub(client, prefix=f"test:{new_id()}:")
    await hub.start()
    try:
        async with hub.conversation("c-1") as queue:
            hub.publish(_event("c-1", "before"))
            assert (await _next(queue)).message.text == "before"  # type: ignore[union-attr]
            assert await admin.client_kill_filter(_type="pubsub") >= 1  # the server drops the subscription
            # Publish until one gets through: events sent while the listener reconnects are lost, by design.
            text = None
            for attempt in range(200):
                hub.publish(_event("c-1", f"after {attempt}"))
                await hub.flush()
                try:
                    got = await asyncio.wait_for(queue.get(), timeout=0.1)
                except TimeoutError:
                    continue
                text = got.message.text if got.message else None
                break
            assert text is not None
            assert text.startswith("after")
    finally:
        await hub.close()
        await client.aclose()
        await admin.aclose()


def test_workers_without_redis_share_a_socket_hub_in_the_folder(tmp_path: Path) -> None:
    assert type(create_event_hub(None, shared_folder=tmp_path)) is SocketEventHub


async def test_the_socket_of_a_stopped_worker_is_removed_and_the_others_still_get_events() -> None:
    with tempfile.TemporaryDirectory() as folder:
        stale = Path(folder) / "999999-deadbeef.sock"
        with socket.socket(socket.AF_UNIX) as gone:  # a worker that died without removing its socket
            gone.bind(str(stale))
        async with _started(SocketEventHub(Path(folder)), SocketEventHub(Path(folder))) as (here, there):
            async with here.conversation("c-1") as queue:
                there.publish(_event("c-1", "still arrives"))
                assert (await _next(queue)).message.text == "still arrives"  # type: ignore[union-attr]
            await there.flush()
            assert stale.name not in os.listdir(folder)
        assert os.listdir(folder) == []  # each worker removes its own socket when it stops


async def test_a_data_dir_too_long_for_a_socket_shares_a_private_folder_of_the_temporary_directory(
        tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 120)
    async with _started(SocketEventHub(deep), SocketEventHub(deep)) as (here, there):
        async with here.conversation("c-1") as queue:
            there.publish(_event("c-1", "through a short path"))
            assert (await _next(queue)).message.text == "through a short path"  # type: ignore[union-attr]
        sockets = glob.glob(os.path.join(tempfile.gettempdir(), f"warmline-{os.getuid()}-*", "*.sock"))
        assert len(sockets) >= 2
        assert all(stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700 for path in sockets)


async def test_a_shared_folder_others_can_open_is_a_config_error_naming_the_setting(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o777)
    with pytest.raises(ConfigError) as caught:
        await SocketEventHub(tmp_path).start()
    assert caught.value.field == "WARMLINE_DATA_DIR"


async def test_a_frame_too_large_closes_that_connection_and_the_hub_goes_on() -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with _started(SocketEventHub(Path(folder)), SocketEventHub(Path(folder))) as (here, there):
            [listening] = [name for name in os.listdir(folder) if name.endswith(".sock")
                           and os.path.join(folder, name) != str(there._path)]
            reader, writer = await asyncio.open_unix_connection(os.path.join(folder, listening))
            writer.write((1 << 30).to_bytes(4, "big"))  # a gigabyte announced: not read, not allocated
            assert await asyncio.wait_for(reader.read(), timeout=WAIT) == b""  # closed by the hub
            writer.close()
            async with here.conversation("c-1") as queue:
                there.publish(_event("c-1", "still served"))
                assert (await _next(queue)).message.text == "still served"  # type: ignore[union-attr]


async def test_a_worker_stopping_with_others_connected_logs_no_error(caplog: pytest.LogCaptureFixture) -> None:
    with tempfile.TemporaryDirectory() as folder:
        hubs = _started(SocketEventHub(Path(folder)), SocketEventHub(Path(folder)))
        async with hubs as (here, there), here.conversation("c-1") as queue:
            there.publish(_event("c-1"))  # there is now connected to here
            await _next(queue)
        await asyncio.sleep(0.05)  # what the event loop would report about the closed connections
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
