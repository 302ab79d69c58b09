"""Comments under posts, reels and ads, from the ``changes`` of Instagram and Facebook Page webhooks.

- Instagram, field ``comments``: ``value = {from: {id, username}, media: {id, media_product_type}, id,
  parent_id?, text}``. ``from.id`` is the commenter's Instagram-scoped id, the same id their DMs come
  from, so their comments and their DMs are one customer.
- Facebook Page, field ``feed`` with ``item: "comment"``: ``value = {from: {id, name}, post_id,
  comment_id, parent_id, message, verb: add|edited|remove, created_time, post: {permalink_url,
  status_type}}``. Other feed items (posts, reactions, likes) are not from customers' words and are skipped.

Each comment becomes an ``InboundMessage`` with a ``PostComment`` context. The shop's own comments (its
public replies) come back as webhooks too and are skipped, by the account id of the entry. An edit is
``ContentKind.EDIT``, a removal ``ContentKind.DELETE`` (stored, never answered). Instagram's ``mentions``
field carries only ids (no text, no author) and is not parsed.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from warmline.domain import ContentKind, InboundMessage, PostComment

from ._meta_parse import as_dict, as_list, opt_str, req_str, sub_dict, timestamp

__all__ = ["PRIVATE_REPLY_WINDOW", "PendingComments", "parse_comment_changes"]

logger = logging.getLogger(__name__)

PRIVATE_REPLY_WINDOW = timedelta(days=7)
_FEED_KINDS = {"add": ContentKind.TEXT, "edited": ContentKind.EDIT, "remove": ContentKind.DELETE}


def parse_comment_changes(entry: dict[str, Any], *, channel: str, path: str) -> list[InboundMessage]:
    """The comments in one ``entry`` (its ``changes``), in order; everything else in them is skipped."""
    own_id = str(entry.get("id", ""))
    at = _entry_time(entry, path)
    messages: list[InboundMessage] = []
    for index, raw_change in enumerate(as_list(entry.get("changes"), f"{path}.changes")):
        change_path = f"{path}.changes[{index}]"
        change = as_dict(raw_change, change_path)
        field = change.get("field")
        value = as_dict(change.get("value"), f"{change_path}.value")
        parsed: InboundMessage | None = None
        if channel == "instagram" and field == "comments":
            parsed = _instagram_comment(value, own_id=own_id, at=at, path=f"{change_path}.value")
        elif channel == "messenger" and field == "feed" and value.get("item") == "comment":
            parsed = _page_comment(value, own_id=own_id, at=at, path=f"{change_path}.value")
        elif field not in ("messages", None):  # WhatsApp's "messages" changes are parsed elsewhere
            logger.debug("skipping a %s %r change", channel, field)
        if parsed is not None:
            messages.append(parsed)
    return messages


def _instagram_comment(value: dict[str, Any], *, own_id: str, at: datetime, path: str) -> InboundMessage | None:
    author = as_dict(value.get("from"), f"{path}.from")
    sender_id = req_str(author, "id", f"{path}.from")
    if sender_id == own_id:
        return None  # our own public reply
    comment_id = req_str(value, "id", path)
    media = sub_dict(value, "media")
    post = PostComment(comment_id=comment_id, post_id=req_str(media, "id", f"{path}.media"),
                       parent_id=opt_str(value, "parent_id", path),
                       media_type=opt_str(media, "media_product_type", f"{path}.media"))
    text = opt_str(value, "text", path) or "[empty comment]"
    return InboundMessage(channel="instagram", sender_id=sender_id, text=text,
                          sender_name=opt_str(author, "username", f"{path}.from"),
                          platform_message_id=f"comment:{comment_id}", received_at=at, comment=post)


def _page_comment(value: dict[str, Any], *, own_id: str, at: datetime, path: str) -> InboundMessage | None:
    author = sub_dict(value, "from")
    sender_id = opt_str(author, "id", f"{path}.from")
    if sender_id is None or sender_id == own_id:
        return None  # our own public reply, or an author the Page may not see
    verb = str(value.get("verb", "add"))
    kind = _FEED_KINDS.get(verb)
    if kind is None:
        logger.debug("skipping a Page comment with verb %r", verb)
        return None
    comment_id = req_str(value, "comment_id", path)
    post_id = req_str(value, "post_id", path)
    post = sub_dict(value, "post")
    parent_id = opt_str(value, "parent_id", path)
    context = PostComment(comment_id=comment_id, post_id=post_id,
                          parent_id=None if parent_id == post_id else parent_id,  # top-level: parent is the post
                          permalink=opt_str(post, "permalink_url", f"{path}.post"),
                          media_type=opt_str(post, "status_type", f"{path}.post"))
    if "created_time" in value:
        at = timestamp(value["created_time"], f"{path}.created_time", millis=False)
    text = {ContentKind.DELETE: "[deleted a comment]"}.get(kind) or opt_str(value, "message", path) or \
        "[empty comment]"
    suffix = {ContentKind.TEXT: "", ContentKind.EDIT: f":edit:{int(at.timestamp())}",
              ContentKind.DELETE: ":deleted"}[kind]
    return InboundMessage(channel="messenger", sender_id=sender_id, text=text, kind=kind,
                          sender_name=opt_str(author, "name", f"{path}.from"),
                          platform_message_id=f"comment:{comment_id}{suffix}", received_at=at, comment=context)


def _entry_time(entry: dict[str, Any], path: str) -> datetime:
    """The entry's ``time``: seconds for ``changes`` entries, though some products send milliseconds."""
    raw = entry.get("time")
    millis = isinstance(raw, int | float) and raw > 10**11
    return timestamp(raw, f"{path}.time", millis=millis)


