"""The local Graph API fake refuses what Meta refuses: a wrong token, an unknown path or version, a bad body.

Driven by the real channel code where it can be (a channel with the wrong token, or a broken quick reply,
must fail against the fake as it would against Meta); raw HTTP for shapes the channels never send.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from warmline.channels.meta import build_meta_channels
from warmline.domain import DeliveryError, OutboundMessage

from .fake_graph import FakeGraph, running_fake_graph, signed_request, text_event

PAGE_TOKEN = "page-token"
WA_TOKEN = "wa-token"
SECRET = "app-secret"


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    async with running_fake_graph(tokens=(PAGE_TOKEN, WA_TOKEN)) as fake:
        yield fake


async def _post(graph: FakeGraph, path: str, body: Any, *, token: str | None = PAGE_TOKEN,
                base: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient() as http:
        return await http.post(f"{base or graph.url}/{path}", json=body, headers=headers)


def _error(response: httpx.Response) -> dict[str, Any]:
    error = response.json()["error"]
    assert set(error) >= {"message", "type", "code", "fbtrace_id"}, error
    return error  # type: ignore[no-any-return]


async def _reply(graph: FakeGraph, name: str, *, token: str, api_url: str | None = None, to: str = "4242",
                 choices: tuple[str, ...] = ()) -> None:
    """The customer ``to`` writes on channel ``name`` and gets a reply through the real channel code."""
    webhook, channels = build_meta_channels(app_secret=SECRET, verify_token="verify-me", page_token=token,
                                            api_url=api_url or graph.url, whatsapp_token=token,
                                            whatsapp_phone_id="1555")
    channel = channels[name]
    await channel.start()
    try:
        await webhook.handle_webhook(signed_request(SECRET, text_event(
            name, to, "hi", f"mid.{name}", timestamp_ms=int(time.time() * 1000))))
        await channel.send(OutboundMessage(channel=name, recipient_id=to, conversation_id="c-1",
                                           text="Hello", choices=choices))
    finally:
        await channel.close()


async def test_a_channel_with_the_wrong_token_gets_graphs_oauth_error(graph: FakeGraph) -> None:
    with pytest.raises(DeliveryError) as refused:
        await _reply(graph, "messenger", token="not-our-token")

    assert refused.value.permanent
    assert "access token was refused" in str(refused.value)
    assert "Graph error 190" in str(refused.value)
    assert graph.sent() == []


async def test_a_missing_token_is_code_104(graph: FakeGraph) -> None:
    response = await _post(graph, "me/messages", {"recipient": {"id": "1"}, "message": {"text": "x"}}, token=None)

    assert response.status_code == 400
    assert _error(response)["code"] == 104


async def test_an_unversioned_or_unknown_path_is_refused(graph: FakeGraph) -> None:
    unversioned = graph.url.removesuffix("/v21.0")
    with pytest.raises(DeliveryError, match="Graph error 2500"):
        await _reply(graph, "messenger", token=PAGE_TOKEN, api_url=unversioned)
    unknown = await _post(graph, "me/mesages", {"recipient": {"id": "1"}, "message": {"text": "x"}})

    assert _error(unknown)["code"] == 2500


async def test_the_send_api_body_is_checked(graph: FakeGraph) -> None:
    cases = [
        {"message": {"text": "no recipient"}},
        {"recipient": {"id": "1"}},
        {"recipient": {"id": "1"}, "message": {"text": "x" * 2001}},
        {"recipient": {"id": "1"}, "message": {"text": "x", "quick_replies": [
            {"content_type": "text", "title": "A title longer than twenty", "payload": "p"}]}},
        {"recipient": {"id": "1"}, "message": {"text": "x"}, "sender_action": "typing_on"},
        {"messaging_product": "whatsapp", "to": "1", "type": "text", "text": {"body": "x"}},
    ]
    for body in cases:
        response = await _post(graph, "me/messages", body)
        assert response.status_code == 400, body
        assert _error(response)["code"] == 100, body
    assert graph.sent() == []


async def test_the_whatsapp_body_is_checked(graph: FakeGraph) -> None:
    cases = [
        {"recipient": {"id": "1"}, "message": {"text": "a Messenger body"}},
        {"messaging_product": "whatsapp", "type": "text", "text": {"body": "no recipient"}},
        {"messaging_product": "whatsapp", "to": "1", "type": "text", "text": {"body": "x" * 4097}},
        {"messaging_product": "whatsapp", "to": "1", "type": "interactive"},
    ]
    for body in cases:
        response = await _post(graph, "1555/messages", body, token=WA_TOKEN)
        assert _error(response)["code"] == 100, body


async def test_what_the_channels_send_is_accepted(graph: FakeGraph) -> None:
    await _reply(graph, "messenger", token=PAGE_TOKEN, choices=("Wait for Maya", "A choice far longer than twenty"))
    await _reply(graph, "whatsapp", token=WA_TOKEN, to="31612345678", choices=("Yes", "No"))

    assert graph.refused == []
    assert len(graph.sent()) == 2
