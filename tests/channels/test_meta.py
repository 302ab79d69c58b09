"""The shared /webhooks/meta handler: subscription handshake, signature, dispatch by product, malformed
bodies, wiring by ``build_meta_channels``, and the Graph API error mapping against the local fake."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from warmline.channels import WebhookRequest
from warmline.channels._meta_graph import split_text
from warmline.channels.meta import (
    GraphClient,
    InstagramChannel,
    MessengerChannel,
    MetaWebhook,
    WhatsAppChannel,
    build_meta_channels,
    sign_body,
)
from warmline.domain import (
    ConfigError,
    ContentKind,
    DeliveryError,
    OutboundMessage,
    PermissionDeniedError,
    ValidationError,
)

from .fake_graph import (
    FakeGraph,
    messaging_event,
    messaging_payload,
    running_fake_graph,
    signed_request,
    text_event,
    whatsapp_payload,
)

SECRET = "app-secret-123"
VERIFY = "verify-me-456"


@pytest.fixture
def webhook() -> MetaWebhook:
    return MetaWebhook(app_secret=SECRET, verify_token=VERIFY)


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    async with running_fake_graph(tokens=("p", "w", "tok")) as fake:
        yield fake


def verify_request(**query: str) -> WebhookRequest:
    return WebhookRequest(method="GET", path="/webhooks/meta", headers={}, query=query)


# --- GET: the subscription handshake ------------------------------------------------------------------


async def test_verification_with_the_right_token_echoes_the_challenge(webhook: MetaWebhook) -> None:
    result = await webhook.handle_webhook(verify_request(**{
        "hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"}))
    assert (result.status_code, result.body, result.content_type) == (200, "1158201444", "text/plain")
    assert result.messages == ()


@pytest.mark.parametrize("query", [
    {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
    {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY, "hub.challenge": "1"},
    {"hub.challenge": "1"},
])
async def test_verification_with_a_wrong_token_or_mode_is_denied(webhook: MetaWebhook,
                                                                 query: dict[str, str]) -> None:
    with pytest.raises(PermissionDeniedError):
        await webhook.handle_webhook(verify_request(**query))


async def test_verification_without_a_challenge_is_a_validation_error(webhook: MetaWebhook) -> None:
    with pytest.raises(ValidationError) as caught:
        await webhook.handle_webhook(verify_request(**{"hub.mode": "subscribe", "hub.verify_token": VERIFY}))
    assert caught.value.field == "hub.challenge"


# --- POST: signature --------------------------------------------------------------------------------------


async def test_a_correctly_signed_event_is_parsed(webhook: MetaWebhook) -> None:
    result = await webhook.handle_webhook(signed_request(SECRET, text_event("page", "psid-1", "hello", "m_1")))
    assert [(m.channel, m.sender_id, m.text, m.platform_message_id) for m in result.messages] == [
        ("messenger", "psid-1", "hello", "m_1")]
    assert result.status_code == 200


@pytest.mark.parametrize("request_", [
    signed_request("another-secret", text_event("page", "psid-1", "hello", "m_1")),
    signed_request(SECRET, text_event("page", "psid-1", "hello", "m_1"), sign=False),
    signed_request(SECRET, text_event("page", "psid-1", "hello", "m_1"), signature="sha256="),
    signed_request(SECRET, text_event("page", "psid-1", "hello", "m_1"), signature="sha1=abc"),
], ids=["wrong-secret", "missing", "empty", "sha1"])
async def test_a_forged_or_missing_signature_is_denied(webhook: MetaWebhook, request_: WebhookRequest) -> None:
    with pytest.raises(PermissionDeniedError):
        await webhook.handle_webhook(request_)


async def test_a_tampered_body_is_denied_and_nothing_is_parsed(webhook: MetaWebhook) -> None:
    messenger = MessengerChannel(page_token="t")
    webhook.attach(messenger)
    genuine = signed_request(SECRET, text_event("page", "psid-1", "hello", "m_1"))
    tampered = WebhookRequest(method="POST", path=genuine.path, headers=genuine.headers,
                              body=genuine.body.replace(b"hello", b"HELLO"))
    with pytest.raises(PermissionDeniedError):
        await webhook.handle_webhook(tampered)
    assert messenger._window.last_inbound("psid-1") is None  # nothing parsed, nothing noted


async def test_a_signature_is_checked_before_the_body_is_read(webhook: MetaWebhook) -> None:
    """Garbage with a bad signature is a permission error, not a validation error."""
    with pytest.raises(PermissionDeniedError):
        await webhook.handle_webhook(signed_request(SECRET, b"not json", signature="sha256=" + "0" * 64))


async def test_signature_header_in_upper_case_hex_is_accepted(webhook: MetaWebhook) -> None:
    body = json.dumps(text_event("page", "psid-1", "hi", "m_1")).encode()
    request = signed_request(SECRET, body, signature=sign_body(SECRET, body).upper().replace("SHA256=", "sha256="))
    assert len((await webhook.handle_webhook(request)).messages) == 1


# --- POST: dispatch and malformed bodies -------------------------------------------------------------------


@pytest.mark.parametrize(("object_kind", "channel"), [
    ("page", "messenger"), ("instagram", "instagram"), ("whatsapp_business_account", "whatsapp")])
async def test_dispatch_on_the_payload_object(webhook: MetaWebhook, object_kind: str, channel: str) -> None:
    result = await webhook.handle_webhook(signed_request(SECRET, text_event(object_kind, "u-7", "where is it", "x1")))
    assert [(m.channel, m.sender_id, m.text, m.platform_message_id, m.kind) for m in result.messages] == [
        (channel, "u-7", "where is it", "x1", ContentKind.TEXT)]


async def test_an_unknown_object_is_acknowledged_with_no_messages(webhook: MetaWebhook) -> None:
    result = await webhook.handle_webhook(signed_request(SECRET, {"object": "permissions", "entry": []}))
    assert (result.status_code, result.messages) == (200, ())


@pytest.mark.parametrize(("payload", "field"), [
    (b"{not json", "body"),
    (b"[1, 2]", "body"),
    ({"entry": []}, "object"),
    ({"object": "page"}, "entry"),
    ({"object": "page", "entry": {"id": "1"}}, "entry"),
    ({"object": "page", "entry": ["x"]}, "entry[0]"),
    ({"object": "page", "entry": [{"messaging": [{"message": {"mid": "m", "text": "t"}}]}]},
     "entry[0].messaging[0].sender"),
    ({"object": "page", "entry": [{"messaging": [{"sender": {"id": ""}, "message": {"text": "t"}}]}]},
     "entry[0].messaging[0].sender.id"),
    ({"object": "page", "entry": [{"messaging": [{"sender": {"id": "1"}, "timestamp": "soon",
                                                  "message": {"text": "t"}}]}]},
     "entry[0].messaging[0].timestamp"),
    (whatsapp_payload([{"from": "1", "type": "text", "text": {"body": "x"}}]),
     "entry[0].changes[0].value.messages[0].id"),
    (whatsapp_payload([{"from": "1", "id": "w", "type": "text", "text": "x"}]),
     "entry[0].changes[0].value.messages[0].text"),
])
async def test_a_malformed_body_names_the_field(webhook: MetaWebhook, payload: object, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        await webhook.handle_webhook(signed_request(SECRET, payload))  # type: ignore[arg-type]
    assert caught.value.field == field
    assert caught.value.expected


async def test_other_methods_are_rejected(webhook: MetaWebhook) -> None:
    with pytest.raises(ValidationError) as caught:
        await webhook.handle_webhook(WebhookRequest(method="PUT", path="/webhooks/meta", headers={}))
    assert caught.value.field == "method"


def test_empty_secrets_are_a_config_error() -> None:
    with pytest.raises(ConfigError, match="WARMLINE_META_APP_SECRET"):
        MetaWebhook(app_secret="", verify_token=VERIFY)
    with pytest.raises(ConfigError, match="WARMLINE_META_VERIFY_TOKEN"):
        MetaWebhook(app_secret=SECRET, verify_token="")


# --- build_meta_channels ---------------------------------------------------------------------------------


def test_build_returns_only_configured_senders() -> None:
    _, none = build_meta_channels(app_secret=SECRET, verify_token=VERIFY, page_token=None, api_url="http://x",
                                  whatsapp_token=None, whatsapp_phone_id=None)
    _, page = build_meta_channels(app_secret=SECRET, verify_token=VERIFY, page_token="p", api_url="http://x",
                                  whatsapp_token=None, whatsapp_phone_id=None)
    _, both = build_meta_channels(app_secret=SECRET, verify_token=VERIFY, page_token="p", api_url="http://x",
                                  whatsapp_token="w", whatsapp_phone_id="123")
    assert none == {}
    assert {name: type(c) for name, c in page.items()} == {"messenger": MessengerChannel,
                                                           "instagram": InstagramChannel}
    assert {name: type(c) for name, c in both.items()} == {"messenger": MessengerChannel,
                                                           "instagram": InstagramChannel,
                                                           "whatsapp": WhatsAppChannel}
    assert all(name == channel.name for name, channel in both.items())


def test_build_refuses_half_a_whatsapp_configuration() -> None:
    with pytest.raises(ConfigError, match="WARMLINE_WHATSAPP_PHONE_ID"):
        build_meta_channels(app_secret=SECRET, verify_token=VERIFY, page_token=None, api_url="http://x",
                            whatsapp_token="w", whatsapp_phone_id=None)


async def test_built_channels_answer_the_webhook_and_learn_the_window(graph: FakeGraph) -> None:
    """A parsed message opens the sender's window: a bot reply 25 h later is refused without a call."""
    _, channels = build_meta_channels(app_secret=SECRET, verify_token=VERIFY, page_token="p", api_url=graph.url,
                                      whatsapp_token="w", whatsapp_phone_id="123")
    result = await channels["instagram"].handle_webhook(
        signed_request(SECRET, text_event("instagram", "igsid-1", "hi", "m_ig")))
    assert [m.channel for m in result.messages] == ["instagram"]
    instagram = channels["instagram"]
    assert isinstance(instagram, InstagramChannel)
    instagram._clock = lambda: result.messages[0].received_at + timedelta(hours=25)
    with pytest.raises(DeliveryError, match="24-hour window"):
        await instagram.send(OutboundMessage(channel="instagram", recipient_id="igsid-1", conversation_id="c",
                                             text="hello again"))
    assert graph.requests == []
    await instagram.send(OutboundMessage(channel="instagram", recipient_id="someone-else", conversation_id="c",
                                         text="hello"))
    assert len(graph.requests) == 1
    for channel in channels.values():
        await channel.close()


