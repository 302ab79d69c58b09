"""Liveness and metrics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from warmline.web.routes._deps import services

__all__ = ["router"]

router = APIRouter(tags=["ops"])


@router.get("/healthz")
async def healthz(request: Request) -> dict[str, Any]:
    """Up, with the bot it serves and how many knowledge passages are indexed."""
    svc = services(request)
    return {"status": "ok", "bot": svc.bot.name, "passages": len(svc.knowledge.passages)}


@router.get("/metrics", response_class=Response, responses={
    200: {"description": "Prometheus text exposition format.", "content": {"text/plain": {}}}})
async def metrics(request: Request) -> Response:
    """Prometheus metrics."""
    return Response(services(request).metrics.render(), media_type="text/plain; version=0.0.4")
