"""Personal data and secrets never reach the logs: e-mails, phone numbers, card numbers, tokens."""

from __future__ import annotations

import logging
import sys

import pytest
from fastapi.testclient import TestClient

from warmline.config import Settings
from warmline.runtime.redaction import RedactingFilter, install_redaction, luhn_valid, redact
from warmline.web import create_app


@pytest.mark.parametrize(("text", "expected"), [
    ("write to ana.costa+shop@example.co.uk please", "write to [email] please"),
    ("call me on +49 (0)30 1234-5678.", "call me on [phone]."),
    ("my number is 0612345678", "my number is [phone]"),
    ("US style 555.123.4567", "US style [phone]"),
    ("card 4111 1111 1111 1111, exp 12/29", "card [card], exp 12/29"),
    ("card 5555-5555-5555-4444", "card [card]"),
    ("amex 378282246310005!", "amex [card]!"),
    ("invalid literal for int(): '4111111111111111abc'", "invalid literal for int(): '[card]abc'"),
    ("card4111111111111111", "card[card]"),
    ("GET /webhooks/meta?hub.mode=subscribe&hub.verify_token=abc123xyz HTTP/1.1",
     "GET /webhooks/meta?hub.mode=subscribe&hub.verify_token=[redacted] HTTP/1.1"),
    ("WebSocket /ws/chat?session_id=4f8a9b&name=Ana", "WebSocket /ws/chat?session_id=[redacted]&name=Ana"),
    ("GET /ws/staff?token=hunter2hunter2", "GET /ws/staff?token=[redacted]"),
])
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "order 4111111111111112 is on its way",  # 16 digits failing Luhn: an order number, not a card
    "order #4411 arrived broken",
    "promise due 2026-11-01 10:30:00",
    "request from 192.168.100.200",
    "took 0.123456789 s",
    "conversation 3f2a1234567890abcdef",
    "chat 777 says hi",
])
def test_ordinary_numbers_are_kept(text: str) -> None:
    assert redact(text) == text


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid("79927398713")
    assert not luhn_valid("4111111111111112")


def test_secrets_are_replaced_but_short_ones_are_ignored() -> None:
    assert redact("GET https://api.telegram.org/bot123456:AAH-secret_token/getMe", ["123456:AAH-secret_token"]) \
        == "GET https://api.telegram.org/bot[secret]/getMe"
    assert redact("a b c", ["b"]) == "a b c"  # too short to be a real secret; would blank out words


def record(msg: str, *args: object, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord("warmline.engine.customer.pipeline", logging.INFO, __file__, 1, msg, args, exc_info)  # type: ignore[arg-type]


def test_the_filter_redacts_arguments_and_keeps_every_record() -> None:
    rec = record("customer %s wrote %r from %s", "ana@example.com", "my card is 4111111111111111", "+31612345678")

    assert RedactingFilter().filter(rec) is True
    assert rec.getMessage() == "customer [email] wrote 'my card is [card]' from [phone]"


def test_a_record_with_nothing_to_hide_keeps_its_arguments() -> None:
    rec = record("handled %d messages", 3)
    RedactingFilter().filter(rec)
    assert (rec.msg, rec.args) == ("handled %d messages", (3,))


def test_the_filter_redacts_a_traceback() -> None:
    try:
        raise ValueError("bad address ana@example.com")
    except ValueError:
        rec = record("failed", exc_info=sys.exc_info())
    RedactingFilter().filter(rec)
    assert rec.exc_text is not None
    assert "ValueError: bad address [email]" in rec.exc_text
    assert "ana@example.com" not in logging.Formatter().format(rec)


def test_installed_it_cleans_every_warmline_logger_and_the_root_handlers(caplog: pytest.LogCaptureFixture) -> None:
    install_redaction(secrets=["tg-bot-token-0123456789"])
    caplog.set_level(logging.INFO)

    logging.getLogger("warmline.channels.telegram").info("from %s: %s", "+44 20 7946 0958", "ana@example.com")
    logging.getLogger("warmline").warning("card %s", "4111-1111-1111-1111")
    logging.getLogger("httpx").info("HTTP Request: POST %s", "https://api.telegram.org/bottg-bot-token-0123456789/x")

    text = caplog.text
    for leaked in ("+44 20 7946 0958", "ana@example.com", "4111-1111-1111-1111"):
        assert leaked not in text
    assert "from [phone]: [email]" in text
    assert "card [card]" in text
    # A third-party record is cleaned by the filter on the root's handlers (caplog's, here).
    assert "tg-bot-token-0123456789" not in text
    assert "https://api.telegram.org/bot[secret]/x" in text


def test_the_app_factory_installs_it_with_the_settings_secrets(settings: Settings,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="warmline")
    with TestClient(create_app(settings.model_copy(update={"meta_app_secret": "app-secret-for-redaction"}))):
        logging.getLogger("warmline.engine.customer.pipeline").info("linked %s", "maya@example.com")
        logging.getLogger("warmline.engine.customer.pipeline").info("signed with %s", "app-secret-for-redaction")
    assert "maya@example.com" not in caplog.text
    assert "app-secret-for-redaction" not in caplog.text
    assert "linked [email]" in caplog.text


def test_personal_data_is_found_next_to_a_huge_word() -> None:
    # Patterns start only where a run of their characters starts, so a long "word" is scanned once (linear):
    # the same matches as before, without retrying from each of its letters.
    word, digits = "x" * 100_000, "7" * 100_000
    assert redact(f"{word} ana@example.com {digits} 4111111111111111abc") == f"{word} [email] {digits} [card]abc"
    assert redact(f"{word}@example.com") == "[email]"
