"""WhatsApp Cloud API: parse ``"object": "whatsapp_business_account"`` webhooks and send replies.

Choices become up to 3 reply buttons, or a list of up to 10 rows when there are more (beyond that,
numbered text). WhatsApp only accepts free-form replies within 24 hours of the customer's last message;
after that a pre-approved template message is needed, which Warmline does not send on its own, so such a
reply fails permanently with a message that tells staff so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import httpx

from warmline.domain import ContentKind, DeliveryError, InboundMessage, OutboundMessage, ValidationError

from ._base import Capabilities, numbered_choices, with_source
from ._meta_channel import GraphChannel
from ._meta_graph import (
    DEFAULT_API_URL,
    choice_from_payload,
    choice_payload,
    clip_title,
    split_text,
    staff_text,
)
from ._meta_parse import as_dict, as_list, opt_str, req_str, sub_dict, timestamp, usable_or_raise

__all__ = ["WhatsAppChannel", "parse_whatsapp_payload"]

logger = logging.getLogger(__name__)

SERVICE_WINDOW = timedelta(hours=24)
MAX_BUTTONS = 3
MAX_LIST_ROWS = 10
MAX_INTERACTIVE_BODY = 1024
BUTTON_TITLE_CHARS = 20
ROW_TITLE_CHARS = 24
ROW_DESCRIPTION_CHARS = 72

# message type -> (kind, placeholder); media with a caption use the caption instead.
MEDIA: dict[str, tuple[ContentKind, str]] = {
    "image": (ContentKind.IMAGE, "[photo]"),
    "video": (ContentKind.OTHER, "[video]"),
    "audio": (ContentKind.AUDIO, "[voice message]"),
    "document": (ContentKind.OTHER, "[file]"),
    "sticker": (ContentKind.STICKER, "[sticker]"),
    "contacts": (ContentKind.OTHER, "[shared a contact]"),
    "order": (ContentKind.OTHER, "[sent an order]"),
    "unsupported": (ContentKind.OTHER, "[unsupported message]"),
    "unknown": (ContentKind.OTHER, "[unsupported message]"),
}


def _interactive_text(message: dict[str, Any], path: str) -> str:
    interactive = as_dict(message.get("interactive"), f"{path}.interactive")
    reply = interactive.get(str(interactive.get("type")))
    if not isinstance(reply, dict):
        return "[form response]"  # e.g. nfm_reply from a WhatsApp Flow
    reply_path = f"{path}.interactive.{interactive.get('type')}"
    return choice_from_payload(reply.get("id")) or opt_str(reply, "title", reply_path) or "[choice]"


def _location_text(message: dict[str, Any]) -> str:
    location = sub_dict(message, "location")
    label = ", ".join(str(location[key]) for key in ("name", "address") if location.get(key))
    if not label:
        label = f"{location.get('latitude')}, {location.get('longitude')}"
    return f"[location: {label}]"


def _content(message: dict[str, Any], kind_name: str, path: str) -> tuple[ContentKind, str]:
    """What one ``messages[]`` item says, as (kind, text)."""
    if kind_name == "text":
        return ContentKind.TEXT, req_str(as_dict(message.get("text"), f"{path}.text"), "body", f"{path}.text")
    if kind_name == "interactive":
        return ContentKind.TEXT, _interactive_text(message, path)
    if kind_name == "button":  # a tap on a template's quick-reply button
        button = as_dict(message.get("button"), f"{path}.button")
        return ContentKind.TEXT, opt_str(button, "text", f"{path}.button") or "[button]"
    if kind_name == "location":
        return ContentKind.LOCATION, _location_text(message)
    if kind_name == "reaction":
        reaction = as_dict(message.get("reaction"), f"{path}.reaction")
        emoji = opt_str(reaction, "emoji", f"{path}.reaction")
        return ContentKind.REACTION, f"[reacted {emoji}]" if emoji else "[removed a reaction]"
    kind, placeholder = MEDIA.get(kind_name, MEDIA["unsupported"])
    media = sub_dict(message, kind_name)
    caption = media.get("caption") if isinstance(media.get("caption"), str) else ""
    if not caption and kind_name == "document" and isinstance(media.get("filename"), str):
        placeholder = f"[file: {media['filename']}]"
    return kind, caption or placeholder


def _names(value: dict[str, Any], path: str) -> dict[str, str]:
    names = {}
    for i, raw in enumerate(as_list(value.get("contacts"), f"{path}.contacts")):
        contact = as_dict(raw, f"{path}.contacts[{i}]")
        profile = sub_dict(contact, "profile")
        name = profile.get("name") if isinstance(profile.get("name"), str) else profile.get("username")
        for key in ("wa_id", "user_id"):  # a user known only by username has no wa_id
            if isinstance(contact.get(key), str) and isinstance(name, str):
                names[contact[key]] = name
    return names


def _parse_value(value: dict[str, Any], path: str, skipped: list[ValidationError]) -> list[InboundMessage]:
    names = _names(value, path)
    messages = []
    for i, raw in enumerate(as_list(value.get("messages"), f"{path}.messages")):
        item_path = f"{path}.messages[{i}]"
        try:
            parsed = _parse_message(as_dict(raw, item_path), item_path, names)
        except ValidationError as exc:  # one unusable message never costs the others in its batch
            skipped.append(exc)
            continue
        if parsed is not None:
            messages.append(parsed)
    return messages


def _sender(message: dict[str, Any], path: str) -> str:
    """The phone number (``from``), or for a user known only by username their business-scoped user id."""
    if message.get("from") is None and isinstance(message.get("from_user_id"), str):
        return message["from_user_id"]
    return req_str(message, "from", path)


def _parse_message(message: dict[str, Any], path: str, names: dict[str, str]) -> InboundMessage | None:
    kind_name = req_str(message, "type", path)
    if kind_name == "system":  # e.g. "customer changed their number": nothing to answer
        return None
    sender = _sender(message, path)
    kind, text = _content(message, kind_name, path)
    return InboundMessage(
        channel="whatsapp", sender_id=sender, sender_name=names.get(sender), text=text, kind=kind,
        platform_message_id=req_str(message, "id", path),
        received_at=timestamp(message.get("timestamp"), f"{path}.timestamp", millis=False))


def parse_whatsapp_payload(payload: dict[str, Any]) -> list[InboundMessage]:
    """Every customer message in a WhatsApp webhook, in order; statuses (sent/delivered/read) are skipped."""
    messages: list[InboundMessage] = []
    skipped: list[ValidationError] = []
    for i, raw_entry in enumerate(as_list(payload.get("entry"), "entry", missing_ok=False)):
        entry = as_dict(raw_entry, f"entry[{i}]")
        for j, raw_change in enumerate(as_list(entry.get("changes"), f"entry[{i}].changes")):
            change = as_dict(raw_change, f"entry[{i}].changes[{j}]")
            if change.get("field") != "messages":
                continue
            messages.extend(_parse_value(as_dict(change.get("value"), f"entry[{i}].changes[{j}].value"),
                                         f"entry[{i}].changes[{j}].value", skipped))
    return usable_or_raise(messages, skipped, channel="whatsapp")


def _split_tail(text: str, limit: int) -> tuple[str, str]:
    """(head, tail) with ``tail`` at most ``limit`` characters, cut at a break when there is one."""
    if len(text) <= limit:
        return "", text
    earliest = len(text) - limit
    breaks = [i for i in (text.find("\n", earliest), text.find(" ", earliest)) if i >= 0]
    cut = min(breaks) if breaks else earliest
    return text[:cut].rstrip(), text[cut:].lstrip()


def _interactive(body: str, choices: tuple[str, ...]) -> dict[str, Any] | None:
    """Reply buttons (≤3) or a list (≤10 rows) for ``choices``; None when they can't be shown natively."""
    if len(choices) <= MAX_BUTTONS:
        titles = [clip_title(choice, BUTTON_TITLE_CHARS) for choice in choices]
        if len(set(titles)) < len(titles):
            return None  # WhatsApp rejects duplicate button titles
        buttons = [{"type": "reply", "reply": {"id": choice_payload(choice), "title": title}}
                   for choice, title in zip(choices, titles, strict=True)]
        return {"type": "button", "body": {"text": body}, "action": {"buttons": buttons}}
    if len(choices) > MAX_LIST_ROWS or len(set(choices)) < len(choices):
        return None
    rows = []
    for choice in choices:
        row = {"id": choice_payload(choice)[:200], "title": clip_title(choice, ROW_TITLE_CHARS)}
        if row["title"] != choice:
            row["description"] = clip_title(choice, ROW_DESCRIPTION_CHARS)
        rows.append(row)
    return {"type": "list", "body": {"text": body},
            "action": {"button": "Choose", "sections": [{"rows": rows}]}}


