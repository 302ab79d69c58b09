"""Facebook Messenger: parse ``"object": "page"`` webhook events and reply through the Send API.

Instagram DMs use the same event format and the same Send API (``instagram.py`` builds on this module).
Choices become quick replies (up to 13, titles of at most 20 characters); the customer's tap comes back as
a quick-reply payload carrying the full choice. Replies follow Meta's messaging window: 24 hours after the
customer's last message, and up to 7 days for a person on staff (the ``HUMAN_AGENT`` tag).
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
from ._meta_comments import PendingComments, parse_comment_changes
from ._meta_graph import (
    DEFAULT_API_URL,
    choice_from_payload,
    choice_payload,
    clip_title,
    split_text,
    staff_text,
)
from ._meta_parse import as_dict, as_list, opt_str, req_str, sub_dict, timestamp, usable_or_raise

__all__ = ["MessengerChannel", "SendApiChannel", "parse_messaging_event", "parse_page_payload"]

logger = logging.getLogger(__name__)

STANDARD_WINDOW = timedelta(hours=24)
HUMAN_AGENT_WINDOW = timedelta(days=7)
MAX_QUICK_REPLIES = 13

# attachment type -> (kind, placeholder) for content we can't show as text.
ATTACHMENTS: dict[str, tuple[ContentKind, str]] = {
    "image": (ContentKind.IMAGE, "[photo]"),
    "audio": (ContentKind.AUDIO, "[voice message]"),
    "video": (ContentKind.OTHER, "[video]"),
    "file": (ContentKind.OTHER, "[file]"),
    "location": (ContentKind.LOCATION, "[location]"),
    "fallback": (ContentKind.OTHER, "[shared a link]"),
    "template": (ContentKind.OTHER, "[shared content]"),
    "sticker": (ContentKind.STICKER, "[sticker]"),
    "animated_image": (ContentKind.IMAGE, "[GIF]"),
    # Instagram
    "story_mention": (ContentKind.OTHER, "[mentioned you in their story]"),
    "share": (ContentKind.OTHER, "[shared a post]"),
    "ig_post": (ContentKind.OTHER, "[shared a post]"),
    "ig_reel": (ContentKind.OTHER, "[shared a reel]"),
    "reel": (ContentKind.OTHER, "[shared a reel]"),
}
UNKNOWN_ATTACHMENT = (ContentKind.OTHER, "[attachment]")


def _describe_attachment(attachment: dict[str, Any]) -> tuple[ContentKind, str]:
    kind, text = ATTACHMENTS.get(str(attachment.get("type")), UNKNOWN_ATTACHMENT)
    payload = sub_dict(attachment, "payload")
    if payload.get("sticker_id") is not None:  # Messenger stickers arrive as images with a sticker id
        return ContentKind.STICKER, "[sticker]"
    coordinates = payload.get("coordinates")
    if kind is ContentKind.LOCATION and isinstance(coordinates, dict):
        text = f"[location: {coordinates.get('lat')}, {coordinates.get('long')}]"
    return kind, text


def _message_content(message: dict[str, Any], path: str) -> tuple[ContentKind, str]:
    """What a ``message`` object says, as (kind, text); a reply to our story says so."""
    kind, text = _message_body(message, path)
    reply_to = message.get("reply_to")
    if isinstance(reply_to, dict) and isinstance(reply_to.get("story"), dict):
        text = f"{text} (reply to your story)"
    return kind, text


def _message_body(message: dict[str, Any], path: str) -> tuple[ContentKind, str]:
    text = opt_str(message, "text", path) or ""
    if message.get("is_deleted"):
        return ContentKind.DELETE, "[deleted a message]"
    if message.get("is_unsupported"):
        return ContentKind.OTHER, "[unsupported message]"
    quick_reply = message.get("quick_reply")
    if isinstance(quick_reply, dict):
        return ContentKind.TEXT, choice_from_payload(quick_reply.get("payload")) or text
    attachments = [a for a in as_list(message.get("attachments"), f"{path}.attachments") if isinstance(a, dict)]
    if attachments:
        described = [_describe_attachment(a) for a in attachments]
        return described[0][0], text or " ".join(placeholder for _, placeholder in described)
    if message.get("sticker_id") is not None:
        return ContentKind.STICKER, "[sticker]"
    if text:
        return ContentKind.TEXT, text
    return ContentKind.OTHER, "[empty message]"


USER_REF_PREFIX = "user_ref:"


def _sender_id(sender: dict[str, Any], path: str) -> str:
    """The page-scoped id, or for a chat-plugin visitor who is not logged in, their ``user_ref`` (prefixed, so
    replies go back to ``{"user_ref": …}`` and the two kinds of id never collide)."""
    if sender.get("id") is None and isinstance(sender.get("user_ref"), str):
        return USER_REF_PREFIX + sender["user_ref"]
    return req_str(sender, "id", path)


def recipient(recipient_id: str) -> dict[str, str]:
    """The Send API ``recipient`` object for an id ``parse_messaging_event`` produced."""
    if recipient_id.startswith(USER_REF_PREFIX):
        return {"user_ref": recipient_id.removeprefix(USER_REF_PREFIX)}
    return {"id": recipient_id}


def parse_messaging_event(event: dict[str, Any], *, channel: str, path: str) -> InboundMessage | None:
    """One ``entry[].messaging[]`` event as an ``InboundMessage``; None for events that carry nothing from
    the customer (echoes of our own messages, delivery and read receipts, opt-ins, referrals…)."""
    message = event.get("message")
    if isinstance(message, dict) and message.get("is_echo"):
        return None
    kinds = ("message", "postback", "reaction", "message_edit")
    if not any(isinstance(event.get(key), dict) for key in kinds):
        return None
    sender_id = _sender_id(as_dict(event.get("sender"), f"{path}.sender"), f"{path}.sender")
    at = timestamp(event.get("timestamp"), f"{path}.timestamp", millis=True)

    def inbound(text: str, mid: str | None, kind: ContentKind = ContentKind.TEXT) -> InboundMessage:
        return InboundMessage(channel=channel, sender_id=sender_id, text=text, platform_message_id=mid,
                              kind=kind, received_at=at)

    if isinstance(message, dict):
        mid = opt_str(message, "mid", f"{path}.message")
        kind, text = _message_content(message, f"{path}.message")
        if kind is ContentKind.DELETE and mid:
            mid = f"{mid}:deleted"  # the mid is the deleted message's; keep the original row's id free
        return inbound(text, mid, kind)
    if isinstance(postback := event.get("postback"), dict):
        title = opt_str(postback, "title", f"{path}.postback") or ""
        payload = postback.get("payload")
        text = choice_from_payload(payload) or title or (payload if isinstance(payload, str) else "")
        mid = opt_str(postback, "mid", f"{path}.postback") or f"postback:{sender_id}:{int(at.timestamp() * 1000)}"
        return inbound(text, mid)
    if isinstance(reaction := event.get("reaction"), dict):
        emoji = opt_str(reaction, "emoji", f"{path}.reaction") or opt_str(reaction, "reaction", f"{path}.reaction")
        removed = reaction.get("action") == "unreact"
        text = "[removed a reaction]" if removed else f"[reacted {emoji or 'to a message'}]"
        target = opt_str(reaction, "mid", f"{path}.reaction") or "?"
        # The mid is the reacted-to message's id; this event needs an id of its own.
        mid = f"{target}:reaction:{sender_id}:{int(at.timestamp() * 1000)}"
        return inbound(text, mid, ContentKind.REACTION)
    edit = as_dict(event.get("message_edit"), f"{path}.message_edit")
    target = opt_str(edit, "mid", f"{path}.message_edit") or "?"
    number = edit.get("num_edit", int(at.timestamp() * 1000))
    return inbound(opt_str(edit, "text", f"{path}.message_edit") or "[edited a message]",
                   f"{target}:edit:{number}", ContentKind.EDIT)


def parse_page_payload(payload: dict[str, Any], *, channel: str = "messenger") -> list[InboundMessage]:
    """Every customer message in a Messenger (``page``) or Instagram (``instagram``) webhook, in order: DMs
    from ``entry[].messaging``, then comments under posts from ``entry[].changes`` (``_meta_comments.py``)."""
    messages: list[InboundMessage] = []
    skipped: list[ValidationError] = []
    for i, raw_entry in enumerate(as_list(payload.get("entry"), "entry", missing_ok=False)):
        entry = as_dict(raw_entry, f"entry[{i}]")
        # "standby" events belong to another app in a handover; only "messaging" is ours to answer.
        for j, raw_event in enumerate(as_list(entry.get("messaging"), f"entry[{i}].messaging")):
            path = f"entry[{i}].messaging[{j}]"
            try:
                parsed = parse_messaging_event(as_dict(raw_event, path), channel=channel, path=path)
            except ValidationError as exc:  # one unusable event never costs the others in its batch
                skipped.append(exc)
                continue
            if parsed is not None:
                messages.append(parsed)
        messages.extend(parse_comment_changes(entry, channel=channel, path=f"entry[{i}]"))
    return usable_or_raise(messages, skipped, channel=channel)


class SendApiChannel(GraphChannel):
    """A channel that replies through Meta's Send API (``POST /me/messages``): Messenger and Instagram."""

    name: str = "messenger"
    capabilities: Capabilities = Capabilities(
        buttons=True, max_buttons=MAX_QUICK_REPLIES, max_button_chars=20, typing_indicator=True,
        author_names=False, max_text_chars=2000)
    max_text_bytes: int | None = None  # Instagram counts UTF-8 bytes as well

    comment_replies_path: str = "comments"  # a public reply to a comment: POST /{comment-id}/<this>

    def __init__(self, *, page_token: str, api_url: str = DEFAULT_API_URL, http: httpx.AsyncClient | None = None,
                 clock: Callable[[], datetime] | None = None, public_comment_reply: str | None = None) -> None:
        super().__init__(token=page_token, api_url=api_url, http=http, clock=clock)
        self._comments = PendingComments()
        self._public_comment_reply = public_comment_reply  # e.g. "Sent you a DM 💌"; None: no public reply

    def note_comment(self, recipient_id: str, comment_id: str, at: datetime) -> None:
        """Record a comment under a post: the next reply to this customer answers it privately."""
        self._comments.note(recipient_id, comment_id, at)

    async def typing(self, recipient_id: str) -> None:
        """Show "typing…" to the customer; best effort, a failure is only logged."""
        try:
            await self._graph.post("me/messages", {"recipient": recipient(recipient_id), "sender_action": "typing_on"})
        except DeliveryError as exc:
            logger.info("typing indicator not shown on %s: %s", self.name, exc.message)

    async def send(self, message: OutboundMessage) -> None:
        """Send ``message`` (split at the platform's length limit; choices as quick replies on the last
        piece), within the messaging window rules; to a customer whose latest words were a comment, as
        that comment's private reply."""
        last_dm = self._window.last_inbound(message.recipient_id)
        comment_id = self._comments.waiting(message.recipient_id, now=self._clock(), last_dm=last_dm)
        if comment_id is not None:
            await self._private_reply(message, comment_id)
            return
        if (no_dm := self._comments.why_no_dm(message.recipient_id, last_dm=last_dm)) is not None:
            raise DeliveryError(no_dm, channel=self.name, permanent=True)
        tagging = self._window_fields(message)
        limit = self.capabilities.max_text_chars
        text = staff_text(with_source(message.text, message.citations), message.author_name)
        choices = message.choices
        if len(choices) > MAX_QUICK_REPLIES:
            text, choices = numbered_choices(text, choices), ()
        if not text.strip():
            raise DeliveryError("nothing to send (empty text)", channel=self.name, permanent=True)
        pieces = split_text(text, limit, max_bytes=self.max_text_bytes)
        requests = []
        for number, piece in enumerate(pieces, start=1):
            body: dict[str, Any] = {"text": piece}
            if choices and number == len(pieces):
                body["quick_replies"] = [
                    {"content_type": "text", "title": clip_title(choice, 20), "payload": choice_payload(choice)}
                    for choice in choices]
            requests.append({"recipient": recipient(message.recipient_id), **tagging, "message": body})
        await self._progress.deliver(message.message_id, requests, self._post)

    async def _post(self, request: Mapping[str, Any]) -> None:
        await self._graph.post("me/messages", request)

    async def _private_reply(self, message: OutboundMessage, comment_id: str) -> None:
        """One message to the comment's author (``recipient: {comment_id}``), then, if the shop wants it, a
        short public reply under the comment. Meta allows a single private reply per comment, so choices
        become numbered text and a text over the limit is cut rather than split."""
        text = numbered_choices(staff_text(with_source(message.text, message.citations), message.author_name),
                                message.choices)
        piece = split_text(text, self.capabilities.max_text_chars, max_bytes=self.max_text_bytes)[0]
        await self._graph.post("me/messages", {"recipient": {"comment_id": comment_id}, "message": {"text": piece}})
        self._comments.replied(message.recipient_id, comment_id)
        if self._public_comment_reply:
            try:
                await self._graph.post(f"{comment_id}/{self.comment_replies_path}",
                                       {"message": self._public_comment_reply})
            except DeliveryError as exc:  # the answer reached the customer; the public note is a courtesy
                logger.warning("public reply under comment %s not posted: %s", comment_id, exc.message)

    def _window_fields(self, message: OutboundMessage) -> dict[str, str]:
        """``messaging_type`` (and ``tag``) for this reply, or a permanent ``DeliveryError`` when no rule
        allows it. An unknown customer (e.g. after a restart) is left for Meta to judge."""
        age = self._window.age(message.recipient_id, self._clock())
        if age is None or age <= STANDARD_WINDOW:
            return {"messaging_type": "RESPONSE"}
        hours = age.total_seconds() / 3600
        if message.author_name is None:
            raise DeliveryError(
                f"outside the 24-hour window: the customer last wrote {hours:.0f} hours ago, so an automated "
                "reply is not allowed; a person on staff can still answer within 7 days (HUMAN_AGENT tag)",
                channel=self.name, permanent=True)
        if age <= HUMAN_AGENT_WINDOW:
            return {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}
        raise DeliveryError(
            f"outside the 7-day human-agent window (HUMAN_AGENT tag): the customer last wrote {hours / 24:.1f} "
            "days ago; Meta allows no reply until they write again", channel=self.name, permanent=True)


class MessengerChannel(SendApiChannel):
    """Facebook Messenger through a Page: quick replies, typing indicator, 2,000-character messages."""

    name = "messenger"
