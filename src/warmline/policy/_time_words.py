"""Times in words, in the customer's language: "by 15:30 today", "morgen rond 9:00", "el lunes a las 9:00",
"ongeveer 15 minuten".

One home for every language's clock words, weekdays, months and durations, so the handoff ("Maya is er weer
morgen om 9:00") and the wait after it ("Maya reageert morgen rond 9:00") say a moment the same way. Pure.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ._phrases import fill

__all__ = ["back_at", "day_and_date", "duration_in", "human_time", "weekday_name"]

_DAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}
# A moment, in words ({clock}: "9:05"; {day}: a weekday; {date}: "4 December").
_WHEN: dict[str, dict[str, str]] = {
    "by_today": {"en": "by {clock} today", "nl": "vandaag uiterlijk om {clock}", "de": "heute bis {clock}",
                 "es": "hoy antes de las {clock}", "fr": "aujourd'hui avant {clock}"},
    "at_today": {"en": "at {clock} today", "nl": "vandaag om {clock}", "de": "heute um {clock}",
                 "es": "hoy a las {clock}", "fr": "aujourd'hui à {clock}"},
    "tomorrow": {"en": "tomorrow around {clock}", "nl": "morgen rond {clock}", "de": "morgen gegen {clock}",
                 "es": "mañana sobre las {clock}", "fr": "demain vers {clock}"},
    "weekday": {"en": "on {day} around {clock}", "nl": "op {day} rond {clock}", "de": "am {day} gegen {clock}",
                "es": "el {day} sobre las {clock}", "fr": "{day} vers {clock}"},
    "on_date": {"en": "on {date} around {clock}", "nl": "op {date} rond {clock}", "de": "am {date} gegen {clock}",
                "es": "el {date} sobre las {clock}", "fr": "le {date} vers {clock}"},
    "date": {"en": "{d} {month}", "nl": "{d} {month}", "de": "{d}. {month}", "es": "{d} de {month}",
             "fr": "{d} {month}"},
    "noon": {"en": "noon", "nl": "12:00", "de": "12:00", "es": "12:00", "fr": "midi"},
}
# Clock times for "back at": "om 9:00 op maandag", in the customer's language.
_AT = {"en": "at {clock} on {day}", "nl": "om {clock} op {day}", "de": "am {day} um {clock}",
       "es": "el {day} a las {clock}", "fr": "{day} à {clock}"}
# Today and tomorrow by name: a customer told "maandag" on a Sunday and "morgen" a minute later wonders.
_AT_NEAR = {
    0: _WHEN["at_today"],  # one wording of "at 9:00 today" per language, the wait's too
    1: {"en": "at {clock} tomorrow", "nl": "morgen om {clock}", "de": "morgen um {clock}",
        "es": "mañana a las {clock}", "fr": "demain à {clock}"},
}
_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}


_DURATION = {
    "minutes": {"en": "about {n} minutes", "nl": "ongeveer {n} minuten", "de": "etwa {n} Minuten",
                "es": "unos {n} minutos", "fr": "environ {n} minutes"},
    "hours": {"en": "about {n} hours", "nl": "ongeveer {n} uur", "de": "etwa {n} Stunden",
              "es": "unas {n} horas", "fr": "environ {n} heures"},
    "day": {"en": "about a day", "nl": "ongeveer een dag", "de": "etwa einen Tag", "es": "más o menos un día",
            "fr": "environ une journée"},
    "days": {"en": "about {n} days", "nl": "ongeveer {n} dagen", "de": "etwa {n} Tage", "es": "unos {n} días",
             "fr": "environ {n} jours"},
}


def _said(table: dict[str, str], language: str, **values: str) -> str:
    return fill(table.get(language) or table["en"], values)


def back_at(moment: datetime, *, language: str, today: date | None = None) -> str:
    """ "om 9:00 op maandag", or "morgen om 9:00" when ``today`` is the day before: when someone is back
    (``moment`` and ``today`` in the same time zone, the shop's)."""
    days_ahead = (moment.date() - today).days if today is not None else None
    table = _AT_NEAR.get(days_ahead, _AT) if days_ahead is not None else _AT
    return _said(table, language, clock=f"{moment.hour}:{moment.minute:02d}",
                 day=weekday_name(moment.weekday(), language=language))


_DAY_AND_DATE = {"en": "{day} {date}", "nl": "{day} {date}", "de": "{day}, {date}", "es": "{day} {date}",
                 "fr": "{day} {date}"}


def day_and_date(moment: datetime, *, language: str) -> str:
    """ "Friday 4 December", "vrijdag 4 december", "Freitag, 4. Dezember", "viernes 4 de diciembre": a day in
    ``language`` (``moment`` already in the time zone it is said in)."""
    month = _MONTHS.get(language, _MONTHS["en"])[moment.month - 1]
    return _said(_DAY_AND_DATE, language, day=weekday_name(moment.weekday(), language=language),
                 date=_said(_WHEN["date"], language, d=str(moment.day), month=month))


def weekday_name(weekday: int, *, language: str) -> str:
    """ "maandag" for 0 in Dutch: a weekday (Monday = 0) in ``language``, English when it is not one of ours."""
    return _DAYS.get(language, _DAYS["en"])[weekday]


def duration_in(minutes: float, *, language: str) -> str:
    """ "ongeveer 15 minuten": the same rounding as ``duration_phrase``, in ``language``."""
    if minutes < 90:
        return _said(_DURATION["minutes"], language, n=str(round(minutes)))
    hours = minutes / 60
    if hours < 20:
        return _said(_DURATION["hours"], language, n=f"{round(hours * 2) / 2:g}")
    days = round(hours / 24)
    return _said(_DURATION["day"], language) if days <= 1 else _said(_DURATION["days"], language, n=str(days))


def human_time(moment: datetime, *, now: datetime, timezone: ZoneInfo, language: str = "en",
               at_today: bool = False) -> str:
    """ "by 15:30 today" ("at 15:30 today" with ``at_today``), "tomorrow around noon", "on Monday around 9:00",
    in ``language`` — rounded up to 5 minutes, never "540 minutes"."""
    local, today = moment.astimezone(timezone), now.astimezone(timezone)
    extra = (-local.minute) % 5 or (5 if local.second or local.microsecond else 0)
    local = (local + timedelta(minutes=extra)).replace(second=0, microsecond=0)
    noon = (local.hour, local.minute) == (12, 0)
    clock = _said(_WHEN["noon"], language) if noon else f"{local.hour}:{local.minute:02d}"
    days = (local.date() - today.date()).days
    if days <= 0:
        return _said(_WHEN["at_today" if at_today else "by_today"], language, clock=clock)
    if days == 1:
        return _said(_WHEN["tomorrow"], language, clock=clock)
    if days < 7:
        day = weekday_name(local.weekday(), language=language)
        return _said(_WHEN["weekday"], language, day=day, clock=clock)
    month = _MONTHS.get(language, _MONTHS["en"])[local.month - 1]
    on = _said(_WHEN["date"], language, d=str(local.day), month=month)
    return _said(_WHEN["on_date"], language, date=on, clock=clock)


