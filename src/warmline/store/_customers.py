"""Customers, their profiles, and the channel identities that point at them."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from warmline.domain import ChannelIdentity, Customer, CustomerProfile, NotFoundError, new_id

from ._base import Repository, retry_on_conflict
from ._convert import customer_from_row
from ._models import ConversationRow, CustomerRow, IdentityRow
from .database import execute, fetch_all, fetch_first, fetch_scalar, insert_values

__all__ = ["CustomerRepository", "identity_customer", "load_customer", "locked_customer", "with_identities"]

_PROFILE_FIELDS = tuple(f.name for f in fields(CustomerProfile))


def _new_customer_values(customer_id: str, now: datetime, *, name: str | None = None) -> dict[str, Any]:
    return {"id": customer_id, "name": name, "orders_count": 0, "lifetime_value": 0.0, "payments_on_time": 0,
            "payments_late": 0, "attributes": {}, "created_at": now, "updated_at": now}


async def load_customer(session: AsyncSession, customer_id: str) -> Customer | None:
    """The customer with their identities, read in ``session``; ``None`` if unknown."""
    row = await session.get(CustomerRow, customer_id)
    return None if row is None else await with_identities(session, row)


_CUSTOMERS: Table = CustomerRow.__table__  # type: ignore[assignment]
_IDENTITIES: Table = IdentityRow.__table__  # type: ignore[assignment]
# The statements of a customer's every message, built once and read as plain rows (no ORM objects).
_OWNER = select(_IDENTITIES.c.customer_id).where(_IDENTITIES.c.channel == bindparam("b_channel"),
                                                 _IDENTITIES.c.external_id == bindparam("b_external_id"))
_IDENTITIES_OF = (select(_IDENTITIES.c.channel, _IDENTITIES.c.external_id)
                  .where(_IDENTITIES.c.customer_id == bindparam("b_customer_id"))
                  .order_by(_IDENTITIES.c.created_at, _IDENTITIES.c.channel, _IDENTITIES.c.external_id))
_LOCKED_CUSTOMER = select(_CUSTOMERS).where(_CUSTOMERS.c.id == bindparam("b_customer_id")).with_for_update()
_NAME_OF = select(_CUSTOMERS.c.id, _CUSTOMERS.c.name).where(_CUSTOMERS.c.id == bindparam("b_customer_id"))
_NAME = update(_CUSTOMERS).where(_CUSTOMERS.c.id == bindparam("b_customer_id")).values(name=bindparam("b_name"))


async def with_identities(session: AsyncSession, row: Any) -> Customer:
    """The customer of ``row`` (a ``CustomerRow`` or a plain row of its table) with their identities."""
    identities = await fetch_all(session, _IDENTITIES_OF, {"b_customer_id": row.id})
    return customer_from_row(row, identities)


async def locked_customer(session: AsyncSession, customer_id: str) -> Any:
    """The customer's row (a plain row), locked for the rest of the write transaction on PostgreSQL."""
    row = await fetch_first(session, _LOCKED_CUSTOMER, {"b_customer_id": customer_id})
    if row is None:
        raise NotFoundError("customer", customer_id)
    return row


async def identity_customer(session: AsyncSession, identity: ChannelIdentity, *, name: str | None,
                            customer_id: str | None, now: datetime) -> str:
    """The id of the customer behind ``identity``, created in ``session`` on first contact.

    A first contact with ``customer_id`` (the shop's own id) joins that customer, or creates it under that id.
    """
    owner = await fetch_scalar(session, _OWNER, {"b_channel": identity.channel,
                                                 "b_external_id": identity.external_id})
    if owner is not None:
        return str(owner)
    known = await fetch_first(session, _NAME_OF, {"b_customer_id": customer_id}) if customer_id else None
    if known is None:
        customer_id = customer_id or new_id()
        await insert_values(session, _CUSTOMERS, [_new_customer_values(customer_id, now, name=name)])
    elif name and not known.name:
        await execute(session, _NAME, {"b_customer_id": customer_id, "b_name": name})
    await insert_values(session, _IDENTITIES, [{"channel": identity.channel, "external_id": identity.external_id,
                                                "customer_id": customer_id, "created_at": now}])
    return str(customer_id)


async def _owner_of(session: AsyncSession, identity: ChannelIdentity, *, lock: bool = False) -> IdentityRow | None:
    return await session.get(IdentityRow, (identity.channel, identity.external_id), with_for_update=lock)


