"""The repository interface every store backend implements (SQLite by default, PostgreSQL by setting).

Everything here is async and returns frozen domain objects. Writes that must not happen twice are
idempotent on a natural key (a platform's message id); state changes are compare-and-set so two
workers cannot both claim one conversation.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from warmline.domain import (
    Activity,
    ChannelIdentity,
    Conversation,
    ConversationOrder,
    ConversationState,
    Customer,
    CustomerProfile,
    Decision,
    Feedback,
    FinishedCase,
    Handoff,
    HandoffStatus,
    Message,
    Order,
    OrderLookup,
    OutboundMessage,
    Product,
    Promise,
    PromiseStatus,
    TeamSnapshot,
)

from .accounts import AccountStore

__all__ = ["Arrival", "OrderStore", "OutboxItem", "Store"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Arrival:
    """A customer's message as ``Store.receive`` stored it: who sent it, where it went, and whether it is new."""

    customer: Customer
    conversation: Conversation
    message: Message
    created: bool  # False: a copy with this platform id was stored before, and ``message`` is that copy
    # The conversation's last messages, oldest first, read in the same transaction (``receive(history=n)``).
    recent: tuple[Message, ...] = ()


class OutboxItem(Protocol):
    """An outbound message waiting for delivery (read-only, so frozen dataclasses satisfy it)."""

    @property
    def id(self) -> str: ...

    @property
    def message(self) -> OutboundMessage: ...

    @property
    def attempts(self) -> int: ...

    @property
    def next_attempt_at(self) -> datetime: ...

    @property
    def parked(self) -> bool: ...

    @property
    def last_error(self) -> str | None: ...

    @property
    def parked_at(self) -> datetime | None: ...


class OrderStore(Protocol):
    """Orders and products from the shop's systems, and the order a conversation is about."""

    async def upsert_order(self, order: Order) -> Order:
        """Create or replace the order with this number; refresh its customer's order figures
        (customer since, orders count, lifetime value, payments) except fields set by ``upsert_profile``."""

    async def upsert_orders(self, orders: Sequence[Order]) -> int:
        """``upsert_order`` for many orders in one transaction; returns how many were written."""

    async def find_order(self, number: str) -> Order | None:
        """The order with this number (case and spaces ignored), if any."""

    async def get_order(self, number: str) -> Order:
        """The order with this number; ``NotFoundError`` if unknown."""

    async def customer_orders(self, *, customer_id: str | None = None, email: str | None = None,
                              limit: int = 20) -> list[Order]:
        """A customer's orders (by customer id and/or the order's email), newest first."""

    async def count_orders(self) -> int:
        """How many orders the store holds."""

    async def has_orders(self) -> bool:
        """Whether the store holds any order at all."""

    async def upsert_product(self, product: Product) -> Product:
        """Create or replace a product and its variants."""

    async def products(self) -> list[Product]:
        """The whole catalogue, by title."""

    async def remember_order(self, conversation_id: str, *, number: str, verified_by: str | None = None) -> None:
        """Note the order a conversation is about, and (once given) the email or postcode that verified it."""

    async def conversation_order(self, conversation_id: str) -> ConversationOrder | None:
        """The order the conversation is about, if one was named."""

    async def order_lookup(self, conversation_id: str, *, numbers: Sequence[str] = ()) -> OrderLookup:
        """The conversation's order and the stored orders among ``numbers`` (and the remembered one), in one
        read."""


