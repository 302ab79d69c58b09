"""Whether a message opens a case, and what the knowledge answering it has to say against that.

A case type read surely (a crack, a double charge, a parcel lost) is opened whatever the knowledge answers,
unless the message only asks and the shop's answer is sure; a likely one when the message asks work of the shop
that the answer at hand never speaks of, or tells of trouble (asking nothing) that only a guess answers; the
knowledge's own word ("this needs a person", a passage's ``case_type``) opens one too. A message naming an order
is about that order: told of, or unanswered, it goes to someone who can look at it (``decide``). Pure.
"""

from __future__ import annotations

import re

from warmline.domain import Bot, CaseType, Retrieval, SignalKind, Signals
from warmline.signals import asks, asks_shop_to, asks_without_trouble

from ._order_questions import asks_after_order, find_shop_order_numbers

__all__ = ["ORDER_ANSWER", "answerable", "case_leaned_to", "case_opened", "order_named", "tells_about",
           "work_nobody_answers"]

# A case type this sure is opened whatever the knowledge answers (a crack, a double charge, a parcel lost)...
_SURE_CASE = 0.8
# ... unless the message only asks, telling of nothing gone wrong, and the shop's answer is this sure.
_SURE_ANSWER = 0.5
# A case read by example this likely, asked as work the answer at hand never speaks of, is opened
# ("könnt ihr mir den Noord-Cardigan in Rostrot stricken?" was sent the size table).
_LIKELY_CASE = 0.6
# (an answer about shipping speaks of sending: "can you send an order to california" is the US entry's)
_WORK_FORMS = {"make": ("make", "made", "making"),
               "send": ("send", "sent", "ship", "deliver", "post"),
               "swap": ("swap", "exchang"), "switch": ("switch", "swap", "exchang"),
               "change": ("chang", "swap", "exchang"), "exchange": ("exchang", "swap"), "replace": ("replac",),
               "alter": ("alter",), "shorten": ("shorten", "alter"), "lengthen": ("lengthen", "alter")}
_MAKING = frozenset(("knit", "make", "sew", "crochet", "stamp", "engrave", "paint"))
_YEAR = re.compile(r"(?:19|20)\d\d")
# A message about one order that the knowledge answers only this unsurely goes to someone who can look at the
# order: "llevo tres semanas esperando el pedido MS-21988 y nadie me dice nada" found the shipping times (.11).
ORDER_ANSWER = 0.35
# A message about one order goes to a person as the case its signals lean to this much, likeliest of all: "buuut the
# L planter has a big crack down the side 😕 order MS-22871" (.28 a damaged item) is asked about as one.
_LEANING_CASE = 0.25


def case_opened(signals: Signals, retrieval: Retrieval, bot: Bot, *, text: str) -> CaseType | None:
    """The case type ``text`` opens, read from its signals against what the knowledge answers; None for none."""
    complexity = signals.get(SignalKind.COMPLEXITY)
    if complexity is not None and complexity.score >= bot.thresholds.delay_complexity:
        # "Instant when simple": a question the knowledge base answers more surely than it looks like a
        # case ("Can I pay with Klarna?" vs the billing case) is answered, not queued.
        # Below _SURE_CASE the case is only a likeness (two of its words: "my mug came today and it's darker
        # than on the website"), and an answer the shop wrote for the question wins outright.
        # A case is trouble told: "is there any lead in your glazes?" reads .97 as a damaged item by example,
        # and asks what the care page says.
        # (work asked of the shop is no plain question: "Könnt ihr mir den Noord Cardigan in XS stricken?")
        plain_question = (retrieval.confidence >= _SURE_ANSWER and asks_without_trouble(text)
                          and asks_shop_to(retrieval.searched or text) is None)
        order = order_named(text, bot)
        told = order is not None and tells_about(order, text=text)  # "my refund for MS-19204 still hasn't…"
        if complexity.score >= _LIKELY_CASE and (told or _work_unanswered(retrieval, text=text,
                                                                         case=complexity.label)):
            return bot.case_type(complexity.label)
        # ... but a likely case told, asking nothing, is not answered by a guess ("Mein Paket sollte letzte Woche
        # kommen und die Sendungsverfolgung bewegt sich seit Tagen nicht" found the tracking entry at .28)
        likeness = complexity.score < _SURE_CASE and (asks(text) or retrieval.confidence >= _SURE_ANSWER)
        answers_better = (answerable(retrieval) and retrieval.best is not None
                          and not retrieval.best.passage.case_type
                          and (retrieval.confidence > complexity.score or likeness or plain_question))
        if not answers_better:
            return bot.case_type(complexity.label)
    best = retrieval.best
    if retrieval.in_scope and best is not None and best.passage.case_type:
        return bot.case_type(best.passage.case_type)  # the knowledge says "this needs a person"
    return None


