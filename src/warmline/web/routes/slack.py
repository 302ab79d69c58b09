"""``POST /slack/events``: Slack's Events API and interactivity (button clicks) for the staff side.

The request goes to the Slack channel as neutral data; bolt checks Slack's signature (``v0`` HMAC of
the timestamp and body with the signing secret, refused when older than five minutes) before anything
else; an address whose requests keep failing that check is refused 429 (``ratelimit``). 404 when Slack
is not configured, so the built-in staff inbox is unaffected.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response, status

from warmline.channels import WebhookRequest
from warmline.web.ratelimit import RateLimitExceeded, client_address, rate_limits
from warmline.web.routes._deps import error_response, services

__all__ = ["router"]

router = APIRouter(tags=["slack"])

# Parts of a payload slack_bolt reads without checking their type (a signed `{"event": null}` would make it
# fail with a 500): where they appear, they must have Slack's shape.
_OBJECTS = frozenset({"event", "view", "message", "container", "item", "previous_message", "assistant_thread",
                      "function_data", "function", "state"})
_OBJECT_OR_NULL = frozenset({"enterprise"})
_OBJECT_OR_STRING = frozenset({"user", "team", "channel"})
_LISTS_OF_OBJECTS = frozenset({"actions", "authorizations"})


def _payload(body: bytes, content_type: str) -> Any:
    """The JSON document bolt will read (an event's body, or an interaction's ``payload`` field)."""
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/x-www-form-urlencoded"):
            fields = parse_qs(text)
            return json.loads(fields["payload"][0]) if "payload" in fields else {}
        return json.loads(text)
    except (UnicodeDecodeError, ValueError):
        return {}  # not JSON at all: the channel answers that itself
    except RecursionError:
        return None  # nested thousands deep: refused as "expected a JSON object"


def _shape_problem(value: Any, path: str = "body", depth: int = 0) -> str | None:
    """Where ``value`` does not have the shape bolt assumes, or None."""
    if depth == 0 and not isinstance(value, dict):
        return "body: expected a JSON object"
    if isinstance(value, list):
        return next((p for i, item in enumerate(value) if (p := _shape_problem(item, f"{path}[{i}]", depth + 1))),
                    None)
    if not isinstance(value, dict) or depth > 6:
        return None
    for key, item in value.items():
        where = f"{path}.{key}"
        if ((key in _OBJECTS and not isinstance(item, dict))
                or (key in _OBJECT_OR_NULL and not isinstance(item, dict | None))
                or (key in _OBJECT_OR_STRING and not isinstance(item, dict | str))
                or (key in _LISTS_OF_OBJECTS and not (isinstance(item, list)
                                                      and all(isinstance(i, dict) for i in item)))):
            return f"{where}: not what Slack sends"
        if problem := _shape_problem(item, where, depth + 1):
            return problem
    return None


@router.post("/slack/events")
async def slack_events(request: Request) -> Response:
    """Events (thread replies) and interactivity (Claim, Reassign, Resolve, Hand back), signed by Slack."""
    bridge = getattr(services(request), "slack", None)
    if bridge is None:
        return error_response(status.HTTP_404_NOT_FOUND, "Slack is not configured (set WARMLINE_SLACK_BOT_TOKEN "
                              "and WARMLINE_SLACK_SIGNING_SECRET)")
    limits, source = rate_limits(request), client_address(request.scope)
    wait = limits.refusals.wait(source)
    if wait:  # this address keeps sending requests that fail Slack's signature check
        raise RateLimitExceeded(limits.refusals.limit, wait)
    neutral = WebhookRequest(
        method=request.method, path=request.url.path, headers={k.lower(): v for k, v in request.headers.items()},
        query=dict(request.query_params), body=await request.body())
    if not bridge.channel.verify(neutral):  # verify first, parse after: a forger's body is never decoded
        limits.refusals.spend(source)
        return error_response(status.HTTP_401_UNAUTHORIZED, "invalid or stale Slack signature",
                              field="X-Slack-Signature")
    problem = _shape_problem(_payload(neutral.body, request.headers.get("content-type", "")))
    if problem:  # signed, but not a shape Slack sends: refused before bolt sees it; nothing was processed
        return error_response(status.HTTP_400_BAD_REQUEST, f"malformed Slack payload: {problem}", field="body")
    result = await bridge.channel.handle_http(neutral)
    if result.status_code == status.HTTP_401_UNAUTHORIZED:  # forged or stale: costs the address a token
        limits.refusals.spend(source)
    return Response(result.body, status_code=result.status_code, media_type=result.content_type)
