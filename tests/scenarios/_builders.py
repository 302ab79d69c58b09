"""Plain YAML data → frozen domain objects, for the scenario suite (independent of the app's loader)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from warmline.domain import (
    Author,
    Bot,
    BusinessHours,
    CaseType,
    Citation,
    Customer,
    Message,
    Passage,
    Retrieval,
    ScoredPassage,
    Shift,
    StaffMember,
    TeamSnapshot,
    Thresholds,
    Voice,
)

HERE = Path(__file__).parent


def _time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _shifts(raw: list[dict[str, Any]]) -> tuple[Shift, ...]:
    return tuple(Shift(days=tuple(s["days"]), start=_time(s["start"]), end=_time(s["end"])) for s in raw)


def load_bot(path: Path = HERE / "bot.yaml") -> Bot:
    """The scenario shop."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    hours = raw["business_hours"]
    return Bot(
        name=raw["name"], display_name=raw["display_name"], knowledge_dir=HERE,
        voice=Voice(**raw.get("voice", {})),
        business_hours=BusinessHours(timezone=hours["timezone"], shifts=_shifts(hours["shifts"])),
        staff=tuple(StaffMember(**{**s, "skills": tuple(s.get("skills", ())), "shifts": _shifts(s.get("shifts", []))})
                    for s in raw["staff"]),
        case_types=tuple(CaseType(**{**c, "skills": tuple(c.get("skills", ())), "examples": tuple(c["examples"]),
                                     "needs": tuple(c.get("needs", ()))}) for c in raw["case_types"]),
        thresholds=Thresholds(**raw.get("thresholds", {})),
    )


def moment(value: str | datetime) -> datetime:
    """An ISO timestamp (YAML may already have parsed it); naive means UTC."""
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def customer(raw: dict[str, Any] | None) -> Customer:
    """A customer profile from plain data."""
    data = dict(raw or {})
    since = data.pop("customer_since", None)
    if isinstance(since, str):
        since = date.fromisoformat(since)
    return Customer(id=data.pop("id", "c1"), customer_since=since, **data)


def history(raw: list[dict[str, Any]] | None, *, now: datetime) -> tuple[Message, ...]:
    """Earlier messages of the conversation: ``{customer: "..."}`` / ``{bot: "..."}`` / ``{staff: "..."}``."""
    messages = []
    for index, item in enumerate(raw or ()):
        ((author, text),) = item.items()
        messages.append(Message(id=f"m{index}", conversation_id="conv", author=Author(author), text=text,
                                channel="web", created_at=now))
    return tuple(messages)


def retrieval(raw: dict[str, Any] | None, *, query: str) -> Retrieval:
    """What the knowledge base would say: in scope or not, candidates with scores, an answer text."""
    data = raw or {}
    candidates = tuple(
        ScoredPassage(score=c["score"], passage=Passage(
            id=c.get("id", f"p{i}"), text=c.get("text", c.get("question", "")), question=c.get("question"),
            citation=Citation(source=c.get("source", "faq.yaml"), title=c.get("title", c.get("question", ""))),
            tags=tuple(c.get("tags", ())), case_type=c.get("case_type")))
        for i, c in enumerate(data.get("candidates", ())))
    return Retrieval(query=query, candidates=candidates, confidence=data.get("confidence", 0.0),
                     in_scope=data.get("in_scope", False), ambiguous=data.get("ambiguous", False),
                     answer_text=data.get("answer"))


def team(raw: dict[str, Any] | None) -> TeamSnapshot:
    """Open conversations per staff id, queue length, and who helped last."""
    data = raw or {}
    return TeamSnapshot(workload=dict(data.get("workload", {})), queue_length=data.get("queue_length", 0),
                        last_helper_id=data.get("last_helper_id"))
