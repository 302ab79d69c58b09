"""One customer across channels (DESIGN principle 9): a channel identity joins the customer the shop knows,
by an email or phone it already has, or by an order number proven with the email or postcode on the order.

What someone types is unverified: it may join histories for staff (and lets the profile's tenure count), but
never moves an identity onto a customer who already has one on this channel (never opens another person's
conversation).
"""

from __future__ import annotations

import logging

from warmline.domain import ChannelIdentity, Conversation, Customer, InboundMessage
from warmline.engine.customer.intake import contact_details
from warmline.engine.customer.order_reading import OrderReading
from warmline.store import Store

__all__ = ["IdentityLinker"]

logger = logging.getLogger(__name__)


class IdentityLinker:
    """Links the identity a message came from to the shop's known customer, when the message shows who it is."""

    def __init__(self, *, store: Store) -> None:
        self._store = store

    async def link(self, customer: Customer, conversation: Conversation, identity: ChannelIdentity,
                   inbound: InboundMessage, *, orders: OrderReading) -> tuple[Customer, Conversation]:
        """The customer (and conversation) ``inbound`` belongs to: the known one its email, phone or proven
        order number points at, else ``customer`` as it was. Only a customer with no identity on this channel
        yet is joined. ``orders``: the turn's one reading of the orders ``inbound`` names."""
        emails, phones = contact_details(inbound.text)
        if inbound.sender_email:
            emails = (inbound.sender_email.lower(), *emails)
        lookups = [{"email": e} for e in emails] + [{"phone": p} for p in phones]
        for lookup in lookups:
            known = await self._store.find_customer(**lookup)
            if known is not None and known.id != customer.id and not any(
                    i.channel == identity.channel for i in known.identities):
                logger.info("linked %s identity to a known customer by %s", identity.channel, next(iter(lookup)))
                linked = await self._store.link_identity(known.id, identity)
                return linked, await self._store.get_conversation(conversation.id)
        return await self._by_order(customer, conversation, identity, orders)

    async def _by_order(self, customer: Customer, conversation: Conversation, identity: ChannelIdentity,
                        orders: OrderReading) -> tuple[Customer, Conversation]:
        """An order number proven with the email or postcode on the order links this channel to the order's
        customer (their profile and tenure count from now on) — under the same rule as an email or phone."""
        owner_id = orders.proven_owner()
        if owner_id is None or owner_id == customer.id:
            return customer, conversation
        owner = await self._store.get_customer(owner_id)
        if any(i.channel == identity.channel for i in owner.identities):
            return customer, conversation
        logger.info("linked %s identity to a known customer by a proven order number", identity.channel)
        linked = await self._store.link_identity(owner.id, identity)
        return linked, await self._store.get_conversation(conversation.id)
