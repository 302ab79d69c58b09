"""The owner's dashboard in headless Chromium, after a demo week played through the real engine by
``warmline demo-traffic``: the figures on the page are the server's own, the charts draw, and the channel
filter narrows them.

``WARMLINE_DOCS_SCREENSHOTS=1`` also saves the page to docs/img/dashboard.png (the picture in the docs).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ._helpers import OpenPage, WarmlineServer, get_json, open_signed_in
from .conftest import BOT_FILE, REPO, _serve, _server_env, _warmline_command

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_server(ingested_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WarmlineServer]:
    """The demo shop with a simulated week of customers in its database, served."""
    prepared = tmp_path_factory.mktemp("dashboard-data")
    shutil.copytree(ingested_data, prepared, dirs_exist_ok=True)
    played = subprocess.run([*_warmline_command(), "demo-traffic", "--bot", str(BOT_FILE), "--days", "7"],
                            cwd=REPO, env=_server_env(prepared), capture_output=True, text=True, timeout=300,
                            check=False)
    if played.returncode != 0:
        pytest.fail(f"warmline demo-traffic failed:\n{played.stdout[-2000:]}\n{played.stderr[-4000:]}")
    assert "customers wrote" in played.stdout
    with _serve(prepared, tmp_path_factory.mktemp("dashboard-served")) as server:
        yield server


def test_dashboard_shows_the_demo_week(demo_server: WarmlineServer, new_page: OpenPage, screenshots: Path) -> None:
    figures = get_json(f"{demo_server.base_url}/api/v1/dashboard?days=7")
    assert figures["conversations"] > 20  # a week of customers, not an empty page

    page = open_signed_in(new_page, demo_server.base_url, "maya", target="/dashboard", width=1280, height=900)

    kpi = page.locator('[data-kpi="conversations"] .kpi__value')
    expect(kpi).to_have_text(str(figures["conversations"]))
    answered = next(c["value"] for c in figures["outcomes"] if c["key"] == "answered")
    expect(page.locator('[data-kpi="answered"] .kpi__note')).to_have_text(f"{answered} conversations")
    expect(page.get_by_role("img", name="Conversations per day, by outcome")).to_be_visible()
    charts = page.locator("svg.chart")
    expect(charts).to_have_count(5)
    for index in range(5):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 20  # noqa: PT018 - one drawn chart
    days = page.locator("#per-day g.day")
    expect(days).to_have_count(7)
    totals = [int(days.nth(i).get_attribute("data-total") or 0) for i in range(7)]
    assert sum(totals) == figures["conversations"]
    for outcome in figures["outcomes"]:
        bar = page.locator(f'#outcomes g.bar[data-key="{outcome["key"]}"]')
        expect(bar).to_have_attribute("data-value", str(outcome["value"]))
    expect(page.locator("#channels tbody tr")).to_have_count(len(figures["by_channel"]))
    expect(page.locator("#unanswered tbody tr")).to_have_count(min(15, len(figures["unanswered"])))
    page.screenshot(path=str(screenshots / "dashboard.png"), full_page=True)
    if os.environ.get("WARMLINE_DOCS_SCREENSHOTS"):
        page.screenshot(path=str(REPO / "docs" / "img" / "dashboard.png"), full_page=True)

    # The owner narrows it to Instagram: the page reloads with that channel's figures only.
    instagram = get_json(f"{demo_server.base_url}/api/v1/dashboard?days=7&channel=instagram")
    page.get_by_role("combobox", name="Channel").select_option("instagram")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#period-shown")).to_contain_text("Instagram")
    expect(kpi).to_have_text(str(instagram["conversations"]))
    assert instagram["conversations"] < figures["conversations"]


def test_the_inbox_links_to_the_dashboard(demo_server: WarmlineServer, new_page: OpenPage) -> None:
    page = open_signed_in(new_page, demo_server.base_url, "joris")  # a lead
    page.get_by_role("link", name="Dashboard").click()
    expect(page).to_have_url(f"{demo_server.base_url}/dashboard")
    expect(page.locator('[data-kpi="conversations"] .kpi__value')).not_to_have_text("0")
