"""The bot's own sentences about an order or a product: status, arrival, return, stock, and the request
to verify. Pure: every fact comes from the order or product record passed in, which each reply cites."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

import yaml

from warmline.domain import Bot, Citation, Order, OrderStage, Product, ProductVariant

from ._phrases import fill, phrase
from ._replies import when_phrase
from ._time_words import day_and_date, human_time

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


def _day(moment: datetime, bot: Bot, language: str = "en") -> str:
    return day_and_date(bot.business_hours.local(moment), language=language)


@lru_cache(maxsize=1)
def _sentences() -> dict[str, dict[str, str]]:
    """The sentences of ``order_sentences.yaml``, by key and language: read once."""
    text = resources.files("warmline.policy").joinpath("order_sentences.yaml").read_text("utf-8")
    return {str(key): {str(lang): str(said) for lang, said in table.items()}
            for key, table in yaml.safe_load(text).items()}


def _said(key: str, language: str, **values: str) -> str:
    """The sentence ``key`` in ``language`` (English when it is not one of ours), its placeholders filled."""
    table = _sentences()[key]
    return fill(table.get(language) or table["en"], values)


def _what(order: Order, language: str, *, items: bool = False, lead: bool = True) -> str:
    """ "Your order MS-1042 (Wool cardigan (Blue / M))", or "your order …" after a word before it."""
    listed = ", ".join(i.title + (f" ({i.variant})" if i.variant else "") for i in order.items[:3]) if items else ""
    what = _said("what", language, number=order.number) + (f" ({listed})" if listed else "")
    return what if lead else what[:1].lower() + what[1:]


def order_citation(order: Order) -> Citation:
    """Where an order answer came from: the order record as the shop's system last sent it."""
    return Citation(source=f"order {order.number}", title=order.stage.value, url=order.tracking_url)


def product_citation(product: Product) -> Citation:
    """Where a stock answer came from: the product record."""
    return Citation(source=f"product {product.title}", title="stock", url=product.url)


def _tracking(order: Order, language: str = "en") -> str:
    if order.tracking_url:
        return _said("follow", language, url=order.tracking_url)
    if order.tracking_number:
        return _said("tracking_number", language, n=order.tracking_number)
    return ""


def expected_arrival(order: Order, *, bot: Bot) -> datetime | None:
    """The carrier's expected date, else shipping day plus the bot file's usual days on the road."""
    if order.expected_at is not None:
        return order.expected_at
    if order.fulfilled_at is not None:
        return order.fulfilled_at + timedelta(days=bot.orders.shipping_days)
    return None


def status_text(order: Order, *, bot: Bot, language: str = "en") -> str:
    """Where the order is, in words, with the carrier and tracking link when it has shipped; in ``language``."""
    what = _what(order, language, items=True)
    stage = order.stage
    if stage is OrderStage.CANCELLED:
        if order.cancelled_at is None:
            return _said("cancelled", language, what=what)
        return _said("cancelled_on", language, what=what, day=_day(order.cancelled_at, bot, language))
    if stage is OrderStage.DELIVERED:
        assert order.delivered_at is not None
        return _said("delivered", language, what=what, day=_day(order.delivered_at, bot, language)) + _tracking(
            order, language)
    if stage is OrderStage.SHIPPED:
        assert order.fulfilled_at is not None
        carrier = _said("with", language, carrier=order.carrier) if order.carrier else ""
        arrival = expected_arrival(order, bot=bot)
        expected = _said("expected", language, day=_day(arrival, bot, language)) if arrival else ""
        return _said("shipped", language, what=what, carrier=carrier, day=_day(order.fulfilled_at, bot, language),
                     expected=expected) + _tracking(order, language)
    return _said("paid" if stage is OrderStage.PAID else "unpaid", language, what=what)


def arrival_text(order: Order, *, bot: Bot, now: datetime, language: str = "en") -> str:
    """When it should arrive (or when it did)."""
    arrival = expected_arrival(order, bot=bot)
    what = _what(order, language)
    if order.stage is OrderStage.SHIPPED and arrival is not None:
        key = "arrived" if arrival < now else "arrives"
        return _said(key, language, what=what, day=_day(arrival, bot, language)) + _tracking(order, language)
    if order.stage is OrderStage.PAID:
        return _said("not_shipped", language, what=what, days=str(bot.orders.shipping_days))
    return status_text(order, bot=bot, language=language)


