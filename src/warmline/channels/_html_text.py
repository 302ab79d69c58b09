"""HTML mail to readable text, and plain text to simple HTML, with the standard library's ``html`` package.

Only what a customer's message needs: paragraphs and line breaks kept, list items as ``- ``, links as
``text (url)`` when the two differ, scripts/styles and the quoted ``<blockquote>`` history dropped.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["html_to_text", "text_to_html"]

_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr"}
_SKIPPED = {"script", "style", "head", "title", "blockquote"}  # blockquote: the quoted earlier mails


class _TextCollector(HTMLParser):
    """Collects the visible text of a document, with line breaks where blocks end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._link: str | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif self._skipping:
            return
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "a":
            self._link = dict(attrs).get("href")
            self._link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif self._skipping:
            return
        elif tag in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"):
            self.parts.append("\n")
        elif tag == "a" and self._link:
            shown = "".join(self._link_text).strip()
            if self._link.startswith(("http://", "https://")) and self._link != shown:
                self.parts.append(f" ({self._link})")
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        text = re.sub(r"\s+", " ", data)
        self.parts.append(text)
        if self._link is not None:
            self._link_text.append(text)


def html_to_text(document: str) -> str:
    """The readable text of an HTML document or fragment."""
    collector = _TextCollector()
    collector.feed(document)
    collector.close()
    lines = [line.strip() for line in "".join(collector.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def text_to_html(text: str) -> str:
    """Plain text as escaped HTML paragraphs (blank lines separate them, single newlines become ``<br>``)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    body = "\n".join("<p>" + html.escape(p).replace("\n", "<br>\n") + "</p>" for p in paragraphs)
    return f'<!DOCTYPE html>\n<html><body style="font-family: sans-serif; line-height: 1.5">\n{body}\n</body></html>\n'
