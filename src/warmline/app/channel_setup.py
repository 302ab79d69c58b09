"""Which customer channels this process runs, from the settings: a channel without credentials is off."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from warmline.channels import CustomerChannel, WebhookRequest, WebhookResult
from warmline.domain import Bot

from .settings import Settings

__all__ = ["ChannelSet", "build_channels"]

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class ChannelSet:
    """Webhook handlers by route name ("telegram", "meta") and senders by channel name."""

    webhooks: dict[str, Any] = field(default_factory=dict)
    senders: dict[str, CustomerChannel] = field(default_factory=dict)

    async def start(self) -> None:
        """Open every sender's client."""
        for sender in self.senders.values():
            await sender.start()

    async def close(self) -> None:
        """Close every sender's client."""
        for sender in self.senders.values():
            await sender.close()

    async def handle(self, name: str, request: WebhookRequest) -> WebhookResult | None:
        """Verify and parse a webhook for the named route; ``None`` when that channel is off."""
        handler = self.webhooks.get(name)
        return None if handler is None else await handler.handle_webhook(request)


def build_channels(settings: Settings, bot: Bot) -> ChannelSet:
    """Telegram with a token; Messenger/Instagram with a Meta app secret and page token; WhatsApp with its
    token and phone number id. Each SDK is imported only when its channel is on."""
    channels = ChannelSet()
    if settings.telegram_token:
        from warmline.channels.telegram import TelegramChannel

        telegram = TelegramChannel(token=settings.telegram_token, secret=settings.telegram_secret,
                                   api_url=settings.telegram_api_url,
                                   greeting=bot.voice.greeting.replace("{name}", ""))
        channels.webhooks["telegram"] = telegram
        channels.senders["telegram"] = telegram
    if settings.meta_app_secret and settings.meta_verify_token:
        from warmline.channels.meta import build_meta_channels

        webhook, senders = build_meta_channels(
            app_secret=settings.meta_app_secret, verify_token=settings.meta_verify_token,
            page_token=settings.meta_page_token, api_url=settings.meta_api_url,
            whatsapp_token=settings.whatsapp_token, whatsapp_phone_id=settings.whatsapp_phone_id)
        channels.webhooks["meta"] = webhook
        channels.senders.update(senders)
    if channels.senders:
        logger.info("customer channels on: %s", ", ".join(sorted(channels.senders)))
    return channels
