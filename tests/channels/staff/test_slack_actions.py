"""Slack's text read as the plain text a customer's channel shows."""

from __future__ import annotations

from warmline.channels.staff._slack_actions import plain_text


def test_plain_text_turns_slack_markup_into_what_a_customer_reads() -> None:
    assert plain_text("See <https://shop.example/returns|our returns page> &amp; reply &lt;here&gt;") == (
        "See our returns page (https://shop.example/returns) & reply <here>")
    assert plain_text("<https://shop.example>") == "https://shop.example"
