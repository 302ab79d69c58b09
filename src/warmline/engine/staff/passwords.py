"""Password hashing for staff accounts: argon2id (argon2-cffi), with the cost taken from the settings.

The hash string carries its own parameters, so raising the cost later still verifies old hashes, and
``needs_rehash`` tells the sign-in to upgrade them.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from warmline.domain import ValidationError

__all__ = ["MIN_PASSWORD_LENGTH", "Passwords", "check_new_password"]

MIN_PASSWORD_LENGTH = 12
_MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this keeps a hostile sign-in from costing much


def check_new_password(password: str) -> None:
    """``ValidationError`` naming the field unless the password is long enough (and not absurdly long)."""
    if len(password) < MIN_PASSWORD_LENGTH or len(password) > _MAX_PASSWORD_LENGTH:
        raise ValidationError(f"a password of {len(password)} characters", field="password",
                              expected=f"{MIN_PASSWORD_LENGTH} to {_MAX_PASSWORD_LENGTH} characters")


class Passwords:
    """Hashes and verifies passwords; never logs or keeps one."""

    def __init__(self, *, time_cost: int = 3, memory_kib: int = 64 * 1024) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)

    def hash(self, password: str) -> str:
        """The argon2id hash of a new password (checked with ``check_new_password`` first)."""
        check_new_password(password)
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches; a malformed hash or an over-long password is simply no match."""
        if len(password) > _MAX_PASSWORD_LENGTH:
            return False
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters than today's."""
        return self._hasher.check_needs_rehash(password_hash)