class Store(OrderStore, AccountStore, Protocol):
    """Persistence for customers, conversations, messages, decisions, handoffs, promises, feedback and outbox."""

    async def start(self) -> None:
        """Open connections and bring the schema up to date (Alembic ``upgrade head``)."""

    async def close(self) -> None:
        """Release connections."""

    # customers -------------------------------------------------------------------------------
    async def customer_for_identity(self, identity: ChannelIdentity, *, name: str | None = None,
                                    customer_id: str | None = None) -> Customer:
        """The customer behind a channel identity, created (with ``name``) on first contact; with
        ``customer_id`` (the shop's own id) a first contact joins, or creates, that customer."""

    async def get_customer(self, customer_id: str) -> Customer:
        """One customer with linked identities; ``NotFoundError`` if unknown."""

    async def find_customer(self, *, email: str | None = None,
                            phone: str | None = None) -> Customer | None:
        """A customer with this email or phone, for linking identities across channels."""

    async def upsert_profile(self, customer_id: str, profile: CustomerProfile) -> Customer:
        """Create the customer if needed and set the profile fields that are not ``None``."""

    async def link_identity(self, customer_id: str, identity: ChannelIdentity) -> Customer:
        """Point a channel identity at this customer (merging the identity's old customer's history)."""

    # conversations ---------------------------------------------------------------------------
    async def current_conversation(self, *, customer_id: str, channel: str) -> Conversation:
        """The customer's latest conversation on this channel, opened if there is none."""

    async def get_conversation(self, conversation_id: str) -> Conversation:
        """One conversation; ``NotFoundError`` if unknown."""

    async def set_state(self, conversation_id: str, *, state: ConversationState,
                        assignee_id: str | None = None,
                        expected: Collection[ConversationState] | None = None) -> Conversation:
        """Move a conversation to ``state``; ``ConflictError`` if its state is not in ``expected``."""

    async def list_conversations(self, *, states: Collection[ConversationState] | None = None,
                                 assignee_id: str | None = None,
                                 limit: int = 100) -> list[Conversation]:
        """Conversations, most recently updated first."""

    # messages --------------------------------------------------------------------------------
    async def receive(self, message: Message, *, identity: ChannelIdentity, name: str | None = None,
                      customer_id: str | None = None, history: int = 0) -> Arrival:
        """In one transaction: the customer behind ``identity`` (as ``customer_for_identity``), their current
        conversation on the message's channel (as ``current_conversation``), the message stored in it (as
        ``add_message``; its ``conversation_id`` is filled in) and its last ``history`` messages (``recent``)."""

    async def add_message(self, message: Message) -> tuple[Message, bool]:
        """Store a message; idempotent on (channel, external_id). Returns (stored, created)."""

    async def messages(self, conversation_id: str, *, limit: int | None = None) -> list[Message]:
        """Messages of a conversation, oldest first (the last ``limit`` when given)."""

    async def customer_history(self, customer_id: str, *, limit: int = 200) -> list[Message]:
        """Every message of a customer across channels, oldest first."""

    # decisions -------------------------------------------------------------------------------
    async def add_decision(self, decision: Decision) -> Decision:
        """Store a decision (it carries its conversation and message ids)."""

    async def decisions(self, conversation_id: str) -> list[Decision]:
        """Decisions of a conversation, oldest first."""

    # handoffs --------------------------------------------------------------------------------
    async def add_handoff(self, handoff: Handoff) -> Handoff:
        """Store a new handoff."""

    async def update_handoff(self, handoff: Handoff) -> Handoff:
        """Replace a stored handoff's status, assignee, reasons, ETA and timestamps."""

    async def active_handoff(self, conversation_id: str) -> Handoff | None:
        """The conversation's open or claimed handoff, if any."""

    async def handoffs(self, *, assignee_id: str | None = None,
                       statuses: Collection[HandoffStatus] | None = None,
                       customer_id: str | None = None) -> list[Handoff]:
        """Handoffs, newest first."""

    # promises --------------------------------------------------------------------------------
    async def add_promise(self, promise: Promise) -> Promise:
        """Record a promise made to a customer."""

    async def update_promise(self, promise: Promise) -> Promise:
        """Replace a stored promise's status, settle time, owner, text, due time and nudge time."""

    async def promises(self, *, conversation_id: str | None = None,
                       due_before: datetime | None = None,
                       open_only: bool = False) -> list[Promise]:
        """Promises, earliest due first."""

    async def settle_promise(self, promise_id: str, *, status: PromiseStatus, at: datetime) -> Promise | None:
        """Compare-and-set: mark an OPEN promise kept or broken. The settled promise if this call settled
        it, ``None`` if it was already settled (by another worker); ``NotFoundError`` if unknown."""

    async def nudge_promise(self, promise_id: str, *, at: datetime) -> Promise | None:
        """Compare-and-set: record that the owner of an OPEN, not yet nudged promise was reminded. The
        promise if this call recorded it, ``None`` if already nudged or settled; ``NotFoundError`` if unknown."""

    async def team_snapshot(self, *, customer_id: str | None = None) -> TeamSnapshot:
        """Open (queued or with_human) conversations per assignee, unclaimed handoffs, and who
        last helped ``customer_id`` (for continuity)."""

    async def finished_cases(self, *, since: datetime, until: datetime) -> list[FinishedCase]:
        """Handoffs made in [since, until) that their person took up, with what was ahead of them,
        when they first replied (claimed) and resolved, and the ETA promised; oldest first."""

    # staff threads ---------------------------------------------------------------------------
    async def set_staff_thread(self, conversation_id: str, *, platform: str, ref: str) -> None:
        """Remember the conversation's thread on a staff platform (e.g. a Slack card's "channel:ts")."""

    async def staff_thread(self, conversation_id: str, *, platform: str) -> str | None:
        """The conversation's thread reference on ``platform``, if any."""

    async def conversation_for_staff_thread(self, *, platform: str, ref: str) -> str | None:
        """The conversation a staff-platform thread belongs to, if any."""

    # feedback --------------------------------------------------------------------------------
    async def save_feedback(self, feedback: Feedback) -> Feedback:
        """Store feedback, or replace the one with the same id (the optional word came later)."""

    async def feedback(self, *, conversation_id: str | None = None, since: datetime | None = None,
                       until: datetime | None = None) -> list[Feedback]:
        """Feedback, oldest first, optionally of one conversation or created in [since, until)."""

    # reports (read-only: the owner's dashboard and export) -----------------------------------
    async def activity(self, *, since: datetime, until: datetime, channel: str | None = None) -> Activity:
        """Conversations a customer wrote in, decisions, handoffs, promises and feedback of [since, until),
        each with the times the dashboard measures; ``ValidationError`` unless since < until."""

    async def channels(self) -> list[str]:
        """Every channel a conversation was ever held on, alphabetically."""

    # outbox ----------------------------------------------------------------------------------
    async def enqueue(self, messages: Sequence[OutboundMessage]) -> list[str]:
        """Put outbound messages in the outbox (in one transaction); returns their ids."""

    async def add_messages(self, messages: Sequence[Message], *, outbox: Sequence[OutboundMessage] = (),
                           decision: Decision | None = None) -> list[Message]:
        """Store the shop's messages, queue their deliveries and record their decision in one transaction."""

    async def due_outbox(self, *, now: datetime, limit: int = 50, lease_seconds: float = 60.0) -> list[OutboxItem]:
        """Lease and return undelivered items whose next attempt is due (other workers skip leased ones)."""

    async def mark_delivered(self, item_id: str) -> None:
        """Record a successful delivery."""

    async def mark_failed(self, item_id: str, *, error: str, retry_at: datetime | None) -> None:
        """Record a failed attempt; ``retry_at=None`` parks the item for staff."""

    async def parked_outbox(self, *, conversation_id: str | None = None, limit: int = 100) -> list[OutboxItem]:
        """Parked (undeliverable) items, oldest first."""

    async def retry_parked(self, item_id: str) -> None:
        """Put a parked item back in line, due now."""

    async def release_outbox(self, item_ids: Sequence[str]) -> None:
        """Give back leased items this worker will not send now (they wait for the earlier one)."""

