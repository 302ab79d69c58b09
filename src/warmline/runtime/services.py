"""The running parts of one Warmline process: built from settings, started in order, stopped in reverse.

This is the composition root: the only place that knows which store, hub, channels and background
loops a process runs. Everything started goes onto one exit stack, so a part that fails to start
closes what had already started, and ``stop`` closes everything even when one part fails to stop.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from warmline.channels.notify.mail import MailNotifier
from warmline.config.botfile import load_bot
from warmline.config.settings import Settings
from warmline.domain import Bot, KnowledgeError
from warmline.engine.customer.delivery import Deliverer
from warmline.engine.customer.ordering import Ordering
from warmline.engine.customer.outbound import Outbound
from warmline.engine.customer.pipeline import Pipeline
from warmline.engine.customer.waiting import WaitingRoom
from warmline.engine.estimates import EtaEstimates
from warmline.engine.events import EventHub
from warmline.engine.staff.accounts import StaffAccounts
from warmline.engine.staff.alerts import StaffAlert, StaffAlerts
from warmline.engine.staff.desk import StaffDesk
from warmline.engine.staff.mail_updates import MailUpdates
from warmline.engine.staff.passwords import Passwords
from warmline.engine.staff.promises import PromiseKeeper, PromiseLedger
from warmline.engine.staff.rerouting import HandoffWatcher
from warmline.engine.staff.signin_limits import SignInLimits
from warmline.engine.staff.slack_bridge import SlackBridge
from warmline.knowledge import KnowledgeBase
from warmline.knowledge.embeddings import share_cores
from warmline.knowledge.generation import AnswerGenerator
from warmline.shops import ShopConnector
from warmline.store import Store, create_store

from .background import BackgroundTask
from .channel_setup import ChannelSet, build_channels, start_slack_bridge
from .clock import Clock, clock_for
from .hub import create_event_hub, open_redis
from .locks import create_ordering
from .metrics import Metrics
from .shop_setup import build_shops

__all__ = ["Services", "open_knowledge", "staff_accounts"]

logger = logging.getLogger(__name__)


def open_knowledge(settings: Settings, bot: Bot, *, ingest_if_missing: bool = True) -> KnowledgeBase:
    """The bot's knowledge index, built now if this is the first start (so `serve` works on its own)."""
    knowledge = KnowledgeBase(bot_name=bot.name, knowledge_dir=bot.knowledge_dir,
                              index_dir=settings.index_dir / bot.name, chroma_url=settings.chroma_url,
                              answer_at_least=bot.thresholds.answer_at_least)
    try:
        knowledge.load()
    except KnowledgeError:
        if not ingest_if_missing:
            raise
        logger.info("no index for %s yet: indexing %s", bot.name, bot.knowledge_dir)
        knowledge.ingest()
        knowledge.load()
    return knowledge


def staff_accounts(settings: Settings, *, bot: Bot, store: Store, clock: Clock) -> StaffAccounts:
    """Staff sign-in, with the password cost, session lifetime and failure limits from the settings."""
    return StaffAccounts(
        bot=bot, store=store, clock=clock,
        passwords=Passwords(time_cost=settings.password_hash_time_cost, memory_kib=settings.password_hash_memory_kib),
        limits=SignInLimits(per_account=settings.signin_failures_per_account,
                            per_address=settings.signin_failures_per_address,
                            window=timedelta(minutes=settings.signin_window_minutes)),
        session_lifetime=timedelta(hours=settings.staff_session_hours))


