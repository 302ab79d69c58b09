"""Comments under posts, on the engine side: the bot file's keyword rules ("comment SIZE and we'll DM you
the size guide").

A comment is otherwise decided like a DM (same knowledge, signals and policy); its answer goes out as the
comment's private reply, which the channel takes care of. A keyword rule answers first, with its own
text, as long as this person has not had that reply ``limit_per_person`` times already. Spam and abuse,
by the bot file's ``ignore_words`` and ``ignore_links``, are stored for staff and never answered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from warmline.domain import Author, CommentRules, KeywordRule, Message, PostComment

__all__ = ["ignore_reason", "keyword_rule_for"]

# Each alternative starts only where its run of letters starts (the lookbehinds): tried from every letter of
# a long word instead, it would scan the rest of the word each time, quadratic in the word's length.
_LINK = re.compile(r"(?i)\b(https?://|www\.)\S+|(?<![a-z0-9-])[a-z0-9-]{1,63}\.(com|net|org|io|ly|me|shop|store|xyz|top)/\S*")


def keyword_rule_for(rules: CommentRules, *, text: str, comment: PostComment,
                     history: Sequence[Message]) -> KeywordRule | None:
    """The keyword rule that answers this comment, or ``None`` (then the policy decides).

    ``history`` is the person's conversation so far: the replies they already got from a rule count
    against its ``limit_per_person``.
    """
    rule = rules.keyword_rule(text, post_id=comment.post_id)
    if rule is None:
        return None
    already = sum(1 for message in history if message.author is Author.BOT and message.text == rule.reply)
    return rule if already < rule.limit_per_person else None


def ignore_reason(rules: CommentRules, *, text: str) -> str | None:
    """Why this comment is left alone (spam or abuse by the bot file's rules), or ``None`` to answer it."""
    lowered = text.lower()
    for word in rules.ignore_words:
        if re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", lowered):
            return f"the comment contains {word!r}, which the bot file ignores (spam or abuse)"
    if rules.ignore_links and _LINK.search(text):
        return "the comment contains a link, and the bot file ignores comments with links"
    return None
