"""Which channels this process runs, from the settings: customer channels and the Slack bridge; a channel
without credentials is off."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from warmline.channels import CustomerChannel, WebhookRequest, WebhookResult
from warmline.config.settings import Settings
from warmline.domain import Bot, InboundMessage, WarmlineError
from warmline.engine.customer.outbound import Outbound
from warmline.engine.events import EventHub
from warmline.engine.staff.desk import StaffDesk
from warmline.engine.staff.slack_bridge import SlackBridge
from warmline.store import Store

__all__ = ["ChannelSet", "build_channels", "start_slack_bridge"]

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class ChannelSet:
    """Webhook handlers by route name ("telegram", "meta") and senders by channel name."""

    webhooks: dict[str, Any] = field(default_factory=dict)
    senders: dict[str, CustomerChannel] = field(default_factory=dict)
    pollers: list[Any] = field(default_factory=list)  # channels that fetch updates themselves (Telegram)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self) -> None:
        """Open every sender's client."""
        for sender in self.senders.values():
            await sender.start()

    def start_polling(self, on_message: Callable[[InboundMessage], Awaitable[object]]) -> None:
        """Run each polling channel in the background, feeding its messages to ``on_message``."""
        for poller in self.pollers:
            self._tasks.append(asyncio.create_task(self._poll(poller, on_message), name=f"poll-{poller.name}"))

    async def _poll(self, poller: Any, on_message: Callable[[InboundMessage], Awaitable[object]]) -> None:
        async def handle(message: InboundMessage) -> None:
            await on_message(message)

        while not self._stop.is_set():
            try:
                await poller.poll(handle, stop=self._stop)
            except WarmlineError as exc:  # a setting is wrong: say so once, and stop polling
                logger.error("%s polling stopped: %s", poller.name, exc)
                return
            except Exception:  # the update that failed is fetched again on the next round
                logger.exception("%s polling failed; retrying in 5 s", poller.name)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), timeout=5)

    async def close(self) -> None:
        """Stop polling and close every sender's client."""
        self._stop.set()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, asyncio.TimeoutError):
                await asyncio.wait_for(task, timeout=10)
        for sender in self.senders.values():
            await sender.close()

    async def handle(self, name: str, request: WebhookRequest) -> WebhookResult | None:
        """Verify and parse a webhook for the named route; ``None`` when that channel is off."""
        handler = self.webhooks.get(name)
        return None if handler is None else await handler.handle_webhook(request)


def build_channels(settings: Settings, bot: Bot) -> ChannelSet:
    """Telegram with a token; Messenger/Instagram with a Meta app secret and page token; WhatsApp with its
    token and phone number id; e-mail with an IMAP URL, an SMTP URL and a from address. Each SDK is imported
    only when its channel is on."""
    channels = ChannelSet()
    if settings.telegram_token:
        from warmline.channels.telegram import TelegramChannel

        telegram = TelegramChannel(token=settings.telegram_token, secret=settings.telegram_secret,
                                   api_url=settings.telegram_api_url, groups=settings.telegram_groups)
        channels.senders["telegram"] = telegram
        if settings.telegram_polling:
            channels.pollers.append(telegram)
        else:
            channels.webhooks["telegram"] = telegram
    if settings.meta_app_secret and settings.meta_verify_token:
        from warmline.channels.meta import build_meta_channels

        webhook, senders = build_meta_channels(
            app_secret=settings.meta_app_secret, verify_token=settings.meta_verify_token,
            page_token=settings.meta_page_token, api_url=settings.meta_api_url,
            whatsapp_token=settings.whatsapp_token, whatsapp_phone_id=settings.whatsapp_phone_id,
            public_comment_reply=bot.comments.public_reply or None)
        channels.webhooks["meta"] = webhook
        channels.senders.update(senders)
    if settings.imap_url and settings.smtp_url and settings.mail_from:
        from warmline.channels.email import EmailChannel

        email = EmailChannel(imap_url=settings.imap_url, smtp_url=settings.smtp_url, mail_from=settings.mail_from,
                             shop_name=bot.display_name, signature=bot.voice.email_signature or bot.display_name,
                             poll_seconds=settings.imap_poll_seconds)
        channels.senders["email"] = email
        channels.pollers.append(email)
    if channels.senders:
        logger.info("customer channels on: %s", ", ".join(sorted(channels.senders)))
    return channels


async def start_slack_bridge(settings: Settings, *, bot: Bot, store: Store, events: EventHub, desk: StaffDesk,
                             outbound: Outbound) -> SlackBridge | None:
    """The Slack bridge, started, when a bot token and a signing secret (or an app token) are set."""
    if not settings.slack_bot_token or not (settings.slack_signing_secret or settings.slack_app_token):
        return None
    from warmline.channels.staff.slack import SlackStaffChannel  # the SDK loads only when Slack is on

    channel = SlackStaffChannel(bot_token=settings.slack_bot_token, signing_secret=settings.slack_signing_secret,
                                api_url=settings.slack_api_url, handoff_channel=settings.slack_handoff_channel,
                                app_token=settings.slack_app_token)
    bridge = SlackBridge(channel=channel, bot=bot, store=store, events=events, desk=desk, outbound=outbound)
    await bridge.start()
    logger.info("Slack on: cards go to %s%s", settings.slack_handoff_channel or "the assignee's DMs",
                " (Socket Mode)" if settings.slack_app_token else "")
    return bridge
