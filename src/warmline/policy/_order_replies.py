"""The bot's own sentences about an order or a product: status, arrival, return, stock, and the request
to verify. Pure: every fact comes from the order or product record passed in, which each reply cites."""

from __future__ import annotations

from datetime import datetime, timedelta

from warmline.domain import Bot, Citation, Order, OrderStage, Product, ProductVariant

from ._phrases import phrase
from ._replies import when_phrase

__all__ = [
    "arrival_text",
    "expected_arrival",
    "order_citation",
    "order_system_down_text",
    "overdue_text",
    "product_citation",
    "return_text",
    "status_text",
    "stock_text",
    "verify_request",
]


def _day(moment: datetime, bot: Bot) -> str:
    local = bot.business_hours.local(moment)
    return f"{local.strftime('%A')} {local.day} {local.strftime('%B')}"


def order_citation(order: Order) -> Citation:
    """Where an order answer came from: the order record as the shop's system last sent it."""
    return Citation(source=f"order {order.number}", title=order.stage.value, url=order.tracking_url)


def product_citation(product: Product) -> Citation:
    """Where a stock answer came from: the product record."""
    return Citation(source=f"product {product.title}", title="stock", url=product.url)


def _tracking(order: Order) -> str:
    if order.tracking_url:
        return f" You can follow it here: {order.tracking_url}"
    if order.tracking_number:
        return f" The tracking number is {order.tracking_number}."
    return ""


def expected_arrival(order: Order, *, bot: Bot) -> datetime | None:
    """The carrier's expected date, else shipping day plus the bot file's usual days on the road."""
    if order.expected_at is not None:
        return order.expected_at
    if order.fulfilled_at is not None:
        return order.fulfilled_at + timedelta(days=bot.orders.shipping_days)
    return None


def status_text(order: Order, *, bot: Bot) -> str:
    """Where the order is, in words, with the carrier and tracking link when it has shipped."""
    items = ", ".join(i.title + (f" ({i.variant})" if i.variant else "") for i in order.items[:3])
    what = f"Your order {order.number}" + (f" ({items})" if items else "")
    stage = order.stage
    if stage is OrderStage.CANCELLED:
        return f"{what} was cancelled" + (f" on {_day(order.cancelled_at, bot)}." if order.cancelled_at else ".")
    if stage is OrderStage.DELIVERED:
        assert order.delivered_at is not None
        return f"{what} was delivered on {_day(order.delivered_at, bot)}.{_tracking(order)}"
    if stage is OrderStage.SHIPPED:
        assert order.fulfilled_at is not None
        carrier = f" with {order.carrier}" if order.carrier else ""
        arrival = expected_arrival(order, bot=bot)
        expected = f" and should arrive by {_day(arrival, bot)}" if arrival else ""
        return f"{what} left our studio{carrier} on {_day(order.fulfilled_at, bot)}{expected}.{_tracking(order)}"
    if stage is OrderStage.PAID:
        return f"{what} is paid and being made and packed; you'll get the tracking link as soon as it ships."
    return f"{what} is in, but we haven't received the payment yet; it ships once it's paid."


def arrival_text(order: Order, *, bot: Bot, now: datetime) -> str:
    """When it should arrive (or when it did)."""
    arrival = expected_arrival(order, bot=bot)
    if order.stage is OrderStage.SHIPPED and arrival is not None:
        when = "should have arrived" if arrival < now else "should arrive"
        return f"Your order {order.number} {when} by {_day(arrival, bot)}.{_tracking(order)}"
    if order.stage is OrderStage.PAID:
        return (f"Your order {order.number} hasn't shipped yet; once it leaves the studio it usually takes "
                f"{bot.orders.shipping_days} days. You'll get the tracking link the day it ships.")
    return status_text(order, bot=bot)


def return_text(order: Order, *, bot: Bot, now: datetime) -> str:
    """Whether the order can still go back, from its delivery date and the bot file's return window."""
    days = bot.orders.return_window_days
    deadline = bot.orders.return_deadline(order)
    if deadline is None:
        return (f"Your order {order.number} hasn't been delivered yet. Once it has, you have {days} days "
                f"to send it back.")
    if now <= deadline:
        return (f"Yes: your order {order.number} was delivered on {_day(order.delivered_at or deadline, bot)}, "
                f"so you can send it back until {_day(deadline, bot)} ({days} days).")
    return (f"Your order {order.number} was delivered on {_day(order.delivered_at or deadline, bot)}; the "
            f"{days} days for a return ended on {_day(deadline, bot)}. I can ask a person whether we can "
            f"still do something for you.")


def stock_text(product: Product, variant: ProductVariant | None) -> str:
    """What is in stock: the variant asked for, or each variant of the product."""
    def one(v: ProductVariant) -> str:
        if v.stock is None:
            return f"{v.title}: available"
        return f"{v.title}: {v.stock} in stock" if v.stock > 0 else f"{v.title}: sold out"

    if variant is not None:
        if variant.stock is not None and variant.stock <= 0:
            return f"The {product.title} in {variant.title} is sold out right now."
        count = f" ({variant.stock} left)" if variant.stock is not None else ""
        return f"Yes, the {product.title} in {variant.title} is in stock{count}."
    listed = "; ".join(one(v) for v in product.variants) or "no variants listed"
    return f"The {product.title}: {listed}."


_LIKE = {"en": "like", "nl": "zoals", "de": "z. B.", "es": "como", "fr": "comme"}


def verify_request(example: str | None = None, *, language: str = "en", bot: Bot | None = None) -> str:
    """The same words whether or not the order exists, so nobody learns anything from them; in the customer's
    ``language`` ("Wo ist meine Bestellung MS-70315?" was asked for proof in English)."""
    sample = f" ({_LIKE.get(language, _LIKE['en'])} {example})" if example else ""
    return phrase("verify_order", language=language, bot=bot, sample=sample)


def _who_checks(person: str | None, due: datetime | None, *, now: datetime, bot: Bot) -> str:
    if person is None or due is None:
        return "Someone from our team will check it as soon as they're in"
    return f"{person} will check it by {when_phrase(due, now=now, bot=bot)}"


def overdue_text(order: Order, *, person: str | None, due: datetime | None, now: datetime, bot: Bot) -> str:
    """A parcel past its expected date: said plainly, with who asks the carrier and by when."""
    arrival = expected_arrival(order, bot=bot)
    by = f" by {_day(arrival, bot)}" if arrival else ""
    carrier = order.carrier or "the carrier"
    if person is None or due is None:
        who = f"Someone from our team will ask {carrier} where it is as soon as they're in, and write to you here."
    else:
        who = f"{person} will ask {carrier} where it is and write to you here by {when_phrase(due, now=now, bot=bot)}."
    return f"Your order {order.number} should have arrived{by}, and it hasn't: that needs a person. {who}"


def order_system_down_text(number: str, *, person: str | None, due: datetime | None, now: datetime, bot: Bot) -> str:
    """Honest about a look-up that failed: the shop's order system can't be reached, so a named person will
    check by a time. Says nothing about the order itself (nothing was seen), so it tells a stranger nothing."""
    return (f"I can't see our order system right now, so I can't look up {number} for you myself. "
            f"{_who_checks(person, due, now=now, bot=bot)} and write to you here; there's nothing more you need "
            "to send.")
