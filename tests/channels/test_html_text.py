"""HTML mail to text and back."""

from __future__ import annotations

from warmline.channels._html_text import html_to_text, text_to_html


def test_blocks_become_lines_and_lists_become_dashes() -> None:
    document = "<h1>Order</h1><p>Hello&nbsp;there,</p><ul><li>one mug</li><li>two plates</li></ul><div>Bo</div>"

    assert html_to_text(document) == "Order\n\nHello there,\n\n- one mug\n- two plates\n\nBo"


def test_scripts_styles_and_quoted_history_are_dropped() -> None:
    document = ("<style>p{color:red}</style><script>alert(1)</script><p>New words</p>"
                "<blockquote>On Friday you wrote: old words</blockquote>")

    assert html_to_text(document) == "New words"


def test_a_link_keeps_its_address_when_the_text_differs() -> None:
    assert html_to_text('<p>See <a href="https://mossa.test/t/1">tracking</a>.</p>') == \
        "See tracking (https://mossa.test/t/1)."
    assert html_to_text('<a href="https://mossa.test">https://mossa.test</a>') == "https://mossa.test"


def test_text_to_html_escapes_and_keeps_paragraphs_and_line_breaks() -> None:
    html = text_to_html("Hi <Ana> & co,\nline two\n\nBye")

    assert "<p>Hi &lt;Ana&gt; &amp; co,<br>\nline two</p>" in html
    assert "<p>Bye</p>" in html
    assert html_to_text(html) == "Hi <Ana> & co,\nline two\n\nBye"
