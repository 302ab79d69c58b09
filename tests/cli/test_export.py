"""``warmline export``: a period's rows as CSV files or one JSON document, from real traffic."""

from __future__ import annotations

import asyncio
import csv
import json
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests._shop import pinned_settings
from typer.testing import CliRunner

from warmline.cli.export import read_activity, write_export
from warmline.cli.main import app as cli
from warmline.config import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test shop on a pinned clock, so the day of the traffic is known before it is sent (no midnight race)."""
    return pinned_settings(settings)

def _traffic(client: TestClient, settings: Settings) -> str:
    """Three customers' messages; returns the day they were sent on (the app's pinned clock: no midnight race)."""
    assert settings.clock is not None
    today = settings.clock.date().isoformat()
    for customer, text in (("c-1", "how long does shipping take?"), ("c-2", "=HYPERLINK(\"http://x\") tungsten?"),
                           ("c-3", "Can I talk to a person please?")):
        assert client.post("/api/v1/messages", json={"customer_id": customer, "text": text}).status_code == 200
    return today


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_files_hold_the_period_and_run_no_formulas(client: TestClient, settings: Settings,
                                                       tmp_path: Path) -> None:
    _traffic(client, settings)
    assert settings.clock is not None
    shop, activity = asyncio.run(read_activity(settings, now=settings.clock + timedelta(hours=1), days=2))

    result = write_export(activity, out=tmp_path / "out", shop=shop)

    assert [p.name for p in result.files] == ["conversations.csv", "decisions.csv", "handoffs.csv",
                                              "promises.csv", "feedback.csv"]
    assert dict(result.rows) == {"conversations": 3, "decisions": 3, "handoffs": 1, "promises": 1, "feedback": 0}
    conversations = _rows(tmp_path / "out" / "conversations.csv")
    assert sorted(row["outcome"] for row in conversations) == ["answered", "handed_off", "not_answered"]
    decisions = _rows(tmp_path / "out" / "decisions.csv")
    formula = next(row for row in decisions if "HYPERLINK" in row["question"])
    assert formula["question"].startswith("'=HYPERLINK")  # a spreadsheet shows it, never runs it
    handoff = next(row for row in decisions if row["action"] == "handoff")
    assert "they asked for a person" in handoff["reasons"].split(" | ")
    assert (tmp_path / "out" / "feedback.csv").read_text(encoding="utf-8").startswith(
        "feedback_id,created_at,conversation_id,channel,liked,comment,staff_id")


def test_the_command_writes_one_json_document(client: TestClient, settings: Settings, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    today = _traffic(client, settings)
    monkeypatch.setenv("WARMLINE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("WARMLINE_DATABASE_URL", settings.resolved_database_url)
    out = tmp_path / "json"

    result = CliRunner().invoke(cli, ["export", "--bot", str(settings.bot), "--format", "json", "--since", today,
                                      "--until", today, "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert "3 conversations" in result.output
    document = json.loads((out / "warmline-export.json").read_text(encoding="utf-8"))
    assert document["shop"] == "Test Shop"
    assert len(document["conversations"]) == 3
    assert [d["action"] for d in document["decisions"]] == ["answer", "clarify", "handoff"]
    assert isinstance(document["decisions"][2]["reasons"], list)


def test_bad_format_or_period_changes_nothing(settings: Settings, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARMLINE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("WARMLINE_DATABASE_URL", settings.resolved_database_url)
    out = tmp_path / "never"
    runner = CliRunner()

    bad_format = runner.invoke(cli, ["export", "--bot", str(settings.bot), "--format", "xlsx", "--out", str(out)])
    bad_date = runner.invoke(cli, ["export", "--bot", str(settings.bot), "--since", "yesterday", "--out", str(out)])

    assert bad_format.exit_code != 0
    assert bad_date.exit_code != 0
    assert isinstance(bad_format.exception, Exception)
    assert getattr(bad_format.exception, "field", None) == "--format"
    assert getattr(bad_date.exception, "field", None) == "since"
    assert not out.exists()
