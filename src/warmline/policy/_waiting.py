"""While a case waits for a person (DESIGN principle 10): what the customer's message means, and the honest
reply — who has it, where they stand, the current time in human words, what they can do.

Pure: the engine's waiting room gathers the facts (the live promise, the assignee's shift, what was said
before, the customer's language) and sends what this returns. Sentences come in variants and a conversation
never hears the same one twice; they are written in ``_waiting_words``, in five languages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from warmline.domain import Bot, Customer, Reply, Signal, StaffMember
from warmline.signals import small_talk

from ._choices import canonical_choice, choice_labels, wait_for_label
from ._lines import pick_line
from ._phrases import fill
from ._time_words import human_time
from ._waiting_words import NO_LONGER_NEEDED, OPENINGS, PING, VARIANTS, WILL_WAIT, WORDS, words

__all__ = [
    "EMAIL_ASK",
    "EMAIL_ASKS",
    "EMAIL_CHOICE",
    "EMAIL_WANTED",
    "KEEP_CHATTING",
    "WaitingCase",
    "WaitingIntent",
    "asked_for_email",
    "customer_timezone",
    "email_reply",
    "escalation_reply",
    "minutes_until",
    "read_waiting_message",
    "status_line",
    "thanks_reply",
    "waiting_choices",
    "waiting_reply",
]

EMAIL_CHOICE = "Email me when it's done"
EMAIL_ASK = WORDS["email_ask"]["en"]
EMAIL_ASKS = frozenset(WORDS["email_ask"].values())  # "which address?" in every language we ship
EMAIL_WANTED = "e-mail wanted when done:"  # a decision reason, followed by the address
KEEP_CHATTING = "Keep chatting"
_UPSET = frozenset({"anger", "distress", "frustration"})
_UPSET_SCORE = 0.6
_FIRST_THING = timedelta(minutes=15)  # a reply due this soon after the person is back is "first thing"
_THANKS = frozenset({"thanks", "ack", "bye", "compliment"})



class WaitingIntent(StrEnum):
    """What a waiting customer's message asks of us."""

    WAIT = "wait"  # "Wait for Maya": confirm
    KEEP_CHATTING = "keep_chatting"  # back to the bot, the case stays queued
    EMAIL = "email"  # "Email me when it's done"
    PING = "ping"  # "hello?? is anyone there", "today, please?"
    UPSET = "upset"  # new anger or distress, or asking again whether anyone is there: escalate
    THANKS = "thanks"  # "thank you!", "ok", 👍: a short, fitting reply, nothing added to the case
    WITHDRAWN = "withdrawn"  # "never mind, I found it": staff are told, and close the case
    OTHER = "other"  # anything else: a side question the bot may answer, or a detail for the person


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitingCase:
    """Where a waiting case stands: who has it, the live promise, and whether they are on shift."""

    assignee: StaffMember | None
    due_at: datetime | None  # the one live promise to the customer
    on_shift: bool
    back_at: datetime | None = None  # when an off-shift assignee is back
    mail: bool = False  # whether "Email me when it's done" can be offered (SMTP is set up)


def read_waiting_message(text: str, *, emotion: Signal | None, earlier_pings: int) -> WaitingIntent:
    """The intent of a message written while the case waits (``earlier_pings``: since the handoff).

    A translated button ("Verder chatten") means what the English one means."""
    text = canonical_choice(text)
    said = " ".join(text.lower().split()).rstrip(".!")
    if said.startswith("wait for") or said == "wait here" or WILL_WAIT.match(said):
        return WaitingIntent.WAIT
    if said == KEEP_CHATTING.lower():
        return WaitingIntent.KEEP_CHATTING
    if said == EMAIL_CHOICE.lower():
        return WaitingIntent.EMAIL
    if NO_LONGER_NEEDED.search(said):
        return WaitingIntent.WITHDRAWN
    upset = emotion is not None and emotion.label in _UPSET and emotion.score >= _UPSET_SCORE
    ping = bool(PING.search(text)) or said in {"talk to a person", "hello", "hello?"}
    if upset or (ping and earlier_pings >= 1):
        return WaitingIntent.UPSET
    if ping:
        return WaitingIntent.PING
    talk = small_talk(text)
    return WaitingIntent.THANKS if talk is not None and talk.kind in _THANKS else WaitingIntent.OTHER


def customer_timezone(customer: Customer, *, default: str) -> ZoneInfo:
    """The customer's own time zone when the shop told us (``attributes.timezone``), else the shop's."""
    for name in (customer.attributes.get("timezone"), default):
        if isinstance(name, str) and name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def waiting_choices(case: WaitingCase, *, language: str = "en") -> tuple[str, ...]:
    """What the customer can do while waiting, as buttons in ``language``; e-mail only when the shop can send it."""
    if case.assignee:
        wait = (f"Wait for {case.assignee.first_name}" if language == "en"
                else wait_for_label(case.assignee.first_name, language=language))
    else:
        wait = choice_labels(("Wait here",), language=language)[0]
    return (wait, *choice_labels((KEEP_CHATTING, *((EMAIL_CHOICE,) if case.mail else ())), language=language))


