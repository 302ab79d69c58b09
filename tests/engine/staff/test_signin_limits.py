"""Failed sign-ins are limited per account and per address, in a sliding window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from warmline.engine.staff.signin_limits import SignInLimits

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


def _limits() -> SignInLimits:
    return SignInLimits(per_account=3, per_address=5, window=WINDOW)


def test_an_account_is_locked_after_its_failures_until_the_oldest_leaves_the_window() -> None:
    limits = _limits()
    for minute in range(3):
        assert limits.retry_after(staff_id="maya", address="10.0.0.1", now=T0 + timedelta(minutes=minute)) == 0
        limits.failed(staff_id="maya", address="10.0.0.1", now=T0 + timedelta(minutes=minute))

    now = T0 + timedelta(minutes=3)
    assert limits.retry_after(staff_id="maya", address="10.0.0.9", now=now) == (WINDOW - timedelta(minutes=3)).seconds
    assert limits.retry_after(staff_id="MAYA", address="10.0.0.9", now=now) > 0  # case does not dodge it
    assert limits.retry_after(staff_id="leo", address="10.0.0.9", now=now) == 0
    assert limits.retry_after(staff_id="maya", address="10.0.0.1", now=T0 + WINDOW) == 0


def test_an_address_guessing_many_accounts_is_locked_too() -> None:
    limits = _limits()
    for n in range(5):
        limits.failed(staff_id=f"guess-{n}", address="203.0.113.7", now=T0)

    assert limits.retry_after(staff_id="maya", address="203.0.113.7", now=T0) > 0
    assert limits.retry_after(staff_id="maya", address="10.0.0.1", now=T0) == 0


def test_a_success_clears_the_accounts_failures() -> None:
    limits = _limits()
    for _ in range(2):
        limits.failed(staff_id="maya", address="10.0.0.1", now=T0)
    limits.succeeded(staff_id="maya")
    limits.failed(staff_id="maya", address="10.0.0.1", now=T0)

    assert limits.retry_after(staff_id="maya", address="10.0.0.2", now=T0) == 0
