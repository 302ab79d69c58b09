"""What Messenger, Instagram and WhatsApp channels share: a Graph API client, the 24-hour messaging
window, and delegation to the one ``/webhooks/meta`` handler that serves every Meta product."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from warmline.domain import ConfigError

from ._base import WebhookRequest, WebhookResult
from ._meta_graph import GraphClient, MessagingWindow, PieceProgress, WebhookHandler

__all__ = ["GraphChannel"]


class GraphChannel:
    """Base of the Meta channels; subclasses set ``name`` and ``capabilities`` and implement ``send``."""

    name: str

    def __init__(self, *, token: str, api_url: str, http: httpx.AsyncClient | None,
                 clock: Callable[[], datetime] | None) -> None:
        self._graph = GraphClient(channel=self.name, token=token, api_url=api_url, http=http)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._window = MessagingWindow()
        self._progress = PieceProgress()
        self.webhook: WebhookHandler | None = None  # set by MetaWebhook.attach (build_meta_channels does)

    async def start(self) -> None:
        """Open the HTTP client."""
        await self._graph.start()

    async def close(self) -> None:
        """Close the HTTP client (if this channel opened it)."""
        await self._graph.close()

    async def handle_webhook(self, request: WebhookRequest) -> WebhookResult:
        """Delegate to the shared /webhooks/meta handler (one URL serves every Meta product)."""
        if self.webhook is None:
            raise ConfigError(f"the {self.name} channel has no webhook handler", field="webhook",
                              fix="create the channels with build_meta_channels(), or MetaWebhook.attach(channel)")
        return await self.webhook.handle_webhook(request)

    def note_inbound(self, recipient_id: str, at: datetime) -> None:
        """Record that the customer wrote at ``at`` (opens the 24-hour messaging window)."""
        self._window.note(recipient_id, at)
