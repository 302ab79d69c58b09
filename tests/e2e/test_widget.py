"""The embeddable widget on a shop's own page (another origin): opened, used and closed by keyboard only."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from ._helpers import OpenPage, WarmlineServer, shop_messages, wait_for_new_shop_message

pytestmark = pytest.mark.browser

TITLE = "Chat with Mossa"


def _shop_page(folder: Path, warmline_url: str) -> None:
    (folder / "index.html").write_text(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mossa Studio</title></head>
<body style="font-family: sans-serif; padding: 40px">
  <h1>Mossa Studio</h1>
  <p>Hand-knitted things from Amsterdam-Noord. <a href="#story">Our story</a></p>
  <script src="{warmline_url}/static/widget.js" defer data-title="{TITLE}" data-position="right"></script>
</body></html>""", encoding="utf-8")


def _is_focused(element: Locator) -> bool:
    # The launcher lives in the widget's shadow root, so the root's activeElement is the one to ask.
    return bool(element.evaluate("node => node.getRootNode().activeElement === node"))


def _tab_to(page: Page, element: Locator, *, max_presses: int = 6) -> None:
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if _is_focused(element):
            return
    pytest.fail(f"Tab never reached the widget launcher in {max_presses} presses")


def test_widget_opens_answers_and_closes_with_the_keyboard(
        warmline_server: WarmlineServer, new_page: OpenPage,
        static_site: tuple[Path, str], screenshots: Path) -> None:
    folder, site = static_site
    _shop_page(folder, warmline_server.base_url)
    page = new_page(f"{site}/index.html", width=1100, height=800)
    launcher = page.get_by_role("button", name=TITLE)
    panel = page.get_by_role("dialog", name=TITLE)
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(panel).to_be_hidden()

    _tab_to(page, launcher)
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    chat = page.frame_locator(f'iframe[title="{TITLE}"]')
    expect(chat.locator("body.embed")).to_have_count(1)  # the chat page hides its own header
    expect(chat.get_by_label("Your message")).to_be_focused()

    page.keyboard.type("how long does shipping take?")
    page.keyboard.press("Enter")
    answer = wait_for_new_shop_message(chat, 0)
    expect(answer.locator(".msg__source")).to_contain_text("Source:")
    page.screenshot(path=str(screenshots / "widget-open.png"))

    page.keyboard.press("Escape")  # pressed inside the chat iframe
    expect(panel).to_be_hidden()
    assert _is_focused(launcher), "focus did not return to the launcher"
    expect(launcher).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Enter")  # reopens where it was: same conversation, focus in the composer
    expect(panel).to_be_visible()
    expect(chat.get_by_label("Your message")).to_be_focused()
    expect(shop_messages(chat)).not_to_have_count(0)
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert _is_focused(launcher)
