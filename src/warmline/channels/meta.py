"""One webhook for every Meta product: ``GET|POST /webhooks/meta`` serves Messenger, Instagram DMs, comments
under the Page's and the Instagram account's posts, and the WhatsApp Cloud API.

GET is Meta's subscription handshake (``hub.verify_token`` must match ours; we echo ``hub.challenge``).
POST carries events signed with the app secret (``X-Hub-Signature-256``); nothing is parsed before the
signature checks out. The payload's ``object`` says which product it is from. The senders for each product
live in ``messenger.py``, ``instagram.py`` and ``whatsapp.py``; ``build_meta_channels`` wires them up.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol

import httpx

from warmline.domain import (
    ConfigError,
    ContentKind,
    InboundMessage,
    PermissionDeniedError,
    ValidationError,
)

from ._base import CustomerChannel, WebhookRequest, WebhookResult
from ._json import load_json
from ._meta_graph import DEFAULT_API_URL, GraphClient, MessagingWindow, WebhookHandler
from .instagram import InstagramChannel, parse_instagram_payload
from .messenger import MessengerChannel, parse_page_payload
from .whatsapp import WhatsAppChannel, parse_whatsapp_payload

__all__ = [
    "DEFAULT_API_URL",
    "GraphClient",
    "InstagramChannel",
    "MessagingWindow",
    "MessengerChannel",
    "MetaWebhook",
    "WhatsAppChannel",
    "build_meta_channels",
    "sign_body",
    "verify_signature",
]

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "x-hub-signature-256"
PARSERS: dict[str, Callable[[dict[str, Any]], list[InboundMessage]]] = {
    "page": parse_page_payload,
    "instagram": parse_instagram_payload,
    "whatsapp_business_account": parse_whatsapp_payload,
}
# Reactions and unsends don't open Meta's messaging window; messages, taps and edits do.
_NOT_WINDOW_OPENING = frozenset({ContentKind.REACTION, ContentKind.DELETE})


class MetaSender(Protocol):
    """A Meta channel the webhook feeds: its name, its messaging window and its ``webhook`` slot."""

    name: str
    webhook: WebhookHandler | None

    def note_inbound(self, recipient_id: str, at: datetime) -> None:
        """Record that the customer wrote at ``at``."""


def sign_body(app_secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` value Meta sends for ``body``."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def verify_signature(app_secret: str, body: bytes, header: str | None) -> None:
    """Raise ``PermissionDeniedError`` unless ``header`` is the app secret's signature of ``body``."""
    if not header:
        raise PermissionDeniedError("missing X-Hub-Signature-256 header: the request was not signed by Meta")
    expected = sign_body(app_secret, body)
    if not hmac.compare_digest(expected.encode(), header.strip().lower().encode()):
        raise PermissionDeniedError("X-Hub-Signature-256 does not match the body: not signed with our app secret")


