"""Comments under posts through the whole service: signed webhook in, private reply (and note) out.

The bot file's ``comments`` section sets the public note and a keyword rule; the local fake Graph API
records what Warmline sent.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests._shop import act_as_async, write_test_bot
from tests.channels import fake_graph
from tests.channels.fake_graph import FakeGraph, private_replies

from warmline.config import Settings
from warmline.runtime.services import Services
from warmline.web import create_app

APP_SECRET = "comments-app-secret"
SIZE_GUIDE = "Here is our size guide: S fits 36-38, M 40-42, L 44-46."
COMMENT_RULES = f"""
comments:
  public_reply: "Sent you a DM 💌"
  ignore_links: true
  ignore_words: [crypto]
  keywords:
    - keyword: SIZE
      reply: "{SIZE_GUIDE}"
      limit_per_person: 1
"""


@pytest.fixture
async def running(settings: Settings, shop_dir: Path) -> AsyncIterator[tuple[httpx.AsyncClient, FakeGraph]]:
    bot_file = write_test_bot(shop_dir)
    with_rules = shop_dir / "test-shop-comments.yaml"
    with_rules.write_text(bot_file.read_text(encoding="utf-8") + COMMENT_RULES, encoding="utf-8")
    async with fake_graph.running_fake_graph() as graph:
        services = await Services.start(settings.model_copy(update={
            "bot": with_rules, "meta_app_secret": APP_SECRET, "meta_verify_token": "verify-me",
            "meta_page_token": "PAGE", "meta_api_url": graph.url}))
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(services=services)),
                                   base_url="http://warmline.test")
        await act_as_async(client, services, "maya")  # the owner: the staff inbox and the dashboard
        try:
            yield client, graph
        finally:
            await client.aclose()
            await services.stop()


async def comment(client: httpx.AsyncClient, sender: str, text: str, comment_id: str) -> None:
    payload = fake_graph.instagram_comment_payload(sender, text, comment_id, time_s=int(time.time()))
    signed = fake_graph.signed_request(APP_SECRET, payload)
    response = await client.post("/webhooks/meta", content=signed.body, headers=dict(signed.headers))
    assert response.status_code == 200, response.text


async def eventually(condition: Callable[[], object], *, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def replies_to(graph: FakeGraph, comment_id: str) -> list[str]:
    return [body["message"]["text"] for body in private_replies(graph)
            if body["recipient"]["comment_id"] == comment_id]


async def test_a_question_in_a_comment_gets_a_private_answer_and_a_public_note(running: Any) -> None:
    client, graph = running

    await comment(client, "ig-501", "do you ship to the USA?", "c-501")

    await eventually(lambda: replies_to(graph, "c-501") and graph.sent("/c-501/replies"))
    [answer] = replies_to(graph, "c-501")
    assert "19 euros" in answer
    assert graph.sent("/c-501/replies") == [{"message": "Sent you a DM 💌"}]
    dashboard = (await client.get("/api/v1/dashboard", params={"days": 1})).json()
    assert {c["key"]: c["value"] for c in dashboard["comments"]} == {
        "comments": 1, "answered": 1, "private_replies": 1, "left_alone": 0, "from_posts": 1}


async def test_a_keyword_comment_gets_the_rules_reply_once_per_person(running: Any) -> None:
    client, graph = running

    await comment(client, "ig-502", "SIZE please!", "c-502")
    await eventually(lambda: replies_to(graph, "c-502"))
    await comment(client, "ig-502", "size", "c-503")  # the same person again: over the rule's limit
    await eventually(lambda: replies_to(graph, "c-503"))

    assert replies_to(graph, "c-502") == [SIZE_GUIDE]
    assert replies_to(graph, "c-503") != [SIZE_GUIDE]  # the policy decided this one


async def test_an_angry_comment_is_handed_to_a_named_person(running: Any) -> None:
    client, graph = running

    await comment(client, "ig-504", "Third time my order is late. This is unacceptable, I am furious and want "
                                    "to talk to a real person NOW", "c-504")

    await eventually(lambda: replies_to(graph, "c-504"))
    [told] = replies_to(graph, "c-504")
    assert "Maya" in told or "Leo" in told, told  # a named person, told to the customer in the private reply
    [row] = [r for r in (await client.get("/api/v1/staff/conversations")).json() if r["state"] != "bot"]
    assert row["assignee"] is not None
    detail = (await client.get(f"/api/v1/staff/conversations/{row['conversation_id']}")).json()
    [first] = [m for m in detail["messages"] if m["author"] == "customer"]
    assert first["post"] == {"comment_id": "c-504", "post_id": "17900000000000001", "parent_id": None,
                             "permalink": None, "caption": None, "media_type": "FEED"}


async def test_spam_under_a_post_is_never_answered(running: Any) -> None:
    client, graph = running

    await comment(client, "ig-505", "Earn crypto fast, DM me", "c-505")
    await comment(client, "ig-506", "cheap followers at https://spam.example/f", "c-506")

    reasons: list[str] = []

    async def decided() -> bool:
        rows = (await client.get("/api/v1/staff/conversations")).json()
        reasons.clear()
        for row in rows:
            conversation = (await client.get(f"/api/v1/conversations/{row['conversation_id']}")).json()
            reasons.extend(r for d in conversation["decisions"] for r in d["reasons"])
        return len(reasons) >= 2

    deadline = time.monotonic() + 10
    while not await decided():
        assert time.monotonic() < deadline, reasons
        await asyncio.sleep(0.05)

    assert sorted(reasons) == [
        "not answered: the comment contains 'crypto', which the bot file ignores (spam or abuse)",
        "not answered: the comment contains a link, and the bot file ignores comments with links"]
    assert replies_to(graph, "c-505") == []
    assert replies_to(graph, "c-506") == []
    assert graph.sent() == []