async def test_a_channel_without_a_webhook_says_how_to_wire_it() -> None:
    with pytest.raises(ConfigError, match="build_meta_channels"):
        await MessengerChannel(page_token="p").handle_webhook(signed_request(SECRET, text_event("page", "1", "x", "m")))


async def test_batched_entries_across_products_keep_their_order(webhook: MetaWebhook) -> None:
    events = [messaging_event(f"psid-{i}", message={"mid": f"m_{i}", "text": f"text {i}"}) for i in range(5)]
    result = await webhook.handle_webhook(signed_request(SECRET, messaging_payload("page", events, entries=3)))
    assert [m.text for m in result.messages] == [f"text {i}" for i in range(5)]


# --- Graph API client: error mapping against the fake -----------------------------------------------------


async def post_once(graph: FakeGraph, *, http_timeout: float = 5.0) -> dict[str, object]:
    client = GraphClient(channel="messenger", token="tok", api_url=graph.url, timeout=http_timeout)
    try:
        return await client.post("me/messages", {"recipient": {"id": "1"}, "message": {"text": "x"}})
    finally:
        await client.close()


async def test_the_token_travels_as_a_bearer_header_not_in_the_url(graph: FakeGraph) -> None:
    answer = await post_once(graph)
    assert answer["message_id"]
    (request,) = graph.requests
    assert request.headers["authorization"] == "Bearer tok"
    assert "tok" not in json.dumps(request.query)


