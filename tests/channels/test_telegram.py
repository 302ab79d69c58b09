"""TelegramChannel: the real python-telegram-bot client against a local fake Bot API (fake_telegram.py).

Webhook payloads follow Telegram's documented Update format; sending is checked in the requests the
fake recorded; polling is checked by the messages handed over and the offsets Telegram was asked with.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from warmline.channels import CustomerChannel, WebhookRequest
from warmline.channels.telegram import (
    TelegramChannel,
    callback_data_for,
    choice_from_callback,
    render_text,
    split_text,
)
from warmline.domain import (
    ConfigError,
    ContentKind,
    DeliveryError,
    InboundMessage,
    OutboundMessage,
    PermissionDeniedError,
    ValidationError,
)

from .fake_telegram import (
    SECRET,
    TOKEN,
    FakeTelegram,
    callback_update,
    make_text_update,
    message_update,
    private_chat,
    signed_request,
    text_update,
    user,
)

# Nothing listens on the discard port: a channel pointed here proves that parsing makes no API call.
UNREACHABLE_API = "http://127.0.0.1:9/bot"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def channel(fake: FakeTelegram) -> AsyncIterator[TelegramChannel]:
    telegram = fake.make_channel()
    await telegram.start()
    yield telegram
    await telegram.close()


@pytest.fixture
def offline_channel() -> TelegramChannel:
    return TelegramChannel(token=TOKEN, secret=SECRET, api_url=UNREACHABLE_API)


def outbound(text: str, *, choices: tuple[str, ...] = (), author_name: str | None = None,
             recipient_id: str = "42") -> OutboundMessage:
    return OutboundMessage(channel="telegram", recipient_id=recipient_id, conversation_id="conv-1", text=text,
                           choices=choices, author_name=author_name)


async def only_message(channel: TelegramChannel, update: dict[str, Any]) -> InboundMessage:
    result = await channel.handle_webhook(signed_request(update))
    assert result.status_code == 200
    assert len(result.messages) == 1, result
    return result.messages[0]


# --- the interface -----------------------------------------------------------------------------------------

def test_implements_the_channel_interface(offline_channel: TelegramChannel) -> None:
    assert isinstance(offline_channel, CustomerChannel)
    assert offline_channel.name == "telegram"
    caps = offline_channel.capabilities
    assert (caps.buttons, caps.max_buttons, caps.typing_indicator, caps.author_names) == (True, 8, True, False)


@pytest.mark.parametrize("token", ["", "   "])
def test_an_empty_token_is_a_config_error(token: str) -> None:
    with pytest.raises(ConfigError) as caught:
        TelegramChannel(token=token, secret=SECRET)
    assert caught.value.field == "WARMLINE_TELEGRAM_TOKEN"


def test_a_secret_telegram_would_refuse_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        TelegramChannel(token=TOKEN, secret="has spaces and ümlauts")
    assert caught.value.field == "WARMLINE_TELEGRAM_SECRET"


async def test_start_with_a_rejected_token_is_a_config_error(fake: FakeTelegram) -> None:
    telegram = TelegramChannel(token="999:wrong", secret=SECRET, api_url=fake.api_url)
    with pytest.raises(ConfigError) as caught:
        await telegram.start()
    assert caught.value.field == "WARMLINE_TELEGRAM_TOKEN"
    await telegram.close()


async def test_start_checks_the_token_with_get_me(fake: FakeTelegram, channel: TelegramChannel) -> None:
    assert [call.method for call in fake.calls] == ["getMe"]


# --- webhook verification ----------------------------------------------------------------------------------

@pytest.mark.parametrize("secret", [None, "", "fake-webhook-secret_43", SECRET[:-1], SECRET + "x"])
async def test_a_forged_or_missing_secret_is_refused_before_parsing(fake: FakeTelegram, channel: TelegramChannel,
                                                                    secret: str | None) -> None:
    update = callback_update(42, "Yes", choices=[("Yes", "Yes")])
    with pytest.raises(PermissionDeniedError):
        await channel.handle_webhook(signed_request(update, secret=secret))
    assert fake.calls_to("answerCallbackQuery") == []  # nothing was parsed or acted on


async def test_a_forged_request_is_refused_even_when_its_body_is_garbage(offline_channel: TelegramChannel) -> None:
    with pytest.raises(PermissionDeniedError):
        await offline_channel.handle_webhook(signed_request(b"{not json", secret="wrong"))


@pytest.mark.parametrize("configured", [None, ""])
async def test_without_a_configured_secret_webhooks_are_refused(configured: str | None) -> None:
    telegram = TelegramChannel(token=TOKEN, secret=configured, api_url=UNREACHABLE_API)
    with pytest.raises(PermissionDeniedError, match="WARMLINE_TELEGRAM_SECRET"):
        await telegram.handle_webhook(make_text_update(42, "hello", secret=SECRET))


@pytest.mark.parametrize(("body", "field"), [
    (b"{not json", "body"),
    (b"\xff\xfe", "body"),
    (b"[1, 2]", "body"),
    (b'{"message": {"text": "hi"}}', "update_id"),
    (b'{"update_id": "7"}', "update_id"),
    (b'{"update_id": 7, "message": {"message_id": 1, "text": "hi"}}', "body"),
])
async def test_a_malformed_body_is_a_validation_error(offline_channel: TelegramChannel, body: bytes,
                                                      field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        await offline_channel.handle_webhook(signed_request(body))
    assert caught.value.field == field
    assert caught.value.expected


# --- parsing ------------------------------------------------------------------------------------------------

async def test_a_text_message(offline_channel: TelegramChannel) -> None:
    update = text_update(42, "Do you ship to Norway?", message_id=7, first_name="Ola", last_name="Nordmann")
    message = await only_message(offline_channel, update)
    assert message == InboundMessage(
        channel="telegram", sender_id="42", text="Do you ship to Norway?", platform_message_id="42:7",
        sender_name="Ola Nordmann", kind=ContentKind.TEXT, received_at=datetime.fromtimestamp(1_760_000_000, UTC))


async def test_message_ids_are_made_unique_across_chats(offline_channel: TelegramChannel) -> None:
    first = await only_message(offline_channel, text_update(42, "hi", message_id=1))
    second = await only_message(offline_channel, text_update(43, "hi", message_id=1))
    assert first.platform_message_id != second.platform_message_id
    assert (first.sender_id, second.sender_id) == ("42", "43")


async def test_a_name_without_last_name(offline_channel: TelegramChannel) -> None:
    message = await only_message(offline_channel, text_update(42, "hi", first_name="Maya", last_name=None))
    assert message.sender_name == "Maya"


async def test_start_command_is_passed_through_as_text(offline_channel: TelegramChannel) -> None:
    entities = [{"type": "bot_command", "offset": 0, "length": 6}]
    message = await only_message(offline_channel, message_update(42, {"text": "/start", "entities": entities}))
    assert (message.text, message.kind) == ("/start", ContentKind.TEXT)


PHOTO = [{"file_id": "AgAD1", "file_unique_id": "u1", "width": 90, "height": 67},
         {"file_id": "AgAD2", "file_unique_id": "u2", "width": 800, "height": 600}]


@pytest.mark.parametrize(("content", "kind", "text"), [
    ({"photo": PHOTO, "caption": "Is this one in stock?"}, ContentKind.IMAGE, "Is this one in stock?"),
    ({"photo": PHOTO}, ContentKind.IMAGE, "[photo]"),
    ({"sticker": {"file_id": "s", "file_unique_id": "su", "type": "regular", "width": 512, "height": 512,
                  "is_animated": False, "is_video": False, "emoji": "😡"}}, ContentKind.STICKER, "[sticker 😡]"),
    ({"voice": {"file_id": "v", "file_unique_id": "vu", "duration": 4}}, ContentKind.AUDIO, "[voice message]"),
    ({"location": {"latitude": 59.9139, "longitude": 10.7522}}, ContentKind.LOCATION, "[location 59.91390, 10.75220]"),
    ({"video": {"file_id": "f", "file_unique_id": "fu", "width": 1, "height": 1, "duration": 3}},
     ContentKind.OTHER, "[video]"),
    ({"document": {"file_id": "d", "file_unique_id": "du", "file_name": "invoice.pdf"}},
     ContentKind.OTHER, "[document: invoice.pdf]"),
    ({"contact": {"phone_number": "+4712345678", "first_name": "Ola"}},
     ContentKind.OTHER, "[contact: Ola +4712345678]"),
])
async def test_media_becomes_a_placeholder_or_its_caption(offline_channel: TelegramChannel, content: dict[str, Any],
                                                          kind: ContentKind, text: str) -> None:
    message = await only_message(offline_channel, message_update(42, content))
    assert (message.kind, message.text) == (kind, text)


async def test_an_edited_message_has_the_new_text_and_its_own_id(offline_channel: TelegramChannel) -> None:
    original = await only_message(offline_channel, text_update(42, "my order is 1234", message_id=9))
    edited = await only_message(offline_channel, text_update(42, "my order is 1243", message_id=9, edited=True))
    assert (edited.kind, edited.text) == (ContentKind.EDIT, "my order is 1243")
    assert edited.platform_message_id != original.platform_message_id
    assert edited.received_at == datetime.fromtimestamp(1_760_000_060, UTC)  # the edit's time


async def test_a_reaction(offline_channel: TelegramChannel) -> None:
    update = {"update_id": 501, "message_reaction": {
        "chat": private_chat(42), "message_id": 1001, "user": user(42), "date": 1_760_000_100,
        "old_reaction": [], "new_reaction": [{"type": "emoji", "emoji": "👍"}]}}
    message = await only_message(offline_channel, update)
    assert (message.kind, message.text, message.sender_id) == (ContentKind.REACTION, "[reaction 👍]", "42")


@pytest.mark.parametrize("update", [
    {"update_id": 77, "my_chat_member": {
        "chat": private_chat(42), "from": user(42), "date": 1_760_000_000,
        "old_chat_member": {"status": "member", "user": user(123456)},
        "new_chat_member": {"status": "kicked", "user": user(123456), "until_date": 0}}},
    message_update(42, {"new_chat_title": "Shop questions"}),
])
async def test_updates_with_nothing_for_us_give_no_messages(offline_channel: TelegramChannel,
                                                            update: dict[str, Any]) -> None:
    result = await offline_channel.handle_webhook(signed_request(update))
    assert (result.messages, result.status_code) == ((), 200)


async def test_a_button_press_becomes_the_choice_text_and_is_answered(fake: FakeTelegram,
                                                                      channel: TelegramChannel) -> None:
    choices = [("Wait for Maya", "Wait for Maya"), ("Email me", "Email me")]
    update = callback_update(42, "Email me", choices=choices, query_id="cbq-1")
    message = await only_message(channel, update)
    assert (message.text, message.platform_message_id, message.sender_id) == ("Email me", "cb:cbq-1", "42")
    assert [call.params["callback_query_id"] for call in fake.calls_to("answerCallbackQuery")] == ["cbq-1"]


async def test_a_failed_callback_answer_does_not_lose_the_message(fake: FakeTelegram,
                                                                  channel: TelegramChannel) -> None:
    fake.fail_next("answerCallbackQuery", status=400, description="Bad Request: query is too old")
    message = await only_message(channel, callback_update(42, "Yes", choices=[("Yes", "Yes")]))
    assert message.text == "Yes"


LONG_CHOICE = "Please email me at the address on my account when the replacement has shipped — thank you!"


async def test_a_truncated_choice_is_recovered_from_the_keyboard(offline_channel: TelegramChannel) -> None:
    data = callback_data_for(LONG_CHOICE)
    update = callback_update(42, data, choices=[("Keep chatting", "Keep chatting"), (LONG_CHOICE, data)])
    message = await only_message(offline_channel, update)
    assert message.text == LONG_CHOICE


async def test_without_its_message_a_truncated_choice_falls_back_to_its_prefix(
        offline_channel: TelegramChannel) -> None:
    message = await only_message(offline_channel, callback_update(42, callback_data_for(LONG_CHOICE), message=False))
    assert LONG_CHOICE.startswith(message.text)
    assert len(message.text) > 40


# --- sending ------------------------------------------------------------------------------------------------

async def test_send_plain_text(fake: FakeTelegram, channel: TelegramChannel) -> None:
    await channel.send(outbound("We ship to Norway in 3–5 days & it's free over 50 €.", recipient_id="777"))
    [call] = fake.calls_to("sendMessage")
    assert call.params["chat_id"] == "777"
    assert call.params["text"] == "We ship to Norway in 3–5 days &amp; it's free over 50 €."
    assert call.params["parse_mode"] == "HTML"
    assert "reply_markup" not in call.params


async def test_send_choices_as_an_inline_keyboard_one_per_row(fake: FakeTelegram, channel: TelegramChannel) -> None:
    choices = ("Wait for Maya", "Email me when it's done", LONG_CHOICE)
    await channel.send(outbound("Maya can look at this within 20 minutes.", choices=choices))
    [call] = fake.calls_to("sendMessage")
    rows = call.params["reply_markup"]["inline_keyboard"]
    assert [[button["text"] for button in row] for row in rows] == [[choice] for choice in choices]
    assert all(len(row[0]["callback_data"].encode()) <= 64 for row in rows)
    # The recorded keyboard, sent back with a press, yields the full choice again.
    pressed = [(row[0]["text"], row[0]["callback_data"]) for row in rows]
    update = callback_update(42, rows[2][0]["callback_data"], choices=pressed)
    assert (await only_message(channel, update)).text == LONG_CHOICE


async def test_more_choices_than_buttons_are_sent_as_numbered_text(fake: FakeTelegram,
                                                                   channel: TelegramChannel) -> None:
    choices = tuple(f"Size {n}" for n in range(36, 46))
    await channel.send(outbound("Which size?", choices=choices))
    [call] = fake.calls_to("sendMessage")
    assert "reply_markup" not in call.params
    assert "1. Size 36" in call.params["text"]
    assert "10. Size 45" in call.params["text"]


async def test_a_staff_reply_starts_with_the_name_in_bold(fake: FakeTelegram, channel: TelegramChannel) -> None:
    await channel.send(outbound("Your parcel is <on its way>!", author_name="Maya & Co"))
    assert fake.sent_texts() == ["<b>Maya &amp; Co</b>: Your parcel is &lt;on its way&gt;!"]


async def test_a_long_text_is_split_within_telegrams_limit(fake: FakeTelegram, channel: TelegramChannel) -> None:
    words = [f"word{n}" for n in range(1000)]  # 7,889 characters: two messages
    await channel.send(outbound(" ".join(words), choices=("Thanks",), author_name="Maya"))
    calls = fake.calls_to("sendMessage")
    assert len(calls) == 2
    texts = [call.params["text"] for call in calls]
    assert all(len(text.replace("<b>", "").replace("</b>", "")) <= 4096 for text in texts)
    assert texts[0].startswith("<b>Maya</b>: word0 ")
    assert " ".join(texts).replace("<b>Maya</b>: ", "").split() == words  # nothing lost, no word cut
    assert ["reply_markup" in call.params for call in calls] == [False, True]


async def test_a_rate_limit_carries_retry_after(fake: FakeTelegram, channel: TelegramChannel) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=7)
    with pytest.raises(DeliveryError) as caught:
        await channel.send(outbound("hello"))
    assert (caught.value.retry_after, caught.value.permanent, caught.value.channel) == (7.0, False, "telegram")


@pytest.mark.parametrize(("status", "description"), [
    (403, "Forbidden: bot was blocked by the user"),
    (400, "Bad Request: chat not found"),
])
async def test_a_refusal_is_permanent(fake: FakeTelegram, channel: TelegramChannel, status: int,
                                      description: str) -> None:
    fake.fail_next("sendMessage", status=status, description=description)
    with pytest.raises(DeliveryError) as caught:
        await channel.send(outbound("hello"))
    assert caught.value.permanent
    assert caught.value.retry_after is None


async def test_a_server_error_is_transient(fake: FakeTelegram, channel: TelegramChannel) -> None:
    fake.fail_next("sendMessage", status=502)
    with pytest.raises(DeliveryError) as caught:
        await channel.send(outbound("hello"))
    assert not caught.value.permanent
    await channel.send(outbound("hello again"))  # the channel still works afterwards
    assert fake.sent_texts() == ["hello again"]


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_an_unreachable_api_is_a_transient_delivery_error() -> None:
    telegram = TelegramChannel(token=TOKEN, secret=SECRET, api_url=f"http://127.0.0.1:{_closed_port()}/bot")
    await telegram.start()  # only warns: the service must start while Telegram is unreachable
    with pytest.raises(DeliveryError) as caught:
        await telegram.send(outbound("hello"))
    assert not caught.value.permanent
    await telegram.close()


async def test_send_starts_the_client_when_start_was_not_called(fake: FakeTelegram) -> None:
    telegram = fake.make_channel()
    await telegram.send(outbound("hello"))
    assert fake.sent_texts() == ["hello"]
    await telegram.close()


async def test_typing_indicator(fake: FakeTelegram, channel: TelegramChannel) -> None:
    await channel.typing("42")
    [call] = fake.calls_to("sendChatAction")
    assert (call.params["chat_id"], call.params["action"]) == ("42", "typing")


async def test_a_failed_typing_indicator_is_only_logged(fake: FakeTelegram, channel: TelegramChannel,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    fake.fail_next("sendChatAction", status=403)
    with caplog.at_level(logging.WARNING):
        await channel.typing("42")
    assert "typing" in caplog.text


async def test_set_webhook_sends_the_secret_and_the_update_types(fake: FakeTelegram,
                                                                 channel: TelegramChannel) -> None:
    await channel.set_webhook("https://shop.example/webhooks/telegram")
    [call] = fake.calls_to("setWebhook")
    assert call.params["url"] == "https://shop.example/webhooks/telegram"
    assert call.params["secret_token"] == SECRET
    assert "callback_query" in call.params["allowed_updates"]


# --- polling ------------------------------------------------------------------------------------------------

class Collector:
    """An ``on_message`` that records messages, can fail once, and stops polling after ``expected``."""

    def __init__(self, stop: asyncio.Event, *, expected: int, fail_on: str | None = None) -> None:
        self.stop = stop
        self.expected = expected
        self.fail_on = fail_on
        self.messages: list[InboundMessage] = []

    async def __call__(self, message: InboundMessage) -> None:
        if message.text == self.fail_on:
            self.fail_on = None
            raise RuntimeError("the store is down")
        self.messages.append(message)
        if len(self.messages) >= self.expected:
            self.stop.set()


async def poll_until_done(channel: TelegramChannel, collector: Collector) -> None:
    await asyncio.wait_for(channel.poll(collector, stop=collector.stop), timeout=20)


def offsets_asked(fake: FakeTelegram) -> list[int | None]:
    return [int(call.params["offset"]) if "offset" in call.params else None for call in fake.calls_to("getUpdates")]


async def test_polling_feeds_messages_in_order_and_advances_the_offset(fake: FakeTelegram,
                                                                       channel: TelegramChannel) -> None:
    for update_id, text in [(10, "first"), (11, "second"), (12, "third")]:
        fake.push_update(text_update(42, text, update_id=update_id))
    collector = Collector(asyncio.Event(), expected=3)
    await poll_until_done(channel, collector)
    assert [m.text for m in collector.messages] == ["first", "second", "third"]
    assert offsets_asked(fake)[0] is None
    assert offsets_asked(fake)[-1] == 13  # confirmed on stop: Telegram will not send them again
    assert fake.calls_to("getUpdates")[0].params["allowed_updates"] == [
        "message", "edited_message", "callback_query", "message_reaction"]


async def test_polling_waits_for_updates_that_arrive_later(fake: FakeTelegram, channel: TelegramChannel) -> None:
    collector = Collector(asyncio.Event(), expected=1)
    polling = asyncio.create_task(poll_until_done(channel, collector))
    await asyncio.wait_for(fake.wait_for_call("getUpdates"), timeout=10)
    fake.push_update(text_update(42, "late", update_id=30))
    await polling
    assert [m.text for m in collector.messages] == ["late"]


async def test_a_failing_handler_leaves_its_update_unacknowledged(fake: FakeTelegram,
                                                                  channel: TelegramChannel) -> None:
    for update_id, text in [(20, "one"), (21, "two"), (22, "three")]:
        fake.push_update(text_update(42, text, update_id=update_id))
    collector = Collector(asyncio.Event(), expected=3, fail_on="two")
    with pytest.raises(RuntimeError, match="store is down"):
        await poll_until_done(channel, collector)
    assert offsets_asked(fake)[-1] == 21  # "one" confirmed, "two" not
    await poll_until_done(channel, collector)  # the next poll gets "two" again
    assert [m.text for m in collector.messages] == ["one", "two", "three"]
    assert offsets_asked(fake)[-1] == 23


async def test_polling_answers_button_presses(fake: FakeTelegram, channel: TelegramChannel) -> None:
    fake.push_update(callback_update(42, "Yes", choices=[("Yes", "Yes")], query_id="cbq-9", update_id=40))
    collector = Collector(asyncio.Event(), expected=1)
    await poll_until_done(channel, collector)
    assert collector.messages[0].text == "Yes"
    assert [c.params["callback_query_id"] for c in fake.calls_to("answerCallbackQuery")] == ["cbq-9"]


async def test_polling_waits_out_a_rate_limit(fake: FakeTelegram, channel: TelegramChannel) -> None:
    fake.fail_next("getUpdates", status=429, retry_after=1)
    fake.push_update(text_update(42, "after the limit", update_id=50))
    collector = Collector(asyncio.Event(), expected=1)
    await poll_until_done(channel, collector)
    assert [m.text for m in collector.messages] == ["after the limit"]
    assert fake.calls_to("getUpdates")[0].status == 429


async def test_polling_while_a_webhook_is_set_is_a_config_error(fake: FakeTelegram,
                                                                channel: TelegramChannel) -> None:
    fake.fail_next("getUpdates", status=409,
                   description="Conflict: can't use getUpdates method while webhook is active; use deleteWebhook")
    with pytest.raises(ConfigError, match="webhook"):
        await poll_until_done(channel, Collector(asyncio.Event(), expected=1))


async def test_stop_ends_a_pending_long_poll(fake: FakeTelegram) -> None:
    telegram = fake.make_channel(poll_timeout=30)
    stop = asyncio.Event()
    polling = asyncio.create_task(telegram.poll(Collector(stop, expected=1), stop=stop))
    await asyncio.wait_for(fake.wait_for_call("getUpdates"), timeout=10)
    stop.set()
    await asyncio.wait_for(polling, timeout=5)  # far less than the 30 s long poll
    await telegram.close()


# --- rendering helpers --------------------------------------------------------------------------------------

def test_split_counts_emoji_as_two_units_and_cuts_overlong_words() -> None:
    assert split_text("😀" * 5, limit=4) == ["😀😀", "😀😀", "😀"]
    assert split_text("abcdefghij", limit=4) == ["abcd", "efgh", "ij"]
    assert split_text("line one\nline two", limit=12) == ["line one", "line two"]
    assert split_text("short", limit=4096) == ["short"]


def test_a_blank_author_name_adds_no_prefix() -> None:
    assert render_text("a < b", author_name="  ") == ["a &lt; b"]
    assert render_text("a < b", author_name=None) == ["a &lt; b"]


def test_callback_data_is_deterministic_and_distinct_for_long_choices() -> None:
    first = "ü" * 40 + " first"
    second = "ü" * 40 + " second"
    assert callback_data_for(first) == callback_data_for(first)
    assert callback_data_for(first) != callback_data_for(second)
    assert all(len(callback_data_for(c).encode()) <= 64 for c in (first, second))
    assert callback_data_for("Keep chatting") == "Keep chatting"
    assert choice_from_callback("Keep chatting", None) == "Keep chatting"


def test_the_contract_helper_builds_a_signed_text_request() -> None:
    request = make_text_update(42, "hello")
    assert isinstance(request, WebhookRequest)
    assert request.header("X-Telegram-Bot-Api-Secret-Token") == SECRET
    assert json.loads(request.body)["message"]["text"] == "hello"


# --- group chats -------------------------------------------------------------------------------------------

def _in_group(update: dict[str, Any], *, kind: str) -> dict[str, Any]:
    """The same update, said in a group chat (a negative chat id and a title, as Telegram sends them)."""
    group = {"id": -1001234567890, "title": "Mossa fans", "type": kind}
    if "message" in update:
        update["message"]["chat"] = group
    if "callback_query" in update:
        update["callback_query"]["message"]["chat"] = group
    return update


@pytest.mark.parametrize("kind", ["group", "supergroup"])
async def test_a_group_chat_is_ignored_unless_the_shop_enables_groups(kind: str) -> None:
    update = _in_group(text_update(42, "anyone know if they ship to Norway?"), kind=kind)
    ignoring = TelegramChannel(token=TOKEN, secret=SECRET, api_url=UNREACHABLE_API)
    result = await ignoring.handle_webhook(signed_request(update))
    assert (result.messages, result.status_code) == ((), 200)

    answering = TelegramChannel(token=TOKEN, secret=SECRET, api_url=UNREACHABLE_API, groups=True)
    message = await only_message(answering, update)
    assert message.sender_id == "-1001234567890"


async def test_a_button_pressed_in_a_group_only_stops_the_spinner(fake: FakeTelegram,
                                                                 channel: TelegramChannel) -> None:
    update = _in_group(callback_update(42, "Email me", choices=[("Email me", "Email me")], query_id="cbq-g"),
                       kind="supergroup")
    result = await channel.handle_webhook(signed_request(update))
    assert result.messages == ()
    assert [call.params["callback_query_id"] for call in fake.calls_to("answerCallbackQuery")] == ["cbq-g"]
