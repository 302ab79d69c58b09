"""Signing in and out of the staff pages, and sending signed-out visitors of ``/staff`` and ``/dashboard``
to the sign-in form.

The form posts ``staff_id`` and ``password`` (URL-encoded). A wrong pair is 401 with the form again;
too many failures for that account or address are 429 with ``Retry-After``. A browser's foreign
``Origin`` is refused (403), so another site cannot sign someone in to an account of its choosing.
Until the first account exists the form says how to create the owner: ``warmline staff add ID --role owner``
on the server (no web page can create the first account, so an exposed new install cannot be claimed).
"""

from __future__ import annotations

import html
import math
from functools import lru_cache
from importlib import resources
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from warmline.engine.staff.accounts import SignInRefusedError, StaffUser
from warmline.web.ratelimit import client_address
from warmline.web.routes._deps import services
from warmline.web.routes._staff_auth import (
    COOKIE,
    SIGN_IN,
    clear_session_cookie,
    csrf_matches,
    origin_allowed,
    set_session_cookie,
)

__all__ = ["router", "signed_in_or_redirect"]

router = APIRouter(include_in_schema=False)
_PAGES = ("/staff", "/dashboard")
_MAX_FORM_BYTES = 4096


@lru_cache(maxsize=1)
def _template() -> str:
    return resources.files("warmline.web").joinpath("pages", "signin.html").read_text(encoding="utf-8")


def _next_page(value: str | None) -> str:
    """Only our own staff pages are places to go after signing in (no open redirect)."""
    return value if value in _PAGES else "/staff"


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > _MAX_FORM_BYTES:
        return {}
    fields = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=8)
    return {name: values[0] for name, values in fields.items() if values}


async def _form_page(request: Request, *, message: str = "", staff_id: str = "", next_page: str = "/staff",
                     status_code: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    svc = services(request)
    if not message and not await svc.accounts.has_accounts():
        message = ("Nobody can sign in yet. On the server, create the owner's account with "
                   "<code>warmline staff add YOUR_ID --role owner</code> (YOUR_ID from the bot file's staff list).")
        note = f'<p class="notice" role="status">{message}</p>'
    else:
        note = f'<p class="alert" role="alert">{html.escape(message)}</p>' if message else ""
    page = (_template().replace("{{SHOP_NAME}}", html.escape(svc.bot.display_name)).replace("{{MESSAGE}}", note)
            .replace("{{NEXT}}", html.escape(next_page)).replace("{{STAFF_ID}}", html.escape(staff_id)))
    return HTMLResponse(page, status_code=status_code,
                        headers={"Cache-Control": "no-store", **(headers or {})})


async def signed_in_or_redirect(request: Request, page: str) -> StaffUser | RedirectResponse:
    """The signed-in person, or a redirect to the sign-in form that comes back to ``page``."""
    user = await services(request).accounts.user(request.cookies.get(COOKIE))
    if user is None:
        return RedirectResponse(f"{SIGN_IN}?next={quote(page)}", status_code=status.HTTP_303_SEE_OTHER)
    return user


@router.get(SIGN_IN, response_class=HTMLResponse)
async def signin_page(request: Request, next: str | None = None) -> HTMLResponse:
    """The sign-in form."""
    return await _form_page(request, next_page=_next_page(next))


@router.post(SIGN_IN)
async def sign_in(request: Request) -> Response:
    """Check the name and password; on success set the session cookie and go to the page asked for."""
    if not origin_allowed(request.headers.get("origin"), request.headers.get("host")):
        return await _form_page(request, message="This form was sent from another site.", status_code=403)
    form = await _form(request)
    staff_id, password = form.get("staff_id", "").strip()[:100], form.get("password", "")
    next_page = _next_page(form.get("next"))
    if not staff_id or not password:
        return await _form_page(request, message="Enter your staff id and password.", staff_id=staff_id,
                                next_page=next_page, status_code=422)
    accounts = services(request).accounts
    try:
        signed_in = await accounts.sign_in(staff_id, password, address=client_address(request.scope))
    except SignInRefusedError as exc:
        if exc.retry_after > 0:
            wait = math.ceil(exc.retry_after)
            return await _form_page(request, message=f"Too many failed sign-ins. Try again in {wait} seconds.",
                                    staff_id=staff_id, next_page=next_page, status_code=429,
                                    headers={"Retry-After": str(wait)})
        return await _form_page(request, message="Wrong staff id or password.", staff_id=staff_id,
                                next_page=next_page, status_code=401)
    response = RedirectResponse(next_page, status_code=status.HTTP_303_SEE_OTHER)
    lifetime = (signed_in.expires_at - services(request).clock()).total_seconds()
    set_session_cookie(response, request, key=signed_in.key, max_age=max(1, int(lifetime)))
    return response


@router.post("/staff/signout")
async def sign_out(request: Request) -> Response:
    """End the session (the form carries its CSRF token) and forget the cookie."""
    accounts = services(request).accounts
    key = request.cookies.get(COOKIE)
    user = await accounts.user(key)
    if user is not None:
        form = await _form(request)
        if not csrf_matches(user, request.headers.get("X-CSRF-Token") or form.get("csrf_token")):
            return HTMLResponse("Missing or wrong CSRF token: you are still signed in.", status_code=403)
        await accounts.sign_out(key)
    response = RedirectResponse(SIGN_IN, status_code=status.HTTP_303_SEE_OTHER)
    clear_session_cookie(response, request)
    return response
