"""Rate limits: token buckets per source (client address) and per customer, and the 429 that names them.

Two limits, both in requests a minute (0 turns a limit off), each bucket holding up to a minute's worth:

- ``per_source`` (``WARMLINE_RATE_LIMIT_PER_SOURCE``): everything one client address sends to ``/api/…``
  and every WebSocket it opens on ``/ws/…``. Checked by ``SourceRateLimit`` before routing, so a flood
  costs neither a body read nor a database query. The address is the one uvicorn reports, which honours
  ``X-Forwarded-For`` only from the proxies it trusts (``--forwarded-allow-ips``).
- ``per_customer`` (``WARMLINE_RATE_LIMIT_PER_CUSTOMER``): messages from one customer — a direct-API
  ``customer_id`` on its channel, a web chat session, a platform identity.

Over a limit, an HTTP client gets ``429`` with ``Retry-After`` and a JSON body naming the limit and its
setting; a web chat frame gets an error frame with ``retry_after``. Nothing is stored: the client sends
again later, and the message id makes that retry safe.

Platform webhooks (Telegram, Meta, Slack) are never answered 429 once their signature checks out. The
platform is the only sender there: Meta batches many customers into one POST, Slack gives up after three
retries and turns off a subscription that keeps failing, Telegram's retries are unspecified. Refusing
would delay or lose *other* customers' messages. So a verified request is accepted, every message in it
stored and answered (the pipeline already handles one customer's messages one at a time, so a noisy
customer only queues behind themselves), and a customer over ``per_customer`` there is logged. What is
limited on webhook routes is *forgery*: each request that fails verification costs its address a token
of ``per_source``, and an address with none left is refused 429 before the signature is even checked.
The real platform never fails verification, so it is never refused.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from warmline.config.settings import Settings

__all__ = [
    "Limit",
    "RateLimitExceeded",
    "RateLimits",
    "SourceRateLimit",
    "TokenBuckets",
    "client_address",
    "install_rate_limits",
    "rate_limits",
]

logger = logging.getLogger(__name__)

_MAX_KEYS = 50_000  # buckets kept per limit; the least recently used (long since refilled) go first
_LIMITED_PREFIXES = ("/api/", "/ws/")


@dataclass(frozen=True, slots=True, kw_only=True)
class Limit:
    """One limit: its name in responses, how many a minute, and the setting that changes it."""

    name: str
    per_minute: int
    setting: str
    what: str  # "requests from this address", for the message

    @property
    def enabled(self) -> bool:
        """A limit of 0 is off."""
        return self.per_minute > 0

    def describe(self) -> str:
        """The sentence a client reads."""
        return f"too many {self.what}: the limit is {self.per_minute} a minute ({self.setting})"


class RateLimitExceeded(Exception):
    """A key has no token left; ``retry_after`` seconds until it has one."""

    def __init__(self, limit: Limit, retry_after: float) -> None:
        super().__init__(limit.describe())
        self.limit = limit
        self.retry_after = retry_after

    @property
    def retry_after_header(self) -> str:
        """Whole seconds, rounded up (``Retry-After`` takes no fractions), at least 1."""
        return str(max(1, math.ceil(self.retry_after)))

    def body(self) -> dict[str, object]:
        """The JSON body of the 429: the error, the limit's name, its setting and when to retry."""
        return {"detail": {"error": self.limit.describe(), "limit": self.limit.name,
                           "setting": self.limit.setting, "retry_after": int(self.retry_after_header)}}

    def response(self) -> JSONResponse:
        """429 with ``Retry-After``."""
        return JSONResponse(self.body(), status_code=status.HTTP_429_TOO_MANY_REQUESTS,
                            headers={"Retry-After": self.retry_after_header})


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    refused: int = 0  # refusals in a row; the first one is logged, the rest would only flood the log