class WhatsAppChannel(GraphChannel):
    """The WhatsApp Cloud API for one business phone number."""

    name = "whatsapp"
    capabilities = Capabilities(buttons=True, max_buttons=MAX_LIST_ROWS, max_button_chars=BUTTON_TITLE_CHARS,
                                typing_indicator=False, author_names=False, max_text_chars=4096)

    def __init__(self, *, token: str, phone_number_id: str, api_url: str = DEFAULT_API_URL,
                 http: httpx.AsyncClient | None = None, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(token=token, api_url=api_url, http=http, clock=clock)
        self._phone_number_id = phone_number_id

    async def send(self, message: OutboundMessage) -> None:
        """Send ``message``: text split at 4,096 characters, choices as buttons or a list on the last piece."""
        self._check_window(message.recipient_id)
        text = staff_text(with_source(message.text, message.citations), message.author_name)
        if not text.strip():
            raise DeliveryError("nothing to send (empty text)", channel=self.name, permanent=True)
        interactive = None
        if message.choices:
            head, tail = _split_tail(text.strip(), MAX_INTERACTIVE_BODY)
            interactive = _interactive(tail, message.choices)
            text = numbered_choices(text, message.choices) if interactive is None else head
        contents: list[dict[str, Any]] = [
            {"type": "text", "text": {"body": piece, "preview_url": False}}
            for piece in (split_text(text, self.capabilities.max_text_chars) if text.strip() else [])]
        if interactive is not None:
            contents.append({"type": "interactive", "interactive": interactive})
        # A phone number goes in "to"; a business-scoped user id ("US.1349…", for users known only by
        # username) goes in "recipient".
        address = "to" if message.recipient_id.isascii() and message.recipient_id.isdigit() else "recipient"
        requests = [{"messaging_product": "whatsapp", "recipient_type": "individual", address: message.recipient_id,
                     **content} for content in contents]
        await self._progress.deliver(message.message_id, requests, self._post)

    async def _post(self, request: Mapping[str, Any]) -> None:
        await self._graph.post(f"{self._phone_number_id}/messages", request)

    def _check_window(self, recipient_id: str) -> None:
        age = self._window.age(recipient_id, self._clock())
        if age is not None and age > SERVICE_WINDOW:
            raise DeliveryError(
                f"outside the 24-hour customer-service window (the customer last wrote {age.total_seconds() / 3600:.0f}"
                " hours ago): WhatsApp only accepts an approved template message now; send one from WhatsApp "
                "Manager or wait for the customer to write again", channel=self.name, permanent=True)
