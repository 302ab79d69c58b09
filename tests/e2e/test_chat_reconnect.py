"""The web chat survives a dropped WebSocket: it reconnects, and a message the server never echoed is
sent again, answered exactly once (the server dedupes on the message's client_id).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import WebSocketRoute, expect

from ._helpers import (
    OpenPage,
    WarmlineServer,
    customer_message,
    get_json,
    send,
    shop_messages,
    wait_for,
    wait_for_new_shop_message,
)

pytestmark = pytest.mark.browser

QUESTION = "how long does shipping take?"
CHAT_SOCKET = re.compile(r"/ws/chat\?")


def _cut_after_first_message(*, deliver_it: bool) -> tuple[Callable[[WebSocketRoute], None], list[str]]:
    """A route for the chat socket whose first connection dies right after the page's first frame.

    ``deliver_it`` says whether that frame reaches the server first (lost on the way back: the echo
    never arrives) or not at all (lost on the way out). Later connections pass through untouched.
    """
    cut: list[str] = []

    def route(page_side: WebSocketRoute) -> None:
        server_side = page_side.connect_to_server()
        if cut:
            return  # no handlers: Playwright forwards both ways

        def on_page_frame(frame: str | bytes) -> None:
            cut.append(str(frame))
            if deliver_it:
                server_side.send(frame)
            page_side.close()
            server_side.close()

        page_side.on_message(on_page_frame)

    return route, cut


@pytest.mark.parametrize("deliver_it", [False, True], ids=["lost-on-the-way-out", "echo-lost"])
def test_message_is_resent_after_reconnect_and_answered_once(
        warmline_server: WarmlineServer, new_page: OpenPage, deliver_it: bool) -> None:
    route, cut = _cut_after_first_message(deliver_it=deliver_it)
    chat = new_page(f"{warmline_server.base_url}/", websockets={CHAT_SOCKET: route})

    send(chat, QUESTION)
    expect(customer_message(chat, QUESTION)).to_have_count(1)  # echoed after the reconnect
    # The doomed first socket carried this one message. Under load the history frame can reach the page
    # before the cut lands, and the page sends its unechoed message again on that same socket: the same
    # message (one client_id) once or twice, never another one.
    assert cut
    assert {json.loads(frame)["client_id"] for frame in cut} == {json.loads(cut[0])["client_id"]}
    assert all(json.loads(frame)["text"] == QUESTION for frame in cut)

    conversation_id = chat.locator("#log").get_attribute("data-conversation-id")
    url = f"{warmline_server.base_url}/api/v1/conversations/{conversation_id}"
    stored = wait_for(lambda: get_json(url), until=lambda conversation: bool(conversation["decisions"]))
    asked = [m["text"] for m in stored["messages"] if m["author"] == "customer"]
    assert asked == [QUESTION], "the message was lost or stored twice"
    assert len(stored["decisions"]) == 1, (
        f"the stored message got {len(stored['decisions'])} decisions instead of exactly one (never answered?)")
    answer = wait_for_new_shop_message(chat, 0)
    expect(answer.locator(".msg__source")).to_contain_text("Source:")
    expect(shop_messages(chat)).to_have_count(1)
    expect(chat.locator("#connection")).to_be_hidden()
