"""``timed``: a block's duration observed as a stage of a turn, also when the block fails."""

from __future__ import annotations

import pytest

from warmline.engine.ports import Stage, timed


class Recorded:
    """StageTimings that keeps what it was told."""

    def __init__(self) -> None:
        self.seen: list[tuple[Stage, float]] = []

    def stage(self, name: Stage, seconds: float) -> None:
        self.seen.append((name, seconds))


def test_a_block_is_observed_once_under_its_stage() -> None:
    timings = Recorded()
    with timed(timings, "policy"):
        sum(range(1000))
    [(name, seconds)] = timings.seen
    assert name == "policy"
    assert seconds >= 0


def test_a_failing_block_is_observed_and_the_error_goes_on() -> None:
    timings = Recorded()
    with pytest.raises(ValueError, match="bad"), timed(timings, "store"):
        raise ValueError("bad")
    assert [name for name, _ in timings.seen] == ["store"]

