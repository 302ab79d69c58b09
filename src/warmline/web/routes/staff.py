"""The staff inbox API: the roster, conversations with their context, and staff actions.

Every route needs a signed-in person (``_staff_auth``), and every action is theirs: a ``staff_id`` in
the body is only accepted when it names them (older scripts still send it). State-changing routes check
the session's CSRF token; roles are checked by the desk (agents: own and unassigned cases only).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, WebSocket, status
from pydantic import Field

from warmline.domain import Author, ConversationState, Handoff, PermissionDeniedError
from warmline.engine.customer.live_promise import live_promise
from warmline.engine.customer.waiting import is_urgent
from warmline.engine.staff.accounts import StaffUser
from warmline.engine.staff.inbox import InboxEntry, inbox_order
from warmline.runtime.services import Services
from warmline.web.routes._deps import safe_path, services_dependency, ws_services
from warmline.web.routes._sockets import serve_socket
from warmline.web.routes._staff_auth import owner_user, staff_user, ws_staff_user
from warmline.web.schemas import StaffActionIn, StaffReassignIn, StaffReplyIn, StaffResolveIn
from warmline.web.views import audit_json, conversation_json, detail_json, learned_json, message_json

__all__ = ["router", "socket_router"]

router = APIRouter(prefix="/api/v1/staff", dependencies=[Depends(safe_path)], tags=["staff"])
socket_router = APIRouter()
ServicesDep = Annotated[Services, Depends(services_dependency)]
UserDep = Annotated[StaffUser, Depends(staff_user)]


def _actor(user: StaffUser, body: StaffActionIn) -> str:
    """The signed-in person's id; a body naming someone else is refused (nobody acts as another)."""
    if body.staff_id is not None and body.staff_id != user.member.id:
        raise PermissionDeniedError(f"you are signed in as {user.member.id}, not {body.staff_id}: "
                                    "actions are always your own")
    return user.member.id


@router.get("/me")
async def me(user: UserDep) -> dict[str, Any]:
    """Who is signed in, their role, and the CSRF token their page sends back on every action."""
    return {"id": user.member.id, "name": user.member.name, "role": user.role.value,
            "csrf_token": user.csrf_token}


@router.get("/roster")
async def roster(svc: ServicesDep, _user: UserDep) -> list[dict[str, Any]]:
    """Everyone who can take handoffs, whether they are on shift now, and their open conversations."""
    team = await svc.store.team_snapshot()
    now = svc.clock()
    return [{"id": m.id, "name": m.name, "role": m.role, "on_shift": m.on_shift(now),
             "open_conversations": team.load(m.id)} for m in svc.bot.staff]


@router.get("/conversations")
async def list_conversations(svc: ServicesDep, _user: UserDep, assignee: str | None = None,
                             state: Annotated[list[ConversationState] | None, Query()] = None,
                             ) -> list[dict[str, Any]]:
    """Conversations for the inbox: waiting cases first (urgent ones, then by when their promised reply is
    due), then the rest, most recently active first."""
    conversations = await svc.store.list_conversations(states=state, assignee_id=assignee)
    entries: list[InboxEntry] = []
    handoffs: dict[str, Handoff | None] = {}
    for conversation in conversations:
        handoff = handoffs[conversation.id] = await svc.store.active_handoff(conversation.id)
        promise = await live_promise(svc.store, conversation.id)
        entries.append(InboxEntry(conversation=conversation, urgent=is_urgent(handoff),
                                  promise_due_at=promise.due_at if promise is not None else None))
    rows = []
    for entry in inbox_order(entries):
        conversation, handoff = entry.conversation, handoffs[entry.conversation.id]
        customer = await svc.store.get_customer(conversation.customer_id)
        last = await svc.store.messages(conversation.id, limit=1)
        rows.append({
            **conversation_json(conversation, bot=svc.bot),
            "customer": {"id": customer.id, "name": customer.name},
            "last_message": ({"author": last[0].author.value, "text": last[0].text,
                              "created_at": last[0].created_at.isoformat()} if last else None),
            "handoff_reasons": list(handoff.reasons) if handoff else [],
            "eta_minutes": handoff.eta_minutes if handoff else None,
            "urgent": entry.urgent,
            "promise_due_at": entry.promise_due_at.isoformat() if entry.promise_due_at else None,
        })
    return rows


@router.get("/conversations/{conversation_id}")
async def conversation_detail(conversation_id: str, svc: ServicesDep, _user: UserDep) -> dict[str, Any]:
    """A conversation with everything needed to pick it up: customer, history, reasons, suggestions."""
    return detail_json(await svc.desk.detail(conversation_id), bot=svc.bot)


