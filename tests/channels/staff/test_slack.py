"""The Slack staff channel with the real slack_bolt / slack_sdk against a local fake Slack Web API.

Requests come in signed the way Slack signs them (Events API JSON, interactivity form posts, Socket Mode
envelopes); what the channel does is seen in the calls the fake recorded and the ``StaffActions`` it ran.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml
from slack_sdk.socket_mode.request import SocketModeRequest

from warmline.channels import WebhookRequest, WebhookResult
from warmline.channels.staff._slack_blocks import (
    HandoffCard,
    RosterOption,
    SlackThread,
    TranscriptLine,
    card_blocks,
)
from warmline.channels.staff.slack import SlackStaffChannel
from warmline.domain import ConflictError, DeliveryError

from .card_preview import PREVIEW, embedded_data, preview_data
from .fake_slack import (
    APP_TOKEN,
    BOT_TOKEN,
    HANDOFF_CHANNEL,
    SIGNING_SECRET,
    FakeSlack,
    action_request,
    block_action,
    event_request,
    message_event,
    view_submission,
)

MAYA, LEO, STRANGER = "U0MAYA", "U0LEO", "U0STRANGER"
CARD_TS = "1760000000.000001"  # the first ts the fake hands out


@dataclass
class RecordingActions:
    """``StaffActions`` that record what Slack asked for; ``fail_with`` makes the next action raise."""

    calls: list[tuple[Any, ...]] = field(default_factory=list)
    threads: dict[tuple[str, str], str] = field(default_factory=lambda: {(HANDOFF_CHANNEL, CARD_TS): "conv-1"})
    roster: dict[str, str] = field(default_factory=lambda: {MAYA: "maya", LEO: "leo"})
    emails: dict[str, str] = field(default_factory=dict)
    commitments: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    fail_with: Exception | None = None

    def _record(self, *call: Any) -> None:
        self.calls.append(call)
        if self.fail_with is not None:
            error, self.fail_with = self.fail_with, None
            raise error

    async def claim(self, conversation_id: str, *, staff_id: str) -> None:
        self._record("claim", conversation_id, staff_id)

    async def reply(self, conversation_id: str, *, staff_id: str, text: str, source_id: str | None = None) -> None:
        self._record("reply", conversation_id, staff_id, text)

    async def resolve(self, conversation_id: str, *, staff_id: str, done: Sequence[str] = ()) -> None:
        self._record("resolve", conversation_id, staff_id, *((tuple(done),) if done else ()))

    async def open_commitments(self, conversation_id: str) -> Sequence[tuple[str, str]]:
        return self.commitments.get(conversation_id, [])

    async def hand_back(self, conversation_id: str, *, staff_id: str) -> None:
        self._record("hand_back", conversation_id, staff_id)

    async def reassign(self, conversation_id: str, *, staff_id: str, to_staff_id: str) -> None:
        self._record("reassign", conversation_id, staff_id, to_staff_id)

    async def teach(self, conversation_id: str, *, staff_id: str) -> None:
        self._record("teach", conversation_id, staff_id)

    async def conversation_for_thread(self, channel: str, thread_ts: str) -> str | None:
        return self.threads.get((channel, thread_ts))

    async def staff_id_for(self, slack_user_id: str, *, email: str | None = None) -> str | None:
        return self.roster.get(slack_user_id) or (self.emails.get(email) if email else None)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(users={STRANGER: {"name": "Stranger", "email": "stranger@example.com"},
                          "U0NEWBIE": {"name": "Newbie", "email": "newbie@shop.example"}}) as server:
        yield server


@pytest.fixture
def actions() -> RecordingActions:
    return RecordingActions()


@pytest.fixture
def channel(fake: FakeSlack, actions: RecordingActions) -> SlackStaffChannel:
    slack = SlackStaffChannel(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=fake.api_url,
                              handoff_channel=HANDOFF_CHANNEL)
    slack.connect(actions)
    return slack


def card(**changes: Any) -> HandoffCard:
    values: dict[str, Any] = dict(
        conversation_id="conv-1", state="queued", customer_name="Ana Costa", channel="instagram",
        customer_facts=(("Customer since", "2019-03-01"), ("Orders", "14"), ("Value", "€1,240"), ("Tier", "gold")),
        reasons=("asked for a person: 'can I talk to a human'",), summary=("Latest: “my mug arrived broken”",),
        transcript=(TranscriptLine(author="customer", name="Ana Costa", text="Order #4521 arrived broken <@U0LEO>",
                                   channel="instagram"),),
        identifiers=("#4521",), knowledge=("faq.yaml › Returns: free return label within 30 days",),
        suggested_reply="Hi Ana, I have order #4521 in front of me.", promise="Maya replies within 20 min",
        assignee_slack_id=MAYA, assignee_name="Maya Lindqvist",
        roster=(RosterOption(staff_id="maya", name="Maya Lindqvist"), RosterOption(staff_id="leo", name="Leo Park")))
    values.update(changes)
    return HandoffCard(**values)


def request(body: bytes, headers: dict[str, str], **extra_headers: str) -> WebhookRequest:
    merged = {k.lower(): v for k, v in {**headers, **extra_headers}.items()}
    return WebhookRequest(method="POST", path="/slack/events", headers=merged, body=body)


async def post_event(channel: SlackStaffChannel, payload: dict[str, Any], **extra_headers: str) -> WebhookResult:
    body, headers = event_request(payload)
    return await channel.handle_http(request(body, headers, **extra_headers))


async def click(channel: SlackStaffChannel, **action: Any) -> WebhookResult:
    body, headers = action_request(block_action(**action))
    return await channel.handle_http(request(body, headers))


def thread_reply(text: str, *, user: str = MAYA, **extra: Any) -> dict[str, Any]:
    return message_event(user=user, text=text, channel=HANDOFF_CHANNEL, thread_ts=CARD_TS, **extra)


# --- out: cards and thread lines ----------------------------------------------------------------------

async def test_post_card_mentions_the_named_person_with_the_whole_context(channel: SlackStaffChannel,
                                                                          fake: FakeSlack) -> None:
    thread = await channel.post_card(card())
    [call] = fake.calls_to("chat.postMessage")
    assert thread == SlackThread(channel=HANDOFF_CHANNEL, ts=CARD_TS)
    assert call.params["channel"] == HANDOFF_CHANNEL
    assert call.token == BOT_TOKEN
    assert f"<@{MAYA}>" in call.params["text"]
    rendered = json.dumps(call.params["blocks"], ensure_ascii=False)
    for expected in ("Ana Costa", "instagram", "2019-03-01", "€1,240", "gold", "asked for a person", "#4521",
                     "free return label", "Hi Ana, I have order", "Maya replies within 20 min", f"<@{MAYA}>"):
        assert expected in rendered, expected
    actions = [e["action_id"] for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["warmline_claim", "warmline_reassign", "warmline_resolve", "warmline_handback"]


async def test_customer_text_cannot_mention_or_link_anyone(channel: SlackStaffChannel, fake: FakeSlack) -> None:
    await channel.post_card(card())
    await channel.post_in_thread(SlackThread(channel=HANDOFF_CHANNEL, ts=CARD_TS), "hey <!channel> <@U0LEO>",
                                 author="Ana Costa (instagram)")
    card_call, line = fake.calls_to("chat.postMessage")
    assert "<@U0LEO>" not in json.dumps(card_call.params["blocks"])
    assert line.params["thread_ts"] == CARD_TS
    assert line.params["text"] == "*Ana Costa (instagram):* hey &lt;!channel&gt; &lt;@U0LEO&gt;"


async def test_without_a_handoff_channel_the_card_goes_to_the_assignee_directly(fake: FakeSlack) -> None:
    slack = SlackStaffChannel(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=fake.api_url)
    thread = await slack.post_card(card())
    assert fake.calls_to("conversations.open")[0].params["users"] == MAYA
    assert thread.channel == f"D{MAYA}"
    with pytest.raises(DeliveryError, match="no handoff channel"):
        await slack.post_card(card(assignee_slack_id=None))


async def test_update_card_redraws_in_place_and_a_closed_card_has_no_buttons(channel: SlackStaffChannel,
                                                                             fake: FakeSlack) -> None:
    thread = await channel.post_card(card())
    await channel.update_card(thread, card(state="resolved"))
    [update] = fake.calls_to("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (HANDOFF_CHANNEL, CARD_TS)
    assert "Resolved" in json.dumps(update.params["blocks"])
    assert not [b for b in update.params["blocks"] if b["type"] == "actions"]


def test_a_card_with_an_answer_offers_add_to_knowledge_even_when_closed() -> None:
    for state in ("with_human", "resolved"):
        blocks = card_blocks(card(state=state, teachable=True))
        teach = [e for b in blocks if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "warmline_teach"]
        assert len(teach) == 1, state
        assert teach[0]["text"]["text"] == "Add to knowledge"
        assert teach[0]["confirm"]  # a knowledge entry is written: asked once more before it is


async def test_dm_opens_a_conversation_and_writes_there(channel: SlackStaffChannel, fake: FakeSlack) -> None:
    await channel.dm(LEO, "Ana's conversation is yours now")
    [post] = fake.calls_to("chat.postMessage")
    assert post.params == {"channel": f"D{LEO}", "text": "Ana's conversation is yours now"}


async def test_web_api_errors_become_delivery_errors(channel: SlackStaffChannel, fake: FakeSlack) -> None:
    fake.fail_next("chat.postMessage", error="not_in_channel")
    with pytest.raises(DeliveryError, match="not_in_channel"):
        await channel.post_card(card())


def test_block_kit_limits_hold_for_a_long_conversation() -> None:
    long = tuple(TranscriptLine(author="customer", name="Ana", text=f"message {i} " + "x" * 390) for i in range(40))
    blocks = card_blocks(card(transcript=long, customer_name="A" * 300))
    assert len(blocks[0]["text"]["text"]) <= 150
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]
    assert all(len(text) <= 3000 for text in sections)
    transcript = next(text for text in sections if text.startswith("*Transcript"))
    assert "message 39" in transcript
    assert "message 0 " not in transcript
    assert "earlier messages cut" in transcript


# --- in: thread replies ----------------------------------------------------------------------------------

async def test_a_thread_reply_from_the_roster_goes_to_the_customer(channel: SlackStaffChannel,
                                                                   actions: RecordingActions, fake: FakeSlack) -> None:
    result = await post_event(channel, thread_reply("Hi Ana, a new mug ships today &amp; it's on us"))
    assert result.status_code == 200
    assert actions.calls == [("reply", "conv-1", "maya", "Hi Ana, a new mug ships today & it's on us")]
    assert fake.calls_to("auth.test")  # bolt learned who the bot is


async def test_slack_retries_and_the_bots_own_messages_are_ignored(channel: SlackStaffChannel,
                                                                   actions: RecordingActions) -> None:
    first = thread_reply("On it", event_id="Ev0RETRY1")
    await post_event(channel, first)
    await post_event(channel, first, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    await post_event(channel, thread_reply("*Ana (instagram):* thanks", bot_id="BOTHER"))
    await post_event(channel, thread_reply("edited", subtype="message_changed"))
    await post_event(channel, thread_reply("// internal: check the warehouse first"))
    assert actions.calls == [("reply", "conv-1", "maya", "On it")]


async def test_messages_outside_card_threads_are_ignored(channel: SlackStaffChannel,
                                                         actions: RecordingActions, fake: FakeSlack) -> None:
    await post_event(channel, message_event(user=MAYA, text="lunch?", channel=HANDOFF_CHANNEL, thread_ts=None))
    await post_event(channel, message_event(user=MAYA, text="hi", channel=HANDOFF_CHANNEL, thread_ts="1.000002"))
    assert actions.calls == []
    assert not fake.calls_to("chat.postEphemeral")


async def test_someone_off_the_roster_is_told_privately_and_nothing_is_sent(channel: SlackStaffChannel,
                                                                            actions: RecordingActions,
                                                                            fake: FakeSlack) -> None:
    await post_event(channel, thread_reply("I'll take it", user=STRANGER))
    assert actions.calls == []
    [ephemeral] = fake.calls_to("chat.postEphemeral")
    assert ephemeral.params["user"] == STRANGER
    assert ephemeral.params["thread_ts"] == CARD_TS
    assert "not on this shop's staff roster" in ephemeral.params["text"]
    assert not fake.calls_to("users.info")  # who someone is comes from the roster alone


async def test_a_matching_email_is_not_enough_to_act_as_staff(channel: SlackStaffChannel,
                                                               actions: RecordingActions, fake: FakeSlack) -> None:
    # A Slack profile's e-mail is set by its user: only the roster's slack_user_id says who someone is.
    actions.emails["newbie@shop.example"] = "leo"
    await post_event(channel, thread_reply("Hello!", user="U0NEWBIE"))
    assert actions.calls == []
    [ephemeral] = fake.calls_to("chat.postEphemeral")
    assert ephemeral.params["user"] == "U0NEWBIE"


async def test_a_refused_reply_is_explained_to_its_author(channel: SlackStaffChannel, actions: RecordingActions,
                                                          fake: FakeSlack) -> None:
    actions.fail_with = ConflictError("Leo Park already has this conversation")
    await post_event(channel, thread_reply("me too"))
    [ephemeral] = fake.calls_to("chat.postEphemeral")
    assert ephemeral.params["text"] == "Not sent to the customer: Leo Park already has this conversation"


# --- in: buttons ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("action_id", "verb"), [("warmline_claim", "claim"), ("warmline_resolve", "resolve"),
                                                 ("warmline_handback", "hand_back"), ("warmline_teach", "teach")])
async def test_card_buttons_run_the_staff_action(channel: SlackStaffChannel, actions: RecordingActions,
                                                 action_id: str, verb: str) -> None:
    result = await click(channel, user=MAYA, action_id=action_id, value="conv-1")
    assert result.status_code == 200
    assert actions.calls == [(verb, "conv-1", "maya")]


async def test_resolve_asks_which_staff_promises_were_kept_and_counts_only_the_ticked_ones(
        channel: SlackStaffChannel, actions: RecordingActions, fake: FakeSlack) -> None:
    actions.commitments["conv-1"] = [("p-1", "Maya: I'll send the tracking link by 3pm"),
                                     ("p-2", "Maya: I'll check the colour with the studio")]

    await click(channel, user=MAYA, action_id="warmline_resolve", value="conv-1")

    assert actions.calls == []  # nothing resolved before staff answered
    [opened] = fake.calls_to("views.open")
    view = opened.params["view"]
    if isinstance(view, str):
        view = json.loads(view)
    options = [o["text"]["text"] for b in view["blocks"] if b["type"] == "input" for o in b["element"]["options"]]
    assert options == ["Maya: I'll send the tracking link by 3pm", "Maya: I'll check the colour with the studio"]

    body, headers = action_request(view_submission(user=MAYA, view=view, ticked=["p-2"]))
    result = await channel.handle_http(request(body, headers))

    assert result.status_code == 200
    assert actions.calls == [("resolve", "conv-1", "maya", ("p-2",))]


async def test_resolve_without_staff_promises_resolves_at_once(channel: SlackStaffChannel,
                                                               actions: RecordingActions, fake: FakeSlack) -> None:
    await click(channel, user=MAYA, action_id="warmline_resolve", value="conv-1")
    assert actions.calls == [("resolve", "conv-1", "maya")]
    assert fake.calls_to("views.open") == []


async def test_reassign_picks_someone_from_the_roster(channel: SlackStaffChannel, actions: RecordingActions) -> None:
    await click(channel, user=MAYA, action_id="warmline_reassign", selected="conv-1|leo")
    assert actions.calls == [("reassign", "conv-1", "maya", "leo")]


async def test_a_click_off_the_roster_or_against_the_state_is_explained(channel: SlackStaffChannel,
                                                                        actions: RecordingActions,
                                                                        fake: FakeSlack) -> None:
    await click(channel, user=STRANGER, action_id="warmline_resolve", value="conv-1")
    actions.fail_with = ConflictError("Leo Park already has this conversation")
    await click(channel, user=MAYA, action_id="warmline_claim", value="conv-1")
    stranger, conflict = fake.calls_to("chat.postEphemeral")
    assert stranger.params["user"] == STRANGER
    assert "roster" in stranger.params["text"]
    assert conflict.params == {"channel": HANDOFF_CHANNEL, "user": MAYA,
                               "text": "Couldn't do that: Leo Park already has this conversation"}
    assert actions.calls == [("claim", "conv-1", "maya")]


# --- signatures --------------------------------------------------------------------------------------------

async def test_forged_and_stale_signatures_are_refused_and_change_nothing(channel: SlackStaffChannel,
                                                                          actions: RecordingActions,
                                                                          fake: FakeSlack) -> None:
    payload = thread_reply("forged")
    body, headers = event_request(payload, secret="not-the-signing-secret")
    forged = await channel.handle_http(request(body, headers))
    body, headers = event_request(payload, timestamp=int(time.time()) - 6 * 60)
    stale = await channel.handle_http(request(body, headers))
    body, headers = event_request(payload)
    tampered = await channel.handle_http(request(body.replace(b"forged", b"sneaky"), headers))
    body, headers = action_request(block_action(user=MAYA, action_id="warmline_resolve", value="conv-1"),
                                   secret="wrong")
    forged_click = await channel.handle_http(request(body, headers))
    unsigned = await channel.handle_http(WebhookRequest(
        method="POST", path="/slack/events", headers={"content-type": "application/x-www-form-urlencoded"},
        body=body))
    forged_malformed = await channel.handle_http(request(body, {**headers, "Content-Type": "application/json"}))
    bad_stamp = await channel.handle_http(request(body, {**headers, "X-Slack-Request-Timestamp": "abc"}))
    body, headers = action_request(block_action(user=MAYA, action_id="warmline_resolve", value="conv-1"))
    malformed = await channel.handle_http(request(body, {**headers, "Content-Type": "application/json"}))
    assert [r.status_code for r in (forged, stale, tampered, forged_click, unsigned, forged_malformed,
                                    bad_stamp)] == [401] * 7
    assert malformed.status_code == 400
    assert actions.calls == []
    assert fake.calls == []


async def test_url_verification_is_answered_with_the_challenge(channel: SlackStaffChannel) -> None:
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    result = await post_event(channel, {"token": "x", "challenge": challenge, "type": "url_verification"})
    assert result.status_code == 200
    assert challenge in result.body


# --- Socket Mode: the same handlers, no network ---------------------------------------------------------------

class RecordingSocketClient:
    """Stands in for the Socket Mode websocket client: records the acknowledgements sent back."""

    def __init__(self) -> None:
        self.responses: list[Any] = []
        self.logger = __import__("logging").getLogger("test.socket_mode")

    async def send_socket_mode_response(self, response: Any) -> None:
        self.responses.append(response)


async def test_socket_mode_runs_the_same_handlers(fake: FakeSlack, actions: RecordingActions) -> None:
    slack = SlackStaffChannel(bot_token=BOT_TOKEN, signing_secret=None, api_url=fake.api_url,
                              handoff_channel=HANDOFF_CHANNEL, app_token=APP_TOKEN)
    slack.connect(actions)
    assert slack.socket_mode is not None
    client = RecordingSocketClient()
    await slack.socket_mode.handle(client, SocketModeRequest(  # type: ignore[arg-type]
        type="events_api", envelope_id="env-1", payload=thread_reply("Replying over Socket Mode")))
    await slack.socket_mode.handle(client, SocketModeRequest(  # type: ignore[arg-type]
        type="interactive", envelope_id="env-2",
        payload=block_action(user=MAYA, action_id="warmline_resolve", value="conv-1")))
    assert actions.calls == [("reply", "conv-1", "maya", "Replying over Socket Mode"), ("resolve", "conv-1", "maya")]
    assert [r.envelope_id for r in client.responses] == ["env-1", "env-2"]
    # Without a signing secret there is no HTTP endpoint: only Socket Mode can reach the handlers.
    body, headers = event_request(thread_reply("over http"))
    assert (await slack.handle_http(request(body, headers))).status_code == 404
    await slack.close()


# --- docs ---------------------------------------------------------------------------------------------------

def test_the_docs_preview_shows_what_card_blocks_renders_today() -> None:
    embedded = embedded_data(PREVIEW.read_text(encoding="utf-8"))
    assert embedded == json.loads(json.dumps(preview_data())), (
        "docs/slack-card-preview.html is out of date: cd tests && ../.venv/bin/python -m channels.staff.card_preview")


def test_the_manifest_subscribes_to_what_the_channel_handles() -> None:
    manifest = yaml.safe_load((PREVIEW.parent / "slack-manifest.yaml").read_text(encoding="utf-8"))
    settings = manifest["settings"]
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert settings["interactivity"]["request_url"].endswith("/slack/events")
    assert {"message.channels", "message.groups", "message.im"} <= set(settings["event_subscriptions"]["bot_events"])
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"chat:write", "channels:history", "im:write"} <= scopes
    assert "users:read.email" not in scopes  # people are matched by slack_user_id only
