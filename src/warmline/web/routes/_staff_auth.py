"""Who is signed in to the staff pages: the session cookie, the CSRF check, and the role checks.

The cookie (``warmline_staff``) is HTTP-only and SameSite=Lax (a link from Slack or e-mail still
finds you signed in; no GET changes anything), and Secure whenever the request came
over https — directly, or as ``X-Forwarded-Proto: https`` from a proxy listed in
``WARMLINE_FORWARDED_ALLOW_IPS`` (uvicorn rewrites the scheme only for those) — or always with
``WARMLINE_SECURE_COOKIES=true``. Every state-changing request (any method but GET/HEAD/OPTIONS) must
carry the session's CSRF token in ``X-CSRF-Token`` (the pages' scripts) or a ``csrf_token`` form field
(the sign-out form): a wrong or missing one is 403 and changes nothing. The session key is never logged.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, WebSocket, status
from fastapi.responses import Response

from warmline.engine.staff.accounts import StaffUser
from warmline.web.routes._deps import services

__all__ = [
    "COOKIE",
    "CSRF_HEADER",
    "clear_session_cookie",
    "csrf_matches",
    "lead_user",
    "origin_allowed",
    "owner_user",
    "set_session_cookie",
    "staff_user",
    "ws_staff_user",
]

COOKIE = "warmline_staff"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SIGN_IN = "/staff/signin"


def _secure(request: Request) -> bool:
    forced = services(request).settings.secure_cookies
    return forced if forced is not None else request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, *, key: str, max_age: int) -> None:
    """Hand the browser its session key: HTTP-only, SameSite=Lax, Secure over https."""
    response.set_cookie(COOKIE, key, max_age=max_age, httponly=True, samesite="lax", secure=_secure(request),
                        path="/")


def clear_session_cookie(response: Response, request: Request) -> None:
    """Make the browser forget its session key."""
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))


def csrf_matches(user: StaffUser, given: str | None) -> bool:
    """Whether ``given`` is this session's CSRF token (compared in constant time)."""
    return bool(given) and hmac.compare_digest(user.csrf_token.encode(), (given or "").encode())


def origin_allowed(origin: str | None, host: str | None) -> bool:
    """A browser's ``Origin`` names this server (or is absent, as from non-browser clients)."""
    if origin is None:
        return True
    return host is not None and origin.split("://", 1)[-1] == host


def _signed_out() -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED,
                         detail={"error": "not signed in (or the session ran out)", "field": "session",
                                 "expected": f"sign in at {SIGN_IN}"})


async def staff_user(request: Request) -> StaffUser:
    """The signed-in person (401 otherwise); on a state-changing request also the CSRF check (403)."""
    user = await services(request).accounts.user(request.cookies.get(COOKIE))
    if user is None:
        raise _signed_out()
    if request.method not in _SAFE_METHODS and not csrf_matches(user, request.headers.get(CSRF_HEADER)):
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            detail={"error": "missing or wrong CSRF token: nothing was changed",
                                    "field": CSRF_HEADER, "expected": "the csrf_token of GET /api/v1/staff/me"})
    return user


StaffUserDep = Annotated[StaffUser, Depends(staff_user)]


async def lead_user(user: StaffUserDep) -> StaffUser:
    """The signed-in person, if a lead or owner (403 otherwise)."""
    if not user.role.oversees:
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            detail={"error": f"only leads and owners can see this; you are an {user.role.value}",
                                    "field": "role", "expected": "lead or owner"})
    return user


async def owner_user(user: StaffUserDep) -> StaffUser:
    """The signed-in person, if an owner (403 otherwise)."""
    if user.role.value != "owner":
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            detail={"error": f"only owners can see the audit log; you are {user.role.value}",
                                    "field": "role", "expected": "owner"})
    return user


async def ws_staff_user(websocket: WebSocket) -> StaffUser | None:
    """The person a staff socket belongs to: its session cookie, from a page of this server (a foreign
    ``Origin`` is refused, so another site cannot open a socket with the staff member's cookie)."""
    if not origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host")):
        return None
    return await websocket.app.state.services.accounts.user(websocket.cookies.get(COOKIE))
