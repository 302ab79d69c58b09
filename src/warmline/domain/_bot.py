"""A bot: one shop's voice, staff roster, hours, case types and thresholds (from ``bots/<name>.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ._comments import CommentRules
from ._customer import OrderRules

__all__ = [
    "LANGUAGES",
    "SENTENCE_KEYS",
    "WAITING_SENTENCE_KEYS",
    "Bot",
    "BusinessHours",
    "CaseType",
    "Phrasebook",
    "Shift",
    "StaffMember",
    "Thresholds",
    "Voice",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Shift:
    """Hours on given weekdays (0 = Monday … 6 = Sunday), in the owner's time zone."""

    days: tuple[int, ...]
    start: time
    end: time

    def covers(self, local: datetime) -> bool:
        """Whether this shift is running at ``local`` (a time in the shift's own zone).

        A shift whose end is not after its start runs past midnight; its day is the day it starts.
        """
        start = local.replace(hour=self.start.hour, minute=self.start.minute, second=0, microsecond=0)
        for day_offset in (0, -1):  # started today, or (overnight) yesterday
            begin = start + timedelta(days=day_offset)
            if begin.weekday() in self.days and begin <= local < begin + self._length():
                return True
        return False

    def next_start(self, local: datetime) -> datetime | None:
        """The first start of this shift at or after ``local`` (same zone), within a week."""
        first = local.replace(hour=self.start.hour, minute=self.start.minute, second=0, microsecond=0)
        for day_offset in range(8):
            candidate = first + timedelta(days=day_offset)
            if candidate >= local and candidate.weekday() in self.days:
                return candidate
        return None

    def _length(self) -> timedelta:
        minutes = (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)
        return timedelta(minutes=minutes if minutes > 0 else minutes + 24 * 60)


def _local(now: datetime, timezone: str) -> datetime:
    # Naive datetimes are taken as UTC: the store and the pipeline's clock speak UTC.
    aware = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(timezone))


def _is_active(shifts: tuple[Shift, ...], timezone: str, now: datetime) -> bool:
    local = _local(now, timezone)
    return any(shift.covers(local) for shift in shifts)


def _next_active(shifts: tuple[Shift, ...], timezone: str, now: datetime) -> datetime | None:
    """``now`` when a shift is running, else the next shift start (in the zone of ``now``)."""
    if _is_active(shifts, timezone, now):
        return now
    local = _local(now, timezone)
    starts = [start for shift in shifts if (start := shift.next_start(local)) is not None]
    if not starts:
        return None
    earliest = min(starts)
    if now.tzinfo is None:  # answer in kind, so callers can subtract one from the other
        return earliest.astimezone(UTC).replace(tzinfo=None)
    return earliest.astimezone(now.tzinfo)


@dataclass(frozen=True, slots=True, kw_only=True)
class StaffMember:
    """A named person on the shop's roster who can take handoffs."""

    id: str
    name: str
    role: str = ""
    skills: tuple[str, ...] = ()
    timezone: str = "UTC"
    shifts: tuple[Shift, ...] = ()
    capacity: int = 5
    slack_user_id: str | None = None
    email: str | None = None
    lead: bool = False

    @property
    def first_name(self) -> str:
        """What the customer is told to expect: "Maya", not "Maya Lindqvist"."""
        return self.name.split(" ")[0]

    def on_shift(self, now: datetime) -> bool:
        """Whether one of this person's own shifts is running at ``now`` (False without shifts)."""
        return _is_active(self.shifts, self.timezone, now)

    def next_on_shift(self, now: datetime) -> datetime | None:
        """``now`` when on shift, else when their next shift starts; None without shifts."""
        return _next_active(self.shifts, self.timezone, now)


