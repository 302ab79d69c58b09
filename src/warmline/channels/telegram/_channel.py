"""``TelegramChannel``: the Telegram Bot API (through python-telegram-bot) behind ``CustomerChannel``.

Two ways to receive: a webhook (Telegram POSTs each update to ``/webhooks/telegram`` with the secret
given to ``setWebhook`` in a header) or long polling (``poll``, for shops without a public URL).
Both parse updates the same way (``_parse``); sending renders text and buttons in ``_render``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import re
import warnings
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from telegram import Bot as TelegramBot
from telegram import Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from warmline.domain import (
    ConfigError,
    DeliveryError,
    InboundMessage,
    OutboundMessage,
    PermissionDeniedError,
)

from .._base import Capabilities, WebhookRequest, WebhookResult, numbered_choices, with_source
from ._parse import CHANNEL, parse_update, update_from_json
from ._render import inline_keyboard, render_text

__all__ = ["ALLOWED_UPDATES", "DEFAULT_API_URL", "SECRET_HEADER", "TelegramChannel"]

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org/bot"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# The update types Warmline reads; pass them to setWebhook/getUpdates so Telegram sends nothing else.
ALLOWED_UPDATES: tuple[str, ...] = ("message", "edited_message", "callback_query", "message_reaction")
_SECRET_FORMAT = re.compile(r"[A-Za-z0-9_-]{1,256}\Z")  # what setWebhook accepts as secret_token
_MAX_BACKOFF_SECONDS = 30.0


def delivery_error(exc: TelegramError) -> DeliveryError:
    """Translate a Bot API failure: rate limit → retry_after; refusals → permanent; the rest → transient."""
    if isinstance(exc, RetryAfter):
        with warnings.catch_warnings():  # the SDK warns that the type will become timedelta; accept both
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            wait = exc.retry_after
        seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
        return DeliveryError(f"rate limited by Telegram, retry in {seconds:g} s", channel=CHANNEL,
                             retry_after=seconds)
    if isinstance(exc, Forbidden):
        return DeliveryError(f"the bot may not write to this chat (blocked, or never started): {exc.message}",
                             channel=CHANNEL, permanent=True)
    if isinstance(exc, ChatMigrated):
        return DeliveryError(f"the group chat moved to chat id {exc.new_chat_id}", channel=CHANNEL, permanent=True)
    if isinstance(exc, BadRequest):  # before NetworkError: BadRequest is a subclass of it
        return DeliveryError(f"Telegram refused the message: {exc.message}", channel=CHANNEL, permanent=True)
    if isinstance(exc, InvalidToken):
        return DeliveryError("Telegram rejected the bot token (check WARMLINE_TELEGRAM_TOKEN)", channel=CHANNEL,
                             permanent=True)
    return DeliveryError(f"could not reach the Telegram Bot API: {exc.message}", channel=CHANNEL)


async def _wait_or_stop(stop: asyncio.Event, seconds: float) -> None:
    """Sleep, but wake as soon as ``stop`` is set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


