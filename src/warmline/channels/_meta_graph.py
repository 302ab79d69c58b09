"""What the Meta channels share for sending: the Graph API client, its error mapping, the messaging window
and the text helpers (splitting, short titles, choice payloads).

Messenger, Instagram and the WhatsApp Cloud API are plain HTTPS+JSON on graph.facebook.com, so one small
httpx client serves all three; its base URL is a setting so tests point it at a local fake.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import httpx

from warmline.domain import DeliveryError

from ._base import WebhookRequest, WebhookResult

__all__ = [
    "CHOICE_PAYLOAD_PREFIX",
    "DEFAULT_API_URL",
    "DEFAULT_RETRY_AFTER",
    "GraphClient",
    "MessagingWindow",
    "PieceProgress",
    "WebhookHandler",
    "choice_from_payload",
    "choice_payload",
    "clip_title",
    "delivery_error",
    "split_text",
    "staff_text",
]

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://graph.facebook.com/v21.0"
DEFAULT_RETRY_AFTER = 60.0  # seconds, when a rate-limited answer carries no Retry-After header
CHOICE_PAYLOAD_PREFIX = "warmline.choice:"  # marks quick-reply/button ids we minted (full choice text follows)

# Graph error codes that mean "slow down" (Meta answers them with HTTP 400/403, not 429).
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80007, 130429, 131048, 131056})
# Codes that mean "try again later" without being a rate limit.
TRANSIENT_CODES = frozenset({1, 2, 1200, 131000, 131016})
MESSENGER_WINDOW_SUBCODE = 2018278  # code 10: "message sent outside of allowed window"
WHATSAPP_WINDOW_CODE = 131047  # "re-engagement message": more than 24 h since the customer wrote


class WebhookHandler(Protocol):
    """The shared /webhooks/meta handler a channel delegates its ``handle_webhook`` to."""

    async def handle_webhook(self, request: WebhookRequest) -> WebhookResult:
        """Verify and parse one request."""


def choice_payload(choice: str) -> str:
    """The payload/id for a choice button: our prefix and the full choice (titles get cut, this does not)."""
    return f"{CHOICE_PAYLOAD_PREFIX}{choice}"[:256]


def choice_from_payload(payload: object) -> str | None:
    """The full choice text from a payload we minted; None for anybody else's payload."""
    if isinstance(payload, str) and payload.startswith(CHOICE_PAYLOAD_PREFIX):
        return payload[len(CHOICE_PAYLOAD_PREFIX):] or None
    return None