class MetaWebhook:
    """Verifies and parses /webhooks/meta for every Meta product."""

    def __init__(self, *, app_secret: str, verify_token: str) -> None:
        if not app_secret:
            raise ConfigError("is empty", field="WARMLINE_META_APP_SECRET",
                              fix="copy the App Secret from the Meta app's Settings → Basic")
        if not verify_token:
            raise ConfigError("is empty", field="WARMLINE_META_VERIFY_TOKEN",
                              fix="choose a random string and enter the same one in the app's webhook settings")
        self._app_secret = app_secret
        self._verify_token = verify_token
        self._senders: dict[str, MetaSender] = {}

    def attach(self, channel: MetaSender) -> None:
        """Feed ``channel``'s messaging window from every message parsed for it, and make its
        ``handle_webhook`` answer through this webhook."""
        self._senders[channel.name] = channel
        channel.webhook = self

    async def handle_webhook(self, request: WebhookRequest) -> WebhookResult:
        """GET: the subscription handshake. POST: verify the signature, then parse every product's events."""
        method = request.method.upper()
        if method == "GET":
            return self._verify_subscription(request.query)
        if method != "POST":
            raise ValidationError(f"method {request.method} is not supported", field="method",
                                  expected="GET (subscription check) or POST (events)")
        verify_signature(self._app_secret, request.body, request.header(SIGNATURE_HEADER))
        messages = self.parse(request.body)
        for message in messages:
            sender = self._senders.get(message.channel)
            if sender is None or message.kind in _NOT_WINDOW_OPENING:
                continue
            if message.comment is None:
                sender.note_inbound(message.sender_id, message.received_at)
            elif message.kind is ContentKind.TEXT and hasattr(sender, "note_comment"):
                # A comment opens no DM window; it allows one private reply (see _meta_comments.py).
                sender.note_comment(message.sender_id, message.comment.comment_id, message.received_at)
        return WebhookResult(messages=tuple(messages))

    def _verify_subscription(self, query: Mapping[str, str]) -> WebhookResult:
        token = query.get("hub.verify_token") or ""
        if query.get("hub.mode") != "subscribe" or not hmac.compare_digest(token.encode(),
                                                                           self._verify_token.encode()):
            raise PermissionDeniedError("webhook verification failed: hub.mode must be 'subscribe' and "
                                        "hub.verify_token must equal WARMLINE_META_VERIFY_TOKEN")
        challenge = query.get("hub.challenge")
        if not challenge:
            raise ValidationError("missing", field="hub.challenge", expected="the challenge string Meta sends")
        return WebhookResult(body=challenge, content_type="text/plain")

    @staticmethod
    def parse(body: bytes) -> list[InboundMessage]:
        """The customer messages in an (already verified) webhook body, in order."""
        payload = load_json(body, expected="a JSON object")
        if not isinstance(payload, dict):
            raise ValidationError("not a JSON object", field="body", expected="a JSON object")
        kind = payload.get("object")
        if not isinstance(kind, str):
            raise ValidationError("missing", field="object",
                                  expected="'page', 'instagram' or 'whatsapp_business_account'")
        parser = PARSERS.get(kind)
        if parser is None:
            logger.info("ignoring a Meta webhook for object %r (not a messaging product)", kind)
            return []
        return parser(payload)


def build_meta_channels(*, app_secret: str, verify_token: str, page_token: str | None = None,
                        api_url: str = DEFAULT_API_URL, whatsapp_token: str | None = None,
                        whatsapp_phone_id: str | None = None, http: httpx.AsyncClient | None = None,
                        public_comment_reply: str | None = None,
                        ) -> tuple[MetaWebhook, dict[str, CustomerChannel]]:
    """The shared webhook and the senders that are configured: ``messenger`` and ``instagram`` with a page
    token, ``whatsapp`` with a token and a phone number id. Each sender is attached to the webhook.
    ``public_comment_reply`` is posted under a comment once its private reply went out (None: never)."""
    webhook = MetaWebhook(app_secret=app_secret, verify_token=verify_token)
    senders: list[MessengerChannel | InstagramChannel | WhatsAppChannel] = []
    if page_token:
        senders.append(MessengerChannel(page_token=page_token, api_url=api_url, http=http,
                                        public_comment_reply=public_comment_reply))
        senders.append(InstagramChannel(page_token=page_token, api_url=api_url, http=http,
                                        public_comment_reply=public_comment_reply))
    if whatsapp_token and whatsapp_phone_id:
        senders.append(WhatsAppChannel(token=whatsapp_token, phone_number_id=whatsapp_phone_id, api_url=api_url,
                                       http=http))
    elif whatsapp_token or whatsapp_phone_id:
        missing = "WARMLINE_WHATSAPP_PHONE_ID" if whatsapp_token else "WARMLINE_WHATSAPP_TOKEN"
        raise ConfigError("is missing: WhatsApp needs both a token and a phone number id", field=missing,
                          fix="set both, or neither to turn WhatsApp off (see docs/channels/whatsapp.md)")
    channels: dict[str, CustomerChannel] = {}
    for sender in senders:
        webhook.attach(sender)
        channels[sender.name] = sender
    return webhook, channels
