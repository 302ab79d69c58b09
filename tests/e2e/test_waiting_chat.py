"""A waiting web-chat customer who keeps writing, in real Chromium against the real server: every message
gets a reply while nobody has joined, the case carries one promise, and the person's reply arrives live."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ._helpers import (
    OpenPage,
    WarmlineServer,
    get_json,
    open_signed_in,
    post_json,
    send,
    shop_messages,
    wait_for_new_shop_message,
)

pytestmark = pytest.mark.browser

KEEPS_WRITING = ("hello?? is anyone actually there", "how long does shipping take?", "thank you", "👍",
                 "Today, please?")


def test_a_waiting_customer_who_keeps_writing_hears_back_each_time_and_gets_the_persons_reply(
        warmline_server: WarmlineServer, new_page: OpenPage, screenshots: Path) -> None:
    base = warmline_server.base_url
    roster = get_json(f"{base}/api/v1/staff/roster")
    chat = new_page(f"{base}/", width=900, height=900)

    seen = shop_messages(chat).count()
    send(chat, "My mug arrived chipped and I'd like to talk to a person please")
    # The server's first turn may load the embedding model: on a busy machine that takes a while.
    expect(shop_messages(chat)).not_to_have_count(seen, timeout=90_000)
    expect(chat.locator("#banner")).to_be_visible()
    conversation_id = chat.locator("#log").get_attribute("data-conversation-id")
    assert conversation_id
    detail = get_json(f"{base}/api/v1/staff/conversations/{conversation_id}")
    assert detail["state"] == "queued", warmline_server.log_tail()
    person = next(m for m in roster if m["id"] == detail["assignee"]["id"])
    first = person["name"].split()[0]

    for text in KEEPS_WRITING:
        seen = shop_messages(chat).count()
        send(chat, text)
        reply = wait_for_new_shop_message(chat, seen)  # never silence while the case waits
        expect(reply).not_to_be_empty()
    chat.screenshot(path=str(screenshots / "chat-waiting-keeps-writing.png"))

    detail = get_json(f"{base}/api/v1/staff/conversations/{conversation_id}")
    live = [p for p in detail["promises"] if p["source"] == "bot" and p["status"] == "open"]
    assert len(live) == 1, f"one case, one live promise: {detail['promises']}"
    assert detail["state"] == "queued"

    post_json(f"{base}/api/v1/staff/conversations/{conversation_id}/reply",
              {"staff_id": person["id"], "text": f"Hi, {first} here: a new mug is on its way today."})
    staff_reply = chat.locator("#log .msg--staff").filter(has_text="a new mug is on its way")
    expect(staff_reply).to_be_visible()
    expect(staff_reply.locator(".msg__meta")).to_contain_text(first)
    chat.screenshot(path=str(screenshots / "chat-waiting-staff-reply.png"))

    # A commitment to *do* something, then Resolve in the inbox: it asks which promises were kept.
    post_json(f"{base}/api/v1/staff/conversations/{conversation_id}/reply",
              {"staff_id": person["id"], "text": "I'll send you the tracking link by 17:00 today."})
    staff = open_signed_in(new_page, base, person["id"], width=1400, height=900)
    staff.locator(f'.conv[data-conversation-id="{conversation_id}"]').click()
    expect(staff.locator("#transcript")).to_contain_text("tracking link")
    staff.get_by_role("button", name="Resolve").click()
    dialog = staff.locator("#resolve-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("tracking link")
    staff.screenshot(path=str(screenshots / "staff-resolve-which-kept.png"))
    dialog.get_by_role("button", name="Resolve").click()  # nothing ticked: the link was not sent yet
    expect(staff.locator("#thread-meta")).to_contain_text("Resolved")
    detail = get_json(f"{base}/api/v1/staff/conversations/{conversation_id}")
    commitments = [p for p in detail["promises"] if p["source"] == "staff"]
    assert commitments, detail["promises"]
    assert all(p["status"] != "kept" for p in commitments), "resolving must not fake a kept promise"
