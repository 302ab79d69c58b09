"""Password hashing: argon2id, its cost from the settings, and clear refusals of bad passwords."""

from __future__ import annotations

import pytest

from warmline.domain import ValidationError
from warmline.engine.staff.passwords import MIN_PASSWORD_LENGTH, Passwords, check_new_password

CHEAP = Passwords(time_cost=1, memory_kib=8)


def test_a_hash_verifies_its_password_only_and_never_contains_it() -> None:
    hashed = CHEAP.hash("correct horse battery")

    assert hashed.startswith("$argon2id$")
    assert "correct horse" not in hashed
    assert CHEAP.verify(hashed, "correct horse battery")
    assert not CHEAP.verify(hashed, "correct horse batterY")
    assert CHEAP.hash("correct horse battery") != hashed  # salted


def test_a_malformed_hash_or_absurd_password_is_simply_no_match() -> None:
    assert not CHEAP.verify("not-a-hash", "correct horse battery")
    assert not CHEAP.verify(CHEAP.hash("correct horse battery"), "x" * 5000)


def test_other_parameters_ask_for_a_rehash() -> None:
    hashed = CHEAP.hash("correct horse battery")

    assert not CHEAP.needs_rehash(hashed)
    assert Passwords(time_cost=2, memory_kib=8).needs_rehash(hashed)


@pytest.mark.parametrize("password", ["short", "x" * (MIN_PASSWORD_LENGTH - 1), "y" * 1025])
def test_a_bad_new_password_names_the_field(password: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_new_password(password)
    assert refused.value.field == "password"
    assert str(MIN_PASSWORD_LENGTH) in (refused.value.expected or "")
