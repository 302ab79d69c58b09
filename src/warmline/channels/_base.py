"""The channel interface: verify and parse a platform's webhook, send a reply, say what it can show.

An adapter only translates between its platform's wire format and Warmline's neutral types
(``WebhookRequest`` → ``InboundMessage``; ``OutboundMessage`` → an API call). It never decides anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from warmline.domain import Citation, InboundMessage, OutboundMessage

__all__ = ["Capabilities", "CustomerChannel", "WebhookRequest", "WebhookResult", "numbered_choices", "with_source"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Capabilities:
    """What a channel can show; anything it can't falls back to text."""

    buttons: bool = False
    max_buttons: int = 0
    max_button_chars: int = 20
    typing_indicator: bool = False
    author_names: bool = False  # can show "Maya (Mossa Studio)" as the sender of a staff reply
    max_text_chars: int = 4096


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookRequest:
    """A platform's HTTP request, as neutral data (the app translates FastAPI's request into this)."""

    method: str
    path: str
    headers: Mapping[str, str]  # lower-case names
    query: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """A header by case-insensitive name."""
        return self.headers.get(name.lower())


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookResult:
    """What a verified webhook carried, and what to answer the platform with."""

    messages: tuple[InboundMessage, ...] = ()
    status_code: int = 200
    body: str = "ok"
    content_type: str = "text/plain"


@runtime_checkable
class CustomerChannel(Protocol):
    """One customer-facing platform. Errors: ``PermissionDeniedError`` for a forged request (401/403),
    ``ValidationError`` for a malformed one (400), ``DeliveryError`` when sending fails."""

    name: str
    capabilities: Capabilities

    async def start(self) -> None:
        """Open clients (HTTP sessions, SDK objects)."""

    async def close(self) -> None:
        """Release them."""

    async def handle_webhook(self, request: WebhookRequest) -> WebhookResult:
        """Verify the request's signature or token, then parse it; nothing is stored here."""

    async def send(self, message: OutboundMessage) -> None:
        """Deliver one message, rendering choices natively or as numbered text."""


def numbered_choices(text: str, choices: Sequence[str]) -> str:
    """The text fallback for choices: the customer answers with a number (the pipeline maps it back)."""
    if not choices:
        return text
    lines = [f"{number}. {choice}" for number, choice in enumerate(choices, start=1)]
    return f"{text}\n\n" + "\n".join(lines) + "\n\n(Reply with a number.)"


def with_source(text: str, citations: Sequence[Citation]) -> str:
    """The answer with where it came from, in the shop's words: "📖 How long does shipping take? (https://…)".

    The title of the FAQ question or page, and its public link when the shop gave one; never a file path.
    """
    lines = []
    for citation in dict.fromkeys(citations):
        title = citation.title or citation.source
        lines.append(f"📖 {title} ({citation.url})" if citation.url else f"📖 {title}")
    return f"{text}\n\n" + "\n".join(lines) if lines else text