class TelegramChannel:
    """A Telegram bot as a customer channel: webhook or long polling in, Bot API calls out.

    The adapter passes a customer's ``/start`` through as text and never answers on its own: the
    pipeline greets them like anyone else.
    """

    name = "telegram"
    capabilities = Capabilities(buttons=True, max_buttons=8, typing_indicator=True, author_names=False,
                                max_text_chars=4096)

    def __init__(self, *, token: str, secret: str | None, api_url: str = DEFAULT_API_URL,
                 poll_timeout: int = 25, groups: bool = False) -> None:
        if not token or not token.strip():
            raise ConfigError("the bot token is empty", field="WARMLINE_TELEGRAM_TOKEN",
                              fix="create a bot with @BotFather and copy its token")
        secret = secret or None  # an empty setting means "not set"
        if secret is not None and not _SECRET_FORMAT.match(secret):
            raise ConfigError("Telegram accepts only 1-256 characters A-Z, a-z, 0-9, _ and -",
                              field="WARMLINE_TELEGRAM_SECRET",
                              fix="generate one, e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))'")
        self._secret = secret
        self._poll_timeout = poll_timeout
        self._groups = groups  # answer in group chats too (off: only private chats are customers)
        self._bot = TelegramBot(token.strip(), base_url=api_url)
        self._started = False
        self._offset: int | None = None  # the next update id to fetch when polling
        self._confirmed_offset: int | None = None  # the offset Telegram last saw: updates below it are done

    async def start(self) -> None:
        """Open the HTTP clients and check the token with ``getMe``; a rejected token is a ``ConfigError``.

        An unreachable API only logs a warning: the service still starts, and sending retries later.
        """
        if self._started:
            return
        try:
            await self._bot.initialize()
        except InvalidToken as exc:
            raise ConfigError("Telegram rejected the bot token", field="WARMLINE_TELEGRAM_TOKEN",
                              fix="copy the token again from @BotFather (/mybots → API Token)") from exc
        except TelegramError as exc:
            logger.warning("Telegram Bot API not reachable at start (%s); will retry when sending", exc)
        self._started = True

    async def close(self) -> None:
        """Close the HTTP clients."""
        if self._started:
            await self._bot.shutdown()
            self._started = False

    async def _ensure_started(self) -> None:
        if not self._started:
            await self._bot.initialize()  # TelegramError propagates to the caller's translation
            self._started = True

    # --- receiving -----------------------------------------------------------------------------------

    async def handle_webhook(self, request: WebhookRequest) -> WebhookResult:
        """Check the secret-token header, then parse the update; a button press is answered right away."""
        self._verify(request)
        parsed = parse_update(update_from_json(request.body, self._bot), groups=self._groups)
        if parsed.callback_query_id is not None:
            await self._answer_callback(parsed.callback_query_id)
        return WebhookResult(messages=parsed.messages)

    def _verify(self, request: WebhookRequest) -> None:
        if self._secret is None:
            raise PermissionDeniedError(
                "Telegram webhooks are refused because WARMLINE_TELEGRAM_SECRET is not set; set it and pass "
                "the same value as secret_token to setWebhook (or use polling)")
        given = request.header(SECRET_HEADER) or ""
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            raise PermissionDeniedError(f"the {SECRET_HEADER} header is missing or does not match "
                                        "WARMLINE_TELEGRAM_SECRET")

    async def _answer_callback(self, callback_query_id: str) -> None:
        """Stop the button's spinner; cosmetic, so a failure is logged and the message still goes through."""
        try:
            await self._ensure_started()
            await self._bot.answer_callback_query(callback_query_id)
        except TelegramError as exc:
            logger.warning("could not answer Telegram callback query %s: %s", callback_query_id, exc)

    async def poll(self, on_message: Callable[[InboundMessage], Awaitable[None]], *, stop: asyncio.Event) -> None:
        """Long-poll ``getUpdates`` until ``stop`` is set, feeding each message to ``on_message`` in order.

        An update is acknowledged (the offset moves past it) only after ``on_message`` returned for all
        its messages; if ``on_message`` raises, the exception propagates and that update is fetched again
        by the next ``poll``. Network errors and rate limits are waited out; a webhook that is still set
        (Telegram refuses getUpdates then) or a rejected token is a ``ConfigError``.
        """
        await self.start()
        try:
            while not stop.is_set():
                updates = await self._next_updates(stop)
                for update in updates:
                    await self._deliver(update, on_message)
                    self._offset = update.update_id + 1
                    if stop.is_set():
                        break
        except Exception:
            await self._confirm_offset()  # keep what was handled before the failure
            raise
        await self._confirm_offset()

    async def _deliver(self, update: Update, on_message: Callable[[InboundMessage], Awaitable[None]]) -> None:
        parsed = parse_update(update, groups=self._groups)
        if parsed.callback_query_id is not None:
            await self._answer_callback(parsed.callback_query_id)
        for message in parsed.messages:
            await on_message(message)

    async def _next_updates(self, stop: asyncio.Event) -> Sequence[Update]:
        """One ``getUpdates`` call raced against ``stop``; errors are waited out (returns no updates)."""
        fetch = asyncio.ensure_future(self._bot.get_updates(
            offset=self._offset, timeout=self._poll_timeout, allowed_updates=list(ALLOWED_UPDATES)))
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            if not fetch.done():
                fetch.cancel()
                # Let the cancelled request unwind, so its connection goes back to the pool.
                with contextlib.suppress(asyncio.CancelledError, TelegramError):
                    await fetch
        if fetch.cancelled():
            return ()
        try:
            updates = fetch.result()
        except TelegramError as exc:
            await self._wait_out(exc, stop)
            return ()
        self._confirmed_offset = self._offset
        return updates

    async def _wait_out(self, exc: TelegramError, stop: asyncio.Event) -> None:
        """Back off after a failed ``getUpdates``, or raise if waiting cannot help."""
        if isinstance(exc, InvalidToken):
            raise ConfigError("Telegram rejected the bot token", field="WARMLINE_TELEGRAM_TOKEN",
                              fix="copy the token again from @BotFather") from exc
        if isinstance(exc, Conflict) and "webhook" in exc.message.lower():
            raise ConfigError("a webhook is set for this bot, so Telegram refuses polling",
                              field="WARMLINE_TELEGRAM_SECRET",
                              fix="call deleteWebhook (TelegramChannel.delete_webhook) or receive via the webhook"
                              ) from exc
        if isinstance(exc, TimedOut):
            return  # a long poll that outlived the read timeout; simply ask again
        error = delivery_error(exc)
        delay = error.retry_after if error.retry_after is not None else min(self._poll_timeout, _MAX_BACKOFF_SECONDS)
        logger.warning("Telegram getUpdates failed (%s); retrying in %g s", exc, delay)
        await _wait_or_stop(stop, delay)

    async def _confirm_offset(self) -> None:
        """Tell Telegram which updates were handled, so a restart does not fetch them again."""
        if self._offset is None or self._offset == self._confirmed_offset:
            return
        try:
            await self._bot.get_updates(offset=self._offset, timeout=0, limit=1,
                                        allowed_updates=list(ALLOWED_UPDATES))
        except TelegramError as exc:
            logger.warning("could not confirm Telegram updates below %s: %s", self._offset, exc)

    # --- sending -------------------------------------------------------------------------------------

    async def send(self, message: OutboundMessage) -> None:
        """Send the text (split at 4096 characters) with the choices as an inline keyboard on the last part.

        More choices than ``capabilities.max_buttons`` are sent as numbered text instead. A staff reply
        (``author_name``) starts with the name in bold. Failures raise ``DeliveryError``.
        """
        buttons = len(message.choices) <= self.capabilities.max_buttons
        said = with_source(message.text, message.citations)  # where the answer came from, in the shop's words
        text = said if buttons else numbered_choices(said, message.choices)
        chunks = render_text(text, author_name=message.author_name, limit=self.capabilities.max_text_chars)
        keyboard = inline_keyboard(message.choices) if buttons and message.choices else None
        try:
            await self._ensure_started()
            for index, chunk in enumerate(chunks):
                await self._bot.send_message(
                    chat_id=message.recipient_id, text=chunk, parse_mode=ParseMode.HTML,
                    reply_markup=keyboard if index == len(chunks) - 1 else None)
        except TelegramError as exc:
            raise delivery_error(exc) from exc

    async def typing(self, recipient_id: str) -> None:
        """Show "typing…" in the chat (Telegram shows it for 5 s); cosmetic, so failures are only logged."""
        try:
            await self._ensure_started()
            await self._bot.send_chat_action(chat_id=recipient_id, action=ChatAction.TYPING)
        except TelegramError as exc:
            logger.warning("could not send Telegram typing indicator to %s: %s", recipient_id, exc)

    # --- setup helpers (for the CLI / an operator) -----------------------------------------------------

    async def set_webhook(self, url: str) -> None:
        """Register ``url`` (https) as the webhook, with the secret token and the update types we read."""
        if self._secret is None:
            raise ConfigError("a webhook needs a secret", field="WARMLINE_TELEGRAM_SECRET",
                              fix="set WARMLINE_TELEGRAM_SECRET, or use polling")
        try:
            await self._ensure_started()
            await self._bot.set_webhook(url, secret_token=self._secret, allowed_updates=list(ALLOWED_UPDATES))
        except TelegramError as exc:
            raise delivery_error(exc) from exc

    async def delete_webhook(self) -> None:
        """Remove the webhook so that ``poll`` can be used."""
        try:
            await self._ensure_started()
            await self._bot.delete_webhook()
        except TelegramError as exc:
            raise delivery_error(exc) from exc