def _first_unsaid(variants: Sequence[str], said: Sequence[str]) -> str | None:
    """The first variant this conversation has not heard (compared without the customer's name)."""
    return next((v for v in variants if not any(_key(v) in earlier for earlier in said)), None)


def _key(sentence: str) -> str:
    """What makes a sentence itself: the words after the name ("I'm sorry, Ana. Waiting…" → "Waiting…")."""
    return sentence.split(_NAME)[-1].strip(" .,") or sentence


_NAME = "{name}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _variants(key: str, language: str) -> tuple[str, ...]:
    table = VARIANTS[key]
    return table.get(language) or table.get("en", ())


def _where_they_stand(case: WaitingCase, *, now: datetime, timezone: ZoneInfo, language: str = "en",
                      bot: Bot | None = None) -> str:
    who = case.assignee.first_name if case.assignee else words("the_team", language=language)
    if case.due_at is not None and case.due_at <= now:
        return words("late", language=language, bot=bot, who=who)
    if not case.on_shift and case.back_at is not None:
        back = human_time(case.back_at, now=now, timezone=timezone, language=language, at_today=True)
        when = human_time(case.due_at, now=now, timezone=timezone, language=language) if case.due_at else back
        # "back on Monday around 9:00 and will reply on Monday around 9:05" says one thing twice.
        first_thing = case.due_at is None or case.due_at - case.back_at <= _FIRST_THING
        due = "" if first_thing or when == back else words("off_shift_due", language=language, bot=bot, when=when)
        return _sentence(words("off_shift", language=language, bot=bot, who=who, back=back, due=due))
    if case.due_at is not None:
        when = human_time(case.due_at, now=now, timezone=timezone, language=language)
        return _sentence(words("due", language=language, bot=bot, who=who, when=when))
    return _sentence(words("asap", language=language, bot=bot, who=who))


def _where_they_stand_fresh(case: WaitingCase, *, now: datetime, timezone: ZoneInfo, said: Sequence[str],
                            language: str = "en", bot: Bot | None = None) -> str:
    """Where the case stands, in words this conversation has not heard yet when nothing has changed since."""
    plain = _where_they_stand(case, now=now, timezone=timezone, language=language, bot=bot)
    if case.due_at is None or case.assignee is None or case.due_at <= now:
        return plain
    when = human_time(case.due_at, now=now, timezone=timezone, language=language)
    who = case.assignee.first_name
    variants = (plain, *(_sentence(fill(v, {"who": who, "when": when})) for v in _variants("unchanged", language)))
    return next((v for v in variants if not any(v in earlier for earlier in said)), variants[-1])


def thanks_reply(*, case: WaitingCase, customer: Customer, now: datetime, timezone: ZoneInfo,
                 said: Sequence[str], bot: Bot | None = None, text: str = "", language: str = "en") -> Reply:
    """A thank-you, "ok" or 👍 while waiting: a short, warm reply (where the case stands only when that is news).

    "You're welcome" only answers thanks: an "ok" after "Maya will reply by 10:10" gets an acknowledgement.
    """
    use_name = not said_name(said, customer)
    talk = small_talk(text) if text else None
    key = "waiting_ack" if talk is not None and talk.kind == "ack" else "waiting_thanks"
    # Short thanks may come round again once every variant was said ("You're welcome!" is not a form).
    if language == "en":
        opening = (pick_line(key, bot=bot, said=said, first_name=customer.first_name, use_name=use_name)
                   or pick_line(key, bot=bot, said=(), first_name=customer.first_name, use_name=False)
                   or "")
    else:
        short = _variants(key.removeprefix("waiting_"), language)
        name = f", {customer.first_name}" if customer.first_name and use_name else ""
        opening = (_first_unsaid(short, said) or short[0]).replace(_NAME, name)
    plain = _where_they_stand(case, now=now, timezone=timezone, language=language, bot=bot)
    news = not any(plain in earlier for earlier in said)
    stand = _where_they_stand_fresh(case, now=now, timezone=timezone, said=said, language=language,
                                   bot=bot)
    return Reply(text=f"{opening} {stand}".strip() if news or not opening else opening)


