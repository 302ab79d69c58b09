"""`warmline ingest`: a progress bar, a summary, and Ctrl-C that keeps what was embedded for the next run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests._shop import write_test_bot
from typer.testing import CliRunner

from warmline.cli.main import app as cli
from warmline.knowledge import base as knowledge_base
from warmline.knowledge._sources import flatten, load_folder

real_stream_vectors = knowledge_base.stream_vectors


def interrupted_after_one_batch(**kwargs: Any) -> int:
    """The real batch loop, with Ctrl-C pressed once the first batch is stored."""
    report = kwargs.pop("progress")

    def progress(stage: str, done: int, total: int) -> None:
        report(stage, done, total)
        raise KeyboardInterrupt

    return real_stream_vectors(**kwargs | {"batch_size": 2, "progress": progress})


def test_ctrl_c_keeps_the_batches_and_the_next_run_continues(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    bot = write_test_bot(tmp_path)
    monkeypatch.setenv("WARMLINE_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()

    with monkeypatch.context() as patch:
        patch.setattr(knowledge_base, "stream_vectors", interrupted_after_one_batch)
        stopped = runner.invoke(cli, ["ingest", "--bot", str(bot)])
    assert stopped.exit_code == 130, stopped.output
    assert "run `warmline ingest --bot" in stopped.output
    assert "again to continue" in stopped.output

    resumed = runner.invoke(cli, ["ingest", "--bot", str(bot)])
    assert resumed.exit_code == 0, resumed.output
    assert "Continued the interrupted ingest" in resumed.output
    keys, _, _ = flatten(load_folder(tmp_path / "knowledge"))
    assert f"; {len(keys) - 2} texts embedded" in resumed.output  # the first batch of two was kept
    assert "embed" in resumed.output  # the progress bar's stages
    again = runner.invoke(cli, ["ingest", "--bot", str(bot)])
    assert "; 0 texts embedded" in again.output
    assert "Continued" not in again.output