def return_text(order: Order, *, bot: Bot, now: datetime, language: str = "en") -> str:
    """Whether the order can still go back, from its delivery date and the bot file's return window."""
    days = str(bot.orders.return_window_days)
    deadline = bot.orders.return_deadline(order)
    if deadline is None:
        return _said("return_later", language, what=_what(order, language), days=days)
    delivered, until = _day(order.delivered_at or deadline, bot, language), _day(deadline, bot, language)
    if now <= deadline:
        return _said("return_yes", language, what=_what(order, language, lead=False), delivered=delivered,
                     deadline=until, days=days)
    return _said("return_over", language, what=_what(order, language), delivered=delivered, deadline=until,
                 days=days)


def stock_text(product: Product, variant: ProductVariant | None, *, language: str = "en") -> str:
    """What is in stock: the variant asked for, or each variant of the product."""
    def one(v: ProductVariant) -> str:
        if v.stock is None:
            return _said("available", language, variant=v.title)
        key = "in_stock" if v.stock > 0 else "none_left"
        return _said(key, language, variant=v.title, n=str(v.stock))

    if variant is not None:
        if variant.stock is not None and variant.stock <= 0:
            return _said("sold_out", language, product=product.title, variant=variant.title)
        count = _said("left", language, n=str(variant.stock)) if variant.stock is not None else ""
        return _said("in_stock_yes", language, product=product.title, variant=variant.title, count=count)
    listed = "; ".join(one(v) for v in product.variants) or _said("no_variants", language)
    return _said("listed", language, product=product.title, listed=listed)


_LIKE = {"en": "like", "nl": "zoals", "de": "z. B.", "es": "como", "fr": "comme"}


def verify_request(example: str | None = None, *, language: str = "en", bot: Bot | None = None) -> str:
    """The same words whether or not the order exists, so nobody learns anything from them; in the customer's
    ``language`` ("Wo ist meine Bestellung MS-70315?" was asked for proof in English)."""
    sample = f" ({_LIKE.get(language, _LIKE['en'])} {example})" if example else ""
    return phrase("verify_order", language=language, bot=bot, sample=sample)


def _by_when(due: datetime, *, now: datetime, bot: Bot, language: str) -> str:
    """ "by 14:45 today" in English as it always was; "heute bis 14:45", "mañana sobre las 9:00" in the others."""
    if language not in _LIKE or language == "en":
        return f"by {when_phrase(due, now=now, bot=bot)}"
    return human_time(due, now=now, timezone=ZoneInfo(bot.business_hours.timezone), language=language)


def overdue_text(order: Order, *, person: str | None, due: datetime | None, now: datetime, bot: Bot,
                 language: str = "en") -> str:
    """A parcel past its expected date: said plainly, with who asks the carrier and by when."""
    arrival = expected_arrival(order, bot=bot)
    by = _said("by", language, day=_day(arrival, bot, language)) if arrival else ""
    carrier = order.carrier or _said("carrier", language)
    if person is None or due is None:
        who = _said("asks_later", language, carrier=carrier)
    else:
        who = _said("asks", language, person=person, carrier=carrier,
                         when=_by_when(due, now=now, bot=bot, language=language))
    return f"{_said('overdue', language, what=_what(order, language), by=by)} {who}"


def order_system_down_text(number: str, *, person: str | None, due: datetime | None, now: datetime, bot: Bot,
                           language: str = "en") -> str:
    """Honest about a look-up that failed: the shop's order system can't be reached, so a named person will
    check by a time. Says nothing about the order itself (nothing was seen), so it tells a stranger nothing."""
    who = (_said("checks_later", language) if person is None or due is None else
           _said("checks", language, person=person, when=_by_when(due, now=now, bot=bot, language=language)))
    return _said("system_down", language, number=number, who=who)
