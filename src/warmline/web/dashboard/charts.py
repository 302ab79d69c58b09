"""Charts drawn on the server as plain SVG: no JavaScript library, nothing fetched from anywhere.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that say what it shows in
words (screen readers read those), and every bar carries its own ``<title>`` with its label and value
(the tooltip on hover). Text is escaped; sizes are in the viewBox, so the charts scale with the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from warmline.engine.reports._model import Count, DaySeries

__all__ = ["OUTCOME_COLOURS", "bar_chart", "day_chart"]

# Outcome colours chosen for contrast on white and to stay apart for red-green colour blindness.
OUTCOME_COLOURS = {
    "answered": "#1f5c4d",
    "delay_explained": "#c98a1b",
    "handed_off": "#3563a8",
    "not_answered": "#a3192b",
}
_DEFAULT_COLOUR = "#a63f22"
_INK, _SOFT, _GRID = "#2a211b", "#6b5d52", "#e6dcd0"
_FONT = 'font-family="system-ui, sans-serif"'


def _open(slug: str, *, width: int, height: int, title: str, description: str, kind: str) -> list[str]:
    return [f'<svg class="chart chart--{kind}" role="img" aria-labelledby="{slug}-title {slug}-desc" '
            f'viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg" {_FONT}>',
            f'<title id="{slug}-title">{escape(title)}</title>',
            f'<desc id="{slug}-desc">{escape(description)}</desc>']


def _describe(items: Sequence[Count], unit: str) -> str:
    return "; ".join(f"{item.label}: {item.value} {unit}".rstrip() for item in items) or "nothing yet"


def bar_chart(items: Sequence[Count], *, slug: str, title: str, unit: str = "",
              colours: dict[str, str] | None = None, width: int = 520) -> str:
    """Horizontal bars, one per item, with its label on the left and its value on the right."""
    row, label_width, value_width = 30, 250, 44
    height = max(1, len(items)) * row + 8
    top = max((item.value for item in items), default=0) or 1
    track = width - label_width - value_width
    parts = _open(slug, width=width, height=height, title=title, description=_describe(items, unit), kind="bars")
    if not items:
        parts.append(f'<text x="0" y="20" fill="{_SOFT}" font-size="13">Nothing in this period yet.</text>')
    for index, item in enumerate(items):
        y = index * row + 4
        length = track * item.value / top
        colour = (colours or {}).get(item.key, _DEFAULT_COLOUR)
        label = item.label if len(item.label) <= 34 else item.label[:33] + "…"
        parts.append(
            f'<g class="bar" data-key="{escape(item.key)}" data-value="{item.value}">'
            f'<title>{escape(f"{item.label}: {item.value} {unit}".rstrip())}</title>'
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" fill="{_INK}" font-size="13">'
            f'{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{track:.1f}" height="20" rx="4" fill="{_GRID}" '
            f'opacity="0.45"/>'
            f'<rect x="{label_width}" y="{y + 3}" width="{max(length, 0 if item.value == 0 else 2):.1f}" '
            f'height="20" rx="4" fill="{colour}"/>'
            f'<text x="{label_width + track + 8}" y="{y + 17}" fill="{_INK}" font-size="13" '
            f'font-weight="600">{item.value}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _step(top: int) -> int:
    """A round grid step that gives three to five lines up to ``top``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return max(1, top // 5)


def day_chart(series: Sequence[DaySeries], *, slug: str, title: str, colours: dict[str, str] | None = None,
              width: int = 1100, height: int = 280) -> str:
    """Stacked vertical bars per day (one segment per count), with a legend and a value grid."""
    colours = colours or OUTCOME_COLOURS
    left, bottom, legend = 34, 34, 28
    plot_h, plot_w = height - bottom - legend, width - left - 8
    totals = [sum(c.value for c in day.counts) for day in series]
    top = max(totals, default=0) or 1
    step = _step(top)
    top = -(-top // step) * step
    description = "; ".join(f"{day.day.isoformat()}: " + ", ".join(f"{c.label} {c.value}" for c in day.counts)
                            for day in series) or "no days"
    parts = _open(slug, width=width, height=height, title=title, description=description, kind="days")
    for value in range(0, top + 1, step):
        y = legend + plot_h - plot_h * value / top
        parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="{_GRID}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{_SOFT}" font-size="11">'
                     f'{value}</text>')
    slot = plot_w / max(1, len(series))
    bar_w = min(44.0, slot * 0.7)
    label_every = max(1, round(len(series) / 14))  # at most ~14 date labels, however long the period
    for index, (day, total) in enumerate(zip(series, totals, strict=True)):
        x = left + slot * index + (slot - bar_w) / 2
        y = legend + plot_h
        parts.append(f'<g class="day" data-day="{day.day.isoformat()}" data-total="{total}">'
                     f'<title>{day.day:%a %d %b}: {total} conversations</title>')
        for count in day.counts:
            if count.value == 0:
                continue
            h = plot_h * count.value / top
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{colours.get(count.key, _DEFAULT_COLOUR)}">'
                         f'<title>{day.day:%a %d %b} · {escape(count.label)}: {count.value}</title></rect>')
        parts.append("</g>")
        if index % label_every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                         f'fill="{_SOFT}" font-size="11">{day.day:%a %d}</text>')
    keys = series[0].counts if series else ()
    x = float(left)
    for count in keys:
        parts.append(f'<rect x="{x:.1f}" y="6" width="12" height="12" rx="2" '
                     f'fill="{colours.get(count.key, _DEFAULT_COLOUR)}"/>'
                     f'<text x="{x + 17:.1f}" y="16" fill="{_INK}" font-size="12">{escape(count.label)}</text>')
        x += 30 + 7.2 * len(count.label)
    parts.append("</svg>")
    return "".join(parts)
