"""The error tree of Warmline: one root, a few branches, each carrying what a user needs to fix things.

::

    WarmlineError
     ├── ConfigError            a bad setting or bot file (names the file, the field and the fix)
     ├── ValidationError        bad input from a client or a platform (names the field and what was expected)
     ├── NotFoundError          a customer, conversation or staff member that does not exist
     ├── ConflictError          an action that does not fit the conversation's state (e.g. claim twice)
     ├── PermissionDeniedError  a signature, token or role that does not allow the action
     ├── KnowledgeError         knowledge that cannot be read or indexed (names the file)
     └── DeliveryError          a message that could not be delivered to a platform
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ConflictError",
    "DeliveryError",
    "KnowledgeError",
    "NotFoundError",
    "PermissionDeniedError",
    "ValidationError",
    "WarmlineError",
]


class WarmlineError(Exception):
    """Root of every error Warmline raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(WarmlineError):
    """A setting or a bot file is wrong; says where and how to fix it."""

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None,
                 fix: str | None = None) -> None:
        parts = [p for p in (file, field) if p]
        where = ": ".join(parts)
        text = f"{where}: {message}" if where else message
        if fix:
            text = f"{text} (fix: {fix})"
        super().__init__(text)
        self.file = file
        self.field = field
        self.fix = fix


class ValidationError(WarmlineError):
    """Input that does not have the expected shape; nothing was changed."""

    def __init__(self, message: str, *, field: str | None = None, expected: str | None = None) -> None:
        text = message
        if field:
            text = f"{field}: {text}"
        if expected:
            text = f"{text} (expected {expected})"
        super().__init__(text)
        self.field = field
        self.expected = expected


class NotFoundError(WarmlineError):
    """The thing asked for does not exist."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key!r} not found")
        self.kind = kind
        self.key = key


class ConflictError(WarmlineError):
    """The action does not fit the current state; nothing was changed."""


class PermissionDeniedError(WarmlineError):
    """The caller may not do this (bad signature, token, or not on the roster)."""


class KnowledgeError(WarmlineError):
    """Knowledge that cannot be read or indexed."""

    def __init__(self, message: str, *, file: str | None = None) -> None:
        super().__init__(f"{file}: {message}" if file else message)
        self.file = file


class DeliveryError(WarmlineError):
    """A message could not be delivered to a platform."""

    def __init__(self, message: str, *, channel: str, retry_after: float | None = None,
                 permanent: bool = False) -> None:
        super().__init__(f"{channel}: {message}")
        self.channel = channel
        self.retry_after = retry_after
        self.permanent = permanent
