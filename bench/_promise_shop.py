"""The simulated shop's people for `bench/promises.py`: each person's slots, breaks, cases and actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from warmline.domain import OpenCase

__all__ = ["START", "Worker", "after_breaks", "worked_between", "worked_until"]

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday


@dataclass(slots=True)
class Worker:
    """One person's parallel slots (when each frees up), their day's breaks, and their cases as
    (handed, started, resolved, case type) in minutes since START."""

    slots: list[float]
    breaks: list[tuple[float, float]]
    cases: list[tuple[float, float, float, str]]
    actions: list[float]  # when they replied, took a case up or resolved one (some still in the future)

    def last_action(self, minute: float) -> float | None:
        """When they last acted by ``minute``, as the store's replies, take-ups and resolves show it."""
        return max((a for a in self.actions if a <= minute), default=None)

    def quiet_at(self, minute: float) -> float | None:
        """Minutes since they last acted, ``None`` when not in the last day."""
        last = self.last_action(minute)
        return None if last is None else minute - last

    def take(self, *, arrival: float, look: float, case: str, handling_from: Callable[[float], float],
             pauses: list[tuple[float, float]], replies: Callable[[float, float], list[float]]) -> tuple[float, float]:
        """Work a new case first-in-first-out on the slot that frees first, after the look and any break;
        record the take-up, the replies (``replies(start, handling)``) and the resolve as actions at their
        times. ``pauses``: the breaks that stop work in progress. Returns (taken up, resolved)."""
        slot = min(range(len(self.slots)), key=lambda i: self.slots[i])
        start = after_breaks(max(arrival + look, self.slots[slot]), self.breaks)
        handling = handling_from(start)
        end = worked_until(start, handling, pauses)
        self.slots[slot] = end
        self.cases = [c for c in self.cases if c[2] > arrival] + [(arrival, start, end, case)]
        self.actions = [a for a in self.actions if a > arrival - 24 * 60] + [start, *replies(start, handling), end]
        return start, end

    def open_at(self, minute: float) -> tuple[OpenCase, ...]:
        """What the store would show at ``minute``: unresolved cases, taken up (claimed) or not yet."""
        return tuple(OpenCase(case_type=case, handed_at=START + timedelta(minutes=handed),
                              claimed_at=START + timedelta(minutes=started) if started <= minute else None)
                     for handed, started, resolved, case in self.cases if resolved > minute)


def after_breaks(start: float, breaks: list[tuple[float, float]]) -> float:
    """``start``, or the end of the break it falls in (nobody takes a case up on a break)."""
    for begin, end in breaks:
        if begin <= start < end:
            start = end
    return start


def worked_until(start: float, minutes: float, breaks: list[tuple[float, float]]) -> float:
    """When ``minutes`` of work begun at ``start`` are done: a break pauses the work (nobody acts on one)."""
    at, left = start, minutes
    for begin, end in breaks:
        if end <= at:
            continue
        if begin >= at + left:
            break
        left -= max(0.0, begin - at)
        at = max(at, end)
    return at + left


def worked_between(start: float, until: float, breaks: list[tuple[float, float]]) -> float:
    """Minutes of work between ``start`` and ``until``, breaks left out."""
    paused = sum(max(0.0, min(end, until) - max(begin, start)) for begin, end in breaks)
    return max(0.0, until - start - paused)
