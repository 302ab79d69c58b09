"""Failed sign-ins, counted per account and per client address in a sliding window (pure, no I/O).

Over either limit, further attempts are refused — even with the right password — until the oldest
failure leaves the window, so guessing costs an attacker time and a locked-out person knows when to retry.
Counts live in the process: with several workers each keeps its own, so the real limit is at most the
number of workers times the setting (documented in docs/security.md).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["SignInLimits"]

_MAX_KEYS = 20_000  # the least recently failed keys are forgotten first


@dataclass(frozen=True, slots=True, kw_only=True)
class _Limit:
    failures: int
    window: timedelta


class _Failures:
    def __init__(self, limit: _Limit) -> None:
        self._limit = limit
        self._times: OrderedDict[str, deque[datetime]] = OrderedDict()

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self._times.get(key, deque())
        while times and now - times[0] >= self._limit.window:
            times.popleft()
        return times

    def retry_after(self, key: str, now: datetime) -> float:
        times = self._recent(key, now)
        if len(times) < self._limit.failures:
            return 0.0
        return max(1.0, (times[0] + self._limit.window - now).total_seconds())

    def add(self, key: str, now: datetime) -> None:
        times = self._recent(key, now)
        times.append(now)
        self._times[key] = times
        self._times.move_to_end(key)
        while len(self._times) > _MAX_KEYS:
            self._times.popitem(last=False)

    def clear(self, key: str) -> None:
        self._times.pop(key, None)


class SignInLimits:
    """How many failed sign-ins an account and an address may have within the window."""

    def __init__(self, *, per_account: int, per_address: int, window: timedelta) -> None:
        self._accounts = _Failures(_Limit(failures=per_account, window=window))
        self._addresses = _Failures(_Limit(failures=per_address, window=window))

    def retry_after(self, *, staff_id: str, address: str, now: datetime) -> float:
        """Seconds until this account may try again from this address (0: it may now)."""
        return max(self._accounts.retry_after(staff_id.casefold(), now), self._addresses.retry_after(address, now))

    def failed(self, *, staff_id: str, address: str, now: datetime) -> None:
        """Count one failed sign-in against the account and the address."""
        self._accounts.add(staff_id.casefold(), now)
        self._addresses.add(address, now)

    def succeeded(self, *, staff_id: str) -> None:
        """A right password clears the account's failures (the address keeps its own)."""
        self._accounts.clear(staff_id.casefold())
