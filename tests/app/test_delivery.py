"""The outbox worker: delivers once, retries with backoff, honours Retry-After, parks what keeps failing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from warmline.app.delivery import Deliverer, backoff_seconds
from warmline.channels import Capabilities, WebhookRequest, WebhookResult
from warmline.domain import DeliveryError, OutboundMessage
from warmline.store import Store, create_store


class RecordingChannel:
    """A channel that records what it sends and fails the way it is told to."""

    name = "fakechat"
    capabilities = Capabilities(buttons=True, max_buttons=3)

    def __init__(self) -> None:
        self.sent: list[OutboundMessage] = []
        self.failures: list[DeliveryError] = []

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def handle_webhook(self, request: WebhookRequest) -> WebhookResult:
        return WebhookResult()

    async def send(self, message: OutboundMessage) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)


class Clock:
    """The deliverer's clock: starts just after now (the store stamps enqueued items with real time)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC) + timedelta(seconds=1)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = create_store(f"sqlite:///{tmp_path / 'outbox.sqlite3'}")
    await opened.start()
    yield opened
    await opened.close()


def outbound(text: str) -> OutboundMessage:
    return OutboundMessage(channel="fakechat", recipient_id="r-1", conversation_id="c-1", text=text)


async def test_queued_messages_are_delivered_once_in_order(store: Store) -> None:
    channel, clock = RecordingChannel(), Clock()
    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock)
    await store.enqueue([outbound("one"), outbound("two")])

    assert await deliverer.deliver_due() == 2
    assert await deliverer.deliver_due() == 0
    assert [m.text for m in channel.sent] == ["one", "two"]


async def test_a_failure_is_retried_later_not_lost(store: Store) -> None:
    channel, clock = RecordingChannel(), Clock()
    channel.failures.append(DeliveryError("rate limited", channel="fakechat", retry_after=30))
    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock)
    await store.enqueue([outbound("hello")])

    assert await deliverer.deliver_due() == 0
    clock.now += timedelta(seconds=29)
    assert await deliverer.deliver_due() == 0, "Retry-After must be honoured"
    clock.now += timedelta(minutes=10)
    assert await deliverer.deliver_due() == 1
    assert [m.text for m in channel.sent] == ["hello"]


async def test_a_permanent_failure_is_parked_not_retried(store: Store) -> None:
    channel, clock = RecordingChannel(), Clock()
    channel.failures.append(DeliveryError("blocked by user", channel="fakechat", permanent=True))
    deliverer = Deliverer(store=store, channels={"fakechat": channel}, clock=clock)
    await store.enqueue([outbound("hello")])

    await deliverer.deliver_due()
    clock.now += timedelta(days=1)

    assert await deliverer.deliver_due() == 0
    assert channel.sent == []
    assert await store.due_outbox(now=clock.now) == []


async def test_an_unconfigured_channel_parks_the_message(store: Store) -> None:
    deliverer = Deliverer(store=store, channels={}, clock=Clock())
    await store.enqueue([outbound("hello")])

    assert await deliverer.deliver_due() == 0
    assert await store.due_outbox(now=datetime.now(UTC) + timedelta(days=365)) == []


def test_backoff_grows_and_respects_retry_after() -> None:
    assert backoff_seconds(1, jitter=1.0) < backoff_seconds(4, jitter=1.0) <= 300
    assert backoff_seconds(1, jitter=0.0, retry_after=42) == 42
    assert backoff_seconds(30, jitter=1.0) == 300
