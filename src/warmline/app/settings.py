"""Settings from the environment (``WARMLINE_`` prefix) or a ``.env`` file, validated at start-up."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from warmline.domain import ConfigError

__all__ = ["Settings", "load_settings"]

_PLACEHOLDERS = {"changeme", "change-me", "secret", "xxx", "todo", "placeholder", "your-token-here"}


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

    meta_app_secret: str | None = None
    meta_verify_token: str | None = None
    meta_page_token: str | None = None
    meta_api_url: str = "https://graph.facebook.com/v21.0"
    whatsapp_token: str | None = None
    whatsapp_phone_id: str | None = None

    llm: str | None = None
    redis_url: str | None = None
    chroma_url: str | None = None
    admin_token: str | None = None

    max_body_bytes: int = Field(default=256 * 1024, ge=1024)

    @field_validator("llm")
    @classmethod
    def _llm_has_provider(cls, value: str | None) -> str | None:
        if value and ":" not in value:
            raise ValueError("expected 'provider:model', e.g. 'openai:gpt-4o-mini' or 'ollama:llama3'")
        return value or None

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite under the data dir."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'warmline.sqlite3').resolve()}"

    @property
    def index_dir(self) -> Path:
        """Where knowledge indexes live (one folder per bot)."""
        return self.data_dir / "index"

    def check_can_listen(self, host: str) -> None:
        """Refuse a non-loopback address without an admin token (the staff inbox would be open)."""
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
        raise ConfigError(first["msg"], field=name, fix="see README.md, section Configuration") from exc
