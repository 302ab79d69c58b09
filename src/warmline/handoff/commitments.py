"""Staff commitments: the time a person promised in a reply ("I'll get back to you by 3pm").

Pure logic, no I/O. A sentence counts as a commitment when it speaks in the first person about the
future ("I'll", "we will", "let me", "you'll hear") *and* names a time: a duration ("within 2 hours",
"in half an hour"), a clock time ("by 3pm", "at 15:30 tomorrow"), a part of a day ("tomorrow
morning", "this afternoon", "by end of day") or a weekday ("by Friday"). Clock times are read in the
staff member's own time zone. "The studio opens at 3pm" is a fact, not a promise, and is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = ["Commitment", "find_commitment", "promises_a_reply"]

_PROMISER = re.compile(
    r"\b(?:i['’]ll|i\s+will|we['’]ll|we\s+will|i['’]m\s+going\s+to|i\s+am\s+going\s+to|we['’]re\s+going\s+to|"
    r"i\s+shall|let\s+me|let\s+us|you['’]ll\s+(?:hear|have|get)|you\s+will\s+(?:hear|have|get)|"
    r"i\s+promise|expect\s+(?:an?\s+)?(?:answer|reply|update))\b", re.IGNORECASE)

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10,
            "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45, "a couple of": 2, "a few": 3}
_UNIT_MINUTES = {"min": 1, "minute": 1, "hour": 60, "hr": 60, "h": 60, "day": 24 * 60}
_DURATION = re.compile(
    r"\b(?:with)?in\s+(?:the\s+next\s+)?(?P<n>\d+(?:\.\d+)?|half\s+an?|a\s+couple\s+of|a\s+few|"
    + "|".join(sorted((k for k in _NUMBERS if " " not in k), key=len, reverse=True))
    + r")\s*(?P<unit>min(?:ute)?s?|h(?:ou)?rs?|hours?|h|days?)\b", re.IGNORECASE)
_WITHIN_THE_HOUR = re.compile(r"\bwithin\s+the\s+(?:next\s+)?hour\b", re.IGNORECASE)
_CLOCK = re.compile(
    r"\b(?:by|at|before|around|no\s+later\s+than)\s+(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*"
    r"(?P<ampm>a\.?m\.?|p\.?m\.?|o['’]clock)?(?![\w:])", re.IGNORECASE)
_NAMED_TIME = re.compile(r"\b(?:by|at|before|around)\s+(?P<name>noon|midday|lunch(?:time)?)\b", re.IGNORECASE)
_END_OF_DAY = re.compile(r"\b(?:by\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+)?(?:day|business)|eod|close\s+of\s+"
                         r"business|cob)\b", re.IGNORECASE)
_PART_OF_DAY = re.compile(
    r"\b(?P<day>tomorrow|today|this)\s+(?P<part>first\s+thing|morning|afternoon|evening|night)\b|"
    r"\b(?P<first>first\s+thing)\s+tomorrow\b|\b(?P<tonight>tonight|later\s+today)\b", re.IGNORECASE)
_TOMORROW = re.compile(r"\btomorrow\b", re.IGNORECASE)
_BARE_DAY = re.compile(r"\b(?P<day>tomorrow|today)\b", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?:by|on|before)\s+(?:next\s+)?(?P<day>" + "|".join(_WEEKDAYS) + r")\b",
                      re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")

# A commitment whose whole content is to write again: any later reply in time keeps it.
_REPLY_ONLY = re.compile(
    r"\b(?:get|come|circle)\s+back\s+to\s+you|\b(?:reply|respond|answer|write)\b|\bupdate\s+you\b|"
    r"\blet\s+you\s+know\b|\byou['’]ll\s+hear\b|\byou\s+will\s+hear\b|\bbe\s+in\s+touch\b|"
    r"\bexpect\s+(?:an?\s+)?(?:answer|reply|update)\b", re.IGNORECASE)
_SOMETHING_ELSE = re.compile(r"\b(?:send|ship|refund|call|email|e-mail|post|deliver|fix|replace|book|order|"
                             r"arrange|transfer|pay|credit|cancel)\b", re.IGNORECASE)

_PART_HOURS = {"first thing": 9, "morning": 10, "afternoon": 15, "evening": 19, "night": 20}
_END_OF_BUSINESS = 17


@dataclass(frozen=True, slots=True, kw_only=True)
class Commitment:
    """A time a staff member promised the customer, and the words that promised it."""

    due_at: datetime  # aware, UTC
    phrase: str  # the words that set the time: "by 3pm", "within 2 hours"
    sentence: str  # the whole promise, as written


def find_commitment(text: str, *, now: datetime, timezone: str = "UTC") -> Commitment | None:
    """The first time-bound promise in ``text`` (written at ``now`` by someone in ``timezone``), if any."""
    local_now = (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(ZoneInfo(timezone))
    for sentence in _SENTENCES.split(text):
        sentence = sentence.strip()
        if not sentence or not _PROMISER.search(sentence):
            continue
        found = _when(sentence, local_now)
        if found is not None:
            due, phrase = found
            return Commitment(due_at=due.astimezone(UTC), phrase=phrase, sentence=sentence)
    return None


def promises_a_reply(sentence: str) -> bool:
    """Whether a promise is only to write again ("I'll get back to you by 3pm"), not to do something
    ("I'll send you the tracking link by 3pm"): only the first is kept by a later reply."""
    return bool(_REPLY_ONLY.search(sentence)) and not _SOMETHING_ELSE.search(sentence)


def _when(sentence: str, now: datetime) -> tuple[datetime, str] | None:
    """The earliest-placed time expression of the sentence, as a local moment after ``now``."""
    clock, weekday = _clock(sentence, now), _weekday(sentence, now)
    if clock is not None and weekday is not None:  # "by Friday at 3pm": that day, that time
        _, day, day_phrase = weekday
        _, at, at_phrase = clock
        moment = day.replace(hour=at.hour, minute=at.minute)
        return moment, f"{day_phrase} {at_phrase}"
    candidates = [c for c in (_duration(sentence, now), clock, _named(sentence, now),
                              _part_of_day(sentence, now), _end_of_day(sentence, now), weekday)
                  if c is not None]
    if not candidates:
        return _bare_day(sentence, now)
    _, due, phrase = min(candidates, key=lambda c: c[0])
    return due, phrase


def _bare_day(sentence: str, now: datetime) -> tuple[datetime, str] | None:
    """ "I'll call you tomorrow": by the end of that working day."""
    match = _BARE_DAY.search(sentence)
    if match is None:
        return None
    if match.group("day").lower() == "tomorrow":
        return _next_day(now, _END_OF_BUSINESS), match.group(0)
    end = _end_of_day("end of day", now)
    return (end[1], match.group(0)) if end is not None else None


def _duration(sentence: str, now: datetime) -> tuple[int, datetime, str] | None:
    if match := _WITHIN_THE_HOUR.search(sentence):
        return match.start(), now + timedelta(hours=1), match.group(0)
    match = _DURATION.search(sentence)
    if match is None:
        return None
    raw = " ".join(match.group("n").lower().split())
    amount = 0.5 if raw.startswith("half") else float(_NUMBERS.get(raw, 0) or raw)
    unit = match.group("unit").lower().rstrip("s")
    minutes = amount * _UNIT_MINUTES.get(unit, _UNIT_MINUTES["hour"] if unit.startswith("h") else 1)
    return match.start(), now + timedelta(minutes=minutes), match.group(0)


def _on_day(sentence: str, now: datetime, hour: int, minute: int = 0) -> datetime:
    """``hour:minute`` today, or tomorrow when the sentence says so or today's has passed."""
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if _TOMORROW.search(sentence) or moment <= now:
        moment += timedelta(days=1)
    return moment


