"""Feedback and teaching in real Chromium against the real server: the team answers what the bot could not,
"Add to knowledge" in the inbox teaches it, the resolved chat asks "Did you like how this went?" with two
buttons and takes an optional word, and the same question is then answered at once, citing the taught file.

The server runs on a copy of the demo shop (bot file and knowledge), so teaching writes into that copy's
``learned/`` folder, never into the repository's.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from tests._processes import stop_process

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
from .conftest import BOT_FILE, REPO, _free_port, _server_env, _wait_healthy, _warmline_command

pytestmark = pytest.mark.browser

QUESTION = "Do you have a shop in Rotterdam too?"
ANSWER = "Not in Rotterdam: our only shop is the studio in Amsterdam-Noord, and we deliver to Rotterdam in 1–2 days."
LEARNED = "learned/do-you-have-a-shop-in-rotterdam-too.yaml"
PERSON_CHOICE = re.compile(r"person", re.IGNORECASE)


@pytest.fixture
def shop_copy_server(ingested_data: Path, tmp_path: Path) -> Iterator[WarmlineServer]:
    """``warmline serve`` on a copy of the demo shop's bot file, knowledge and ingested index."""
    (tmp_path / "bots").mkdir()
    bot_file = tmp_path / "bots" / BOT_FILE.name
    shutil.copy(BOT_FILE, bot_file)
    shutil.copytree(REPO / "knowledge" / "demo-shop", tmp_path / "knowledge" / "demo-shop")
    data_dir = tmp_path / "data"
    shutil.copytree(ingested_data, data_dir)
    log_file = data_dir / "server.log"
    port = _free_port()
    with log_file.open("wb") as log:
        process = subprocess.Popen(
            [*_warmline_command(), "serve", "--bot", str(bot_file), "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path, env=_server_env(data_dir), stdout=log, stderr=subprocess.STDOUT)
    server = WarmlineServer(base_url=f"http://127.0.0.1:{port}", log_file=log_file, data_dir=data_dir)
    try:
        _wait_healthy(server.base_url, process, log_file)
        yield server
    finally:
        stop_process(process)


def test_teach_from_the_inbox_then_feedback_in_the_chat(shop_copy_server: WarmlineServer, new_page: OpenPage,
                                                         screenshots: Path) -> None:
    server = shop_copy_server
    base = server.base_url
    chat = new_page(f"{base}/", width=900, height=900)

    # The bot doesn't know; the customer asks for a person.
    seen = shop_messages(chat).count()
    send(chat, QUESTION)
    not_sure = wait_for_new_shop_message(chat, seen)
    expect(not_sure.locator(".msg__source")).to_have_count(0)
    seen = shop_messages(chat).count()
    not_sure.locator(".choice:enabled").filter(has_text=PERSON_CHOICE).first.click()
    wait_for_new_shop_message(chat, seen)
    conversation_id = chat.locator("#log").get_attribute("data-conversation-id")
    assert conversation_id
    assignee = get_json(f"{base}/api/v1/conversations/{conversation_id}")["assignee"]
    assert assignee, server.log_tail()
    first = assignee["name"].split()[0]

    # The named person answers in the inbox; "Add to knowledge" waits for an answer, then teaches it.
    staff = open_signed_in(new_page, base, assignee["id"], width=1400, height=900)
    staff.get_by_role("button", name="All", exact=True).click()
    staff.locator(f'.conv[data-conversation-id="{conversation_id}"]').click()
    teach = staff.get_by_role("button", name="Add to knowledge")
    expect(teach).to_be_disabled()
    staff.get_by_label("Reply to the customer").fill(ANSWER)
    staff.get_by_role("button", name="Send", exact=True).click()
    expect(chat.locator("#log .msg--staff").filter(has_text="Not in Rotterdam")).to_be_visible()
    expect(teach).to_be_enabled()
    teach.click()
    notice = staff.get_by_role("status").filter(has_text="Added to knowledge")
    expect(notice).to_contain_text(QUESTION)
    expect(notice).to_contain_text(LEARNED)
    assert (server.data_dir.parent / "knowledge" / "demo-shop" / LEARNED).is_file()
    staff.screenshot(path=str(screenshots / "staff-taught.png"))

    # Resolved: the chat asks whether they liked it, with two buttons, not a score.
    seen = shop_messages(chat).count()
    staff.get_by_role("button", name="Resolve").click()
    closing = wait_for_new_shop_message(chat, seen)
    expect(closing).to_contain_text("Did you like how this went?")
    buttons = closing.locator(".choice")
    expect(buttons).to_have_text(["Yes 👍", "Not really"])
    chat.screenshot(path=str(screenshots / "chat-feedback-asked.png"))
    seen = shop_messages(chat).count()
    buttons.filter(has_text="Yes").click()
    invite = wait_for_new_shop_message(chat, seen)
    expect(invite).to_contain_text("Anything you'd like to tell us?")
    seen = shop_messages(chat).count()
    send(chat, f"{first} was lovely and quick")
    thanks = wait_for_new_shop_message(chat, seen)
    expect(thanks).to_contain_text(f"passed that on to {first}")
    chat.screenshot(path=str(screenshots / "chat-feedback-thanked.png"))
    with sqlite3.connect(server.data_dir / "warmline.sqlite3") as db:
        rows = db.execute("SELECT liked, comment, staff_id, channel FROM feedback WHERE conversation_id = ?",
                          (conversation_id,)).fetchall()
    assert rows == [(1, f"{first} was lovely and quick", assignee["id"], "web")]

    # The same question again, in the chat and from another customer: answered at once from what was taught.
    seen = shop_messages(chat).count()
    send(chat, QUESTION)
    taught = wait_for_new_shop_message(chat, seen)
    expect(taught).to_contain_text("our only shop is the studio")
    expect(taught.locator(".msg__source")).to_contain_text(QUESTION)
    other = post_json(f"{base}/api/v1/messages", {"customer_id": f"e2e-{uuid.uuid4().hex}",
                                                   "text": "is there a store in rotterdam?"})
    assert other["decision"]["action"] == "answer", other["decision"]
    assert other["decision"]["citations"][0].startswith(LEARNED)