@router.post("/conversations/{conversation_id}/claim")
async def claim(conversation_id: str, body: StaffActionIn, svc: ServicesDep, user: UserDep) -> dict[str, Any]:
    """Take the conversation; the bot goes silent."""
    await svc.desk.claim(conversation_id, staff_id=_actor(user, body))
    return detail_json(await svc.desk.detail(conversation_id), bot=svc.bot)


@router.post("/conversations/{conversation_id}/reply")
async def reply(conversation_id: str, body: StaffReplyIn, svc: ServicesDep, user: UserDep) -> dict[str, Any]:
    """Send a reply to the customer on their own channel."""
    message = await svc.desk.reply(conversation_id, staff_id=_actor(user, body), text=body.text)
    return {"message": message_json(message, bot=svc.bot)}


@router.post("/conversations/{conversation_id}/resolve")
async def resolve(conversation_id: str, body: StaffResolveIn, svc: ServicesDep, user: UserDep) -> dict[str, Any]:
    """Close the conversation; the next customer message goes to the bot again. Closing keeps no promise:
    ``done`` lists the staff commitments that actually happened."""
    await svc.desk.resolve(conversation_id, staff_id=_actor(user, body), done=body.done)
    return detail_json(await svc.desk.detail(conversation_id), bot=svc.bot)


@router.post("/conversations/{conversation_id}/handback")
async def hand_back(conversation_id: str, body: StaffActionIn, svc: ServicesDep, user: UserDep) -> dict[str, Any]:
    """Give the conversation back to the bot."""
    await svc.desk.hand_back(conversation_id, staff_id=_actor(user, body))
    return detail_json(await svc.desk.detail(conversation_id), bot=svc.bot)


@router.post("/conversations/{conversation_id}/reassign")
async def reassign(conversation_id: str, body: StaffReassignIn, svc: ServicesDep, user: UserDep) -> dict[str, Any]:
    """Leads and owners: give the conversation to someone else on the roster (they and the customer are told)."""
    await svc.desk.reassign(conversation_id, staff_id=_actor(user, body), to_staff_id=body.to_staff_id)
    return detail_json(await svc.desk.detail(conversation_id), bot=svc.bot)


class StaffTeachIn(StaffActionIn):
    """"Add to knowledge": by default the customer's unanswered question and the staff reply to it."""

    question: str | None = Field(default=None, min_length=1, max_length=1000)
    answer: str | None = Field(default=None, min_length=1, max_length=4000)


@router.post("/conversations/{conversation_id}/teach")
async def teach(conversation_id: str, body: StaffTeachIn, svc: ServicesDep, user: UserDep) -> dict[str, Any]:
    """Turn the exchange into a reviewable knowledge entry (``learned/<slug>.yaml``), answered at once."""
    entry = await svc.desk.teach(conversation_id, staff_id=_actor(user, body), question=body.question,
                                 answer=body.answer)
    return {"learned": learned_json(entry)}


@router.post("/conversations/{conversation_id}/deliveries/{delivery_id}/retry")
async def retry_delivery(conversation_id: str, delivery_id: str, body: StaffActionIn,
                         svc: ServicesDep, user: UserDep) -> dict[str, Any]:
    """Send a reply that could not be delivered again (e.g. after the customer unblocked the bot)."""
    await svc.desk.retry_delivery(conversation_id, delivery_id, staff_id=_actor(user, body))
    svc.deliverer.wake()
    return detail_json(await svc.desk.detail(conversation_id), bot=svc.bot)


@router.get("/audit")
async def audit_log(svc: ServicesDep, _owner: Annotated[StaffUser, Depends(owner_user)],
                    conversation_id: str | None = None, staff_id: str | None = None,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict[str, Any]]:
    """Owners: who did what, when, to which conversation, and through which door — newest first."""
    entries = await svc.accounts.audit_log(conversation_id=conversation_id, staff_id=staff_id, limit=limit)
    return [audit_json(entry) for entry in entries]


@socket_router.websocket("/ws/staff")
async def staff_socket(websocket: WebSocket) -> None:
    """Pushes a small notice whenever any conversation changes; the inbox refetches what it shows.

    Only for a signed-in person's page of this server (session cookie, same ``Origin``). The socket
    only tells; every action goes through the CSRF-checked routes above."""
    await websocket.accept()
    if await ws_staff_user(websocket) is None:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="not signed in")
        return
    svc = ws_services(websocket)

    async def ignore(_frame: Any) -> None:
        return None

    async with svc.events.staff() as queue:

        async def push() -> dict[str, Any]:
            event = await queue.get()
            return {"type": "conversation", "conversation_id": event.conversation_id,
                    "state": event.state.value,
                    "customer_message": bool(event.message and event.message.author is Author.CUSTOMER)}

        await serve_socket(websocket, push=push, on_frame=ignore)
