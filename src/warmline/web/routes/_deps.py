"""Shared dependencies of the routers: the services, and the admin token check (machine-to-machine API)."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import Depends, HTTPException, Request, WebSocket, status
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from warmline.domain import ValidationError
from warmline.runtime.services import Services
from warmline.web.schemas import check_storable

__all__ = ["error_response", "require_admin", "safe_path", "services", "services_dependency", "ws_services"]

_MAX_PATH_PARAM = 200
# Declares the ``adminToken`` bearer scheme in the OpenAPI document; ``require_admin`` answers a missing or
# wrong token itself (401 in the app's error shape), so FastAPI's own refusal is off.
_BEARER = HTTPBearer(scheme_name="adminToken", auto_error=False,
                     description="WARMLINE_ADMIN_TOKEN, for machine-to-machine use of /api/v1 (when it is set).")


def error_response(status_code: int, message: str, **extra: Any) -> JSONResponse:
    """The app's one error shape, ``{"detail": {"error": …, "field"?: …, …}}`` (``Error`` in the OpenAPI)."""
    return JSONResponse({"detail": {"error": message, **{k: v for k, v in extra.items() if v}}},
                        status_code=status_code)


def services(request: Request) -> Services:
    """The app's running services."""
    return request.app.state.services


async def services_dependency(request: Request) -> Services:
    """``services`` as a route dependency. Every dependency here is ``async``: FastAPI runs a plain ``def`` one
    in a worker thread, a hop there and back (and a turn for the GIL) on every request for a few attribute reads."""
    return services(request)


def ws_services(websocket: WebSocket) -> Services:
    """The app's running services, from a WebSocket."""
    return websocket.app.state.services


def _token_matches(expected: str | None, given: str) -> bool:
    return expected is None or hmac.compare_digest(expected.encode(), given.encode())


async def require_admin(request: Request,
                  credentials: HTTPAuthorizationCredentials | None = Depends(_BEARER)) -> None:  # noqa: B008
    """With ``WARMLINE_ADMIN_TOKEN`` set, the machine-to-machine API (``/api/v1`` messages, customers,
    conversations, orders) needs ``Bearer <token>``. The staff pages and their API never take it: people
    sign in as themselves (``_staff_auth``)."""
    expected = services(request).settings.admin_token
    token = credentials.credentials.strip() if credentials is not None else None
    if expected is not None and not (token is not None and _token_matches(expected, token)):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED,
                            detail={"error": "missing or wrong admin token", "field": "Authorization",
                                    "expected": "Authorization: Bearer <WARMLINE_ADMIN_TOKEN>"},
                            headers={"WWW-Authenticate": "Bearer"})


async def safe_path(request: Request) -> None:
    """Ids in the path are at most 200 characters with nothing a database can't hold (NUL, unpaired
    surrogates): a 422 naming the parameter instead of a database error."""
    for name, value in request.path_params.items():
        if not isinstance(value, str):
            continue
        if len(value) > _MAX_PATH_PARAM:
            raise ValidationError(f"too long ({len(value)} characters)", field=name,
                                  expected=f"an id of at most {_MAX_PATH_PARAM} characters")
        try:
            check_storable(value)
        except ValueError as exc:
            raise ValidationError(str(exc), field=name, expected="an id without control characters") from None