def waiting_reply(intent: WaitingIntent, *, case: WaitingCase, customer: Customer, now: datetime,
                  timezone: ZoneInfo, said: Sequence[str], language: str = "en", bot: Bot | None = None,
                  asked: bool = False) -> Reply:
    """The reply to a waiting customer: a fitting opening (never one this conversation heard already),
    where the case stands and the choices. ``said``: the shop's earlier messages in this conversation;
    ``asked``: the message asked a question nothing answered (not "thanks, added" then, but "that one's for the
    team")."""
    table = OPENINGS["question"] if asked and intent is WaitingIntent.OTHER else OPENINGS.get(intent.value,
                                                                                            OPENINGS["other"])
    opening = _first_unsaid(table.get(language) or table["en"], said) or ""
    if intent is WaitingIntent.WITHDRAWN and opening:
        return Reply(text=opening)
    if intent in (WaitingIntent.THANKS, WaitingIntent.WITHDRAWN):  # (a second "never mind": a short reply)
        return thanks_reply(case=case, customer=customer, now=now, timezone=timezone, said=said, language=language,
                            bot=bot)
    if opening and customer.first_name and intent is WaitingIntent.PING and not said_name(said, customer):
        opening = f"{customer.first_name}, {opening[0].lower()}{opening[1:]}"
    stand = _where_they_stand_fresh(case, now=now, timezone=timezone, said=said, language=language,
                                   bot=bot)
    if intent is WaitingIntent.KEEP_CHATTING:
        return Reply(text=f"{opening} {stand}".strip())
    choices = () if intent is WaitingIntent.WAIT else waiting_choices(case, language=language)
    return Reply(text=f"{opening} {stand}".strip(), choices=choices)


def email_reply(*, case: WaitingCase, address: str | None, language: str = "en", bot: Bot | None = None) -> Reply:
    """ "Email me when it's done": ask for the address once, or confirm the one we have."""
    if not case.mail:
        return Reply(text=words("email_off", language=language, bot=bot),
                     choices=waiting_choices(case, language=language))
    if address is None:
        return Reply(text=words("email_ask", language=language, bot=bot))
    who = case.assignee.first_name if case.assignee else words("the_team", language=language)
    return Reply(text=words("email_done", language=language, bot=bot, address=address, who=who))


def asked_for_email(said: str, *, bot: Bot | None = None) -> bool:
    """Whether ``said`` (the shop's last message) asked for an e-mail address, in any language or the shop's own
    wording: the customer's next message may be the address."""
    own = {text for _, key, text in bot.phrasebook.sentences if key == "waiting_email_ask"} if bot else set()
    return said in EMAIL_ASKS or said in own


def said_name(said: Sequence[str], customer: Customer) -> bool:
    """Whether the shop's latest message already greeted the customer by name (once is warm, twice is a form)."""
    return bool(said) and bool(customer.first_name) and customer.first_name in said[-1]


def status_line(case: WaitingCase, *, now: datetime, timezone: ZoneInfo, said: Sequence[str],
                language: str = "en", bot: Bot | None = None) -> str | None:
    """A short reminder after answering a side question, or ``None`` when nothing changed since it was said."""
    stand = _where_they_stand_fresh(case, now=now, timezone=timezone, said=said, language=language,
                                   bot=bot)
    if any(stand in earlier for earlier in said):
        return None
    return words("meanwhile", language=language, bot=bot, stand=stand)


def escalation_reply(*, case: WaitingCase, customer: Customer, lead: StaffMember | None, now: datetime,
                     timezone: ZoneInfo, said: Sequence[str], already_urgent: bool, feeling: str = "",
                     language: str = "en", bot: Bot | None = None) -> Reply:
    """Upset, or asking again whether anyone is there: acknowledge first, then say honestly what happens now."""
    name = f", {customer.first_name}" if customer.first_name and not said_name(said, customer) else ""
    who = case.assignee.first_name if case.assignee else words("the_team", language=language)
    # Distress is answered as distress (worry, a present gone wrong), not as impatience.
    distress = _variants("distress", language) if feeling == "distress" else ()
    acknowledgements = (*distress, *_variants("upset", language))
    opening = fill(_first_unsaid(acknowledgements, said) or WORDS["still_here"].get(language)
                   or WORDS["still_here"]["en"], {"name": name})
    if already_urgent:
        still = tuple(_sentence(fill(v, {"who": who})) for v in _variants("still_urgent", language))
        action = _first_unsaid(still, said) or ""
    elif lead is not None and (case.assignee is None or lead.id != case.assignee.id):
        action = words("marked_urgent_lead", language=language, bot=bot, who=who, lead=lead.first_name)
    else:
        action = words("marked_urgent", language=language, bot=bot, who=who)
    stand = _where_they_stand_fresh(case, now=now, timezone=timezone, said=said, language=language,
                                   bot=bot)
    return Reply(text=" ".join(part for part in (opening, action, stand) if part),
                 choices=waiting_choices(case, language=language))


def minutes_until(moment: datetime, *, now: datetime) -> float:
    """Whole minutes from ``now`` to ``moment`` (0 when it has passed), for the API's ``eta_minutes``."""
    return float(max(0, math.ceil((moment - now).total_seconds() / 60)))
