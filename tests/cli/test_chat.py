"""`warmline chat`: a new conversation every run unless `--customer` carries on an earlier one, and only
what is new is shown."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from warmline.cli.main import app as cli
from warmline.config import Settings


def chat(settings: Settings, lines: list[str], *extra: str) -> str:
    result = CliRunner().invoke(cli, ["chat", "--bot", str(settings.bot), *extra], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return result.output


def test_each_run_is_a_new_conversation_unless_a_customer_is_given(settings: Settings,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARMLINE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("WARMLINE_DATABASE_URL", settings.resolved_database_url)
    first = chat(settings, ["Can I talk to a person please?"], "--customer", "kim")
    assert "I've asked" in first

    fresh = chat(settings, ["how long does shipping take?"])
    assert "2-4 business days" in fresh
    assert "has your case" not in fresh, "a new run is not stuck with an earlier customer's person"

    again = chat(settings, ["hello?"], "--customer", "kim")
    assert "has your case" in again, "the same customer carries on, still waiting"
    assert "I've asked" not in again, "earlier replies are not reprinted as answers"