@pytest.mark.parametrize(("status", "code", "headers", "retry_after"), [
    (429, None, {"Retry-After": "7"}, 7.0),
    (400, 4, {}, 60.0),
    (403, 613, {}, 60.0),
    (400, 80007, {"Retry-After": "12"}, 12.0),
    (400, 130429, {}, 60.0),
])
async def test_rate_limits_are_retryable_with_retry_after(graph: FakeGraph, status: int, code: int | None,
                                                          headers: dict[str, str], retry_after: float) -> None:
    graph.fail_next(status, code=code, headers=headers)
    with pytest.raises(DeliveryError) as caught:
        await post_once(graph)
    assert (caught.value.permanent, caught.value.retry_after) == (False, retry_after)
    assert caught.value.channel == "messenger"


@pytest.mark.parametrize(("status", "code", "permanent"), [
    (500, None, False), (503, 2, False), (400, 2, False),
    (401, 190, True), (403, 10, True), (400, 100, True), (400, 200, True), (404, None, True),
])
async def test_server_errors_are_retryable_and_client_errors_permanent(graph: FakeGraph, status: int,
                                                                      code: int | None, permanent: bool) -> None:
    graph.fail_next(status, code=code)
    with pytest.raises(DeliveryError) as caught:
        await post_once(graph)
    assert caught.value.permanent is permanent
    assert caught.value.retry_after is None


