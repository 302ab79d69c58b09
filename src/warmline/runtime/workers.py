"""Running several worker processes (``warmline serve --workers N``): checks first, one index, then workers.

What several workers share must live outside any one of them: the store in the database (PostgreSQL
across machines), events and per-customer ordering in Redis (``WARMLINE_REDIS_URL``) or, on SQLite (one
machine), in the data dir (``socket_hub``, ``locks.FileOrdering``), the knowledge vectors in Chroma (a
server with ``WARMLINE_CHROMA_URL``, or the embedded index read by all). So the supervisor refuses
PostgreSQL workers without Redis, builds the knowledge index once (in a short-lived child process, so the
supervisor itself stays small) rather than letting N workers race to build it, and each worker builds its
own app from the same environment (``warmline.web.workers``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from warmline.config.settings import Settings, load_settings
from warmline.domain import ConfigError, KnowledgeError

__all__ = ["prepare_workers"]

logger = logging.getLogger(__name__)


def prepare_workers(settings: Settings, *, bot: Path | None, workers: int) -> None:
    """Check the settings allow ``workers`` processes and make sure the knowledge index exists."""
    on_sqlite = settings.resolved_database_url.startswith("sqlite")
    if not settings.redis_url and not on_sqlite:
        # PostgreSQL is there to let more machines serve; their workers share events and ordering via Redis.
        raise ConfigError(f"{workers} workers on PostgreSQL need Redis to share live events and per-customer "
                          "ordering", field="WARMLINE_REDIS_URL",
                          fix="set WARMLINE_REDIS_URL (e.g. redis://127.0.0.1:6379/0), or run one worker")
    if settings.telegram_polling:
        raise ConfigError("Telegram long polling allows one poller per bot token, not one per worker",
                          field="WARMLINE_TELEGRAM_POLLING", fix="use the Telegram webhook with several workers")
    if not settings.redis_url:
        logger.info("%d workers share live events and per-customer ordering through %s (this machine only)",
                    workers, settings.data_dir / "workers")
    # The workers read their settings from the environment.
    os.environ["WARMLINE_WORKERS"] = str(workers)
    if bot is not None:
        os.environ["WARMLINE_BOT"] = str(bot)
    _share_metrics(settings.data_dir / "metrics")
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as child:
        problem = child.submit(_ensure_index).result()
    if problem:
        raise KnowledgeError(problem, file=str(settings.bot))


def _share_metrics(folder: Path) -> None:
    """Prometheus multiprocess mode: the workers' counters in one folder, emptied at each start."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return  # the operator chose a folder (and empties it)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder.resolve())


def _ensure_index() -> str | None:
    """In a child process: open (or build, the first time) the bot's knowledge index; a problem as text."""
    from warmline.config.botfile import load_bot
    from warmline.domain import WarmlineError
    from warmline.runtime.services import open_knowledge

    try:
        settings = load_settings()
        open_knowledge(settings, load_bot(settings.bot))
    except WarmlineError as exc:
        return str(exc)
    return None