class CustomerRepository(Repository):
    """Customers and identities; race-safe creation on first contact."""

    async def customer_for_identity(self, identity: ChannelIdentity, *, name: str | None = None,
                                    customer_id: str | None = None) -> Customer:
        """The customer behind a channel identity, created (with ``name``) on first contact.

        ``customer_id`` is the shop's own id for this person (the direct API channel's ``customer_id``):
        on first contact the identity joins that customer — the one ``PUT /api/v1/customers/{id}`` set up —
        or creates it under that id, so the profile and the messages are one customer (DESIGN.md).
        Safe under concurrency: any number of simultaneous first contacts create one customer.
        """
        async with self._db.read() as session:
            row = await _owner_of(session, identity)
            if row is not None:
                return await self._loaded(session, row.customer_id)

        async def create() -> str:
            async with self._db.write() as session:
                # Someone else may have created it while we waited for the write lock: then that one.
                return await identity_customer(session, identity, name=name, customer_id=customer_id,
                                               now=self._now())

        return await self.get_customer(await retry_on_conflict(create))

    async def get_customer(self, customer_id: str) -> Customer:
        """One customer with linked identities; ``NotFoundError`` if unknown."""
        async with self._db.read() as session:
            return await self._loaded(session, customer_id)

    @staticmethod
    async def _loaded(session: AsyncSession, customer_id: str) -> Customer:
        customer = await load_customer(session, customer_id)
        if customer is None:
            raise NotFoundError("customer", customer_id)
        return customer

    async def find_customer(self, *, email: str | None = None,
                            phone: str | None = None) -> Customer | None:
        """A customer with this email (case-insensitive) or phone (exact).

        Customers that still have a channel identity come first, then the oldest.
        """
        conditions = []
        if email:
            conditions.append(func.lower(CustomerRow.email) == email.strip().lower())
        if phone:
            conditions.append(CustomerRow.phone == phone.strip())
        if not conditions:
            return None
        has_identity = select(IdentityRow.customer_id).where(IdentityRow.customer_id == CustomerRow.id).exists()
        query = (select(CustomerRow.id).where(or_(*conditions))
                 .order_by(has_identity.desc(), CustomerRow.created_at, CustomerRow.id).limit(1))
        async with self._db.read() as session:
            customer_id = await session.scalar(query)
            return None if customer_id is None else await load_customer(session, customer_id)

    async def upsert_profile(self, customer_id: str, profile: CustomerProfile) -> Customer:
        """Create the customer if needed and set the profile fields that are not ``None``.

        ``attributes``, when given, replaces the stored attributes as a whole.
        """
        changes: dict[str, Any] = {name: getattr(profile, name) for name in _PROFILE_FIELDS
                                   if getattr(profile, name) is not None}
        if "attributes" in changes:
            changes["attributes"] = dict(changes["attributes"])

        async def upsert() -> None:
            async with self._db.write() as session:
                now = self._now()
                row = await session.get(CustomerRow, customer_id, with_for_update=True)
                if row is None:
                    row = CustomerRow(**_new_customer_values(customer_id, now))
                    session.add(row)
                for name, value in changes.items():
                    setattr(row, name, value)
                # Figures derived from synced orders never overwrite what a person set here.
                row.manual_fields = sorted(set(row.manual_fields or ()) | changes.keys())
                row.updated_at = now

        await retry_on_conflict(upsert)
        return await self.get_customer(customer_id)

    async def link_identity(self, customer_id: str, identity: ChannelIdentity) -> Customer:
        """Point a channel identity at this customer (``NotFoundError`` if the customer is unknown).

        When the identity's previous customer is left with no identity at all, its conversations
        move to this customer, so the person has one history (DESIGN principle 9). The emptied
        customer row (and its profile) is kept.
        """

        async def link() -> None:
            async with self._db.write() as session:
                target = await session.get(CustomerRow, customer_id, with_for_update=True)
                if target is None:
                    raise NotFoundError("customer", customer_id)
                now = self._now()
                row = await _owner_of(session, identity, lock=True)
                if row is None:
                    session.add(IdentityRow(channel=identity.channel, external_id=identity.external_id,
                                            customer_id=customer_id, created_at=now))
                    return
                previous = row.customer_id
                if previous == customer_id:
                    return
                row.customer_id = customer_id
                await session.flush()
                await self._merge_if_orphaned(session, previous=previous, into=customer_id, now=now)

        await retry_on_conflict(link)
        return await self.get_customer(customer_id)

    @staticmethod
    async def _merge_if_orphaned(session: AsyncSession, *, previous: str, into: str, now: datetime) -> None:
        remaining = await session.scalar(
            select(func.count()).select_from(IdentityRow).where(IdentityRow.customer_id == previous))
        if remaining:
            return
        await session.execute(update(ConversationRow).where(ConversationRow.customer_id == previous)
                              .values(customer_id=into))
        await session.execute(update(CustomerRow).where(CustomerRow.id == into).values(updated_at=now))
