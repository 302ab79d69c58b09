"""The FastAPI app factory: settings validated at start-up, services started and stopped explicitly."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

import warmline
from warmline.domain import (
    ConflictError,
    KnowledgeError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    WarmlineError,
)

from .routes import api, health, slack, staff, webchat, webhooks
from .services import Services
from .settings import Settings, load_settings

__all__ = ["create_app"]

logger = logging.getLogger(__name__)

_STATUS = {
    ValidationError: status.HTTP_422_UNPROCESSABLE_CONTENT,
    NotFoundError: status.HTTP_404_NOT_FOUND,
    ConflictError: status.HTTP_409_CONFLICT,
    PermissionDeniedError: status.HTTP_403_FORBIDDEN,
    KnowledgeError: status.HTTP_503_SERVICE_UNAVAILABLE,
}


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    """Build the app; services start in the lifespan (or are given, already started, by tests)."""
    if settings is None:
        settings = services.settings if services is not None else load_settings()
    resolved = settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if services is not None:  # started (and stopped) by the caller
            yield
            return
        started = await Services.start(resolved)
        app.state.services = started
        try:
            yield
        finally:
            await started.stop()

    app = FastAPI(title="Warmline", version=warmline.__version__, lifespan=lifespan,
                  description="Instant answers from the shop's knowledge, honest delays, and handoffs "
                              "to a named person.")
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if services is not None:
        app.state.services = services
    _install_error_handlers(app)
    for router in (api.router, staff.router, staff.socket_router, webchat.router, webhooks.router,
                   slack.router, health.router):
        app.include_router(router)
    static = resources.files("warmline.app").joinpath("web", "static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


def _error(status_code: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": {"error": message, **{k: v for k, v in extra.items() if v}}},
                        status_code=status_code)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WarmlineError)
    async def warmline_error(_request: Request, exc: WarmlineError) -> JSONResponse:
        code = next((c for kind, c in _STATUS.items() if isinstance(exc, kind)), 500)
        if code == 500:
            logger.error("unexpected %s: %s", type(exc).__name__, exc)
        return _error(code, exc.message, field=getattr(exc, "field", None),
                      expected=getattr(exc, "expected", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        field = ".".join(str(p) for p in first["loc"] if p != "body") or None
        return _error(status.HTTP_422_UNPROCESSABLE_CONTENT, str(first["msg"]), field=field,
                      errors=[{"field": ".".join(str(p) for p in e["loc"] if p != "body"), "error": e["msg"]}
                              for e in errors])


class BodySizeLimit:
    """Refuses request bodies over the limit with 413 before reading them into memory."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            response = _error(status.HTTP_413_CONTENT_TOO_LARGE,
                              f"request body over {self.max_bytes} bytes", field="body")
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Any:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise WarmlineBodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except WarmlineBodyTooLarge:
            response = _error(status.HTTP_413_CONTENT_TOO_LARGE,
                              f"request body over {self.max_bytes} bytes", field="body")
            await response(scope, receive, send)


class WarmlineBodyTooLarge(Exception):
    """Raised inside the body-size middleware when a chunked body grows past the limit."""
