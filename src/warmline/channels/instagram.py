"""Instagram direct messages (``"object": "instagram"``), through the Messenger Platform.

Same event format and Send API as Messenger (see ``messenger.py``), with Instagram's own content: story
replies (``reply_to.story`` → the text plus "(reply to your story)"), story mentions (kind OTHER,
"[mentioned you in their story]"), shared posts and reels, unsent (deleted) and unsupported messages.
Comments on posts (``entry[].changes``, field ``comments``) are parsed by ``_meta_comments.py`` and answered
with a private reply; a public reply goes to ``POST /{comment-id}/replies``.
"""

from __future__ import annotations

from typing import Any

from warmline.domain import InboundMessage

from ._base import Capabilities
from .messenger import MAX_QUICK_REPLIES, SendApiChannel, parse_page_payload

__all__ = ["InstagramChannel", "parse_instagram_payload"]


def parse_instagram_payload(payload: dict[str, Any]) -> list[InboundMessage]:
    """Every customer message in an Instagram webhook, in order."""
    return parse_page_payload(payload, channel="instagram")


class InstagramChannel(SendApiChannel):
    """Instagram DMs of a professional account linked to the Page: quick replies, typing indicator.

    Instagram caps a text message at 1,000 bytes of UTF-8: long replies are split to fit both limits."""

    name = "instagram"
    capabilities = Capabilities(buttons=True, max_buttons=MAX_QUICK_REPLIES, max_button_chars=20,
                                typing_indicator=True, author_names=False, max_text_chars=1000)
    max_text_bytes = 1000
    comment_replies_path = "replies"