def _clock(sentence: str, now: datetime) -> tuple[int, datetime, str] | None:
    for match in _CLOCK.finditer(sentence):
        hour, minute, suffix = int(match.group("h")), int(match.group("m") or 0), (match.group("ampm") or "").lower()
        if not suffix and match.group("m") is None:
            continue  # "by 2 orders" is not a time; "by 2pm", "by 14:00" and "at 3 o'clock" are
        if hour > 23 or minute > 59 or (suffix[:1] in "ap" and suffix and not 1 <= hour <= 12):
            continue
        if suffix.startswith("p") and hour < 12:
            hour += 12
        elif suffix.startswith("a") and hour == 12:
            hour = 0
        elif not suffix.startswith(("a", "p")) and hour < 8:
            hour += 12  # "by 3:30" during a working day means the afternoon
        return match.start(), _on_day(sentence, now, hour, minute), match.group(0).strip()
    return None


def _named(sentence: str, now: datetime) -> tuple[int, datetime, str] | None:
    match = _NAMED_TIME.search(sentence)
    if match is None:
        return None
    hour = 13 if match.group("name").lower().startswith("lunch") else 12
    return match.start(), _on_day(sentence, now, hour), match.group(0)


def _part_of_day(sentence: str, now: datetime) -> tuple[int, datetime, str] | None:
    match = _PART_OF_DAY.search(sentence)
    if match is None:
        return None
    if match.group("tonight"):
        word = match.group("tonight").lower()
        hour = 20 if word == "tonight" else _END_OF_BUSINESS
        moment = now.replace(hour=hour, minute=0, second=0, microsecond=0)
        return match.start(), max(moment, now + timedelta(hours=1)), match.group(0)
    if match.group("first"):
        return match.start(), _next_day(now, _PART_HOURS["first thing"]), match.group(0)
    part = " ".join(match.group("part").lower().split())
    if match.group("day").lower() == "tomorrow":
        return match.start(), _next_day(now, _PART_HOURS[part]), match.group(0)
    moment = now.replace(hour=_PART_HOURS[part], minute=0, second=0, microsecond=0)
    return match.start(), max(moment, now + timedelta(hours=1)), match.group(0)


def _next_day(now: datetime, hour: int) -> datetime:
    return (now + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)


def _end_of_day(sentence: str, now: datetime) -> tuple[int, datetime, str] | None:
    match = _END_OF_DAY.search(sentence)
    if match is None:
        return None
    if _TOMORROW.search(sentence):
        return match.start(), _next_day(now, _END_OF_BUSINESS), match.group(0)
    moment = now.replace(hour=_END_OF_BUSINESS, minute=0, second=0, microsecond=0)
    if moment <= now:  # said after hours: the end of this evening, at least an hour away
        moment = max(now.replace(hour=23, minute=0, second=0, microsecond=0), now + timedelta(hours=1))
    return match.start(), moment, match.group(0)


def _weekday(sentence: str, now: datetime) -> tuple[int, datetime, str] | None:
    match = _WEEKDAY.search(sentence)
    if match is None:
        return None
    days = (_WEEKDAYS.index(match.group("day").lower()) - now.weekday()) % 7 or 7
    moment = (now + timedelta(days=days)).replace(hour=_END_OF_BUSINESS, minute=0, second=0, microsecond=0)
    return match.start(), moment, match.group(0)
