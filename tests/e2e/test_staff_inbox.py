"""The staff inbox against a server with an admin token: asking for the token, and showing the API's
own error when an action no longer fits the conversation.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import WebSocketRoute, expect

from ._helpers import OpenPage, WarmlineServer, get_json, post_json
from .conftest import ADMIN_TOKEN

pytestmark = pytest.mark.browser


def _handed_off_conversation(server: WarmlineServer) -> tuple[str, str]:
    """A customer asks for a person over the direct API; return (conversation id, assignee id)."""
    answer = post_json(f"{server.base_url}/api/v1/messages",
                       {"customer_id": f"e2e-{uuid.uuid4().hex}", "name": "Noor Jansen",
                        "text": "Can I talk to a person please?"}, token=ADMIN_TOKEN)
    assert answer["decision"]["action"] == "handoff", answer
    return answer["conversation_id"], answer["decision"]["assignee"]["id"]


def _silence(route: WebSocketRoute) -> None:
    """Keep the inbox's live socket open but deaf, so the page does not learn of changes on its own."""
    route.on_message(lambda _frame: None)


def test_inbox_asks_for_the_token_then_shows_api_errors(
        warmline_server_with_token: WarmlineServer, new_page: OpenPage, screenshots: Path) -> None:
    server = warmline_server_with_token
    conversation_id, assignee_id = _handed_off_conversation(server)
    roster = get_json(f"{server.base_url}/api/v1/staff/roster", token=ADMIN_TOKEN)
    other = next(member for member in roster if member["id"] != assignee_id)

    staff = new_page(f"{server.base_url}/staff", websockets={re.compile(r"/ws/staff"): _silence})
    dialog = staff.get_by_role("dialog", name="Admin token")
    expect(dialog).to_be_visible()
    staff.get_by_label("Token", exact=True).fill("not-the-token")
    staff.get_by_label("Token", exact=True).press("Enter")
    expect(dialog).to_contain_text("not accepted")
    staff.get_by_label("Token", exact=True).fill(ADMIN_TOKEN)
    staff.get_by_role("button", name="Continue").click()
    expect(dialog).to_be_hidden()

    staff.get_by_label("You are").select_option(other["id"])
    staff.get_by_role("button", name="All").click()
    staff.locator(f'.conv[data-conversation-id="{conversation_id}"]').click()
    expect(staff.locator("#thread-title")).to_have_text("Noor Jansen")
    expect(staff.get_by_role("button", name="Claim")).to_be_enabled()
    staff.get_by_role("button", name="Use this reply").click()
    expect(staff.get_by_label("Reply to the customer")).not_to_have_value("")
    expect(staff.get_by_label("Reply to the customer")).to_be_focused()

    # The assignee claims it elsewhere; this page has not heard yet, so its Claim meets a 409.
    post_json(f"{server.base_url}/api/v1/staff/conversations/{conversation_id}/claim",
              {"staff_id": assignee_id}, token=ADMIN_TOKEN)
    staff.get_by_role("button", name="Claim").click()
    alert = staff.get_by_role("alert").filter(has_text=re.compile(r"\w"))
    expect(alert).to_be_visible()
    assert "Internal Server Error" not in alert.inner_text()
    expect(staff.locator("#thread-meta")).to_contain_text("With a person")  # refetched after the refusal
    expect(staff.get_by_role("button", name="Claim")).to_be_disabled()
    expect(staff.get_by_label("Reply to the customer")).to_be_disabled()

    # As the person who has it, hand it back to the bot.
    staff.get_by_label("You are").select_option(assignee_id)
    staff.get_by_role("button", name="Hand back to bot").click()
    expect(staff.locator("#thread-meta")).to_contain_text("Bot")
    expect(staff.get_by_role("alert").filter(has_text=re.compile(r"\w"))).to_have_count(0)
    expect(staff.get_by_role("button", name="Hand back to bot")).to_be_disabled()
    staff.screenshot(path=str(screenshots / "staff-conflict.png"))
