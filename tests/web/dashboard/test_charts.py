"""The server-side SVG charts: well-formed, accessible (title, description, a title per bar), escaped, and
drawn to scale."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from warmline.engine.reports.figures import Count, DaySeries
from warmline.web.dashboard.charts import OUTCOME_COLOURS, bar_chart, day_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def test_bar_chart_is_accessible_and_to_scale() -> None:
    items = [Count(key="answered", label="Answered instantly", value=30),
             Count(key="handed_off", label="Handed off", value=15), Count(key="not_answered", label="None", value=0)]
    root = _parse(bar_chart(items, slug="c1", title="Conversations by outcome", unit="conversations",
                            colours=OUTCOME_COLOURS))

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Conversations by outcome"
    assert root.find(f"{SVG}desc").text == ("Answered instantly: 30 conversations; Handed off: 15 conversations; "
                                            "None: 0 conversations")
    bars = root.findall(f"{SVG}g")
    assert [bar.find(f"{SVG}title").text for bar in bars] == [
        "Answered instantly: 30 conversations", "Handed off: 15 conversations", "None: 0 conversations"]
    widths = [float(bar.findall(f"{SVG}rect")[1].get("width")) for bar in bars]
    assert widths[0] == 2 * widths[1]
    assert widths[2] == 0
    assert bars[0].findall(f"{SVG}rect")[1].get("fill") == OUTCOME_COLOURS["answered"]


def test_text_is_escaped_and_long_labels_shortened() -> None:
    label = "<script>alert(1)</script> & a very long reason that goes on"
    svg = bar_chart([Count(key="x", label=label, value=1)], slug="c2", title="A & B")
    root = _parse(svg)
    assert "<script>" not in svg
    assert root.find(f"{SVG}g/{SVG}title").text == f"{label}: 1"
    shown = root.find(f"{SVG}g/{SVG}text").text
    assert shown.endswith("…")
    assert len(shown) == 34


def test_an_empty_bar_chart_says_so() -> None:
    root = _parse(bar_chart([], slug="c3", title="Handoff reasons"))
    assert root.find(f"{SVG}desc").text == "nothing yet"
    assert "Nothing in this period yet." in "".join(root.itertext())


def test_day_chart_stacks_outcomes_per_day() -> None:
    first = date(2026, 3, 2)
    series = [DaySeries(day=first + timedelta(days=n), counts=(
        Count(key="answered", label="Answered instantly", value=n),
        Count(key="handed_off", label="Handed off", value=2))) for n in range(3)]
    root = _parse(day_chart(series, slug="d", title="Per day"))

    days = root.findall(f"{SVG}g")
    assert [(g.get("data-day"), g.get("data-total")) for g in days] == [
        ("2026-03-02", "2"), ("2026-03-03", "3"), ("2026-03-04", "4")]
    # Day one has no "answered" segment (zero), only the handoffs; day three has both, stacked.
    assert [r.find(f"{SVG}title").text for r in days[0].findall(f"{SVG}rect")] == ["Mon 02 Mar · Handed off: 2"]
    answered, handed = days[2].findall(f"{SVG}rect")
    assert float(answered.get("height")) == float(handed.get("height"))  # 2 and 2
    assert float(handed.get("y")) + float(handed.get("height")) == float(answered.get("y"))
    legend = [t.text for t in root.findall(f"{SVG}text")]
    assert "Answered instantly" in legend
    assert "Handed off" in legend
    assert "Mon 02" in legend
