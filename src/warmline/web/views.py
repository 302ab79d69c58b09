"""Domain objects as JSON for the API, the web chat socket and the staff inbox (see DESIGN.md contracts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warmline.domain import (
    Assignee,
    AuditEntry,
    Author,
    Bot,
    Citation,
    Conversation,
    Customer,
    Decision,
    Message,
    Order,
    PostComment,
    Promise,
)
from warmline.engine.staff.desk import ConversationDetail
from warmline.knowledge import LearnedEntry
from warmline.store import OutboxItem

__all__ = [
    "assignee_json",
    "audit_json",
    "citation_json",
    "conversation_json",
    "customer_json",
    "decision_json",
    "detail_json",
    "learned_json",
    "message_json",
    "order_json",
    "parked_json",
    "promise_json",
]


def citation_json(citation: Citation) -> dict[str, Any]:
    """A citation as {source, title, url}."""
    return {"source": citation.source, "title": citation.title, "url": citation.url}


def assignee_json(assignee: Assignee | None) -> dict[str, str] | None:
    """A named person as {id, name}."""
    return {"id": assignee.id, "name": assignee.name} if assignee else None


def _client_id(message: Message) -> str | None:
    """The id the sender gave its message (the web chat prefixes it with the session, see routes)."""
    if message.author is not Author.CUSTOMER or message.external_id is None:
        return None
    return message.external_id.rpartition(":")[2]


def message_json(message: Message, *, bot: Bot) -> dict[str, Any]:
    """A message as the web chat and staff inbox show it."""
    staff = bot.staff_member(message.staff_id) if message.staff_id else None
    return {
        "id": message.id,
        "author": message.author.value,
        "text": message.text,
        "channel": message.channel,
        "choices": list(message.choices),
        "citations": [citation_json(c) for c in message.citations],
        "staff_name": staff.name if staff else None,
        "staff_role": staff.role if staff else None,
        "created_at": message.created_at.isoformat(),
        "client_id": _client_id(message),
        "post": _post_json(message.post),
    }


def _post_json(post: PostComment | None) -> dict[str, Any] | None:
    """The post a comment was written under, for staff: which post, where to see it, what it showed."""
    if post is None:
        return None
    return {"comment_id": post.comment_id, "post_id": post.post_id, "parent_id": post.parent_id,
            "permalink": post.permalink, "caption": post.caption, "media_type": post.media_type}


def decision_json(decision: Decision) -> dict[str, Any]:
    """A decision as in ``POST /api/v1/messages`` (plus when and for which message)."""
    out: dict[str, Any] = {
        "action": decision.action.value,
        "reasons": list(decision.reasons),
        "confidence": round(decision.confidence, 4),
        "citations": [str(c) for c in decision.citations],
        "mode": decision.mode.value,
        "case_type": decision.case_type,
        "message_id": decision.message_id,
        "created_at": decision.created_at.isoformat() if decision.created_at else None,
    }
    if decision.assignee:
        out["assignee"] = assignee_json(decision.assignee)
    if decision.eta_minutes is not None:
        out["eta_minutes"] = round(decision.eta_minutes, 1)
    return out


def customer_json(customer: Customer) -> dict[str, Any]:
    """A customer profile with linked identities."""
    return {
        "id": customer.id,
        "name": customer.name,
        "email": customer.email,
        "phone": customer.phone,
        "customer_since": customer.customer_since.isoformat() if customer.customer_since else None,
        "orders_count": customer.orders_count,
        "lifetime_value": customer.lifetime_value,
        "payments_on_time": customer.payments_on_time,
        "payments_late": customer.payments_late,
        "tier": customer.tier,
        "account_owner": customer.account_owner,
        "attributes": dict(customer.attributes),
        "identities": [{"channel": i.channel, "external_id": i.external_id} for i in customer.identities],
    }


def order_json(order: Order) -> dict[str, Any]:
    """An order as stored, with where it is (``stage``) read from its dates."""
    def when(moment: datetime | None) -> str | None:
        return moment.isoformat() if moment else None

    return {
        "number": order.number, "customer_id": order.customer_id, "email": order.email, "phone": order.phone,
        "postcode": order.postcode, "status": order.status, "stage": order.stage.value,
        "created_at": when(order.created_at), "paid_at": when(order.paid_at),
        "fulfilled_at": when(order.fulfilled_at), "delivered_at": when(order.delivered_at),
        "expected_at": when(order.expected_at), "cancelled_at": when(order.cancelled_at),
        "paid_late": order.paid_late, "carrier": order.carrier, "tracking_number": order.tracking_number,
        "tracking_url": order.tracking_url,
        "items": [{"title": i.title, "variant": i.variant, "quantity": i.quantity, "price": i.price, "sku": i.sku}
                  for i in order.items],
        "total": order.total, "refunded": order.refunded, "currency": order.currency, "source": order.source,
        "attributes": dict(order.attributes),
    }


def conversation_json(conversation: Conversation, *, bot: Bot) -> dict[str, Any]:
    """The short form of a conversation."""
    member = bot.staff_member(conversation.assignee_id or "")
    return {
        "conversation_id": conversation.id,
        "customer_id": conversation.customer_id,
        "channel": conversation.channel,
        "state": conversation.state.value,
        "assignee": {"id": member.id, "name": member.name} if member else None,
        "updated_at": conversation.updated_at.isoformat() if conversation.updated_at else None,
    }


def detail_json(detail: ConversationDetail, *, bot: Bot) -> dict[str, Any]:
    """A conversation with its customer, whole history, decisions and handoff context."""
    context = detail.context
    return {
        **conversation_json(detail.conversation, bot=bot),
        "customer": customer_json(detail.customer),
        "context": {
            "customer_summary": list(context.customer_lines),
            "summary": " ".join(context.wants),
            "wants": list(context.wants),
            "reasons": list(context.reasons),
            "identifiers": list(context.identifiers),
            "knowledge": [{"text": p.passage.text, "citation": citation_json(p.passage.citation),
                           "score": round(p.score, 3)} for p in detail.knowledge],
            "suggested_reply": context.suggested_reply or None,
            "orders": list(context.orders),
        },
        "handoff": None if detail.handoff is None else {
            "assignee_id": detail.handoff.assignee_id, "status": detail.handoff.status.value,
            "reasons": list(detail.handoff.reasons), "eta_minutes": detail.handoff.eta_minutes,
            "case_type": detail.handoff.case_type,
            "created_at": detail.handoff.created_at.isoformat() if detail.handoff.created_at else None},
        "messages": [message_json(m, bot=bot) for m in detail.history],
        "decisions": [decision_json(d) for d in detail.decisions],
        "promises": [promise_json(p, bot=bot) for p in detail.promises],
        "parked": [parked_json(item) for item in detail.parked],
        "orders": [order_json(o) for o in detail.orders],
        "about_order": None if detail.about_order is None else {
            "number": detail.about_order.order_key, "verified": detail.about_order.verified_by is not None},
    }


def promise_json(promise: Promise, *, bot: Bot) -> dict[str, Any]:
    """A promise made to the customer: what, by whom, due when, and whether it was kept."""
    owner = bot.staff_member(promise.owner_id)
    return {
        "id": promise.id, "text": promise.text, "owner_id": promise.owner_id,
        "owner_name": owner.name if owner else None, "source": promise.source.value,
        "status": promise.status.value, "due_at": promise.due_at.isoformat(),
        "created_at": promise.created_at.isoformat() if promise.created_at else None,
        "settled_at": promise.settled_at.isoformat() if promise.settled_at else None,
        "nudged_at": promise.nudged_at.isoformat() if promise.nudged_at else None,
    }


def parked_json(item: OutboxItem) -> dict[str, Any]:
    """A reply that could not be delivered and waits for staff: its text, the last error, since when."""
    return {
        "id": item.id, "text": item.message.text, "channel": item.message.channel,
        "message_id": item.message.message_id, "attempts": item.attempts, "last_error": item.last_error,
        "parked_at": item.parked_at.isoformat() if item.parked_at else None,
    }


def learned_json(entry: LearnedEntry) -> dict[str, Any]:
    """A taught knowledge entry: what was learned, its file (relative to the knowledge folder) and who taught it."""
    return {"question": entry.question, "answer": entry.answer, "source": entry.source,
            "passage_id": entry.passage_id, "taught_by": entry.taught_by, "conversation_id": entry.conversation_id,
            "taught_at": entry.taught_at.isoformat()}


def audit_json(entry: AuditEntry) -> dict[str, Any]:
    """One line of the audit log: who, what, when, which conversation, through which door."""
    return {"id": entry.id, "at": entry.at.isoformat(), "staff_id": entry.staff_id, "action": entry.action,
            "conversation_id": entry.conversation_id, "via": entry.via, "detail": entry.detail}
