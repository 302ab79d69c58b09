"""Platform webhooks: translate the HTTP request into a neutral one, let the channel verify and parse it,
then run every message through the pipeline. Signatures are checked by the channel before anything else."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response, status

from warmline.channels import WebhookRequest

from ._deps import services

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter(tags=["webhooks"])


async def _neutral(request: Request) -> WebhookRequest:
    return WebhookRequest(method=request.method, path=request.url.path,
                          headers={k.lower(): v for k, v in request.headers.items()},
                          query=dict(request.query_params), body=await request.body())


async def _handle(name: str, request: Request) -> Response:
    svc = services(request)
    result = await svc.channels.handle(name, await _neutral(request))
    if result is None:
        return Response(f"the {name} channel is not configured", status_code=status.HTTP_404_NOT_FOUND)
    for inbound in result.messages:
        turn = await svc.pipeline.handle(inbound)
        svc.metrics.messages.labels(inbound.channel).inc()
        if turn.duplicate:
            svc.metrics.duplicates.labels(inbound.channel).inc()
        else:
            svc.metrics.decisions.labels(turn.decision.action.value).inc()
    return Response(result.body, status_code=result.status_code, media_type=result.content_type)


@router.post("/webhooks/telegram")
async def telegram_webhook(request: Request) -> Response:
    """Telegram updates (verified by ``X-Telegram-Bot-Api-Secret-Token``)."""
    return await _handle("telegram", request)


@router.api_route("/webhooks/meta", methods=["GET", "POST"])
async def meta_webhook(request: Request) -> Response:
    """Messenger, Instagram and WhatsApp (GET answers the verify challenge; POST is signed by the app secret)."""
    return await _handle("meta", request)
