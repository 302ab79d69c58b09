"""The bot's own sentences about an order or a product: status, arrival, return, stock, and the request
to verify. Pure: every fact comes from the order or product record passed in, which each reply cites."""

from __future__ import annotations

from datetime import datetime, timedelta

from warmline.domain import Bot, Citation, Order, OrderStage, Product, ProductVariant

from ._phrases import fill, phrase
from ._replies import when_phrase
from ._time_words import day_and_date

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


# The answers about an order and a product, in each language the bot speaks ({what}: "Your order MS-1042 (…)").
_SAID: dict[str, dict[str, str]] = {
    "what": {"en": "Your order {number}", "nl": "Je bestelling {number}", "de": "Deine Bestellung {number}",
             "es": "Tu pedido {number}", "fr": "Votre commande {number}"},
    "cancelled": {"en": "{what} was cancelled.", "nl": "{what} is geannuleerd.", "de": "{what} wurde storniert.",
                  "es": "{what} se canceló.", "fr": "{what} a été annulée."},
    "cancelled_on": {"en": "{what} was cancelled on {day}.", "nl": "{what} is op {day} geannuleerd.",
                     "de": "{what} wurde am {day} storniert.", "es": "{what} se canceló el {day}.",
                     "fr": "{what} a été annulée le {day}."},
    "delivered": {"en": "{what} was delivered on {day}.", "nl": "{what} is op {day} bezorgd.",
                  "de": "{what} wurde am {day} zugestellt.", "es": "{what} se entregó el {day}.",
                  "fr": "{what} a été livrée le {day}."},
    "shipped": {"en": "{what} left our studio{carrier} on {day}{expected}.",
                "nl": "{what} is op {day}{carrier} uit ons atelier vertrokken{expected}.",
                "de": "{what} hat unser Atelier am {day}{carrier} verlassen{expected}.",
                "es": "{what} salió de nuestro taller{carrier} el {day}{expected}.",
                "fr": "{what} a quitté notre atelier{carrier} le {day}{expected}."},
    "with": {"en": " with {carrier}", "nl": " met {carrier}", "de": " mit {carrier}", "es": " con {carrier}",
             "fr": " avec {carrier}"},
    "expected": {"en": " and should arrive by {day}", "nl": " en komt naar verwachting uiterlijk {day} aan",
                 "de": " und sollte bis {day} ankommen", "es": " y debería llegar antes del {day}",
                 "fr": " et devrait arriver d'ici le {day}"},
    "paid": {"en": "{what} is paid and being made and packed; you'll get the tracking link as soon as it ships.",
             "nl": "{what} is betaald en wordt gemaakt en ingepakt; je krijgt de track-and-tracelink zodra hij "
                   "verzonden is.",
             "de": "{what} ist bezahlt und wird gerade gefertigt und verpackt; du bekommst den Sendungslink, "
                   "sobald sie verschickt ist.",
             "es": "{what} está pagado y lo estamos haciendo y empaquetando; recibirás el enlace de seguimiento en "
                   "cuanto salga.",
             "fr": "{what} est payée et en cours de fabrication et d'emballage ; vous recevrez le lien de suivi dès "
                   "son expédition."},
    "unpaid": {"en": "{what} is in, but we haven't received the payment yet; it ships once it's paid.",
               "nl": "{what} is binnen, maar we hebben de betaling nog niet ontvangen; hij wordt verzonden zodra "
                     "hij betaald is.",
               "de": "{what} ist eingegangen, aber die Zahlung ist noch nicht da; sie wird verschickt, sobald sie "
                     "bezahlt ist.",
               "es": "{what} nos ha llegado, pero aún no hemos recibido el pago; se enviará en cuanto esté pagado.",
               "fr": "{what} est bien arrivée, mais nous n'avons pas encore reçu le paiement ; elle partira dès "
                     "qu'elle sera payée."},
    "follow": {"en": " You can follow it here: {url}", "nl": " Je kunt hem hier volgen: {url}",
               "de": " Hier kannst du sie verfolgen: {url}", "es": " Puedes seguirlo aquí: {url}",
               "fr": " Vous pouvez la suivre ici : {url}"},
    "tracking_number": {"en": " The tracking number is {n}.", "nl": " Het trackingnummer is {n}.",
                        "de": " Die Sendungsnummer ist {n}.", "es": " El número de seguimiento es {n}.",
                        "fr": " Le numéro de suivi est {n}."},
    "arrives": {"en": "{what} should arrive by {day}.", "nl": "{what} komt naar verwachting uiterlijk {day} aan.",
                "de": "{what} sollte bis {day} ankommen.", "es": "{what} debería llegar antes del {day}.",
                "fr": "{what} devrait arriver d'ici le {day}."},
    "arrived": {"en": "{what} should have arrived by {day}.", "nl": "{what} had uiterlijk {day} binnen moeten zijn.",
                "de": "{what} hätte bis {day} ankommen sollen.", "es": "{what} debería haber llegado antes del {day}.",
                "fr": "{what} aurait dû arriver d'ici le {day}."},
    "not_shipped": {
        "en": "{what} hasn't shipped yet; once it leaves the studio it usually takes {days} days. You'll get the "
              "tracking link the day it ships.",
        "nl": "{what} is nog niet verzonden; zodra hij het atelier verlaat, duurt het meestal {days} dagen. Je krijgt "
              "de track-and-tracelink op de dag dat hij verzonden wordt.",
        "de": "{what} ist noch nicht verschickt; sobald sie das Atelier verlässt, dauert es meist {days} Tage. Den "
              "Sendungslink bekommst du am Tag des Versands.",
        "es": "{what} aún no ha salido; desde que sale del taller suele tardar {days} días. Recibirás el enlace de "
              "seguimiento el día que salga.",
        "fr": "{what} n'est pas encore partie ; une fois sortie de l'atelier, elle met en général {days} jours. "
              "Vous recevrez le lien de suivi le jour de l'expédition."},
    "return_later": {
        "en": "{what} hasn't been delivered yet. Once it has, you have {days} days to send it back.",
        "nl": "{what} is nog niet bezorgd. Daarna heb je {days} dagen om hem terug te sturen.",
        "de": "{what} wurde noch nicht zugestellt. Danach hast du {days} Tage Zeit für die Rücksendung.",
        "es": "{what} aún no se ha entregado. Cuando llegue, tendrás {days} días para devolverlo.",
        "fr": "{what} n'a pas encore été livrée. Ensuite, vous aurez {days} jours pour la renvoyer."},
    "return_yes": {
        "en": "Yes: {what} was delivered on {delivered}, so you can send it back until {deadline} ({days} days).",
        "nl": "Ja: {what} is op {delivered} bezorgd, dus je kunt hem tot {deadline} terugsturen ({days} dagen).",
        "de": "Ja: {what} wurde am {delivered} zugestellt, du kannst sie also bis {deadline} zurückschicken "
              "({days} Tage).",
        "es": "Sí: {what} se entregó el {delivered}, así que puedes devolverlo hasta el {deadline} ({days} días).",
        "fr": "Oui : {what} a été livrée le {delivered}, vous pouvez donc la renvoyer jusqu'au {deadline} "
              "({days} jours)."},
    "return_over": {
        "en": "{what} was delivered on {delivered}; the {days} days for a return ended on {deadline}. I can ask a "
              "person whether we can still do something for you.",
        "nl": "{what} is op {delivered} bezorgd; de {days} dagen om te retourneren eindigden op {deadline}. Ik kan "
              "iemand vragen of we nog iets voor je kunnen doen.",
        "de": "{what} wurde am {delivered} zugestellt; die {days} Tage für eine Rücksendung endeten am {deadline}. "
              "Ich kann jemanden fragen, ob wir trotzdem noch etwas für dich tun können.",
        "es": "{what} se entregó el {delivered}; los {days} días para devolverlo terminaron el {deadline}. Puedo "
              "preguntar a una persona si aún podemos hacer algo por ti.",
        "fr": "{what} a été livrée le {delivered} ; les {days} jours pour un retour se sont terminés le {deadline}. "
              "Je peux demander à quelqu'un si nous pouvons encore faire quelque chose pour vous."},
    "sold_out": {"en": "The {product} in {variant} is sold out right now.",
                 "nl": "De {product} in {variant} is op dit moment uitverkocht.",
                 "de": "{product} in {variant} ist gerade ausverkauft.",
                 "es": "{product} en {variant} está agotado ahora mismo.",
                 "fr": "{product} en {variant} est épuisé pour le moment."},
    "in_stock_yes": {"en": "Yes, the {product} in {variant} is in stock{count}.",
                     "nl": "Ja, de {product} in {variant} is op voorraad{count}.",
                     "de": "Ja, {product} in {variant} ist auf Lager{count}.",
                     "es": "Sí, {product} en {variant} está en stock{count}.",
                     "fr": "Oui, {product} en {variant} est en stock{count}."},
    "left": {"en": " ({n} left)", "nl": " (nog {n})", "de": " (noch {n})", "es": " (quedan {n})",
             "fr": " (encore {n})"},
    "available": {"en": "{variant}: available", "nl": "{variant}: leverbaar", "de": "{variant}: lieferbar",
                  "es": "{variant}: disponible", "fr": "{variant} : disponible"},
    "in_stock": {"en": "{variant}: {n} in stock", "nl": "{variant}: {n} op voorraad", "de": "{variant}: {n} auf Lager",
                 "es": "{variant}: {n} en stock", "fr": "{variant} : {n} en stock"},
    "none_left": {"en": "{variant}: sold out", "nl": "{variant}: uitverkocht", "de": "{variant}: ausverkauft",
                  "es": "{variant}: agotado", "fr": "{variant} : épuisé"},
    "no_variants": {"en": "no variants listed", "nl": "geen varianten vermeld", "de": "keine Varianten angegeben",
                    "es": "no hay variantes", "fr": "aucune variante indiquée"},
    "listed": {"en": "The {product}: {listed}.", "nl": "De {product}: {listed}.", "de": "{product}: {listed}.",
               "es": "{product}: {listed}.", "fr": "{product} : {listed}."},
}


def _said(key: str, language: str, **values: str) -> str:
    table = _SAID[key]
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