def case_leaned_to(signals: Signals, bot: Bot) -> CaseType | None:
    """The case type a message's signals read likeliest, when they lean to it at all (``_LEANING_CASE``)."""
    complexity = signals.get(SignalKind.COMPLEXITY)
    if complexity is None or complexity.score < _LEANING_CASE or not complexity.label:
        return None
    return bot.case_type(complexity.label)


def _work_unanswered(retrieval: Retrieval, *, text: str, case: str | None = None) -> bool:
    """Whether the message asks the shop for work ("könnt ihr mir den Cardigan in Rostrot stricken?") that the
    answer at hand never speaks of: the size table is no reply to a cardigan asked for in another colour. Nor is
    an answer that speaks of it as the ``case`` ("We can knit it to your measurements as a custom order")."""
    work = asks_shop_to(retrieval.searched or text)
    if work is None or retrieval.best is None:
        return False
    answer = (retrieval.answer_text or retrieval.best.passage.text).lower()
    if case is not None and case.replace("_", " ") in answer:
        return True
    return not any(re.search(rf"\b{form}", answer) for form in _WORK_FORMS.get(work, (work,)))


def work_nobody_answers(retrieval: Retrieval, *, text: str, bot: Bot) -> str | None:
    """The work a message asks of the shop when the answer at hand never speaks of it and either an order is
    named, that answer is not sure (below ``_SURE_ANSWER``), or the work is making something (no answer that
    does not speak of knitting answers "¿Me podríais tejer el cárdigan en color óxido?"); None otherwise."""
    work = asks_shop_to(retrieval.searched or text)
    if work is None or not _work_unanswered(retrieval, text=text) or _made_as_titled(retrieval, text=text):
        return None
    making = work in _MAKING
    return work if making or order_named(text, bot) or retrieval.confidence < _SURE_ANSWER else None


# "vous pouvez faire un paquet cadeau ?" reads "can you make a gift wrap": what is made, in a few words
_MADE = re.compile(r"\bmake (?:me |us )?(?:a |an |the |some )?((?:[^\W\d_]+ ){0,2}[^\W\d_]+)", re.IGNORECASE)
_TITLE_WORD = re.compile(r"[^\W\d_]+")


def _made_as_titled(retrieval: Retrieval, *, text: str) -> bool:
    """Whether what a message asks the shop to make is, word for word, what a sure answer is titled with: "can you
    make a gift wrap" is "Do you offer gift wrapping?", no piece to make; "make a matching beanie" is not the
    beanie sizes."""
    match = _MADE.search(retrieval.searched or text)
    best = retrieval.best
    if match is None or best is None or not answerable(retrieval) or retrieval.confidence < _SURE_ANSWER:
        return False
    titled = {word[:4] for word in _TITLE_WORD.findall(best.passage.citation.title.lower())}
    return all(word[:4] in titled for word in match.group(1).lower().split())


def order_named(text: str, bot: Bot) -> str | None:
    """The first order number in ``text`` in the shop's format, a year not taken for one ("from 2019")."""
    numbers = [n for n in find_shop_order_numbers(text, bot.orders.number_pattern) if not _YEAR.fullmatch(n)]
    return numbers[0] if numbers else None


def tells_about(order: str, *, text: str) -> bool:
    """Whether a message naming ``order`` tells of it rather than only asking what the shop's answers say: "de
    trui die ik kreeg (MS-15532) heeft een gat bij de naad" found the repair service (.58), "me gustaría cambiar
    el gorro por el de talla infantil, pedido MS-17436" the beanie sizes. "how do I wash the sweater from
    MS-15532?" asks, and is answered. Asking where it is ("Wo ist meine Bestellung MS-70315?") tells as much:
    the tracking page can't say, only someone who looks at that order can."""
    return (asks_after_order(text) or _changes(order, text=text)
            or not asks_without_trouble(re.sub(re.escape(order), " ", text, flags=re.IGNORECASE)))


# Something added to, changed in or taken from an order placed: "can you still add a gift box to MS-27455?",
# "kunnen jullie aan MS-27455 nog een cadeaudoos toevoegen?"
_CHANGING = (r"\b(?:add|adding|include|remove|take off|change|swap|upgrade|añadir|agregar|incluir|quitar|ajouter|"
             r"rajouter|retirer|enlever)\b")
_CHANGING_LAST = r"\b(?:toevoegen|bijdoen|erbij doen|weghalen|hinzufügen|dazulegen|dazutun|entfernen)\b"  # (verb last)
_NEAR = r"[^.?!]{0,60}?"


def _changes(order: str, *, text: str) -> bool:
    """Whether ``text`` asks for something to be added to, changed in or taken from ``order``: only someone who
    can open that order can, whatever the shop's answer says of choosing it in the basket."""
    number = re.escape(order)
    return re.search(rf"{_CHANGING}{_NEAR}{number}|{number}{_NEAR}{_CHANGING_LAST}", text, re.IGNORECASE) is not None


def answerable(retrieval: Retrieval) -> bool:
    """Whether the knowledge has one answer it is sure enough of to send."""
    return retrieval.in_scope and not retrieval.ambiguous and bool(retrieval.answer_text)
