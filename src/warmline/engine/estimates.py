"""The shop's wait-time estimator, refitted from its own finished cases while the service runs.

``EtaEstimates.current`` is what routing promises from; it stays ``None`` (the bot file's handling times
are used) until the store holds ``min_cases`` finished cases taken on shift.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from warmline.domain import Bot
from warmline.policy import EtaModel, fit_eta_model
from warmline.store import Store

__all__ = ["EtaEstimates"]

logger = logging.getLogger(__name__)

HISTORY = timedelta(weeks=8)  # recent enough to follow a changed team, long enough to see every hour
MIN_CASES = 30
REFIT_EVERY_SECONDS = 3600.0


class EtaEstimates:
    """Holds the latest fitted estimator; ``refit`` reads the store, ``run`` refits on a timer."""

    def __init__(self, *, bot: Bot, store: Store, clock: Callable[[], datetime], min_cases: int = MIN_CASES,
                 interval_seconds: float = REFIT_EVERY_SECONDS) -> None:
        self._bot = bot
        self._store = store
        self._clock = clock
        self._min_cases = min_cases
        self._interval = interval_seconds
        self.current: EtaModel | None = None

    async def refit(self) -> EtaModel | None:
        """Fit on the last ``HISTORY`` of finished cases; keep the bot file's estimate while there are too few."""
        now = self._clock()
        history = await self._store.finished_cases(since=now - HISTORY, until=now)
        model = fit_eta_model(history, bot=self._bot)
        self.current = model if model.cases_seen >= self._min_cases else None
        logger.info("ETA estimator refitted on %d finished cases (%s)", model.cases_seen,
                    "in use" if self.current else f"fewer than {self._min_cases}: bot-file handling times")
        return self.current

    async def run(self) -> None:
        """Refit now and then every ``interval_seconds`` until cancelled."""
        while True:
            try:
                await self.refit()
            except Exception:  # a failed refit keeps the previous estimator
                logger.exception("ETA refit failed")
            await asyncio.sleep(self._interval)