class TokenBuckets:
    """The buckets of one limit, by key. Bounded: a flood of new keys cannot exhaust memory."""

    def __init__(self, limit: Limit, *, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = _MAX_KEYS) -> None:
        self.limit = limit
        self._clock = clock
        self._max_keys = max_keys
        self._rate = limit.per_minute / 60.0
        self._capacity = float(limit.per_minute)
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def _bucket(self, key: str) -> _Bucket:
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(tokens=self._capacity, updated=now)
            if len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            bucket.tokens = min(self._capacity, bucket.tokens + (now - bucket.updated) * self._rate)
            bucket.updated = now
        return bucket

    def wait(self, key: str) -> float:
        """Seconds until ``key`` has a token (0 when it has one now); nothing is taken."""
        if not self.limit.enabled:
            return 0.0
        bucket = self._bucket(key)
        return 0.0 if bucket.tokens >= 1 else (1 - bucket.tokens) / self._rate

    def take(self, key: str) -> None:
        """Take a token for ``key``, or raise ``RateLimitExceeded`` (nothing taken then)."""
        if not self.limit.enabled:
            return
        bucket = self._bucket(key)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.refused = 0
            return
        bucket.refused += 1
        if bucket.refused == 1:
            logger.warning("rate limit %s reached for %s", self.limit.name, key)
        raise RateLimitExceeded(self.limit, (1 - bucket.tokens) / self._rate)

    def spend(self, key: str) -> None:
        """Take a token if there is one (for counting refusals: the refused request is answered anyway)."""
        with contextlib.suppress(RateLimitExceeded):
            self.take(key)


@dataclass(slots=True)
class RateLimits:
    """The limits of one app, built from the settings."""

    source: TokenBuckets
    customer: TokenBuckets
    refusals: TokenBuckets  # failed webhook verifications, per address (see the module docstring)

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: Callable[[], float] = time.monotonic) -> RateLimits:
        """The two limits of the settings (the refusal budget shares ``per_source``'s number)."""
        source = Limit(name="per_source", per_minute=settings.rate_limit_per_source,
                       setting="WARMLINE_RATE_LIMIT_PER_SOURCE", what="requests from this address")
        customer = Limit(name="per_customer", per_minute=settings.rate_limit_per_customer,
                         setting="WARMLINE_RATE_LIMIT_PER_CUSTOMER", what="messages from this customer")
        refusals = Limit(name="per_source", per_minute=settings.rate_limit_per_source,
                         setting="WARMLINE_RATE_LIMIT_PER_SOURCE", what="unverified webhook requests from this address")
        return cls(source=TokenBuckets(source, clock=clock), customer=TokenBuckets(customer, clock=clock),
                   refusals=TokenBuckets(refusals, clock=clock))


def client_address(scope: Scope) -> str:
    """The client's address as the server reports it (``unknown`` when the server gives none)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def rate_limits(request: Request) -> RateLimits:
    """The app's limits."""
    limits: RateLimits = request.app.state.rate_limits
    return limits


class SourceRateLimit:
    """Per-source limit on ``/api/…`` requests and ``/ws/…`` connections, before any routing or body read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not scope["path"].startswith(_LIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        limits: RateLimits = scope["app"].state.rate_limits
        try:
            limits.source.take(client_address(scope))
        except RateLimitExceeded as exc:
            await _refuse(exc, scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _refuse(exc: RateLimitExceeded, scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "http":
        await exc.response()(scope, receive, send)
        return
    # A WebSocket handshake: the same 429 where the server can send an HTTP response instead of the
    # upgrade (uvicorn and Starlette's test client can), else a close that says "try again later".
    await receive()  # websocket.connect
    if "websocket.http.response" in scope.get("extensions", {}):
        await exc.response()(scope, receive, send)
    else:
        await send({"type": "websocket.close", "code": 1013, "reason": exc.limit.describe()[:120]})


def install_rate_limits(app: FastAPI, settings: Settings) -> None:
    """Give the app its limits, the per-source middleware and the 429 handler."""
    app.state.rate_limits = RateLimits.from_settings(settings)
    app.add_middleware(SourceRateLimit)

    @app.exception_handler(RateLimitExceeded)
    async def too_many(_request: Request, exc: RateLimitExceeded) -> JSONResponse:
        return exc.response()
