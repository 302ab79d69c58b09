"""The dashboard's HTML, rendered on the server from ``Figures``: headline numbers, charts and tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from warmline.domain import Bot
from warmline.engine.reports._model import EtaAccuracy, Figures, WaitRow, WeekAccuracy
from warmline.web.dashboard.charts import OUTCOME_COLOURS, bar_chart, day_chart

__all__ = ["duration_text", "render_panel"]

_PERIODS = ((1, "Today"), (7, "Last 7 days"), (30, "Last 30 days"), (90, "Last 90 days"))
_PROMISE_COLOURS = {"kept": "#1f5c4d", "broken": "#a3192b", "overdue": "#c98a1b", "open": "#8a7d72"}
_WAIT_COLOURS = {"within": "#1f5c4d", "late": "#a3192b", "waiting": "#8a7d72", "waiting_late": "#c98a1b"}
_WAITS_SHOWN = 12
_UNANSWERED_SHOWN = 15


def duration_text(seconds: float | None) -> str:
    """A duration the way a person says it: "under a second", "40 s", "12 min", "1 h 5 min", "2 d 3 h"."""
    if seconds is None:
        return "—"
    if seconds < 1:
        return "under a second"
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = seconds / 60
    if minutes < 10:  # close to a promise of a few minutes, the seconds matter
        whole, rest = divmod(round(seconds), 60)
        return f"{whole} min {rest} s" if rest else f"{whole} min"
    if minutes < 60:
        return f"{minutes:.0f} min"
    hours, rest = divmod(round(minutes), 60)
    if hours < 24:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def _minutes(value: float | None) -> str:
    return "—" if value is None else duration_text(value * 60)


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _channel_name(channel: str) -> str:
    return {"web": "Web chat", "api": "API", "whatsapp": "WhatsApp"}.get(channel, channel.capitalize())


def _form(figures: Figures, *, channels: Sequence[str], days: int | None) -> str:
    zone = ZoneInfo(figures.timezone)
    first = figures.since.astimezone(zone).date().isoformat()
    last = (figures.until - timedelta(microseconds=1)).astimezone(zone).date().isoformat()
    period_options = "".join(f'<option value="{n}"{" selected" if n == days else ""}>{label}</option>'
                             for n, label in _PERIODS)
    custom = "" if days in {n for n, _ in _PERIODS} else '<option value="" selected>Custom dates</option>'
    channel_options = '<option value="">All channels</option>' + "".join(
        f'<option value="{escape(c)}"{" selected" if c == figures.channel else ""}>{escape(_channel_name(c))}</option>'
        for c in channels)
    return (f'<form class="period" method="get" action="/dashboard" aria-label="Period and channel">'
            f'<div><label for="period-days">Period</label><select id="period-days" name="days">{custom}'
            f'{period_options}</select></div>'
            f'<div><label for="period-since">or from</label><input id="period-since" type="date" name="since" '
            f'value="{first if days is None else ""}"></div>'
            f'<div><label for="period-until">to</label><input id="period-until" type="date" name="until" '
            f'value="{last if days is None else ""}"></div>'
            f'<div><label for="period-channel">Channel</label><select id="period-channel" name="channel">'
            f'{channel_options}</select></div>'
            f'<button class="btn" type="submit">Show</button></form>')


def _heading(figures: Figures) -> str:
    zone = ZoneInfo(figures.timezone)
    start = figures.since.astimezone(zone)
    end = (figures.until - timedelta(microseconds=1)).astimezone(zone)
    where = _channel_name(figures.channel) if figures.channel else "all channels"
    return (f'<p class="period__shown" id="period-shown">{start:%a %d %b %Y} – {end:%a %d %b %Y}, {escape(where)}'
            f' <span class="muted">(days in {escape(figures.timezone)})</span></p>')


def _card(key: str, label: str, value: str, note: str) -> str:
    return (f'<div class="kpi" data-kpi="{key}"><p class="kpi__label">{escape(label)}</p>'
            f'<p class="kpi__value">{escape(value)}</p><p class="kpi__note">{escape(note)}</p></div>')


def _cards(f: Figures) -> str:
    answered = next(c.value for c in f.outcomes if c.key == "answered")
    kept = next(c.value for c in f.promises if c.key == "kept")
    settled = kept + sum(c.value for c in f.promises if c.key in ("broken", "overdue"))
    return '<section class="kpis" aria-label="Headline figures">' + "".join((
        _card("conversations", "Conversations", str(f.conversations), "customers who wrote in this period"),
        _card("answered", "Answered instantly", _share(answered, f.conversations), f"{answered} conversations"),
        _card("first_reply", "Time to first reply", duration_text(f.first_reply.p50_seconds),
              f"median; 90% within {duration_text(f.first_reply.p90_seconds)}"),
        _card("first_person_reply", "First reply from a person", duration_text(f.first_person_reply.p50_seconds),
              f"median of {f.first_person_reply.count}; 90% within "
              f"{duration_text(f.first_person_reply.p90_seconds)}"),
        _card("promises", "Promises kept", f"{kept} of {settled}" if settled else "—",
              "kept vs broken or overdue"),
        _card("likes", "Liked it", _share(f.liked, f.answered_feedback),
              f"{f.liked} of {f.answered_feedback} who answered"),
    )) + "</section>"


def _section(slug: str, title: str, body: str, note: str = "", *, wide: bool = False) -> str:
    note_html = f'<p class="card__note">{escape(note)}</p>' if note else ""
    classes = "card card--wide" if wide else "card"
    return (f'<section class="{classes}" id="{slug}" aria-labelledby="{slug}-h">'
            f'<h2 id="{slug}-h">{escape(title)}</h2>{note_html}{body}</section>')


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]], empty: str) -> str:
    if not rows:
        return f'<p class="muted">{escape(empty)}</p>'
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (f'<div class="table-wrap"><table><caption class="visually-hidden">{escape(caption)}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


def _channels_table(f: Figures) -> str:
    rows = []
    for row in f.by_channel:
        counts = {c.key: c.value for c in row.outcomes}
        rows.append([escape(_channel_name(row.channel)), str(row.conversations),
                     *(str(counts[k]) for k in OUTCOME_COLOURS),
                     f"{row.liked} of {row.answered_feedback}" if row.answered_feedback else "—"])
    return _table("Conversations per channel", ["Channel", "Conversations", "Answered", "Delay",
                                                "Handed off", "Not answered", "Liked"], rows,
                  "No conversations in this period.")


def _wait_rows(waits: Sequence[WaitRow], bot: Bot, zone: ZoneInfo) -> list[list[str]]:
    rows = []
    for row in sorted(waits, key=lambda w: w.created_at, reverse=True)[:_WAITS_SHOWN]:
        member = bot.staff_member(row.assignee_id)
        state = ("late" if row.late else "on time") if row.replied else ("waiting, late" if row.late else "waiting")
        rows.append([f"{row.created_at.astimezone(zone):%d %b %H:%M}", escape(_channel_name(row.channel)),
                     escape(member.name if member else row.assignee_id), _minutes(row.promised_minutes),
                     _minutes(row.waited_minutes), f'<span class="tag tag--{state.split(",")[0].replace(" ", "-")}">'
                     f"{state}</span>"])
    return rows


def _kept(week: WeekAccuracy) -> str:
    return f"{_share(week.kept, week.settled)} ({week.kept} of {week.settled})" if week.settled else "—"


def _ratio(week: WeekAccuracy) -> str:
    return "—" if week.promised_over_actual is None else f"{week.promised_over_actual:.1f}×"


def _eta_table(caption: str, first: str, groups: Sequence[EtaAccuracy]) -> str:
    rows = [[escape(g.label), _kept(g.period), _minutes(g.period.promised_median_minutes),
             _minutes(g.period.waited_median_minutes), _ratio(g.period), _kept(g.last_week), _ratio(g.last_week)]
            for g in groups]
    return _table(caption, [first, "Kept", "Promised (median)", "Waited (median)", "Promised ÷ waited",
                            "Kept, week before", "Promised ÷ waited, week before"], rows,
                  "No promise settled in this period or the week before.")


def _eta_section(f: Figures) -> str:
    body = (_eta_table("Promised and actual waits per case type", "Case type", f.eta_by_case_type)
            + _eta_table("Promised and actual waits per person", "Person", f.eta_by_person))
    return _section("eta", "Promised vs actual waits", body,
                    "Promises settled: a person replied, or the customer waited past the promised time. "
                    "Promised ÷ waited near 1 is a tight estimate; the week before is the 7 days before this "
                    "period.", wide=True)


def _unanswered_table(f: Figures, zone: ZoneInfo) -> str:
    rows = [[escape(u.question), str(u.count), escape(", ".join(_channel_name(c) for c in u.channels)),
             f"{u.last_asked.astimezone(zone):%a %d %b %H:%M}"] for u in f.unanswered[:_UNANSWERED_SHOWN]]
    return _table("Questions the assistant could not answer", ["Question", "Asked", "Channels", "Last asked"],
                  rows, "Every question in this period had an answer.")


def render_panel(figures: Figures, *, bot: Bot, channels: Sequence[str], days: int | None,
                 generated_at: datetime) -> str:
    """The dashboard's content for one period (the page around it is ``dashboard.html``)."""
    f, zone = figures, ZoneInfo(figures.timezone)
    reasons_note = (f"A handoff can have more than one reason. {f.rerouted} re-routed because nobody claimed "
                    "them in time (not counted again)." if f.rerouted else "A handoff can have more than one reason.")
    staff_rows = [[escape(s.name), f"{s.liked} of {s.total}", _share(s.liked, s.total)] for s in f.likes_by_staff]
    return "".join((
        '<div class="panel" data-loaded="true">', _form(f, channels=channels, days=days), _heading(f), _cards(f),
        _section("per-day", "Conversations per day, by outcome",
                 day_chart(f.outcomes_by_day, slug="chart-days", title="Conversations per day, by outcome")),
        '<div class="grid">',
        _section("outcomes", "Outcomes", bar_chart(f.outcomes, slug="chart-outcomes", title="Conversations by outcome",
                                                    unit="conversations", colours=OUTCOME_COLOURS)),
        _section("promises", "Promises", bar_chart(f.promises, slug="chart-promises", title="Promises by status",
                                                   unit="promises", colours=_PROMISE_COLOURS),
                 "Every time and name told to a customer is a promise; a person's reply in time keeps it."),
        _section("channels", "Per channel", _channels_table(f), wide=True),
        _section("waits", "Waits vs what was promised", bar_chart(
            f.wait_summary, slug="chart-waits", title="Handoffs by wait against the promised time",
            unit="handoffs", colours=_WAIT_COLOURS) + _table(
            "Latest handoffs", ["Handed off", "Channel", "Person", "Promised", "Waited", ""],
            _wait_rows(f.waits, bot, zone), "No handoffs in this period."),
            "From the moment the customer was told who would reply and when, to that person's first reply.",
            wide=True),
        _eta_section(f),
        _section("reasons", "Why conversations went to a person",
                 bar_chart(f.handoff_reasons, slug="chart-reasons", title="Handoff reasons", unit="handoffs",
                           colours={}), reasons_note),
        _comments_section(f),
        _section("likes", "Liked it?", _table("Likes per person", ["Handled by", "Liked", "Share"], staff_rows,
                                              "Nobody answered “Did you like it?” in this period."),
                 "Answers to “Did you like how this went?” at the end of a conversation."),
        "</div>",
        _section("unanswered", "Questions the assistant could not answer", _unanswered_table(f, zone),
                 "Add these to the knowledge folder and run `warmline ingest`, and they are answered next time."),
        f'<p class="muted footer-note">Figures at {generated_at.astimezone(zone):%H:%M} {escape(f.timezone)}. '
        f'The same figures as JSON: <a href="/api/v1/dashboard?{_query(f, days)}">/api/v1/dashboard</a>; '
        f"the rows behind them: <code>warmline export</code>.</p>",
        "</div>"))


def _comments_section(f: Figures) -> str:
    """Comments under Instagram and Facebook posts; nothing when the period had none."""
    if not any(c.value for c in f.comments):
        return ""
    return _section("comments", "Comments under posts", bar_chart(
        f.comments, slug="chart-comments", title="Comments under posts", unit="", colours={}),
        "Every reply to a comment goes out as its private reply (one per comment, within 7 days).")


def _query(f: Figures, days: int | None) -> str:
    parts = [f"days={days}"] if days else [f"since={f.since.isoformat()}", f"until={f.until.isoformat()}"]
    if f.channel:
        parts.append(f"channel={f.channel}")
    return escape("&".join(parts).replace("+", "%2B"))

