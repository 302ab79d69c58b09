"""The direct API channel and the customer/conversation resources (DESIGN.md contracts)."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request

from warmline.domain import CustomerProfile, InboundMessage, Order, OrderItem, ValidationError
from warmline.engine.customer.order_book import OrderBook
from warmline.runtime.services import Services
from warmline.web.ratelimit import rate_limits
from warmline.web.routes._deps import require_admin, safe_path, services_dependency
from warmline.web.schemas import ID_PATTERN, ORDER_NUMBER_PATTERN, CustomerProfileIn, MessageIn, MessageOut, OrderIn
from warmline.web.views import conversation_json, customer_json, decision_json, message_json, order_json

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", dependencies=[Depends(require_admin), Depends(safe_path)], tags=["api"])
ServicesDep = Annotated[Services, Depends(services_dependency)]
CustomerId = Annotated[str, Path(pattern=ID_PATTERN, description="The customer's id in your system.")]
OrderNumber = Annotated[str, Path(pattern=ORDER_NUMBER_PATTERN,
                                  description="The order number as the shop shows it (MS-1042; '#' as %23).")]


@router.post("/messages", response_model=MessageOut, response_model_exclude_none=True)
async def post_message(body: MessageIn, svc: ServicesDep, request: Request) -> dict[str, Any]:
    """Send a customer message; the reply, the decision and its reasons come back at once.

    429 (with ``Retry-After``) when this customer sends more than ``WARMLINE_RATE_LIMIT_PER_CUSTOMER``
    messages a minute; nothing is stored then, and a retry with the same ``message_id`` is safe."""
    rate_limits(request).customer.take(f"{body.channel}:{body.customer_id}")
    started = time.perf_counter()
    result = await svc.pipeline.handle(InboundMessage(
        channel=body.channel, sender_id=body.customer_id, text=body.text, sender_name=body.name,
        shop_customer_id=body.customer_id,  # the profile PUT under this id is this customer (DESIGN.md)
        # Scoped to the customer: one integrator's ids must not collide across customers.
        platform_message_id=f"{body.customer_id}:{body.message_id}" if body.message_id else None))
    svc.metrics.messages.labels(body.channel).inc()
    if result.duplicate:
        svc.metrics.duplicates.labels(body.channel).inc()
    else:
        svc.metrics.decisions.labels(result.decision.action.value).inc()
    svc.metrics.turn_seconds.labels(body.channel).observe(time.perf_counter() - started)
    return {
        "conversation_id": result.conversation.id,
        "state": result.conversation.state.value,
        "replies": [{"text": m.text, "choices": list(m.choices)} for m in result.replies],
        "decision": decision_json(result.decision),
        "duplicate": result.duplicate,
    }


@router.put("/customers/{customer_id}")
async def put_customer(customer_id: CustomerId, body: CustomerProfileIn, svc: ServicesDep) -> dict[str, Any]:
    """Create or update a customer's profile from the shop's own systems."""
    if body.account_owner and svc.bot.staff_member(body.account_owner) is None:
        roster = ", ".join(m.id for m in svc.bot.staff)
        raise ValidationError(f"{body.account_owner!r} is not on the roster", field="account_owner",
                              expected=f"one of: {roster}")
    profile = CustomerProfile(**body.model_dump(exclude_unset=True))
    customer = await svc.store.upsert_profile(customer_id, profile)
    return customer_json(customer)


@router.get("/customers/{customer_id}")
async def get_customer(customer_id: str, svc: ServicesDep) -> dict[str, Any]:
    """A customer's profile and linked channel identities."""
    return customer_json(await svc.store.get_customer(customer_id))


@router.put("/orders/{number}")
async def put_order(number: OrderNumber, body: OrderIn, svc: ServicesDep) -> dict[str, Any]:
    """Create or replace an order from the shop's own systems; its customer's figures follow."""
    if not (body.customer_id or body.email):
        raise ValidationError("whose order is this? nothing was given", field="customer_id",
                              expected="customer_id and/or email")
    fields = body.model_dump(exclude={"items"})
    items = tuple(OrderItem(**item.model_dump()) for item in body.items)
    order = await OrderBook(store=svc.store).save(Order(number=number, items=items, source="api", **fields))
    return order_json(order)


@router.get("/orders/{number}")
async def get_order(number: OrderNumber, svc: ServicesDep) -> dict[str, Any]:
    """An order as stored (any spelling of the number: case, spaces and a leading '#' are ignored)."""
    return order_json(await svc.store.get_order(number))


@router.get("/conversations/{conversation_id}")
async def get_conversation(conversation_id: str, svc: ServicesDep) -> dict[str, Any]:
    """A conversation's state, assignee, messages and decisions."""
    conversation = await svc.store.get_conversation(conversation_id)
    messages = await svc.store.messages(conversation_id)
    decisions = await svc.store.decisions(conversation_id)
    return {
        **conversation_json(conversation, bot=svc.bot),
        "id": conversation.id,
        "messages": [message_json(m, bot=svc.bot) for m in messages],
        "decisions": [decision_json(d) for d in decisions],
    }
