"""Comments under posts: where one was written (``PostComment``), and how the shop wants them handled
(the bot file's ``comments`` section)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CommentRules", "KeywordRule", "PostComment"]


@dataclass(frozen=True, slots=True, kw_only=True)
class KeywordRule:
    """"Comment SIZE and we'll DM you the size guide": a word in a comment → this private reply.

    ``posts`` empty means every post; ``limit_per_person`` counts how often one person gets this reply.
    """

    keyword: str
    reply: str
    posts: tuple[str, ...] = ()
    limit_per_person: int = 1

    def matches(self, text: str, *, post_id: str) -> bool:
        """The keyword stands as a word in ``text`` (any case), on a post this rule covers."""
        if self.posts and post_id not in self.posts:
            return False
        return re.search(rf"(?<!\w){re.escape(self.keyword)}(?!\w)", text, re.IGNORECASE) is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentRules:
    """Keyword rules, the short public note under a comment once its private reply went out, and which
    comments are spam or abuse and left alone."""

    public_reply: str = ""  # e.g. "Sent you a DM 💌"; empty: no public reply
    keywords: tuple[KeywordRule, ...] = ()
    ignore_words: tuple[str, ...] = ()  # spam and abuse: a comment with one of these is never answered
    ignore_links: bool = False  # a comment with a link is never answered (link spam under posts)

    def keyword_rule(self, text: str, *, post_id: str) -> KeywordRule | None:
        """The first rule whose keyword is in ``text`` on this post, if any."""
        return next((rule for rule in self.keywords if rule.matches(text, post_id=post_id)), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class PostComment:
    """Where a public comment was written: the comment, and the post, reel or ad it is under.

    A comment is public and is answered differently from a DM (a private reply, at most once, within 7
    days; optionally a short public reply), so a message that came from one carries this context.
    """

    comment_id: str
    post_id: str
    parent_id: str | None = None  # the comment this one answers, when it is a reply in a comment thread
    permalink: str | None = None
    caption: str | None = None
    media_type: str | None = None  # as the platform names it, e.g. "FEED", "REELS", "AD", "photo"
