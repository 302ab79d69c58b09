"""What every ``warmline`` command shares: the consoles, the common options, settings and logging."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from warmline.config.settings import Settings, load_settings

__all__ = ["BotOption", "DatasetsOption", "JsonOption", "console", "err", "settings_for", "setup_logging"]

console = Console()
err = Console(stderr=True)

BotOption = Annotated[Path | None, typer.Option("--bot", help="Bot file (default: $WARMLINE_BOT).")]
DatasetsOption = Annotated[Path | None, typer.Option(
    "--datasets", help="Data set folder (default: $WARMLINE_DATASETS or ../shared/datasets).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def settings_for(bot: Path | None) -> Settings:
    """The settings, with ``--bot`` in place of ``$WARMLINE_BOT`` when it was given."""
    return load_settings(**({"bot": bot} if bot else {}))


def setup_logging(level: str = "INFO") -> None:
    """Log lines to standard error at ``level``, without third-party chatter."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
