"""The outbox worker: delivers once, in order per conversation, retries with backoff, honours Retry-After,
parks what keeps failing (and alerts staff), and shares the outbox safely with other workers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests._clock import TUESDAY_MORNING, ManualClock

from warmline.channels import Capabilities, WebhookRequest, WebhookResult
from warmline.domain import DeliveryError, OutboundMessage
from warmline.engine.customer.delivery import Deliverer, backoff_seconds
from warmline.runtime.background import BackgroundTask
from warmline.runtime.metrics import Metrics
from warmline.store import OutboxItem, Store, create_store


class RecordingChannel:
    """A channel that records what it sends and fails the way it is told to."""

    name = "fakechat"
    capabilities = Capabilities(buttons=True, max_buttons=3)

    def __init__(self) -> None:
        self.sent: list[OutboundMessage] = []
        self.failures: list[Exception] = []
        self.fail_text: dict[str, list[Exception]] = {}  # failures for one message's text only
        self.hold: dict[str, asyncio.Event] = {}  # a send of this text waits until the event is set

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def handle_webhook(self, request: WebhookRequest) -> WebhookResult:
        return WebhookResult()

    async def send(self, message: OutboundMessage) -> None:
        if message.text in self.hold:
            await self.hold[message.text].wait()
        if self.fail_text.get(message.text):
            raise self.fail_text[message.text].pop(0)
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)



@pytest.fixture
def clock() -> ManualClock:
    """One clock for the deliverer and the store that stamps the items it enqueues: time moves only by hand."""
    return ManualClock(TUESDAY_MORNING)


@pytest.fixture
async def store(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Store]:
    opened = create_store(f"sqlite:///{tmp_path / 'outbox.sqlite3'}", clock=clock)
    await opened.start()
    yield opened
    await opened.close()


def outbound(text: str, *, conversation_id: str = "c-1") -> OutboundMessage:
    return OutboundMessage(channel="fakechat", recipient_id="r-1", conversation_id=conversation_id, text=text)


def counted(metrics: Metrics, outcome: str) -> float:
    return metrics.registry.get_sample_value("warmline_deliveries_total",
                                             {"channel": "fakechat", "outcome": outcome}) or 0.0


async def test_queued_messages_are_delivered_once_in_order(store: Store, clock: ManualClock) -> None:
    channel = RecordingChannel()
    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock)
    await store.enqueue([outbound("one"), outbound("two")])

    assert await deliverer.deliver_due() == 2
    assert await deliverer.deliver_due() == 0
    assert [m.text for m in channel.sent] == ["one", "two"]


async def test_each_send_is_timed_as_the_deliver_stage(store: Store, clock: ManualClock) -> None:
    channel, metrics = RecordingChannel(), Metrics()
    channel.failures.append(DeliveryError("500 Internal Server Error", channel="fakechat"))
    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock, timings=metrics)
    await store.enqueue([outbound("one"), outbound("two", conversation_id="c-2")])

    await deliverer.deliver_due()

    # Two attempts, one of which failed: a slow failure costs time too.
    assert metrics.registry.get_sample_value("warmline_stage_seconds_count", {"stage": "deliver"}) == 2
    assert metrics.registry.get_sample_value("warmline_stage_seconds_count", {"stage": "retrieve"}) == 0


async def test_a_failure_is_retried_later_not_lost(store: Store, clock: ManualClock) -> None:
    channel = RecordingChannel()
    channel.failures.append(DeliveryError("rate limited", channel="fakechat", retry_after=30))
    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock)
    await store.enqueue([outbound("hello")])

    assert await deliverer.deliver_due() == 0
    clock.now += timedelta(seconds=29)
    assert await deliverer.deliver_due() == 0, "Retry-After must be honoured"
    clock.now += timedelta(minutes=10)
    assert await deliverer.deliver_due() == 1
    assert [m.text for m in channel.sent] == ["hello"]


async def test_a_permanent_failure_is_parked_not_retried(store: Store, clock: ManualClock) -> None:
    channel = RecordingChannel()
    channel.failures.append(DeliveryError("blocked by user", channel="fakechat", permanent=True))
    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock)
    await store.enqueue([outbound("hello")])

    await deliverer.deliver_due()
    clock.now += timedelta(days=1)

    assert await deliverer.deliver_due() == 0
    assert channel.sent == []
    assert await store.due_outbox(now=clock.now) == []


async def test_an_unconfigured_channel_parks_the_message(store: Store, clock: ManualClock) -> None:
    deliverer = Deliverer(store=store, channels={}, clock=clock)
    await store.enqueue([outbound("hello")])

    assert await deliverer.deliver_due() == 0
    assert await store.due_outbox(now=datetime.now(UTC) + timedelta(days=365)) == []


def test_backoff_grows_and_respects_retry_after() -> None:
    assert backoff_seconds(1, jitter=1.0) < backoff_seconds(4, jitter=1.0) <= 300
    assert backoff_seconds(1, jitter=0.0, retry_after=42) == 42
    assert backoff_seconds(30, jitter=1.0) == 300


async def test_a_failed_reply_is_not_overtaken_by_the_next_one_of_its_conversation(
        store: Store, clock: ManualClock) -> None:
    channel = RecordingChannel()
    channel.fail_text["a1"] = [DeliveryError("502 Bad Gateway", channel="fakechat")]
    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock)
    await store.enqueue([outbound("a1"), outbound("a2"), outbound("b1", conversation_id="c-2")])

    assert await deliverer.deliver_due() == 1
    assert [m.text for m in channel.sent] == ["b1"], "a2 waits for a1's retry"
    assert await deliverer.deliver_due() == 0
    clock.now += timedelta(minutes=10)
    assert await deliverer.deliver_due() == 2
    assert [m.text for m in channel.sent] == ["b1", "a1", "a2"]


async def test_a_slow_conversation_does_not_hold_up_the_others(store: Store, clock: ManualClock) -> None:
    channel = RecordingChannel()
    channel.hold["slow"] = asyncio.Event()
    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock)
    await store.enqueue([outbound("slow"), outbound("fast", conversation_id="c-2")])

    round_ = asyncio.create_task(deliverer.deliver_due())
    for _ in range(500):
        if channel.sent:
            break
        await asyncio.sleep(0.01)
    assert [m.text for m in channel.sent] == ["fast"]
    channel.hold["slow"].set()
    assert await round_ == 2


async def test_what_keeps_failing_is_parked_counted_and_staff_are_alerted(store: Store, clock: ManualClock) -> None:
    channel, metrics = RecordingChannel(), Metrics()
    channel.failures.extend(DeliveryError("500 Internal Server Error", channel="fakechat") for _ in range(3))
    alerts: list[tuple[str, str]] = []

    async def on_parked(item: OutboxItem, error: str) -> None:
        alerts.append((item.message.text, error))

    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock, metrics=metrics,
                          on_parked=on_parked, max_attempts=3)
    await store.enqueue([outbound("hello"), outbound("after")])
    for _ in range(4):
        await deliverer.deliver_due()
        clock.now += timedelta(minutes=10)

    assert alerts == [("hello", "fakechat: 500 Internal Server Error")]
    [parked] = await store.parked_outbox()
    assert (parked.message.text, parked.attempts) == ("hello", 3)
    assert parked.last_error == "fakechat: 500 Internal Server Error"
    assert [m.text for m in channel.sent] == ["after"], "a parked reply does not block the conversation"
    assert (counted(metrics, "retried"), counted(metrics, "parked"), counted(metrics, "sent")) == (2, 1, 1)


async def test_an_unexpected_error_is_retried_not_lost(store: Store, clock: ManualClock) -> None:
    channel = RecordingChannel()
    channel.failures.append(RuntimeError("connection reset"))
    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock)
    await store.enqueue([outbound("hello")])

    assert await deliverer.deliver_due() == 0
    clock.now += timedelta(minutes=10)
    assert await deliverer.deliver_due() == 1
    assert [m.text for m in channel.sent] == ["hello"]


async def test_two_workers_on_one_outbox_send_each_reply_once_and_in_order(store: Store, clock: ManualClock) -> None:
    channel = RecordingChannel()
    workers = [Deliverer(store=store, channels={"fakechat": channel}, clock=clock) for _ in range(2)]
    texts = {f"c-{c}": [f"c-{c}/{n}" for n in range(5)] for c in range(6)}
    for conversation_id, group in texts.items():
        await store.enqueue([outbound(t, conversation_id=conversation_id) for t in group])

    for _ in range(10):
        await asyncio.gather(*(worker.deliver_due() for worker in workers))

    sent = [m.text for m in channel.sent]
    assert sorted(sent) == sorted(t for group in texts.values() for t in group)
    for conversation_id, group in texts.items():
        assert [t for t in sent if t.startswith(f"{conversation_id}/")] == group


async def test_the_background_worker_delivers_what_is_queued_and_stops_cleanly(
        store: Store, clock: ManualClock) -> None:
    channel = RecordingChannel()
    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock)
    worker = BackgroundTask("test-delivery", deliverer.run)
    worker.start()
    await store.enqueue([outbound("one"), outbound("two")])
    deliverer.wake()
    for _ in range(500):
        if len(channel.sent) == 2:
            break
        await asyncio.sleep(0.01)
    await worker.close()
    assert [m.text for m in channel.sent] == ["one", "two"]
