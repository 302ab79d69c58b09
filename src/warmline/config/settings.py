"""Settings from the environment (``WARMLINE_`` prefix) or a ``.env`` file, validated at start-up."""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from warmline.domain import ConfigError

__all__ = ["Settings", "is_placeholder_secret", "load_settings"]

_PLACEHOLDERS = {"changeme", "change-me", "change_me", "secret", "xxx", "todo", "placeholder", "your-token-here",
                 "token", "password", "replace-me", "replaceme", "dummy", "example", "test", "none", "null"}
# Credentials that turn a channel on (or guard the admin API): a placeholder there is refused at start-up.
_SECRET_SETTINGS = ("slack_bot_token", "slack_signing_secret", "slack_app_token", "telegram_token",
                    "telegram_secret", "meta_app_secret", "meta_verify_token", "meta_page_token", "whatsapp_token",
                    "admin_token", "imap_url", "smtp_url", "shopify_token", "shopify_webhook_secret", "woocommerce_key",
                    "woocommerce_secret", "woocommerce_webhook_secret")
_PLACEHOLDER_SHAPES = re.compile(r"(?i)^(<.*>|\{\{.*\}\}|\$\{.*\}|your[-_ ].*|.*change[-_]?me.*|x{3,}|\*+|\.{3,})$")


def is_placeholder_secret(value: str) -> bool:
    """``changeme``, ``<your-token>``, ``xxxx``, ``${TOKEN}``…: a value copied from an example, not a secret."""
    text = value.strip()
    return text.lower() in _PLACEHOLDERS or bool(_PLACEHOLDER_SHAPES.match(text))


