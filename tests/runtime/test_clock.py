"""The service's clock: real by default; pinned by ``WARMLINE_CLOCK`` to a moment it then runs on from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warmline.config import Settings
from warmline.config.settings import load_settings
from warmline.domain import ConfigError
from warmline.runtime.clock import PinnedClock, clock_for, system_clock

SATURDAY_EVENING = datetime.fromisoformat("2026-12-05T20:00:00+01:00")


def test_the_real_clock_is_the_default() -> None:
    assert clock_for(Settings()) is system_clock
    assert abs(system_clock() - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_pinned_clock_starts_at_its_moment_and_runs_on_at_real_speed() -> None:
    ticks = iter([100.0, 100.0, 160.5, 160.5])
    clock = PinnedClock(SATURDAY_EVENING, monotonic=lambda: next(ticks))

    assert clock() == SATURDAY_EVENING
    assert clock() == SATURDAY_EVENING + timedelta(seconds=60.5)
    assert clock().tzinfo == UTC


def test_the_setting_pins_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARMLINE_CLOCK", "2026-12-05T20:00:00+01:00")

    clock = clock_for(load_settings())

    assert abs(clock() - SATURDAY_EVENING) < timedelta(seconds=5)


def test_a_moment_without_its_offset_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARMLINE_CLOCK", "2026-12-05T20:00:00")

    with pytest.raises(ConfigError, match="UTC offset"):
        load_settings()


def test_a_pinned_clock_never_listens_beyond_loopback() -> None:
    pinned = Settings(clock=SATURDAY_EVENING, admin_token="a-random-admin-token-4c1e")

    pinned.check_can_listen("127.0.0.1")
    with pytest.raises(ConfigError, match="pinned clock") as refused:
        pinned.check_can_listen("0.0.0.0")
    assert refused.value.field == "WARMLINE_CLOCK"
