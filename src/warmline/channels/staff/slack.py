"""The Slack staff channel: handoff cards out, thread replies and button clicks in.

It only translates. Everything Slack sends is verified by bolt (signing secret over HTTP; the app-level
token in Socket Mode), then turned into calls on ``StaffActions``, which the app implements. What the
app wants shown in Slack comes in as a ``HandoffCard`` or a line of text. Errors the app raises on
purpose (``WarmlineError``) reach the person who clicked as an ephemeral message; nothing else sees them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import OrderedDict
from typing import Any

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from warmline.channels._base import WebhookRequest, WebhookResult
from warmline.domain import DeliveryError, WarmlineError

from ._slack_actions import StaffActions, plain_text
from ._slack_blocks import (
    ACTION_CLAIM,
    ACTION_HANDBACK,
    ACTION_REASSIGN,
    ACTION_RESOLVE,
    ACTION_TEACH,
    SLACK_SOURCE_PREFIX,
    VIEW_RESOLVE,
    HandoffCard,
    SlackThread,
    card_blocks,
    card_fallback_text,
    escape,
    kept_promise_ids,
    resolve_view,
)
from ._slack_signature import is_signed_by_slack

__all__ = ["NOT_ON_ROSTER", "SlackStaffChannel", "StaffActions", "plain_text"]

logger = logging.getLogger(__name__)

NOT_ON_ROSTER = ("You're not on this shop's staff roster, so Warmline can't act for you. An admin can add "
                 "your Slack user ID `{user}` as `slack_user_id` of your entry in the bot file.")
INTERNAL_NOTE_PREFIX = "//"  # thread messages starting with this stay among staff
_SEEN_EVENTS = 2048


class SlackStaffChannel:
    """One Slack workspace: posts and updates cards, relays thread replies, runs the card buttons."""

    name = "slack"

    def __init__(self, *, bot_token: str, signing_secret: str | None, api_url: str,
                 handoff_channel: str | None = None, app_token: str | None = None) -> None:
        self.handoff_channel = handoff_channel
        self.client = AsyncWebClient(token=bot_token, base_url=api_url)
        # process_before_response: a click or reply is handled before Slack gets its 200, so Slack's
        # retry (sent when we take over 3 s) finds the event already recorded as seen.
        self.app = AsyncApp(client=self.client, signing_secret=signing_secret,
                            request_verification_enabled=signing_secret is not None,
                            process_before_response=True, name="warmline", logger=logger)
        self.http_enabled = signing_secret is not None
        self._signing_secret = signing_secret
        # Built here (inside the running loop: the SDK starts its message processor at once), connected
        # in start().
        self.socket_mode: AsyncSocketModeHandler | None = (
            AsyncSocketModeHandler(self.app, app_token) if app_token else None)
        self._connecting: asyncio.Task[None] | None = None
        self._actions: StaffActions | None = None
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._staff_ids: dict[str, str] = {}
        self._register_listeners()

    # --- lifecycle and the app's side --------------------------------------------------------------

    def connect(self, actions: StaffActions) -> None:
        """Give the channel the app's staff actions (before any request arrives)."""
        self._actions = actions

    async def start(self) -> None:
        """Start connecting Socket Mode when an app-level token was given (no public URL needed).

        In the background: the SDK retries a failed connection forever, and the rest of Warmline must
        not wait for Slack to come up.
        """
        if self.socket_mode is not None and self._connecting is None:
            self._connecting = asyncio.create_task(self.socket_mode.connect_async(), name="slack-socket-mode")

    async def close(self) -> None:
        """Stop connecting, and close the Socket Mode connection, if any."""
        if self._connecting is not None:
            self._connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connecting
            self._connecting = None
        if self.socket_mode is not None:
            await self.socket_mode.close_async()

    async def handle_http(self, request: WebhookRequest) -> WebhookResult:
        """An Events API or interactivity request: bolt verifies the signature, then dispatches it."""
        if not self.http_enabled:
            return WebhookResult(status_code=404, body="Slack HTTP events need WARMLINE_SLACK_SIGNING_SECRET")
        if not self.verify(request):  # before anything reads the body (bolt would parse it first)
            return WebhookResult(status_code=401, body="invalid or stale Slack signature")
        try:  # bolt parses the body by its content type before checking the signature
            bolt_request = AsyncBoltRequest(body=request.body.decode("utf-8", errors="replace"),
                                            query=dict(request.query),
                                            headers={name: [value] for name, value in request.headers.items()})
        except (ValueError, AttributeError, TypeError, KeyError, RecursionError):  # bad JSON, `null`, `[]`, too deep
            return WebhookResult(status_code=400, body="the body does not match its content type")
        response = await self.app.async_dispatch(bolt_request)
        content_type = (response.headers.get("content-type") or ["text/plain"])[0]
        return WebhookResult(status_code=response.status, body=response.body, content_type=content_type)

    def verify(self, request: WebhookRequest) -> bool:
        """Whether ``request`` is signed by Slack with our signing secret, within five minutes."""
        return self._signing_secret is not None and is_signed_by_slack(
            self._signing_secret, request.headers, request.body)

    # --- what the app shows in Slack --------------------------------------------------------------

    async def post_card(self, card: HandoffCard) -> SlackThread:
        """Post the card in the handoff channel (or, without one, to the assignee directly)."""
        channel = self.handoff_channel
        if channel is None:
            if card.assignee_slack_id is None:
                raise DeliveryError("no handoff channel is set and the assignee has no Slack user id",
                                    channel=self.name, permanent=True)
            channel = await self._open_dm(card.assignee_slack_id)
        response = await self._call("chat_postMessage", channel=channel, text=card_fallback_text(card),
                                    blocks=card_blocks(card), unfurl_links=False, unfurl_media=False)
        return SlackThread(channel=str(response["channel"]), ts=str(response["ts"]))

    async def update_card(self, thread: SlackThread, card: HandoffCard) -> None:
        """Redraw the card in place (its state, assignee and buttons changed)."""
        await self._call("chat_update", channel=thread.channel, ts=thread.ts, text=card_fallback_text(card),
                         blocks=card_blocks(card))

    async def post_in_thread(self, thread: SlackThread, text: str, *, author: str,
                             mention: str | None = None) -> None:
        """A line in the card's thread: ``*author:* text`` (customer text is escaped, never a mention)."""
        ping = f"<@{mention}> " if mention else ""
        await self._call("chat_postMessage", channel=thread.channel, thread_ts=thread.ts,
                         text=f"{ping}*{escape(author)}:* {escape(text)}", unfurl_links=False, unfurl_media=False)

    async def dm(self, slack_user_id: str, text: str) -> None:
        """A direct message from the app to one person."""
        channel = await self._open_dm(slack_user_id)
        await self._call("chat_postMessage", channel=channel, text=text)

    async def ephemeral(self, *, channel: str, user: str, text: str, thread_ts: str | None = None) -> None:
        """A message only ``user`` sees, in ``channel`` (and the thread, when given)."""
        kwargs: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
        try:
            await self._call("chat_postEphemeral", channel=channel, user=user, text=text, **kwargs)
        except DeliveryError as exc:
            logger.warning("could not tell %s: %s", user, exc)

    async def _open_dm(self, slack_user_id: str) -> str:
        response = await self._call("conversations_open", users=slack_user_id)
        return str(response["channel"]["id"])

    async def _call(self, method: str, **kwargs: Any) -> Any:
        try:
            return await getattr(self.client, method)(**kwargs)
        except SlackApiError as exc:
            error = str(exc.response.get("error", exc))
            retry_after = exc.response.headers.get("Retry-After") if exc.response.status_code == 429 else None
            raise DeliveryError(f"{method}: {error}", channel=self.name,
                                retry_after=float(retry_after) if retry_after else None,
                                permanent=exc.response.status_code != 429) from exc
        except OSError as exc:  # the Web API is unreachable
            raise DeliveryError(f"{method}: {exc}", channel=self.name) from exc

    # --- what Slack sends -----------------------------------------------------------------------------

    def _register_listeners(self) -> None:
        self.app.event("message")(self._on_message)
        for action_id, verb in ((ACTION_CLAIM, "claim"), (ACTION_HANDBACK, "hand_back"), (ACTION_TEACH, "teach")):
            self.app.action(action_id)(self._button(verb))
        self.app.action(ACTION_REASSIGN)(self._on_reassign)
        self.app.action(ACTION_RESOLVE)(self._on_resolve)
        self.app.view(VIEW_RESOLVE)(self._on_resolve_submitted)

    def _first_time(self, event_id: object) -> bool:
        """Slack retries an event it thinks we missed; each event id is acted on once."""
        if not isinstance(event_id, str) or not event_id:
            return True
        if event_id in self._seen:
            return False
        self._seen[event_id] = None
        if len(self._seen) > _SEEN_EVENTS:
            self._seen.popitem(last=False)
        return True

    def _require_actions(self) -> StaffActions:
        if self._actions is None:
            raise RuntimeError("SlackStaffChannel.connect(actions) was not called")
        return self._actions

    async def _staff_id(self, slack_user_id: str) -> str | None:
        """The roster id of a Slack user, only by the ``slack_user_id`` on the roster (never by a profile's
        e-mail, which its user sets): anyone else's click or reply is refused and changes nothing."""
        if slack_user_id in self._staff_ids:
            return self._staff_ids[slack_user_id]
        staff_id = await self._require_actions().staff_id_for(slack_user_id)
        if staff_id is not None:
            self._staff_ids[slack_user_id] = staff_id
        return staff_id

    async def _on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """A message in a card's thread from a person on the roster goes to the customer."""
        thread_ts, user, channel = event.get("thread_ts"), event.get("user"), event.get("channel")
        raw = event.get("text")
        if event.get("bot_id") or event.get("subtype") or not (
                isinstance(user, str) and user and isinstance(channel, str) and channel
                and isinstance(thread_ts, str) and thread_ts):
            return  # our own posts, edits, joins, messages outside any thread, and shapes Slack never sends
        if not isinstance(raw, str | None):
            return  # a signed event whose text is not text (`"text": 5`): nothing a person wrote
        if thread_ts == event.get("ts") or not self._first_time(body.get("event_id")):
            return
        actions = self._require_actions()
        conversation_id = await actions.conversation_for_thread(channel, thread_ts)
        text = plain_text(raw or "")
        if conversation_id is None or not text or text.startswith(INTERNAL_NOTE_PREFIX):
            return
        staff_id = await self._staff_id(user)
        if staff_id is None:
            await self.ephemeral(channel=channel, user=user, thread_ts=thread_ts,
                                 text=NOT_ON_ROSTER.format(user=user) + " Your message was not sent to the customer.")
            return
        try:
            # The Slack message's own id: a retry of this event (on any worker) is not relayed twice.
            ts = event.get("ts")
            source_id = f"{SLACK_SOURCE_PREFIX}{channel}:{ts}" if isinstance(ts, str) and ts else None
            await actions.reply(conversation_id, staff_id=staff_id, text=text, source_id=source_id)
        except WarmlineError as exc:
            await self.ephemeral(channel=channel, user=user, thread_ts=thread_ts,
                                 text=f"Not sent to the customer: {exc.message}")

    def _button(self, verb: str) -> Any:
        async def on_click(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
            await ack()
            await self._act(body, verb, conversation_id=str(action.get("value") or ""))
        on_click.__name__ = f"on_{verb}"
        return on_click

    async def _on_reassign(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        conversation_id, _, to_staff_id = str((action.get("selected_option") or {}).get("value", "")).partition("|")
        await self._act(body, "reassign", conversation_id=conversation_id, to_staff_id=to_staff_id)

    async def _on_resolve(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Resolve keeps no promise by itself: with open staff commitments, ask which really happened."""
        await ack()
        conversation_id = str(action.get("value") or "")
        commitments = await self._require_actions().open_commitments(conversation_id)
        trigger_id = body.get("trigger_id")
        if not commitments or not isinstance(trigger_id, str):
            await self._act(body, "resolve", conversation_id=conversation_id)
            return
        user = str((body.get("user") or {}).get("id", ""))
        channel = str((body.get("channel") or {}).get("id", ""))
        if await self._staff_id(user) is None:
            await self.ephemeral(channel=channel, user=user, text=NOT_ON_ROSTER.format(user=user))
            return
        view = resolve_view(conversation_id=conversation_id, channel=channel, commitments=commitments)
        try:
            await self._call("views_open", trigger_id=trigger_id, view=view)
        except DeliveryError as exc:
            await self.ephemeral(channel=channel, user=user, text=f"Couldn't ask which promises were kept: {exc}")

    async def _on_resolve_submitted(self, ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        """The modal's answer: resolve, counting only the ticked commitments as kept."""
        await ack()
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
        except ValueError:
            return  # not our modal's metadata: nothing to resolve
        body = {**body, "channel": {"id": str(meta.get("channel", ""))}}
        await self._act(body, "resolve", conversation_id=str(meta.get("conversation_id", "")),
                        done=kept_promise_ids(view))

    async def _act(self, body: dict[str, Any], verb: str, *, conversation_id: str, **extra: Any) -> None:
        """Run one card action for the person who clicked; refusals come back to them alone."""
        user = str((body.get("user") or {}).get("id", ""))
        channel = str((body.get("channel") or {}).get("id", ""))
        staff_id = await self._staff_id(user) if user else None
        if staff_id is None:
            await self.ephemeral(channel=channel, user=user, text=NOT_ON_ROSTER.format(user=user))
            return
        try:
            await getattr(self._require_actions(), verb)(conversation_id, staff_id=staff_id, **extra)
        except WarmlineError as exc:
            await self.ephemeral(channel=channel, user=user, text=f"Couldn't do that: {exc.message}")
