"""The FastAPI app factory: settings validated at start-up, services started and stopped explicitly."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

import warmline
from warmline.config.settings import Settings, load_settings
from warmline.domain import (
    ConflictError,
    KnowledgeError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    WarmlineError,
)
from warmline.runtime.redaction import install_redaction
from warmline.runtime.services import Services
from warmline.web.openapi import install_openapi
from warmline.web.ratelimit import install_rate_limits
from warmline.web.routes import api, dashboard, health, shops, signin, slack, staff, webchat, webhooks
from warmline.web.routes._deps import error_response

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
    install_redaction(secrets=settings.secret_values)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if services is not None:  # started (and stopped) by the caller
            yield
            return
        started = await Services.start(resolved)
        app.state.services = started
        try:
            await started.pipeline.prepare()  # before the first request: the first customer waits for nothing
            yield
        finally:
            await started.stop()

    app = FastAPI(title="Warmline", version=warmline.__version__, lifespan=lifespan,
                  description="Instant answers from the shop's knowledge, honest delays, and handoffs "
                              "to a named person.")
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    install_rate_limits(app, settings)
    if services is not None:
        app.state.services = services
    _install_error_handlers(app)
    install_openapi(app)
    for router in (api.router, staff.router, staff.socket_router, webchat.router, webhooks.router, shops.router,
                   slack.router, health.router, dashboard.router, dashboard.api_router, signin.router):
        app.include_router(router)
    static = resources.files("warmline.web").joinpath("pages", "static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


_error = error_response


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WarmlineError)
    async def warmline_error(_request: Request, exc: WarmlineError) -> JSONResponse:
        code = next((c for kind, c in _STATUS.items() if isinstance(exc, kind)), 500)
        if code == 500:
            logger.error("unexpected %s: %s", type(exc).__name__, exc)
        return _error(code, exc.message, field=getattr(exc, "field", None),
                      expected=getattr(exc, "expected", None))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc.__cause__, WarmlineBodyTooLarge):  # FastAPI turned the streamed limit into a 400
            return _too_large(BodySizeLimit.max_bytes_of(request))
        if exc.status_code == status.HTTP_400_BAD_REQUEST and exc.detail == "There was an error parsing the body":
            return _error(exc.status_code, "the body could not be read (not UTF-8 text, or JSON nested too deeply)",
                          field="body", expected="a UTF-8 JSON object")
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first: Any = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        if first.get("type") == "json_invalid":  # say what is wrong with the JSON, not a position as a field
            reason = (first.get("ctx") or {}).get("error", "not valid JSON")
            return _error(status.HTTP_422_UNPROCESSABLE_CONTENT, f"the body is not valid JSON: {reason} "
                          f"(at character {first['loc'][-1]})", field="body", expected="a JSON object")
        field = ".".join(str(p) for p in first["loc"] if p != "body") or None
        return _error(status.HTTP_422_UNPROCESSABLE_CONTENT, _message(first), field=field,
                      errors=[{"field": ".".join(str(p) for p in e["loc"] if p != "body"), "error": _message(e)}
                              for e in errors])


def _message(error: Any) -> str:
    """Pydantic's message, without the "Value error, " it puts before a validator's own words."""
    return str(error["msg"]).removeprefix("Value error, ")


class BodySizeLimit:
    """Refuses request bodies over the limit with 413 before reading them into memory."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["max_body_bytes"] = self.max_bytes
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(self.max_bytes)(scope, receive, send)
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
            await _too_large(self.max_bytes)(scope, receive, send)

    @staticmethod
    def max_bytes_of(request: Request) -> int:
        """The limit the middleware applied to ``request``."""
        return int(request.scope.get("state", {}).get("max_body_bytes", 0))


def _too_large(max_bytes: int) -> JSONResponse:
    return _error(status.HTTP_413_CONTENT_TOO_LARGE, f"request body over {max_bytes} bytes", field="body")


class WarmlineBodyTooLarge(Exception):
    """Raised inside the body-size middleware when a chunked body grows past the limit."""
