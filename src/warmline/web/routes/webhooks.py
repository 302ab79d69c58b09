"""Platform webhooks: translate the HTTP request into a neutral one, let the channel verify and parse it,
then run every message through the pipeline. Signatures are checked by the channel before anything else.

Hostile input: an address whose requests keep failing verification is refused 429 before its next one is
even read (``ratelimit``: forgers are limited, the platform never is); a verified request is never refused
for rate, so no customer's message is lost. What a channel parsed is checked once more here — text that
is not a string is a 422, characters no database can hold are replaced — so a platform's odd payload is a
clear 4xx or a stored message, never a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from fastapi import APIRouter, Request, Response, status

from warmline.channels import WebhookRequest
from warmline.domain import InboundMessage, PermissionDeniedError, ValidationError
from warmline.engine.customer.pipeline import MessageIdTaken, StoredUnanswered
from warmline.runtime.services import Services
from warmline.web.ratelimit import RateLimitExceeded, RateLimits, client_address, rate_limits
from warmline.web.routes._deps import error_response, services
from warmline.web.schemas import UNSTORABLE as _UNSTORABLE

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter(tags=["webhooks"])

_REPLACEMENT = "\ufffd"  # for characters no store can hold (the words around them are kept)


async def _neutral(request: Request) -> WebhookRequest:
    return WebhookRequest(method=request.method, path=request.url.path,
                          headers={k.lower(): v for k, v in request.headers.items()},
                          query=dict(request.query_params), body=await request.body())


def _storable(inbound: InboundMessage) -> InboundMessage:
    """``inbound`` with its text fields checked for type and cleaned of characters no store can hold."""
    for name in ("channel", "sender_id", "text"):
        value = getattr(inbound, name)
        if not isinstance(value, str):
            raise ValidationError(f"the platform sent a {type(value).__name__}", field=name, expected="a string")
    changes: dict[str, str] = {}
    for name in ("sender_id", "text", "platform_message_id", "sender_name"):
        value = getattr(inbound, name)
        if value is not None:
            text = _UNSTORABLE.sub(_REPLACEMENT, value if isinstance(value, str) else str(value))
            if text != value:
                changes[name] = text
    return replace(inbound, **changes) if changes else inbound  # type: ignore[arg-type]


async def _handle(name: str, request: Request) -> Response:
    svc = services(request)
    limits = rate_limits(request)
    source = client_address(request.scope)
    wait = limits.refusals.wait(source)
    if wait:  # this address has spent its budget of failed verifications
        raise RateLimitExceeded(limits.refusals.limit, wait)
    try:
        result = await svc.channels.handle(name, await _neutral(request))
    except PermissionDeniedError:
        limits.refusals.spend(source)
        raise
    except (AttributeError, KeyError, TypeError, ValueError, ArithmeticError, RecursionError) as exc:
        # A parser met a shape it did not expect (an SDK's objects accept payloads our code then trips on):
        # still the platform's malformed input, so a 422 naming it, and logged for whoever owns the parser.
        logger.warning("%s webhook payload the parser did not handle: %s: %s", name, type(exc).__name__, exc)
        raise ValidationError(f"malformed {name} webhook ({type(exc).__name__}: {exc})", field="body",
                              expected=f"a {name} webhook payload") from exc
    if result is None:
        return error_response(status.HTTP_404_NOT_FOUND, f"the {name} channel is not configured")
    if not await _handle_each(svc, limits, result.messages):
        # A message could not even be stored: ask the platform to send the batch again. The ones that were
        # stored are recognised by their platform id on the retry and not answered twice.
        return error_response(status.HTTP_503_SERVICE_UNAVAILABLE, "a message could not be stored; please retry")
    return Response(result.body, status_code=result.status_code, media_type=result.content_type)


async def _handle_each(svc: Services, limits: RateLimits, messages: Sequence[InboundMessage]) -> bool:
    """Run each message of a verified batch on its own, so one bad message never costs the others.

    A message that can't be used (text that is not a string) is logged and skipped: the platform would only
    send it again. One that was stored but could not be answered is acknowledged too (a later retry of it
    finishes the turn). False when a message failed before it was stored, so the batch should be retried.
    """
    all_stored = True
    for raw in messages:
        try:
            inbound = _storable(raw)
            # Over the limit is logged by the limiter and accepted anyway: the platform would only retry.
            limits.customer.spend(f"{inbound.channel}:{inbound.sender_id}")
            turn = await svc.pipeline.handle(inbound)
        except (ValidationError, MessageIdTaken) as exc:  # refused again on any retry: skipped, not retried
            logger.warning("skipped one %s message of a webhook batch: %s", raw.channel, exc)
            continue
        except StoredUnanswered:
            continue  # stored, and the pipeline logged why it was not answered
        except Exception:
            logger.exception("a %s message of a webhook batch was not stored", raw.channel)
            all_stored = False
            continue
        svc.metrics.messages.labels(inbound.channel).inc()
        if turn.duplicate:
            svc.metrics.duplicates.labels(inbound.channel).inc()
        else:
            svc.metrics.decisions.labels(turn.decision.action.value).inc()
    return all_stored


@router.post("/webhooks/telegram")
async def telegram_webhook(request: Request) -> Response:
    """Telegram updates (verified by ``X-Telegram-Bot-Api-Secret-Token``)."""
    return await _handle("telegram", request)


@router.get("/webhooks/meta")
async def meta_subscription(request: Request) -> Response:
    """Meta's subscription check: echoes ``hub.challenge`` when ``hub.verify_token`` matches."""
    return await _handle("meta", request)


@router.post("/webhooks/meta")
async def meta_webhook(request: Request) -> Response:
    """Messenger, Instagram and WhatsApp events, signed with the app secret."""
    return await _handle("meta", request)
