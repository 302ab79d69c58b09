"""The period a dashboard or export covers, from what a person types: ``days=7``, or ``since``/``until`` dates.

Days are the shop's days (its business-hours time zone): "the last 7 days" starts at midnight six days
ago, there, and runs until now; ``until=2026-03-31`` includes the whole of March 31st.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from warmline.domain import ValidationError

__all__ = ["DEFAULT_DAYS", "MAX_DAYS", "Period", "parse_period"]

DEFAULT_DAYS = 7
MAX_DAYS = 366
_DATE_HINT = "a date like 2026-03-01 (or a date and time like 2026-03-01T09:30)"


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """[since, until) in UTC, and the shop time zone its days are counted in."""

    since: datetime
    until: datetime
    timezone: str

    @property
    def days(self) -> int:
        """How many of the shop's calendar days the period touches."""
        zone = ZoneInfo(self.timezone)
        last = (self.until - timedelta(microseconds=1)).astimezone(zone).date()
        return (last - self.since.astimezone(zone).date()).days + 1

    def week_before(self) -> Period:
        """The seven days that end where this period begins (the dashboard's "last week")."""
        return Period(since=self.since - timedelta(days=7), until=self.since, timezone=self.timezone)


def _moment(text: str, *, field: str, zone: ZoneInfo, end_of_day: bool) -> datetime:
    text = text.strip()
    try:
        if len(text) == 10:  # a plain date: the whole day, in the shop's time zone
            day = date.fromisoformat(text)
            return datetime.combine(day + timedelta(days=1 if end_of_day else 0), time(), tzinfo=zone)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{text!r} is not a date", field=field, expected=_DATE_HINT) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def parse_period(*, timezone: str, now: datetime, days: int | None = None, since: str | None = None,
                 until: str | None = None) -> Period:
    """The period meant by ``days`` or ``since``/``until`` (``until`` defaults to now, ``days`` to 7).

    ``ValidationError`` naming the field for a bad date, a day count outside 1–366, or an empty period.
    """
    zone = ZoneInfo(timezone)
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValidationError(f"days must be between 1 and {MAX_DAYS}", field="days", expected=f"1–{MAX_DAYS}")
    end = _moment(until, field="until", zone=zone, end_of_day=True) if until else now
    if since:
        start = _moment(since, field="since", zone=zone, end_of_day=False)
    else:
        last_day = (end - timedelta(microseconds=1)).astimezone(zone).date()
        start = datetime.combine(last_day - timedelta(days=(days or DEFAULT_DAYS) - 1), time(), tzinfo=zone)
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if start >= end:
        raise ValidationError("the period must end after it starts", field="until",
                              expected=f"a date after {since or start.date().isoformat()}")
    if end - start > timedelta(days=MAX_DAYS + 1):
        raise ValidationError(f"a period of at most {MAX_DAYS} days", field="since",
                              expected=f"a date at most {MAX_DAYS} days before until")
    return Period(since=start, until=end, timezone=timezone)
