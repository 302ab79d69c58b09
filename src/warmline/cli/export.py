"""``warmline export``: a period's conversations, decisions, handoffs, promises and feedback, as files the
shop can open in a spreadsheet (CSV) or read with its own tools (one JSON document).

Times are ISO 8601 in UTC. A CSV cell that a spreadsheet would run as a formula (customer text starting
with ``=``, ``+``, ``-`` or ``@``) is written with a leading apostrophe, so opening the file runs nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from warmline.config.botfile import load_bot
from warmline.config.settings import Settings
from warmline.domain import Activity, ValidationError
from warmline.engine.reports import parse_period
from warmline.engine.reports.figures import conversation_outcomes
from warmline.store import create_store

__all__ = ["FORMATS", "ExportResult", "export_tables", "read_activity", "write_export"]

FORMATS = ("csv", "json")
JSON_NAME = "warmline-export.json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportResult:
    """What was written, and how many rows of each kind."""

    since: datetime
    until: datetime
    files: tuple[Path, ...]
    rows: tuple[tuple[str, int], ...]


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_tables(activity: Activity) -> dict[str, list[dict[str, Any]]]:
    """The activity as named tables of flat rows (lists stay lists; CSV joins them with " | ")."""
    outcomes = conversation_outcomes(activity)
    conversations = [{
        "conversation_id": c.conversation.id, "channel": c.conversation.channel,
        "customer_id": c.conversation.customer_id, "state": c.conversation.state.value,
        "assignee_id": c.conversation.assignee_id, "outcome": outcomes[c.conversation.id].value,
        "customer_messages": c.customer_messages, "first_customer_message_at": _time(c.first_customer_at),
        "first_reply_at": _time(c.first_reply_at), "first_staff_reply_at": _time(c.first_staff_reply_at),
    } for c in activity.conversations]
    decisions = [{
        "created_at": _time(r.decision.created_at), "conversation_id": r.decision.conversation_id,
        "message_id": r.decision.message_id, "channel": r.channel, "question": r.question,
        "action": r.decision.action.value, "confidence": round(r.decision.confidence, 4),
        "case_type": r.decision.case_type, "eta_minutes": r.decision.eta_minutes,
        "assignee_id": r.decision.assignee.id if r.decision.assignee else None, "mode": r.decision.mode.value,
        "reasons": list(r.decision.reasons),
    } for r in activity.decisions]
    handoffs = [{
        "handoff_id": h.handoff.id, "created_at": _time(h.handoff.created_at),
        "conversation_id": h.handoff.conversation_id, "channel": h.channel, "assignee_id": h.handoff.assignee_id,
        "status": h.handoff.status.value, "case_type": h.handoff.case_type, "eta_minutes": h.handoff.eta_minutes,
        "claimed_at": _time(h.handoff.claimed_at), "resolved_at": _time(h.handoff.resolved_at),
        "first_staff_reply_at": _time(h.first_staff_reply_at), "first_staff_id": h.first_staff_id,
        "reasons": list(h.handoff.reasons),
    } for h in activity.handoffs]
    promises = [{
        "promise_id": p.id, "created_at": _time(p.created_at), "conversation_id": p.conversation_id,
        "owner_id": p.owner_id, "text": p.text, "due_at": _time(p.due_at), "status": p.status.value,
        "settled_at": _time(p.settled_at), "source": p.source.value, "nudged_at": _time(p.nudged_at),
    } for p in activity.promises]
    feedback = [{
        "feedback_id": f.id, "created_at": _time(f.created_at), "conversation_id": f.conversation_id,
        "channel": f.channel, "liked": f.liked, "comment": f.comment, "staff_id": f.staff_id,
    } for f in activity.feedback]
    return {"conversations": conversations, "decisions": decisions, "handoffs": handoffs,
            "promises": promises, "feedback": feedback}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _write_csv(path: Path, rows: Sequence[dict[str, Any]], header: Iterable[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(header))
        for row in rows:
            writer.writerow([_cell(v) for v in row.values()])


_HEADERS = {  # written even when a table is empty, so a spreadsheet or script always finds its columns
    "conversations": ("conversation_id", "channel", "customer_id", "state", "assignee_id", "outcome",
                      "customer_messages", "first_customer_message_at", "first_reply_at", "first_staff_reply_at"),
    "decisions": ("created_at", "conversation_id", "message_id", "channel", "question", "action", "confidence",
                  "case_type", "eta_minutes", "assignee_id", "mode", "reasons"),
    "handoffs": ("handoff_id", "created_at", "conversation_id", "channel", "assignee_id", "status", "case_type",
                 "eta_minutes", "claimed_at", "resolved_at", "first_staff_reply_at", "first_staff_id", "reasons"),
    "promises": ("promise_id", "created_at", "conversation_id", "owner_id", "text", "due_at", "status",
                 "settled_at", "source", "nudged_at"),
    "feedback": ("feedback_id", "created_at", "conversation_id", "channel", "liked", "comment", "staff_id"),
}


async def read_activity(settings: Settings, *, now: datetime, days: int | None = None, since: str | None = None,
                        until: str | None = None, channel: str | None = None) -> tuple[str, Activity]:
    """The shop's name and its activity in the period (``ValidationError`` naming the field for a bad one)."""
    bot = load_bot(settings.bot)
    period = parse_period(timezone=bot.business_hours.timezone, now=now, days=days, since=since, until=until)
    store = create_store(settings.resolved_database_url)
    await store.start()
    try:
        return bot.display_name, await store.activity(since=period.since, until=period.until, channel=channel)
    finally:
        await store.close()


def write_export(activity: Activity, *, out: Path, fmt: str = "csv", shop: str = "",
                 channel: str | None = None) -> ExportResult:
    """Write the activity's tables into ``out`` (created if needed); ``ValidationError`` for a bad format or
    an ``out`` that is a file."""
    if fmt not in FORMATS:
        raise ValidationError(f"unknown format {fmt!r}", field="format", expected=" or ".join(FORMATS))
    if out.exists() and not out.is_dir():
        raise ValidationError(f"{out} is a file", field="out", expected="a folder (created if missing)")
    tables = export_tables(activity)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        path = out / JSON_NAME
        document = {"shop": shop, "since": _time(activity.since), "until": _time(activity.until),
                    "channel": channel, **tables}
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        files: tuple[Path, ...] = (path,)
    else:
        files = tuple(out / f"{name}.csv" for name in tables)
        for path, (name, rows) in zip(files, tables.items(), strict=True):
            _write_csv(path, rows, _HEADERS[name])
    return ExportResult(since=activity.since, until=activity.until, files=files,
                        rows=tuple((name, len(rows)) for name, rows in tables.items()))
