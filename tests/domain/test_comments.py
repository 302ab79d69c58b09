"""Keyword rules match a word in a comment, on the posts they cover."""

from __future__ import annotations

import pytest

from warmline.domain import CommentRules, KeywordRule


@pytest.mark.parametrize(("text", "matches"), [
    ("SIZE", True), ("size please!", True), ("#size?", True), ("what sizes do you have", False),
    ("oversize", False), ("", False),
])
def test_the_keyword_is_a_whole_word_in_any_case(text: str, matches: bool) -> None:
    assert KeywordRule(keyword="SIZE", reply="guide").matches(text, post_id="p-1") is matches


def test_a_rule_for_some_posts_ignores_the_others() -> None:
    rule = KeywordRule(keyword="LINK", reply="here", posts=("p-1", "p-2"))

    assert rule.matches("link", post_id="p-2")
    assert not rule.matches("link", post_id="p-3")


def test_the_first_matching_rule_answers() -> None:
    size = KeywordRule(keyword="SIZE", reply="guide")
    price = KeywordRule(keyword="PRICE", reply="24 euros")
    rules = CommentRules(keywords=(size, price))

    assert rules.keyword_rule("price and size?", post_id="p") is size
    assert rules.keyword_rule("price?", post_id="p") is price
    assert rules.keyword_rule("hello", post_id="p") is None