class Settings(BaseSettings):
    """Every setting of DESIGN.md; unset channel credentials mean the channel is off."""

    model_config = SettingsConfigDict(env_prefix="WARMLINE_", env_file=".env", extra="ignore")

    data_dir: Path = Path(".data")
    database_url: str | None = None
    bot: Path = Path("bots/demo-shop.yaml")

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_handoff_channel: str | None = None
    slack_api_url: str = "https://slack.com/api/"

    telegram_token: str | None = None
    telegram_secret: str | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_polling: bool = False  # long polling instead of a webhook, for shops without a public URL
    telegram_groups: bool = False  # answer in group and supergroup chats too (off: they are ignored)

    meta_app_secret: str | None = None
    meta_verify_token: str | None = None
    meta_page_token: str | None = None
    meta_api_url: str = "https://graph.facebook.com/v21.0"
    whatsapp_token: str | None = None
    whatsapp_phone_id: str | None = None

    # Shop systems (orders and products); unset = that connector is off. See docs/orders.md.
    shopify_shop: str | None = None  # the "mossa" of mossa.myshopify.com
    shopify_token: str | None = None  # Admin API access token (read_orders, read_products, read_customers)
    shopify_webhook_secret: str | None = None
    shopify_api_url: str | None = None  # default https://<shop>.myshopify.com; tests point it at a fake
    woocommerce_url: str | None = None  # the shop's address, e.g. https://mossa.example
    woocommerce_key: str | None = None
    woocommerce_secret: str | None = None
    woocommerce_webhook_secret: str | None = None

    # E-mail: the shop's mailbox (imaps://user:password@host/INBOX) and outgoing server (smtps:// or smtp://
    # with STARTTLS); the e-mail channel is on when all three are set. See docs/channels/email.md.
    imap_url: str | None = None
    smtp_url: str | None = None
    mail_from: str | None = None
    imap_poll_seconds: float = Field(default=60.0, ge=1.0)  # re-check interval where the server has no IDLE

    llm: str | None = None
    redis_url: str | None = None
    # Processes serving this data dir, set by `warmline serve --workers N` for its workers: more than one
    # without Redis share live events and per-customer ordering through the data dir (one machine).
    workers: int = Field(default=1, ge=1)
    chroma_url: str | None = None
    admin_token: str | None = None

    # Staff sign-in (docs/security.md). Sessions last staff_session_hours; failed sign-ins are limited per
    # account and per client address within signin_window_minutes. Passwords are hashed with argon2id at
    # password_hash_time_cost passes over password_hash_memory_kib (tests lower both to stay fast).
    # secure_cookies: None = Secure when the request came over https (directly, or X-Forwarded-Proto from
    # a proxy in forwarded_allow_ips); True/False forces it.
    staff_session_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    signin_failures_per_account: int = Field(default=5, ge=1)
    signin_failures_per_address: int = Field(default=20, ge=1)
    signin_window_minutes: float = Field(default=15.0, gt=0)
    password_hash_time_cost: int = Field(default=3, ge=1, le=20)
    password_hash_memory_kib: int = Field(default=64 * 1024, ge=8, le=4 * 1024 * 1024)
    secure_cookies: bool | None = None
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    # Slow clients (web/timeouts.py): a request's headers must arrive within header_timeout_seconds of the
    # connection (or of its first byte), its body within body_timeout_seconds of the headers; an idle
    # kept-alive connection is closed after keep_alive_seconds.
    header_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    body_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    keep_alive_seconds: float = Field(default=5.0, gt=0, le=300)
    # The proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (comma-separated addresses or
    # networks, or "*" for any): the client address rate limits count by. uvicorn's --forwarded-allow-ips.
    forwarded_allow_ips: str = "127.0.0.1"
    # How long a delivery worker holds the replies it is sending: after a crash, what it held goes out
    # from the next worker (or the restarted one) once this has passed. See engine/customer/delivery.py.
    delivery_lease_seconds: float = Field(default=30.0, ge=3.0)
    # Requests a minute from one client address to /api and /ws, and messages a minute from one customer
    # (0 = off); see web/ratelimit.py for what each covers and why platform webhooks are never refused.
    rate_limit_per_source: int = Field(default=300, ge=0)
    rate_limit_per_customer: int = Field(default=30, ge=0)
    # Tests and demos only: the service's clock starts at this moment (ISO 8601 with an offset) and runs
    # on from there, to see out-of-hours behaviour at any hour. Refused on a non-loopback address.
    clock: datetime | None = None

    @field_validator(*_SECRET_SETTINGS)
    @classmethod
    def _not_a_placeholder(cls, value: str | None) -> str | None:
        if value and is_placeholder_secret(value):
            raise ValueError(f"{value.strip()!r} is a placeholder, not a secret: set the real value (or leave a "
                             "channel's credentials unset to turn that channel off)")
        return value

    @field_validator("llm")
    @classmethod
    def _llm_has_provider(cls, value: str | None) -> str | None:
        if value and ":" not in value:
            raise ValueError("expected 'provider:model', e.g. 'openai:gpt-4o-mini' or 'ollama:llama3'")
        return value or None

    @field_validator("clock")
    @classmethod
    def _clock_has_offset(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("expected a moment with its UTC offset, e.g. 2026-12-05T20:00:00+01:00")
        return value

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite under the data dir."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'warmline.sqlite3').resolve()}"

    @property
    def secret_values(self) -> tuple[str, ...]:
        """The credentials that are set, for keeping them out of the logs (a mail URL's password on its own
        too: a library may log it without the rest of the URL)."""
        values = tuple(v for v in (getattr(self, name) for name in _SECRET_SETTINGS) if v)
        passwords = tuple(p for p in (urlsplit(url).password for url in (self.imap_url, self.smtp_url) if url) if p)
        return values + tuple(unquote(p) for p in passwords)

    @property
    def index_dir(self) -> Path:
        """Where knowledge indexes live (one folder per bot)."""
        return self.data_dir / "index"

    def check_can_listen(self, host: str) -> None:
        """Refuse a non-loopback address without an admin token (the staff inbox would be open), or with
        a pinned clock (every promise and shift would be wrong)."""
        if self.clock is not None and not _is_loopback(host):
            raise ConfigError(f"refusing to listen on {host} with a pinned clock", field="WARMLINE_CLOCK",
                              fix="unset WARMLINE_CLOCK (it is for tests), or listen on 127.0.0.1")
        if self.admin_token:
            if self.admin_token.lower() in _PLACEHOLDERS or len(self.admin_token) < 12:
                raise ConfigError("the admin token is a placeholder or too short", field="WARMLINE_ADMIN_TOKEN",
                                  fix="set a random value of 12+ characters, e.g. `openssl rand -hex 24`")
            return
        if not _is_loopback(host):
            raise ConfigError(f"refusing to listen on {host} without an admin token",
                              field="WARMLINE_ADMIN_TOKEN",
                              fix="set WARMLINE_ADMIN_TOKEN, or listen on 127.0.0.1")


def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_settings(**overrides: object) -> Settings:
    """Read and validate settings now; a bad value raises ``ConfigError`` naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "WARMLINE_" + "_".join(str(p) for p in first["loc"]).upper()
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(message, field=name, fix="see README.md, section Configuration") from exc
