"""Staff sign in as themselves, in headless Chromium against ``warmline serve`` with an admin token (which
feeds the machine API only): an agent is refused on a colleague's case, a request without the session's
CSRF token changes nothing, and the person the case was promised to signs in and replies.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ._helpers import STAFF_ROLES, OpenPage, WarmlineServer, get_json, open_signed_in, post_json
from .conftest import ADMIN_TOKEN

pytestmark = pytest.mark.browser


def _handed_off_conversation(server: WarmlineServer) -> tuple[str, str]:
    """A customer asks for a person over the direct API; return (conversation id, assignee id)."""
    answer = post_json(f"{server.base_url}/api/v1/messages",
                       {"customer_id": f"e2e-{uuid.uuid4().hex}", "name": "Noor Jansen",
                        "text": "Can I talk to a person please?"}, token=ADMIN_TOKEN)
    assert answer["decision"]["action"] == "handoff", answer
    return answer["conversation_id"], answer["decision"]["assignee"]["id"]


def _open(staff: Page, conversation_id: str) -> None:
    staff.get_by_role("button", name="All", exact=True).click()
    staff.locator(f'.conv[data-conversation-id="{conversation_id}"]').click()
    expect(staff.locator("#thread-title")).to_have_text("Noor Jansen")


def test_sign_in_csrf_refusal_an_agent_refused_and_a_reply(
        warmline_server_with_token: WarmlineServer, new_page: OpenPage, screenshots: Path) -> None:
    server = warmline_server_with_token
    conversation_id, assignee_id = _handed_off_conversation(server)
    agent = next(staff_id for staff_id, role in STAFF_ROLES.items() if role == "agent" and staff_id != assignee_id)
    before = get_json(f"{server.base_url}/api/v1/conversations/{conversation_id}", token=ADMIN_TOKEN)

    # The admin token opens no page: the inbox asks who you are.
    signin = new_page(f"{server.base_url}/staff")
    expect(signin).to_have_url(re.compile(r"/staff/signin"))

    # An agent signs in and tries to take a case promised to a colleague: refused, with the reason.
    staff = open_signed_in(new_page, server.base_url, agent)
    expect(staff.locator("#me")).to_contain_text("agent")
    _open(staff, conversation_id)
    staff.get_by_role("button", name="Claim").click()
    alert = staff.get_by_role("alert").filter(has_text=re.compile(r"as an agent"))
    expect(alert).to_be_visible()

    # A request without the session's CSRF token (what a forged cross-site form would send) is refused.
    status = staff.evaluate("""async (id) => (await fetch(`/api/v1/staff/conversations/${id}/reply`, {
        method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({text: "forged"})})).status""", conversation_id)
    assert status == 403
    after = get_json(f"{server.base_url}/api/v1/conversations/{conversation_id}", token=ADMIN_TOKEN)
    assert (after["state"], after["assignee"], after["messages"]) == (
        before["state"], before["assignee"], before["messages"])  # nothing changed
    staff.screenshot(path=str(screenshots / "staff-refused.png"))

    # Signing out, then in as the person it was promised to: they reply, and it is theirs.
    staff.get_by_role("button", name="Sign out").click()
    expect(staff).to_have_url(re.compile(r"/staff/signin"))
    mine = open_signed_in(new_page, server.base_url, assignee_id)
    _open(mine, conversation_id)
    mine.get_by_label("Reply to the customer").fill("Hi Noor, I'm on it.")
    mine.get_by_role("button", name="Send").click()
    expect(mine.locator("#transcript")).to_contain_text("Hi Noor, I'm on it.")
    replied = get_json(f"{server.base_url}/api/v1/conversations/{conversation_id}", token=ADMIN_TOKEN)
    assert replied["assignee"]["id"] == assignee_id
    assert replied["messages"][-1]["text"] == "Hi Noor, I'm on it."


def test_a_reload_that_changes_nothing_leaves_the_list_as_it_is(
        warmline_server_with_token: WarmlineServer, new_page: OpenPage) -> None:
    # Live updates reload the list often: redrawing it unchanged swallowed a click that landed mid-redraw
    # (pressed on the old item, released on its copy), and the conversation did not open.
    server = warmline_server_with_token
    conversation_id, assignee_id = _handed_off_conversation(server)
    staff = open_signed_in(new_page, server.base_url, assignee_id)
    every = staff.get_by_role("button", name="All", exact=True)
    every.click()
    item = staff.locator(f'.conv[data-conversation-id="{conversation_id}"]')
    expect(item).to_be_visible()
    staff.wait_for_timeout(500)  # let the live socket's catch-up reload land first
    handle = item.element_handle()
    assert handle is not None

    with staff.expect_response(lambda response: "/api/v1/staff/conversations?" in response.url):
        every.click()  # the same list again
    staff.wait_for_timeout(200)  # the response is drawn after it arrives

    assert handle.evaluate("node => node.isConnected")
    handle.click()
    expect(staff.locator("#thread-title")).to_have_text("Noor Jansen")
