"""The dashboard's figures as frozen types: what the page, the charts and the JSON API all read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from warmline.engine.reports._stats import Durations

__all__ = ["ChannelRow", "Count", "DaySeries", "EtaAccuracy", "Figures", "Outcome", "StaffLikes", "Unanswered",
           "WaitRow", "WeekAccuracy"]


class Outcome(StrEnum):
    """How far a conversation went in the period."""

    ANSWERED = "answered"
    DELAY = "delay_explained"
    HANDOFF = "handed_off"
    UNANSWERED = "not_answered"

    @property
    def label(self) -> str:
        """The words on the dashboard."""
        return {"answered": "Answered instantly", "delay_explained": "Delay explained",
                "handed_off": "Handed off", "not_answered": "Not answered"}[self.value]


@dataclass(frozen=True, slots=True, kw_only=True)
class Count:
    """One labelled number (a bar of a chart, a row of a table)."""

    key: str
    label: str
    value: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DaySeries:
    """The outcomes of the conversations that started on one day (in the shop's time zone)."""

    day: date
    counts: tuple[Count, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelRow:
    """One channel's conversations by outcome, and its likes."""

    channel: str
    conversations: int
    outcomes: tuple[Count, ...]
    liked: int
    answered_feedback: int


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitRow:
    """One handoff: what the customer was promised and how long they waited for a person."""

    conversation_id: str
    channel: str
    assignee_id: str
    created_at: datetime
    promised_minutes: float | None
    waited_minutes: float
    replied: bool
    case_type: str | None = None

    @property
    def late(self) -> bool:
        """Waited longer than promised (also while still waiting)."""
        return self.promised_minutes is not None and self.waited_minutes > self.promised_minutes


@dataclass(frozen=True, slots=True, kw_only=True)
class WeekAccuracy:
    """Settled promises of one group in a stretch of time: how many, the share kept, promised ÷ waited."""

    settled: int
    kept: int
    kept_rate: float | None  # None: no settled promise
    promised_median_minutes: float | None
    waited_median_minutes: float | None
    promised_over_actual: float | None  # None also when the median wait was 0


@dataclass(frozen=True, slots=True, kw_only=True)
class EtaAccuracy:
    """One case type's or person's promises: in the shown period, and the week before it."""

    key: str  # the case type's name ("(none)" for plain conversations) or the staff id
    label: str
    period: WeekAccuracy
    last_week: WeekAccuracy


@dataclass(frozen=True, slots=True, kw_only=True)
class StaffLikes:
    """Feedback on the conversations one person handled (``staff_id`` None: the assistant alone)."""

    staff_id: str | None
    name: str
    liked: int
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Unanswered:
    """A question the assistant could not answer, how often it was asked, and where."""

    question: str
    count: int
    channels: tuple[str, ...]
    last_asked: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """Everything the dashboard shows for one period (and channel, when one is chosen)."""

    since: datetime
    until: datetime
    timezone: str
    channel: str | None
    conversations: int
    outcomes: tuple[Count, ...]
    outcomes_by_day: tuple[DaySeries, ...]
    by_channel: tuple[ChannelRow, ...]
    first_reply: Durations
    first_person_reply: Durations
    waits: tuple[WaitRow, ...]
    wait_summary: tuple[Count, ...]
    promises: tuple[Count, ...]
    handoff_reasons: tuple[Count, ...]
    rerouted: int
    liked: int
    answered_feedback: int
    likes_by_staff: tuple[StaffLikes, ...]
    unanswered: tuple[Unanswered, ...]
    comments: tuple[Count, ...] = ()  # comments under posts: received, answered, private replies, left alone
    eta_by_case_type: tuple[EtaAccuracy, ...] = ()  # promised vs actual waits, this period and the week before
    eta_by_person: tuple[EtaAccuracy, ...] = ()