@dataclass(slots=True, kw_only=True)
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
    clock: Clock
    channels: ChannelSet
    deliverer: Deliverer
    watcher: HandoffWatcher
    keeper: PromiseKeeper
    alerts: StaffAlerts
    ordering: Ordering
    accounts: StaffAccounts
    slack: SlackBridge | None = None
    shops: dict[str, ShopConnector] = field(default_factory=dict)  # by webhook route: shopify, woocommerce
    estimates: EtaEstimates | None = None  # the wait-time estimator learned from the shop's history
    redis: Any = None  # the shared redis.asyncio client when WARMLINE_REDIS_URL is set (several workers)
    # The timed loops (delivery, re-routing, promises) by name; a test may stop one to drive its rounds itself.
    background: dict[str, BackgroundTask] = field(default_factory=dict)
    _stack: contextlib.AsyncExitStack = field(default_factory=contextlib.AsyncExitStack)

    @classmethod
    async def start(cls, settings: Settings, *, clock: Clock | None = None) -> Services:
        """Load the bot file, open the store (migrating it) and the knowledge index, start every part.

        Every part reads the time from ``clock``: the settings' clock (the real one unless
        ``WARMLINE_CLOCK`` pins it) when none is given; in-process tests pass their own.
        """
        clock = clock or clock_for(settings)
        bot = load_bot(settings.bot)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        stack = contextlib.AsyncExitStack()
        try:
            return await cls._assemble(settings, bot=bot, clock=clock, stack=stack)
        except BaseException:
            await stack.aclose()
            raise

    @classmethod
    async def _assemble(cls, settings: Settings, *, bot: Bot, clock: Clock,
                        stack: contextlib.AsyncExitStack) -> Services:
        store = create_store(settings.resolved_database_url, clock=clock)  # rows stamped on the same clock
        await store.start()
        stack.push_async_callback(store.close)
        share_cores(settings.workers)
        knowledge = open_knowledge(settings, bot)
        # Several workers share events and per-customer ordering through Redis, or through the data dir when
        # they are the workers of one machine without it; one process keeps them in memory.
        redis = open_redis(settings.redis_url) if settings.redis_url else None
        if redis is not None:
            stack.push_async_callback(redis.aclose)
        shared = settings.data_dir / "workers" if settings.workers > 1 else None
        events = create_event_hub(redis, shared_folder=shared and shared / "events")
        ordering = create_ordering(redis, shared_folder=shared and shared / "locks")
        await events.start()
        stack.push_async_callback(events.close)
        channels = build_channels(settings, bot)
        await channels.start()
        stack.push_async_callback(channels.close)
        shops = build_shops(settings)
        for connector in shops.values():
            stack.push_async_callback(connector.close)
        metrics = Metrics()
        deliverer = Deliverer(store=store, channels=channels.senders, clock=clock, metrics=metrics,
                              lease_seconds=settings.delivery_lease_seconds, timings=metrics)
        outbound = Outbound(bot=bot, store=store, events=events, clock=clock,
                            platform_channels=channels.senders.keys(), on_queued=deliverer.wake)
        generator = (AnswerGenerator.from_spec(settings.llm, shop_name=bot.display_name, voice=bot.voice.persona)
                     if settings.llm else None)
        estimates = EtaEstimates(bot=bot, store=store, clock=clock)
        alerts = StaffAlerts(bot=bot, store=store, outbound=outbound)
        waiting = WaitingRoom(bot=bot, store=store, knowledge=knowledge, clock=clock,
                              mail=bool(settings.smtp_url and settings.mail_from),
                              notify_staff=lambda ids, conversation_id, text: alerts.send(StaffAlert(
                                  staff_ids=ids, conversation_id=conversation_id, text=text, kind="waiting")))
        pipeline = Pipeline(bot=bot, store=store, knowledge=knowledge, outbound=outbound, clock=clock,
                            generator=generator, ordering=ordering, estimates=estimates, waiting=waiting,
                            shops=tuple(shops.values()), timings=metrics)
        ledger = PromiseLedger(store=store, metrics=metrics)
        deliverer.on_parked = alerts.parked
        mail = (MailUpdates(bot=bot, store=store, send=MailNotifier(smtp_url=settings.smtp_url,
                                                                    sender=settings.mail_from).send)
                if settings.smtp_url and settings.mail_from else None)
        desk = StaffDesk(bot=bot, store=store, knowledge=knowledge, outbound=outbound, clock=clock, ledger=ledger,
                         mail=mail)
        watcher = HandoffWatcher(bot=bot, store=store, outbound=outbound, clock=clock, ordering=ordering)
        accounts = staff_accounts(settings, bot=bot, store=store, clock=clock)
        keeper = PromiseKeeper(bot=bot, store=store, outbound=outbound, ledger=ledger, alerts=alerts, clock=clock,
                               metrics=metrics, estimates=estimates)
        background = {"rerouting": BackgroundTask("warmline-rerouting", watcher.run),
                      "promises": BackgroundTask("warmline-promises", keeper.run),
                      "eta": BackgroundTask("warmline-eta", estimates.run)}
        if channels.senders:  # only platform channels have an outbox to deliver
            background["delivery"] = BackgroundTask("warmline-delivery", deliverer.run)
        for task in background.values():
            task.start()
            stack.push_async_callback(task.close)
        channels.start_polling(pipeline.handle)
        slack = await start_slack_bridge(settings, bot=bot, store=store, events=events, desk=desk, outbound=outbound)
        if slack is not None:
            stack.push_async_callback(slack.close)
            alerts.sinks.append(slack)
        logger.info("%s ready: %d staff, %d knowledge passages", bot.display_name, len(bot.staff),
                    len(knowledge.passages))
        return cls(settings=settings, bot=bot, store=store, knowledge=knowledge, events=events,
                   outbound=outbound, pipeline=pipeline, desk=desk, metrics=metrics, clock=clock, channels=channels,
                   deliverer=deliverer, watcher=watcher, slack=slack, keeper=keeper, alerts=alerts,
                   ordering=ordering, accounts=accounts, shops=shops, redis=redis, background=background,
                   estimates=estimates, _stack=stack)

    async def stop(self) -> None:
        """Stop the Slack bridge and the timed loops, close channel clients, the hub and the store."""
        await self._stack.aclose()
