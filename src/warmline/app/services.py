"""The running parts of one Warmline process, built from settings and started/stopped explicitly."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from warmline.domain import Bot, KnowledgeError
from warmline.knowledge import KnowledgeBase
from warmline.knowledge.generation import AnswerGenerator
from warmline.store import Store, create_store

from .alerts import StaffAlerts
from .botfile import load_bot
from .channel_setup import ChannelSet, build_channels
from .delivery import Deliverer
from .events import EventHub, create_event_hub, open_redis
from .metrics import Metrics
from .ordering import Ordering, create_ordering
from .outbound import Outbound
from .pipeline import Pipeline
from .promises import PromiseKeeper, PromiseLedger
from .rerouting import HandoffWatcher
from .settings import Settings
from .slack_bridge import SlackBridge, start_slack_bridge
from .staff_desk import StaffDesk

__all__ = ["Services", "open_knowledge"]

logger = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def open_knowledge(settings: Settings, bot: Bot, *, ingest_if_missing: bool = True) -> KnowledgeBase:
    """The bot's knowledge index, built now if this is the first start (so `serve` works on its own)."""
    knowledge = KnowledgeBase(bot_name=bot.name, knowledge_dir=bot.knowledge_dir,
                              index_dir=settings.index_dir / bot.name, chroma_url=settings.chroma_url)
    try:
        knowledge.load()
    except KnowledgeError:
        if not ingest_if_missing:
            raise
        logger.info("no index for %s yet: indexing %s", bot.name, bot.knowledge_dir)
        knowledge.ingest()
        knowledge.load()
    return knowledge


@dataclass(slots=True)
class Services:
    """Everything the routes need; one instance per app."""

    settings: Settings
    bot: Bot
    store: Store
    knowledge: KnowledgeBase
    events: EventHub
    outbound: Outbound
    pipeline: Pipeline
    desk: StaffDesk
    metrics: Metrics
    clock: Callable[[], datetime]
    channels: ChannelSet
    deliverer: Deliverer
    watcher: HandoffWatcher | None = None
    slack: SlackBridge | None = None
    keeper: PromiseKeeper | None = None
    alerts: StaffAlerts | None = None
    ordering: Ordering | None = None
    redis: Any = None  # the shared redis.asyncio client when WARMLINE_REDIS_URL is set (several workers)

    @classmethod
    async def start(cls, settings: Settings, *, clock: Callable[[], datetime] = _utcnow) -> Services:
        """Load the bot file, open the store (migrating it) and the knowledge index."""
        bot = load_bot(settings.bot)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        store = create_store(settings.resolved_database_url)
        await store.start()
        knowledge = open_knowledge(settings, bot)
        # Several workers share events and per-customer ordering through Redis; one process keeps them in memory.
        redis = open_redis(settings.redis_url) if settings.redis_url else None
        events, ordering = create_event_hub(redis), create_ordering(redis)
        await events.start()
        channels = build_channels(settings, bot)
        await channels.start()
        metrics = Metrics()
        deliverer = Deliverer(store=store, channels=channels.senders, clock=clock, metrics=metrics,
                              lease_seconds=settings.delivery_lease_seconds)
        outbound = Outbound(bot=bot, store=store, events=events, clock=clock,
                            platform_channels=channels.senders.keys(), on_queued=deliverer.wake)
        generator = (AnswerGenerator.from_spec(settings.llm, shop_name=bot.display_name, voice=bot.voice.persona)
                     if settings.llm else None)
        pipeline = Pipeline(bot=bot, store=store, knowledge=knowledge, outbound=outbound, clock=clock,
                            generator=generator, ordering=ordering)
        ledger = PromiseLedger(store=store, metrics=metrics)
        alerts = StaffAlerts(bot=bot, store=store, outbound=outbound)
        deliverer.on_parked = alerts.parked
        desk = StaffDesk(bot=bot, store=store, knowledge=knowledge, outbound=outbound, clock=clock, ledger=ledger)
        await deliverer.start()
        watcher = HandoffWatcher(bot=bot, store=store, outbound=outbound, clock=clock, ordering=ordering)
        await watcher.start()
        channels.start_polling(pipeline.handle)
        slack = await start_slack_bridge(settings, bot=bot, store=store, events=events, desk=desk, outbound=outbound)
        if slack is not None:
            alerts.sinks.append(slack)
        keeper = PromiseKeeper(bot=bot, store=store, outbound=outbound, ledger=ledger, alerts=alerts, clock=clock,
                               metrics=metrics)
        await keeper.start()
        logger.info("%s ready: %d staff, %d knowledge passages", bot.display_name, len(bot.staff),
                    len(knowledge.passages))
        return cls(settings=settings, bot=bot, store=store, knowledge=knowledge, events=events,
                   outbound=outbound, pipeline=pipeline, desk=desk, metrics=metrics, clock=clock, channels=channels,
                   deliverer=deliverer, watcher=watcher, slack=slack, keeper=keeper, alerts=alerts,
                   ordering=ordering, redis=redis)

    async def stop(self) -> None:
        """Stop the Slack bridge and delivery, close channel clients, release the store's connections."""
        if self.slack is not None:
            await self.slack.close()
        if self.watcher is not None:
            await self.watcher.close()
        if self.keeper is not None:
            await self.keeper.close()
        await self.deliverer.close()
        await self.channels.close()
        await self.events.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.store.close()
