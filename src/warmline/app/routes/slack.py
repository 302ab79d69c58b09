"""``POST /slack/events``: Slack's Events API and interactivity (button clicks) for the staff side.

The request goes to the Slack channel as neutral data; bolt checks Slack's signature (``v0`` HMAC of
the timestamp and body with the signing secret, refused when older than five minutes) before anything
else. 404 when Slack is not configured, so the built-in staff inbox is unaffected.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from warmline.channels import WebhookRequest

from ._deps import services

__all__ = ["router"]

router = APIRouter(tags=["slack"])


@router.post("/slack/events")
async def slack_events(request: Request) -> Response:
    """Events (thread replies) and interactivity (Claim, Reassign, Resolve, Hand back), signed by Slack."""
    bridge = getattr(services(request), "slack", None)
    if bridge is None:
        return Response("Slack is not configured (set WARMLINE_SLACK_BOT_TOKEN and WARMLINE_SLACK_SIGNING_SECRET)",
                        status_code=status.HTTP_404_NOT_FOUND)
    result = await bridge.channel.handle_http(WebhookRequest(
        method=request.method, path=request.url.path, headers={k.lower(): v for k, v in request.headers.items()},
        query=dict(request.query_params), body=await request.body()))
    return Response(result.body, status_code=result.status_code, media_type=result.content_type)