async def test_a_non_json_error_body_is_still_mapped(graph: FakeGraph) -> None:
    graph.fail_next(502, body="<html>bad gateway</html>")
    with pytest.raises(DeliveryError) as caught:
        await post_once(graph)
    assert caught.value.permanent is False


async def test_a_timeout_is_retryable(graph: FakeGraph) -> None:
    graph.stall_next(0.5)
    with pytest.raises(DeliveryError, match="timed out") as caught:
        await post_once(graph, http_timeout=0.05)
    assert caught.value.permanent is False


async def test_an_unreachable_api_is_retryable() -> None:
    client = GraphClient(channel="whatsapp", token="t", api_url="http://127.0.0.1:9/v21.0")
    with pytest.raises(DeliveryError, match="could not reach") as caught:
        await client.post("1/messages", {})
    await client.close()
    assert caught.value.permanent is False


async def test_a_given_http_client_is_used_and_not_closed(graph: FakeGraph) -> None:
    async with httpx.AsyncClient() as http:
        channel = MessengerChannel(page_token="p", api_url=graph.url, http=http,
                                   clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
        await channel.start()
        await channel.send(OutboundMessage(channel="messenger", recipient_id="1", conversation_id="c", text="x"))
        await channel.close()
        assert not http.is_closed
    assert len(graph.requests) == 1


# --- text splitting (shared by every Meta sender) -----------------------------------------------------------


@given(text=st.text(alphabet=st.sampled_from("ab c\nøå😀"), min_size=0, max_size=400),
       limit=st.integers(min_value=8, max_value=60), max_bytes=st.none() | st.integers(min_value=8, max_value=60))
def test_split_text_pieces_fit_and_lose_nothing_but_break_whitespace(text: str, limit: int,
                                                                     max_bytes: int | None) -> None:
    pieces = split_text(text, limit, max_bytes=max_bytes)
    assert all(len(p) <= limit for p in pieces)
    if max_bytes is not None:
        assert all(len(p.encode()) <= max_bytes for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())


def test_split_text_prefers_paragraph_and_word_breaks() -> None:
    assert split_text("first paragraph\n\nsecond one", 20) == ["first paragraph", "second one"]
    assert split_text("aaaa bbbb cccc", 10) == ["aaaa bbbb", "cccc"]
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert split_text("short", 10) == ["short"]