class PendingComments:
    """Each customer's latest comment still waiting for its private reply, in memory.

    Meta's Private Replies rules: one private reply per comment, within 7 days of the comment. A comment
    newer than the customer's last DM is what a reply answers; once its private reply went out (or 7
    days passed) replies follow the normal DM rules again, and the customer answering the private reply
    opens the usual 24-hour window. After a restart this is empty: replies then go as DMs, which Meta
    refuses for someone who never wrote one (a permanent error, visible to staff).
    """

    _PRUNE_ABOVE = 50_000

    def __init__(self) -> None:
        self._latest: dict[str, tuple[str, datetime, bool]] = {}  # customer -> (comment id, when, replied)

    def note(self, customer_id: str, comment_id: str, at: datetime) -> None:
        """Record a new comment by ``customer_id`` (the latest one is the one a reply answers)."""
        previous = self._latest.get(customer_id)
        if previous is None or at >= previous[1]:
            self._latest[customer_id] = (comment_id, at, False)
        if len(self._latest) > self._PRUNE_ABOVE:
            cutoff = at - PRIVATE_REPLY_WINDOW
            self._latest = {c: v for c, v in self._latest.items() if v[1] >= cutoff}

    def waiting(self, customer_id: str, *, now: datetime, last_dm: datetime | None) -> str | None:
        """The comment id a reply to ``customer_id`` should answer privately, or ``None`` (then: a DM)."""
        pending = self._latest.get(customer_id)
        if pending is None:
            return None
        comment_id, at, replied = pending
        if replied or now - at > PRIVATE_REPLY_WINDOW or (last_dm is not None and last_dm > at):
            return None
        return comment_id

    def why_no_dm(self, customer_id: str, *, last_dm: datetime | None) -> str | None:
        """Why nothing can reach a customer who has only commented (never written a DM), or ``None``."""
        pending = self._latest.get(customer_id)
        if pending is None or last_dm is not None:
            return None
        comment_id, _, replied = pending
        used = "was already sent" if replied else "is only allowed within 7 days of the comment"
        return (f"this customer has only commented (comment {comment_id}), never written a DM: Meta allows one "
                f"private reply per comment, and it {used}; they can be answered again once they reply or "
                "write a DM, or publicly under their comment")

    def replied(self, customer_id: str, comment_id: str) -> None:
        """The private reply to ``comment_id`` was sent: no second one (Meta allows one per comment)."""
        pending = self._latest.get(customer_id)
        if pending is not None and pending[0] == comment_id:
            self._latest[customer_id] = (comment_id, pending[1], True)
