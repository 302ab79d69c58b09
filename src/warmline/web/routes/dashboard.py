"""The owner's dashboard: the page at ``/dashboard`` and its figures at ``/api/v1/dashboard``.

Both are for signed-in leads and owners (staff accounts, docs/security.md); the page arrives complete,
rendered on the server, and an owner's also ends with the latest lines of the audit log.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from warmline.domain import StaffRole, ValidationError
from warmline.engine.reports import Figures, compute_figures, parse_period
from warmline.engine.reports.period import DEFAULT_DAYS
from warmline.runtime.services import Services
from warmline.web.dashboard.as_json import figures_json
from warmline.web.dashboard.audit import render_audit
from warmline.web.dashboard.page import render_panel
from warmline.web.routes._deps import services, services_dependency
from warmline.web.routes._staff_auth import lead_user
from warmline.web.routes.signin import signed_in_or_redirect
from warmline.web.schemas import check_storable

__all__ = ["api_router", "router"]

router = APIRouter()
api_router = APIRouter(prefix="/api/v1/dashboard", dependencies=[Depends(lead_user)], tags=["dashboard"])
ServicesDep = Annotated[Services, Depends(services_dependency)]

_MAX_CHANNEL = 64
_AUDIT_SHOWN = 100  # the owner's section; the JSON (/api/v1/staff/audit) pages further
# Form fields may arrive empty ("Custom dates" sends days=""), so they are read as text and checked here.
DaysQuery = Annotated[str | None, Query(description="The last N days (1–366), today included; default 7.")]
SinceQuery = Annotated[str | None, Query(description="First day (YYYY-MM-DD) or moment (ISO 8601).")]
UntilQuery = Annotated[str | None, Query(description="Last day, included (YYYY-MM-DD), or an ISO moment; "
                                                     "default now.")]
ChannelQuery = Annotated[str | None, Query(description="Only this channel (web, instagram, telegram…).")]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Shown:
    figures: Figures
    channels: tuple[str, ...]
    days: int | None  # None: custom dates


def _days(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationError(f"{text!r} is not a number of days", field="days", expected="1–366") from None


async def _figures(svc: Services, *, days: str | None, since: str | None, until: str | None,
                   channel: str | None) -> _Shown:
    channel = (channel or "").strip() or None
    if channel is not None:
        if len(channel) > _MAX_CHANNEL:
            raise ValidationError("channel name too long", field="channel",
                                  expected=f"up to {_MAX_CHANNEL} characters")
        try:
            check_storable(channel)
        except ValueError as exc:
            raise ValidationError(str(exc), field="channel", expected="a channel name") from None
    custom = bool((since or "").strip() or (until or "").strip())
    asked = _days(days)
    day_count = None if custom else (DEFAULT_DAYS if asked is None else asked)
    now = svc.clock()
    period = parse_period(timezone=svc.bot.business_hours.timezone, now=now, days=day_count,
                          since=(since or "").strip() or None, until=(until or "").strip() or None)
    activity = await svc.store.activity(since=period.since, until=period.until, channel=channel)
    before = period.week_before()
    last_week = await svc.store.activity(since=before.since, until=before.until, channel=channel)
    figures = compute_figures(activity, bot=svc.bot, now=now, channel=channel, last_week=last_week)
    return _Shown(figures=figures, channels=tuple(await svc.store.channels()), days=day_count)


def _panel(svc: Services, shown: _Shown) -> str:
    return render_panel(shown.figures, bot=svc.bot, channels=shown.channels, days=shown.days,
                        generated_at=svc.clock())


@lru_cache(maxsize=1)
def _template() -> str:
    return resources.files("warmline.web").joinpath("pages", "dashboard.html").read_text(encoding="utf-8")


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
async def dashboard_page(request: Request, days: DaysQuery = None, since: SinceQuery = None,
                         until: UntilQuery = None, channel: ChannelQuery = None) -> Response:
    """The dashboard page, complete, for a signed-in lead or owner (owners also see the audit log)."""
    user = await signed_in_or_redirect(request, "/dashboard")
    if isinstance(user, Response):
        return user
    svc = services(request)
    if not user.role.oversees:
        return HTMLResponse("Only leads and owners can see the dashboard.", status_code=403)
    status_code = 200
    try:
        panel = _panel(svc, await _figures(svc, days=days, since=since, until=until, channel=channel))
    except ValidationError as exc:
        status_code = 422
        panel = (f'<p class="alert" role="alert">{html.escape(exc.message)} ({html.escape(exc.field or "")})'
                 f' — <a href="/dashboard">show the last {DEFAULT_DAYS} days</a></p>')
    if user.role is StaffRole.OWNER:
        panel += render_audit(await svc.accounts.audit_log(limit=_AUDIT_SHOWN))
    page = (_template().replace("{{SHOP_NAME}}", html.escape(svc.bot.display_name))
            .replace("{{PANEL}}", panel).replace("{{CSRF}}", html.escape(user.csrf_token)))
    return HTMLResponse(page, status_code=status_code, headers={"Cache-Control": "no-store"})


@api_router.get("")
async def dashboard_json(svc: ServicesDep, days: DaysQuery = None, since: SinceQuery = None,
                         until: UntilQuery = None, channel: ChannelQuery = None) -> dict[str, Any]:
    """The dashboard's figures for the period and channel, as JSON."""
    shown = await _figures(svc, days=days, since=since, until=until, channel=channel)
    return {"days": shown.days, "channels": list(shown.channels), **figures_json(shown.figures)}


@api_router.get("/panel", response_class=HTMLResponse)
async def dashboard_panel(svc: ServicesDep, days: DaysQuery = None, since: SinceQuery = None,
                          until: UntilQuery = None, channel: ChannelQuery = None) -> HTMLResponse:
    """The dashboard's content as server-rendered HTML (what the page shows behind an admin token)."""
    shown = await _figures(svc, days=days, since=since, until=until, channel=channel)
    return HTMLResponse(_panel(svc, shown), headers={"Cache-Control": "no-store"})
