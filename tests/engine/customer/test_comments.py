"""The engine's comment rules: keyword replies within their limit per person; spam and abuse left alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from warmline.domain import Author, CommentRules, KeywordRule, Message, PostComment, new_id
from warmline.engine.customer.comments import ignore_reason, keyword_rule_for

POST = PostComment(comment_id="c-1", post_id="p-1")
SIZE = KeywordRule(keyword="SIZE", reply="Our size guide: S, M, L.", limit_per_person=2)
RULES = CommentRules(keywords=(SIZE,), ignore_words=("crypto", "idiot"), ignore_links=True)


def sent(text: str, author: Author = Author.BOT) -> Message:
    return Message(id=new_id(), conversation_id="conv", author=author, text=text, channel="instagram",
                   created_at=datetime(2026, 12, 4, tzinfo=UTC))


def test_a_keyword_gets_its_rule_until_the_person_had_it_limit_times() -> None:
    assert keyword_rule_for(RULES, text="size?", comment=POST, history=[]) is SIZE
    assert keyword_rule_for(RULES, text="size?", comment=POST, history=[sent(SIZE.reply)]) is SIZE
    assert keyword_rule_for(RULES, text="size?", comment=POST,
                            history=[sent(SIZE.reply), sent("size", Author.CUSTOMER), sent(SIZE.reply)]) is None


def test_without_a_keyword_the_policy_decides() -> None:
    assert keyword_rule_for(RULES, text="do you ship to Belgium?", comment=POST, history=[]) is None


@pytest.mark.parametrize(("text", "why"), [
    ("Earn CRYPTO fast, check my profile", "'crypto'"),
    ("you idiot", "'idiot'"),
    ("great deals at https://spam.example/x", "a link"),
    ("followers here: www.cheap-followers.top", "a link"),
    ("see bit.ly/abc", "a link"),
])
def test_spam_and_abuse_are_ignored_by_the_bot_files_rules(text: str, why: str) -> None:
    reason = ignore_reason(RULES, text=text)

    assert reason is not None
    assert why in reason


@pytest.mark.parametrize("text", ["how much is the blue mug?", "cryptography mug?", "love it!! 😍"])
def test_ordinary_comments_are_answered(text: str) -> None:
    assert ignore_reason(RULES, text=text) is None


def test_without_rules_nothing_is_ignored() -> None:
    assert ignore_reason(CommentRules(), text="https://spam.example crypto") is None