def clip_title(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when something was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def split_text(text: str, limit: int, *, max_bytes: int | None = None) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` characters (and ``max_bytes`` bytes of UTF-8, when
    given), at a paragraph, line or word break when there is one in the second half of the piece."""
    pieces: list[str] = []
    rest = text.strip()
    while not _fits(rest, limit, max_bytes):
        window = rest[:limit]
        while max_bytes is not None and len(window.encode()) > max_bytes:
            window = window[: len(window) * max_bytes // len(window.encode())]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut < len(window) // 2:
            cut = len(window)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _fits(text: str, limit: int, max_bytes: int | None) -> bool:
    return len(text) <= limit and (max_bytes is None or len(text.encode()) <= max_bytes)


def staff_text(text: str, author_name: str | None) -> str:
    """Prefix a staff reply with its author ("Maya: …"): these platforms can't show a per-message sender."""
    return f"{author_name}: {text}" if author_name else text


class MessagingWindow:
    """When each customer last wrote to us, in memory (fed by parsed webhooks or the app).

    Meta only lets a business write within 24 h of the customer's last message (Messenger and Instagram
    stretch that to 7 days for a human agent). After a restart this is empty: an unknown customer is not
    blocked here, and Meta's own refusal is mapped to the same permanent error.
    """

    _PRUNE_ABOVE = 50_000  # entries; beyond this, forget customers silent for longer than any window

    def __init__(self) -> None:
        self._last: dict[str, datetime] = {}

    def note(self, customer_id: str, at: datetime) -> None:
        """Record that ``customer_id`` wrote at ``at`` (keeps the latest time)."""
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        previous = self._last.get(customer_id)
        if previous is None or at > previous:
            self._last[customer_id] = at
        if len(self._last) > self._PRUNE_ABOVE:
            self._prune(at - timedelta(days=8))

    def last_inbound(self, customer_id: str) -> datetime | None:
        """When ``customer_id`` last wrote, if known."""
        return self._last.get(customer_id)

    def age(self, customer_id: str, now: datetime) -> timedelta | None:
        """How long ago ``customer_id`` last wrote, if known."""
        last = self._last.get(customer_id)
        if last is None:
            return None
        now = now if now.tzinfo else now.replace(tzinfo=UTC)
        return now - last

    def _prune(self, older_than: datetime) -> None:
        self._last = {key: at for key, at in self._last.items() if at >= older_than}


class PieceProgress:
    """Which pieces of a split message already went out, so a retry (same ``message_id``) resumes after
    them instead of sending the customer the first half twice. In memory, per message being retried."""

    def __init__(self) -> None:
        self._sent: dict[str, int] = {}

    async def deliver(self, message_id: str | None, requests: Sequence[Mapping[str, Any]],
                      post: Callable[[Mapping[str, Any]], Awaitable[object]]) -> None:
        """``post`` each request in order, skipping those a previous attempt delivered."""
        start = self._sent.get(message_id, 0) if message_id else 0
        try:
            for number, request in enumerate(requests[start:], start=start + 1):
                await post(request)
                if message_id:
                    self._sent[message_id] = number
        except DeliveryError as exc:
            if exc.permanent and message_id:
                self._sent.pop(message_id, None)
            raise
        if message_id:
            self._sent.pop(message_id, None)


def _retry_after(headers: Mapping[str, str]) -> float:
    value = headers.get("retry-after")
    if not value:
        return DEFAULT_RETRY_AFTER
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def _graph_error(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def delivery_error(channel: str, response: httpx.Response) -> DeliveryError:
    """Map a failed Graph API answer to a ``DeliveryError``: rate limits carry ``retry_after``, server
    trouble is retryable, everything else (auth, permission, bad request, window) is permanent."""
    error = _graph_error(response)
    code, subcode = error.get("code"), error.get("error_subcode")
    detail = f"HTTP {response.status_code}, Graph error {code}: {error.get('message', response.text[:200])}"
    if response.status_code == 429 or code in RATE_LIMIT_CODES:
        return DeliveryError(f"rate limited ({detail})", channel=channel, retry_after=_retry_after(response.headers))
    if code == 10 and subcode == MESSENGER_WINDOW_SUBCODE:
        return DeliveryError(f"outside the 24-hour messaging window; Meta refused the message ({detail})",
                             channel=channel, permanent=True)
    if code == WHATSAPP_WINDOW_CODE:
        return DeliveryError("more than 24 hours since the customer last wrote: WhatsApp only accepts an approved "
                             f"template message now ({detail})", channel=channel, permanent=True)
    if response.status_code >= 500 or code in TRANSIENT_CODES or error.get("is_transient") is True:
        return DeliveryError(f"temporary platform failure ({detail})", channel=channel)
    if response.status_code in (401, 403) or code == 190:
        return DeliveryError(f"the access token was refused; check the token and its permissions ({detail})",
                             channel=channel, permanent=True)
    return DeliveryError(f"rejected ({detail})", channel=channel, permanent=True)


class GraphClient:
    """POSTs JSON to the Graph API with a bearer token and turns every failure into ``DeliveryError``.

    The token goes in the Authorization header (which the Graph API accepts) rather than the documented
    ``access_token`` query parameter, so it never appears in a logged URL.
    """

    def __init__(self, *, channel: str, token: str, api_url: str = DEFAULT_API_URL,
                 http: httpx.AsyncClient | None = None, timeout: float = 10.0) -> None:
        self._channel = channel
        self._token = token
        self._api_url = api_url.rstrip("/")
        self._http = http
        self._owns_http = http is None
        self._timeout = timeout

    async def start(self) -> None:
        """Open our own HTTP client unless one was given."""
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=self._timeout)
            self._owns_http = True

    async def close(self) -> None:
        """Close the HTTP client if we opened it."""
        if self._http is not None and self._owns_http:
            await self._http.aclose()
            self._http = None

    async def post(self, path: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        """POST ``payload`` to ``{api_url}/{path}``; the decoded answer, or ``DeliveryError``."""
        if self._http is None:
            await self.start()
        assert self._http is not None
        url = f"{self._api_url}/{path.lstrip('/')}"
        try:
            response = await self._http.post(url, json=dict(payload), timeout=self._timeout,
                                             headers={"Authorization": f"Bearer {self._token}"})
        except httpx.TimeoutException as exc:
            raise DeliveryError(f"timed out talking to the Graph API ({type(exc).__name__})",
                                channel=self._channel) from exc
        except httpx.TransportError as exc:
            raise DeliveryError(f"could not reach the Graph API ({type(exc).__name__}: {exc})",
                                channel=self._channel) from exc
        if response.is_success:
            try:
                answer = response.json()
            except ValueError:
                answer = {}
            return answer if isinstance(answer, dict) else {}
        error = delivery_error(self._channel, response)
        logger.warning("send failed on %s: %s", self._channel, error.message)
        raise error
