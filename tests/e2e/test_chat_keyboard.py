"""The customer chat with the keyboard alone: Enter sends, Shift+Enter breaks the line, and the quick-reply
choices are real buttons reached with Tab; the conversation is a polite live region.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ._helpers import OpenPage, WarmlineServer, customer_message, shop_messages, wait_for_new_shop_message

pytestmark = pytest.mark.browser


def _focused_choice_text(page: Page) -> str | None:
    return page.evaluate("() => document.activeElement?.classList.contains('choice') ? "
                         "document.activeElement.textContent : null")


def test_chat_works_with_the_keyboard_only(
        warmline_server: WarmlineServer, new_page: OpenPage, screenshots: Path) -> None:
    chat = new_page(f"{warmline_server.base_url}/", width=420, height=800)
    log = chat.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    box = chat.get_by_label("Your message")
    expect(box).to_be_focused()

    chat.keyboard.type("Hello there,")
    chat.keyboard.press("Shift+Enter")
    chat.keyboard.type("what's the capital of Peru?")
    expect(box).to_have_value("Hello there,\nwhat's the capital of Peru?")
    chat.keyboard.press("Enter")
    expect(box).to_have_value("")
    expect(customer_message(chat, "what's the capital of Peru?")).to_have_count(1)
    wait_for_new_shop_message(chat, 0)
    not_sure = shop_messages(chat).first
    expect(not_sure.locator(".choice").first).to_be_enabled()

    earlier = chat.locator("#log .msg--customer").first.element_handle()

    # Shift+Tab from the message box walks back into the newest choices (older ones are disabled).
    choice = None
    for _ in range(6):
        chat.keyboard.press("Shift+Tab")
        choice = _focused_choice_text(chat)
        if choice:
            break
    assert choice, "no quick-reply button was reachable with the keyboard"
    chat.screenshot(path=str(screenshots / "chat-keyboard-narrow.png"))
    seen = shop_messages(chat).count()
    chat.keyboard.press("Enter")
    expect(customer_message(chat, choice)).to_have_count(1)
    expect(box).to_be_focused()  # back in the message box, ready for the next line
    wait_for_new_shop_message(chat, seen)
    expect(not_sure.locator(".choice:enabled")).to_have_count(0)  # answered: its buttons are spent
    # Earlier messages keep their elements, so the live region announces only what is new.
    assert earlier.evaluate("node => node.isConnected")
