"""The handoff card as neutral data, and its rendering to Slack Block Kit (plain dicts, no SDK).

Kept apart from the SDK module so the card can be rendered anywhere (the docs preview renders the same
JSON), and so the layout is tested without Slack. Limits honoured: a header's text ≤ 150 characters,
a section's text ≤ 3,000, ≤ 10 fields per section, a select's option text ≤ 75 and value ≤ 150.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SLACK_SOURCE_PREFIX = "slack:"  # a staff reply typed in Slack is stored with external_id slack:<channel>:<ts>

__all__ = [
    "ACTION_CLAIM",
    "ACTION_HANDBACK",
    "ACTION_KEPT",
    "ACTION_REASSIGN",
    "ACTION_RESOLVE",
    "ACTION_TEACH",
    "SLACK_SOURCE_PREFIX",
    "VIEW_RESOLVE",
    "CardState",
    "HandoffCard",
    "RosterOption",
    "SlackThread",
    "TranscriptLine",
    "card_blocks",
    "card_fallback_text",
    "escape",
    "kept_promise_ids",
    "resolve_view",
]

ACTION_CLAIM = "warmline_claim"
ACTION_REASSIGN = "warmline_reassign"
ACTION_RESOLVE = "warmline_resolve"
ACTION_HANDBACK = "warmline_handback"
ACTION_TEACH = "warmline_teach"
VIEW_RESOLVE = "warmline_resolve_kept"  # the "which promises were kept?" modal
ACTION_KEPT = "warmline_kept"
_KEPT_BLOCK = "warmline_kept_block"

_SECTION_LIMIT = 3000
_HEADER_LIMIT = 150
_FIELD_LIMIT = 2000
_OPTION_TEXT_LIMIT = 75
_LINE_LIMIT = 400
_OWNED_STATES = ("queued", "with_human")
_ORDERS_SHOWN = 3  # the conversation's order comes first; the rest is in the staff inbox


class CardState:
    """The conversation states a card shows (the values of ``ConversationState``)."""

    QUEUED = "queued"
    WITH_HUMAN = "with_human"
    RESOLVED = "resolved"
    BOT = "bot"


@dataclass(frozen=True, slots=True)
class SlackThread:
    """Where a card lives: its channel and the message ``ts`` its thread hangs from."""

    channel: str
    ts: str

    @property
    def ref(self) -> str:
        """The serialised form the store keeps: ``"channel:ts"``."""
        return f"{self.channel}:{self.ts}"

    @classmethod
    def parse(cls, ref: str) -> SlackThread:
        """The thread from its serialised form."""
        channel, _, ts = ref.partition(":")
        return cls(channel=channel, ts=ts)


@dataclass(frozen=True, slots=True, kw_only=True)
class TranscriptLine:
    """One message of the conversation so far, as the card shows it."""

    author: str  # "customer" | "bot" | "staff" | "system"
    name: str
    text: str
    channel: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterOption:
    """Someone the card can be reassigned to."""

    staff_id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoffCard:
    """Everything the named person needs, so the customer never repeats themselves."""

    conversation_id: str
    state: str
    customer_name: str
    channel: str
    customer_facts: tuple[tuple[str, str], ...] = ()  # ("Customer since", "2019"), ("Orders", "14")…
    reasons: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    transcript: tuple[TranscriptLine, ...] = ()
    identifiers: tuple[str, ...] = ()
    knowledge: tuple[str, ...] = ()
    suggested_reply: str | None = None
    promise: str | None = None
    assignee_slack_id: str | None = None
    assignee_name: str | None = None
    roster: tuple[RosterOption, ...] = ()
    teachable: bool = False  # offer "Add to knowledge" (the staff answer becomes a knowledge entry)
    orders: tuple[str, ...] = ()  # one line per order: number, status, carrier and tracking, items, total


def escape(text: str) -> str:
    """Slack's three control characters, escaped so customer text can't mention or link anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _who(card: HandoffCard) -> str:
    if card.assignee_slack_id:
        return f"<@{card.assignee_slack_id}>"
    return f"*{escape(card.assignee_name)}*" if card.assignee_name else "the team"


def _status_line(card: HandoffCard) -> str:
    who = _who(card)
    return {
        CardState.QUEUED: f":wave: {who}, this one is for you. Claim it, or reassign it.",
        CardState.WITH_HUMAN: f":speech_balloon: {who} is on it. Reply in this thread to answer the customer.",
        CardState.RESOLVED: ":white_check_mark: Resolved. The customer was thanked and asked how it went.",
        CardState.BOT: ":robot_face: Handed back to the bot.",
    }.get(card.state, card.state)


def card_fallback_text(card: HandoffCard) -> str:
    """The notification text (it carries the mention, so the person is pinged)."""
    return _cut(f"{_who(card)} handoff: {card.customer_name} on {card.channel}. {_status_line(card)}", 3000)


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text, _SECTION_LIMIT)}}


def _bullets(title: str, lines: tuple[str, ...]) -> dict[str, Any]:
    return _section(f"*{title}*\n" + "\n".join(f"• {escape(_cut(line, _LINE_LIMIT))}" for line in lines))


def _transcript(card: HandoffCard) -> dict[str, Any]:
    rendered = []
    for entry in card.transcript:
        where = f" ({entry.channel})" if entry.author == "customer" and entry.channel else ""
        text = escape(_cut(" ".join(entry.text.split()), _LINE_LIMIT))
        rendered.append(f"*{escape(entry.name)}*{where}: {text}")
    body, title = "", "*Transcript so far*\n"
    for line in reversed(rendered):  # keep the latest lines when it is too long
        if len(title) + len(line) + len(body) + 1 > _SECTION_LIMIT:
            title = "*Transcript so far* (earlier messages cut)\n"
            break
        body = f"{line}\n{body}"
    return _section(title + body.rstrip())