@dataclass(frozen=True, slots=True, kw_only=True)
class BusinessHours:
    """When the shop answers, in its own time zone."""

    timezone: str = "UTC"
    shifts: tuple[Shift, ...] = ()

    def is_open(self, now: datetime) -> bool:
        """Whether the shop is open at ``now``; no declared hours means always open."""
        return not self.shifts or _is_active(self.shifts, self.timezone, now)

    def next_open(self, now: datetime) -> datetime | None:
        """``now`` when open, else when the shop next opens (None if it never does)."""
        return now if not self.shifts else _next_active(self.shifts, self.timezone, now)

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the shop's own time zone, for telling customers when someone is back."""
        return _local(moment, self.timezone)


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseType:
    """A kind of case that needs a person or a back-office step, and how long it usually takes."""

    name: str
    description: str
    what_happens: str
    handling_minutes: int
    skills: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # identifiers to ask for up front, e.g. ("order number",)
    what_happens_in: tuple[tuple[str, str], ...] = ()  # (language, what_happens in it)

    def what_happens_said_in(self, language: str) -> str | None:
        """``what_happens`` in ``language`` (the shop's translation), or None when the shop gave none."""
        return next((text for lang, text in self.what_happens_in if lang == language), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Thresholds:
    """Knobs of the policy; ``None`` means "use the value tuned at ingest"."""

    answer_confidence: float | None = None
    # The share of the questions the knowledge can answer that get an answer rather than "not sure": the
    # threshold tuned at ingest is lowered until this share of held-out phrasings clears it (0: never lowered).
    answer_at_least: float = 0.8
    handoff_emotion: float = 0.7
    delay_complexity: float = 0.6
    handoff_claim_timeout_minutes: int = 10
    fast_lane_emotion: float = 0.4  # upset or hurried from here on: shortest path, no suggestions
    handoff_tenure: float = 0.6  # relationship strength that earns a personal handoff when trouble is unusual
    wants_human: float = 0.5  # how sure we must be that the customer asked for a person
    promise_confidence: float = 0.9  # the share of promised times that should hold: the ETA told is this quantile


@dataclass(frozen=True, slots=True, kw_only=True)
class Voice:
    """How the shop sounds."""

    greeting: str = "Hi{name}! How can I help?"
    sign_off: str = "Thanks for writing to us!"
    persona: str = ""
    email_signature: str = ""  # under every e-mail reply; empty: the shop's display name
    # The shop's own variants of the bot's delay, handoff, waiting and closing sentences:
    # (situation, variants), e.g. ("ack_present", ("Oh no, and it was a present…", …)). See LINE_KEYS.
    lines: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def own_lines(self, key: str) -> tuple[str, ...] | None:
        """The shop's own variants for the situation ``key``, if it wrote any."""
        return next((variants for k, variants in self.lines if k == key), None)

    def greet(self, first_name: str = "") -> str:
        """The greeting with the customer's first name in place of ``{name}`` (or nothing when unknown)."""
        return self.greeting.replace("{name}", f" {first_name}" if first_name else "")


# The languages Warmline ships sentences and a glossary for, and the bot's own sentences a shop may reword.
LANGUAGES = ("en", "nl", "de", "es", "fr")
# The sentences of the wait for a person (policy/_waiting_words.py), rewordable like the others.
WAITING_SENTENCE_KEYS = ("waiting_late", "waiting_off_shift", "waiting_off_shift_due", "waiting_due", "waiting_asap",
                         "waiting_meanwhile", "waiting_marked_urgent", "waiting_marked_urgent_lead",
                         "waiting_email_off", "waiting_email_ask", "waiting_email_done", "waiting_about_case",
                         "waiting_case_needs")
SENTENCE_KEYS = ("greeting", "assistant", "not_sure", "not_sure_topics", "which_one", "in_english", "part_unsure",
                 "hello", "thanks", "bye", "ack", "ask_else", "compliment", "listening", "delay", "delay_back", "sorry",
                 "thanks_short", "handoff_team", "handoff_eta", "handoff_back", "handoff_soon", "handoff_instead",
                 "handoff_instead_back", "verify_order", *WAITING_SENTENCE_KEYS)
# The situations the bot's own sentences come in variants for (policy/_lines.py); a shop may reword each.
LINE_KEYS = ("ack_present", "ack_again", "ack_angry", "ack_worried", "ack_disappointed", "ack_hurried",
             "ack_relaxed", "delay_intro", "passed_on", "waiting_thanks", "waiting_ack", "close_sorted",
             "close_no_news", "not_sure_again")


@dataclass(frozen=True, slots=True, kw_only=True)
class Phrasebook:
    """A shop's own wording of the bot's sentences per language, and its own glossary words.

    ``sentences``: (language, sentence key, text), e.g. ("nl", "not_sure", "Dat weet ik niet zeker…").
    ``words``: (language, word or phrase, English), read before the shipped glossary.
    """

    sentences: tuple[tuple[str, str, str], ...] = ()
    words: tuple[tuple[str, str, str], ...] = ()

    def get(self, language: str, key: str) -> str | None:
        """The shop's own text for ``key`` in ``language``, if it wrote one."""
        return next((text for lang, k, text in self.sentences if lang == language and k == key), None)

    def glossary(self) -> dict[str, dict[str, str]]:
        """The shop's own words as {language: {word: English}}."""
        out: dict[str, dict[str, str]] = {}
        for language, word, english in self.words:
            out.setdefault(language, {})[word] = english
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Bot:
    """Everything Warmline knows about one shop, validated from its bot file."""

    name: str
    display_name: str
    knowledge_dir: Path
    source_file: Path | None = None
    voice: Voice = field(default_factory=Voice)
    staff: tuple[StaffMember, ...] = ()
    business_hours: BusinessHours = field(default_factory=BusinessHours)
    case_types: tuple[CaseType, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)
    orders: OrderRules = field(default_factory=OrderRules)
    comments: CommentRules = field(default_factory=CommentRules)
    # The languages the shop answers in; the first is the one its knowledge is written in.
    languages: tuple[str, ...] = ("en",)
    phrasebook: Phrasebook = field(default_factory=Phrasebook)

    @property
    def knowledge_language(self) -> str:
        """The language the shop's knowledge is written in (its first language)."""
        return self.languages[0] if self.languages else "en"

    def greeting(self, language: str, first_name: str = "") -> str | None:
        """The shop's own greeting in ``language`` (its voice greeting in the knowledge language)."""
        if language == self.knowledge_language:
            return self.voice.greet(first_name)
        own = self.phrasebook.get(language, "greeting")
        return own.replace("{name}", f" {first_name}" if first_name else "") if own is not None else None

    def staff_member(self, staff_id: str) -> StaffMember | None:
        """The roster entry with this id, if any (a Slack user id is not a staff id: ``slack_member``)."""
        return next((member for member in self.staff if member.id == staff_id), None)

    def slack_member(self, slack_user_id: str) -> StaffMember | None:
        """The roster entry whose ``slack_user_id`` this is: the only way a Slack user acts as staff."""
        if not slack_user_id:
            return None
        return next((member for member in self.staff if member.slack_user_id == slack_user_id), None)

    def case_type(self, name: str | None) -> CaseType | None:
        """The declared case type with this name, if any."""
        return next((case for case in self.case_types if case.name == name), None)

    def on_shift(self, member: StaffMember, now: datetime) -> bool:
        """Whether ``member`` works at ``now``; someone without shifts of their own keeps business hours."""
        if member.shifts:
            return member.on_shift(now)
        return self.business_hours.is_open(now)

    def next_on_shift(self, member: StaffMember, now: datetime) -> datetime | None:
        """``now`` when ``member`` works, else when they are next back (None if never)."""
        if member.shifts:
            return member.next_on_shift(now)
        return self.business_hours.next_open(now)
