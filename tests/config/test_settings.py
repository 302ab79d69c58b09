"""Settings at start-up: a placeholder secret for a channel is refused, naming the variable; the admin
token guards a public address; limits are validated."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from warmline.cli import app as cli_app
from warmline.config import load_settings
from warmline.domain import ConfigError

SECRETS = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "TELEGRAM_TOKEN", "TELEGRAM_SECRET",
           "META_APP_SECRET", "META_VERIFY_TOKEN", "META_PAGE_TOKEN", "WHATSAPP_TOKEN", "ADMIN_TOKEN"]
PLACEHOLDERS = ["changeme", "CHANGE_ME", "<your-bot-token>", "your-signing-secret", "xxxxxxxx", "${TOKEN}",
                "{{ secret }}", "secret", "TODO", "replace-me", "..."]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No WARMLINE_* from the developer's shell and no .env from the working directory."""
    for name in list(os.environ):
        if name.startswith("WARMLINE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("name", SECRETS)
def test_a_placeholder_secret_is_refused_naming_the_variable(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(f"WARMLINE_{name}", "changeme")

    with pytest.raises(ConfigError) as refused:
        load_settings()

    assert refused.value.field == f"WARMLINE_{name}"
    assert "placeholder" in str(refused.value)


@pytest.mark.parametrize("value", PLACEHOLDERS)
def test_placeholder_shapes(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("WARMLINE_TELEGRAM_TOKEN", value)
    with pytest.raises(ConfigError, match="WARMLINE_TELEGRAM_TOKEN"):
        load_settings()


@pytest.mark.parametrize(("name", "value"), [
    ("TELEGRAM_TOKEN", "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
    ("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5"),
    ("META_APP_SECRET", "3f9a0c1d5e7b2a4c6e8f0a1b3c5d7e9f"),
    ("WHATSAPP_TOKEN", "EAAGm0PX4ZCpsBAKZAZBZBZCx"),
    ("META_VERIFY_TOKEN", "verify-me-9e1c"),
])
def test_real_looking_secrets_are_accepted(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(f"WARMLINE_{name}", value)
    assert getattr(load_settings(), name.lower()) == value
    assert value in load_settings().secret_values


def test_an_unset_or_empty_channel_is_simply_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARMLINE_TELEGRAM_TOKEN", "")
    settings = load_settings()
    assert not settings.telegram_token
    assert settings.secret_values == ()


def test_mail_urls_and_their_passwords_are_kept_out_of_the_logs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARMLINE_IMAP_URL", "imaps://shop%40mossa.example:app%2Fpass-1@imap.mossa.example/INBOX")
    monkeypatch.setenv("WARMLINE_SMTP_URL", "smtps://shop%40mossa.example:smtp-pass-2@smtp.mossa.example")

    secrets = load_settings().secret_values

    assert "imaps://shop%40mossa.example:app%2Fpass-1@imap.mossa.example/INBOX" in secrets
    assert {"app/pass-1", "smtp-pass-2"} <= set(secrets)


def test_serve_refuses_to_start_with_a_placeholder(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the server started with a placeholder secret")

    monkeypatch.setattr("uvicorn.run", must_not_run)
    monkeypatch.setenv("WARMLINE_META_APP_SECRET", "<app-secret>")

    result = CliRunner().invoke(cli_app, ["serve"])

    assert isinstance(result.exception, ConfigError)
    assert result.exception.field == "WARMLINE_META_APP_SECRET"


def test_a_public_address_needs_a_real_admin_token() -> None:
    open_settings = load_settings()
    open_settings.check_can_listen("127.0.0.1")
    open_settings.check_can_listen("::1")
    with pytest.raises(ConfigError, match="WARMLINE_ADMIN_TOKEN"):
        open_settings.check_can_listen("0.0.0.0")
    with pytest.raises(ConfigError, match="too short"):
        load_settings(admin_token="short").check_can_listen("0.0.0.0")
    load_settings(admin_token="a-random-admin-token-4c1e").check_can_listen("0.0.0.0")


@pytest.mark.parametrize("name", ["RATE_LIMIT_PER_SOURCE", "RATE_LIMIT_PER_CUSTOMER"])
def test_limits_must_be_whole_non_negative_numbers(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(f"WARMLINE_{name}", "-1")
    with pytest.raises(ConfigError, match=f"WARMLINE_{name}"):
        load_settings()
    monkeypatch.setenv(f"WARMLINE_{name}", "12")
    assert getattr(load_settings(), name.lower()) == 12