def _buttons(card: HandoffCard) -> dict[str, Any]:
    value = card.conversation_id
    elements: list[dict[str, Any]] = []
    if card.state == CardState.QUEUED:
        elements.append({"type": "button", "action_id": ACTION_CLAIM, "style": "primary", "value": value,
                         "text": {"type": "plain_text", "text": "Claim"}})
    others = [m for m in card.roster if m.name != card.assignee_name]
    if others:
        elements.append({"type": "static_select", "action_id": ACTION_REASSIGN,
                         "placeholder": {"type": "plain_text", "text": "Reassign…"},
                         "options": [{"text": {"type": "plain_text", "text": _cut(m.name, _OPTION_TEXT_LIMIT)},
                                      "value": f"{value}|{m.staff_id}"} for m in others[:100]]})
    elements.append({"type": "button", "action_id": ACTION_RESOLVE, "value": value,
                     "text": {"type": "plain_text", "text": "Resolve"}})
    elements.append({"type": "button", "action_id": ACTION_HANDBACK, "value": value,
                     "text": {"type": "plain_text", "text": "Hand back to bot"},
                     "confirm": {"title": {"type": "plain_text", "text": "Hand back to the bot?"},
                                 "text": {"type": "plain_text",
                                          "text": "The assistant answers this customer again from now on."},
                                 "confirm": {"type": "plain_text", "text": "Hand back"},
                                 "deny": {"type": "plain_text", "text": "Keep it"}}})
    if card.teachable:
        elements.append(_teach_button(card))
    return {"type": "actions", "block_id": f"warmline_actions:{value}"[:255], "elements": elements}


def _teach_button(card: HandoffCard) -> dict[str, Any]:
    return {"type": "button", "action_id": ACTION_TEACH, "value": card.conversation_id,
            "text": {"type": "plain_text", "text": "Add to knowledge"},
            "confirm": {"title": {"type": "plain_text", "text": "Add to knowledge?"},
                        "text": {"type": "plain_text",
                                 "text": "The customer's question and your answer become a knowledge entry "
                                         "(learned/ in the knowledge folder); the bot answers it from now on."},
                        "confirm": {"type": "plain_text", "text": "Add it"},
                        "deny": {"type": "plain_text", "text": "Not now"}}}


def card_blocks(card: HandoffCard) -> list[dict[str, Any]]:
    """The card as Block Kit blocks: who, why, orders, summary, transcript, knowledge, suggestion, promise,
    buttons."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "emoji": True,
                                    "text": _cut(f"Handoff: {card.customer_name} on {card.channel}", _HEADER_LIMIT)}},
        _section(_status_line(card)),
    ]
    facts = [("Customer", card.customer_name), ("Channel", card.channel), *card.customer_facts][:10]
    blocks.append({"type": "section", "fields": [
        {"type": "mrkdwn", "text": _cut(f"*{escape(label)}*\n{escape(value)}", _FIELD_LIMIT)}
        for label, value in facts]})
    if card.reasons:
        blocks.append(_bullets("Why a person", card.reasons))
    if card.orders:
        blocks.append(_bullets("Orders", card.orders[:_ORDERS_SHOWN]))
    if card.summary:
        blocks.append(_section("*Summary*\n" + "\n".join(f"> {escape(line)}" for line in card.summary[:2])))
    if card.transcript:
        blocks.append(_transcript(card))
    if card.identifiers:
        blocks.append(_section("*Order numbers and contacts mentioned:* "
                               + ", ".join(f"`{escape(item)}`" for item in card.identifiers)))
    if card.knowledge:
        blocks.append(_bullets("What the knowledge base says", card.knowledge))
    if card.suggested_reply and card.state in _OWNED_STATES:
        blocks.append(_section(f"*Suggested reply*\n```{escape(card.suggested_reply)}```"))
    if card.promise:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": _cut(f":hourglass_flowing_sand: {escape(card.promise)}", _FIELD_LIMIT)}]})
    if card.state in _OWNED_STATES:
        blocks.append({"type": "divider"})
        blocks.append(_buttons(card))
    elif card.teachable:  # closed, but what was answered can still be taught
        blocks.append({"type": "actions", "block_id": f"warmline_teach:{card.conversation_id}"[:255],
                       "elements": [_teach_button(card)]})
    return blocks


def resolve_view(*, conversation_id: str, channel: str, commitments: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The modal Resolve opens when staff promised something: a box per open commitment (id, what was
    promised); only the ticked ones count as kept, the rest stay open and are broken if their time passes."""
    options = [{"text": {"type": "plain_text", "text": _cut(text, 75)}, "value": promise_id}
               for promise_id, text in commitments[:10]]
    return {
        "type": "modal", "callback_id": VIEW_RESOLVE,
        "private_metadata": json.dumps({"conversation_id": conversation_id, "channel": channel}),
        "title": {"type": "plain_text", "text": "Resolve"},
        "submit": {"type": "plain_text", "text": "Resolve"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _section("*Which promises were kept?* Tick what really happened. The rest stay open, and count as "
                     "broken if their time passes."),
            {"type": "input", "block_id": _KEPT_BLOCK, "optional": True,
             "label": {"type": "plain_text", "text": "Kept"},
             "element": {"type": "checkboxes", "action_id": ACTION_KEPT, "options": options}},
        ],
    }


def kept_promise_ids(view: dict[str, Any]) -> tuple[str, ...]:
    """The ticked commitments of a submitted ``resolve_view``."""
    chosen = (((view.get("state") or {}).get("values") or {}).get(_KEPT_BLOCK) or {}).get(ACTION_KEPT) or {}
    return tuple(str(option.get("value")) for option in chosen.get("selected_options") or () if option.get("value"))
