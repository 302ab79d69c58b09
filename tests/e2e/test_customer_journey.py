"""The whole web journey in real Chromium against the real server: an answer with its source, an honest
"not sure" with choices, a handoff to a named person, the staff inbox taking over, and back to the bot.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ._helpers import (
    OpenPage,
    WarmlineServer,
    customer_message,
    get_json,
    open_signed_in,
    send,
    shop_messages,
    wait_for,
    wait_for_new_shop_message,
)

pytestmark = pytest.mark.browser

# Every way the bot says when: "in about 5 minutes", "about 2 hours", "9:00 today/tomorrow", "9:00 on Monday",
# "9:00 on 14 December" (what the server says depends on its pinned clock: WARMLINE_E2E_CLOCK).
WHEN = re.compile(r"\d+\s*(min|minute|hour|h\b)|minutes|hours?\b|\b\d{1,2}:\d{2}\s+(today|tomorrow|on\s+"
                  r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,2}\s+[a-z]+))", re.IGNORECASE)
PERSON_CHOICE = re.compile(r"person|human|someone|talk|team", re.IGNORECASE)


def _ask_for_a_person(chat: Page) -> None:
    """Click the offered "talk to a person" choice when there is one, else ask in words."""
    choices = chat.locator("#log .choice:enabled").filter(has_text=PERSON_CHOICE)
    if choices.count():
        choices.first.click()
    else:
        send(chat, "Can I talk to a person?")


def test_answer_not_sure_handoff_staff_reply_and_back_to_bot(
        warmline_server: WarmlineServer, new_page: OpenPage, screenshots: Path) -> None:
    base = warmline_server.base_url
    roster = get_json(f"{base}/api/v1/staff/roster")
    chat = new_page(f"{base}/", width=900, height=900)

    # 1. A simple question: answered at once, with where the answer came from.
    seen = shop_messages(chat).count()
    send(chat, "how long does shipping take?")
    answer = wait_for_new_shop_message(chat, seen)
    expect(answer.locator(".msg__source")).to_contain_text("Source:")
    seen = shop_messages(chat).count()

    # 2. Something the shop cannot know: an honest "not sure" with choices, not a guess with a source.
    send(chat, "what's the capital of Peru?")
    not_sure = wait_for_new_shop_message(chat, seen)
    expect(not_sure.locator(".choice").first).to_be_enabled()
    expect(not_sure.locator(".msg__source")).to_have_count(0)
    expect(chat.locator("#log .msg").first.locator(".choice:enabled")).to_have_count(0)
    chat.screenshot(path=str(screenshots / "chat-not-sure.png"))
    seen = shop_messages(chat).count()

    # 3. A person, by name, and roughly when.
    _ask_for_a_person(chat)
    wait_for_new_shop_message(chat, seen)
    expect(chat.locator("#banner")).to_be_visible()
    told = " ".join(shop_messages(chat).all_inner_texts()[seen:])
    named = [m for m in roster if m["name"].split()[0] in told]
    assert named, f"the handoff names nobody from the roster: {told!r}"
    person = named[0]
    first = person["name"].split()[0]
    assert WHEN.search(told), f"the handoff does not say when: {told!r}"
    expect(chat.locator("#banner")).to_contain_text(first)
    conversation_id = chat.locator("#log").get_attribute("data-conversation-id")
    assert conversation_id
    chat.screenshot(path=str(screenshots / "chat-handoff.png"))

    # 4. That person's inbox shows the conversation with its context.
    staff = open_signed_in(new_page, base, person["id"], width=1400, height=900)
    item = staff.locator(f'.conv[data-conversation-id="{conversation_id}"]')
    item.click()
    expect(staff.locator("#transcript")).to_contain_text("capital of Peru")
    expect(staff.locator("#context")).to_contain_text("Customer")
    reasons = staff.locator("#context section").filter(has_text="Why it was handed off").locator("li")
    expect(reasons.first).to_be_visible()
    staff.screenshot(path=str(screenshots / "staff-handoff.png"))

    # 5. Claim and reply: the customer sees it live, with the staff member's name.
    staff.get_by_role("button", name="Claim").click()
    expect(staff.locator("#thread-meta")).to_contain_text("With a person")
    staff.get_by_label("Reply to the customer").fill(f"Hi, {first} here. I'm on it right now.")
    staff.get_by_role("button", name="Send", exact=True).click()
    reply = chat.locator("#log .msg--staff").filter(has_text="I'm on it right now")
    expect(reply.locator(".msg__meta")).to_contain_text(f"{first} ·")
    expect(chat.locator("#banner")).to_contain_text(f"{first} is looking at this")
    bot_count = chat.locator("#log .msg--bot").count()

    # 6. While a person has it, the bot stays silent and the message reaches the inbox.
    send(chat, "Thank you! Is it the blue one?")
    expect(staff.locator("#transcript")).to_contain_text("Is it the blue one?")
    expect(customer_message(chat, "Is it the blue one?")).to_be_visible()
    def last_action() -> str:
        return str(get_json(f"{base}/api/v1/conversations/{conversation_id}")["decisions"][-1]["action"])

    assert wait_for(last_action, until=lambda action: action == "relay") == "relay"
    expect(chat.locator("#log .msg--bot")).to_have_count(bot_count)
    chat.screenshot(path=str(screenshots / "chat-with-staff.png"))
    staff.screenshot(path=str(screenshots / "staff-claimed.png"))

    # 7. Resolved: the bot answers again.
    staff.get_by_role("button", name="Resolve").click()
    expect(staff.locator("#thread-meta")).to_contain_text("Resolved")
    expect(chat.locator("#banner")).to_be_hidden()
    seen = shop_messages(chat).count()
    send(chat, "how long does shipping take?")
    again = wait_for_new_shop_message(chat, seen)
    expect(again).to_have_class(re.compile(r"msg--bot"))
    expect(again.locator(".msg__source")).to_contain_text("Source:")
    chat.screenshot(path=str(screenshots / "chat-back-to-bot.png"))
