"""While a case waits for a person (DESIGN principle 10): what the customer's message means, and the honest
reply — who has it, where they stand, the current time in human words, what they can do.

Pure: the engine's waiting room gathers the facts (the live promise, the assignee's shift, what was said
before) and sends what this returns. Sentences come in variants and a conversation never hears the same
one twice.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from warmline.domain import Bot, Customer, Reply, Signal, StaffMember
from warmline.signals import small_talk

from ._lines import pick_line

__all__ = [
    "EMAIL_ASK",
    "EMAIL_CHOICE",
    "EMAIL_WANTED",
    "KEEP_CHATTING",
    "WaitingCase",
    "WaitingIntent",
    "customer_timezone",
    "email_reply",
    "escalation_reply",
    "human_time",
    "minutes_until",
    "read_waiting_message",
    "status_line",
    "thanks_reply",
    "waiting_choices",
    "waiting_reply",
]

EMAIL_CHOICE = "Email me when it's done"
EMAIL_ASK = "Which e-mail address should I send it to?"
EMAIL_WANTED = "e-mail wanted when done:"  # a decision reason, followed by the address
KEEP_CHATTING = "Keep chatting"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_UPSET = frozenset({"anger", "distress", "frustration"})
_UPSET_SCORE = 0.6
_THANKS = frozenset({"thanks", "ack", "bye"})
_PING = re.compile(
    r"\b(?:any(?:one|body)|some(?:one|body)|a (?:real )?(?:person|human))\b.{0,20}\b(?:there|here|around|home)\b|"
    r"^\s*(?:hello|hallo|hi|hey)\s*\?+|\?{2,}\s*$|\bstill waiting\b|\bany (?:news|update)\b|"
    r"\bhow (?:much )?long (?:will|until|is (?:it|this)|must|do I|does (?:it|this))\b|"
    r"\b(?:today|now|soon),? please\b|\bhurry\b|\basap\b|\bwhen will (?:she|he|they|someone|anyone)\b",
    re.IGNORECASE)


class WaitingIntent(StrEnum):
    """What a waiting customer's message asks of us."""

    WAIT = "wait"  # "Wait for Maya": confirm
    KEEP_CHATTING = "keep_chatting"  # back to the bot, the case stays queued
    EMAIL = "email"  # "Email me when it's done"
    PING = "ping"  # "hello?? is anyone there", "today, please?"
    UPSET = "upset"  # new anger or distress, or asking again whether anyone is there: escalate
    THANKS = "thanks"  # "thank you!", "ok", 👍: a short, fitting reply, nothing added to the case
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
    """The intent of a message written while the case waits (``earlier_pings``: since the handoff)."""
    said = " ".join(text.lower().split()).rstrip(".!")
    if said.startswith("wait for") or said == "wait here":
        return WaitingIntent.WAIT
    if said == KEEP_CHATTING.lower():
        return WaitingIntent.KEEP_CHATTING
    if said == EMAIL_CHOICE.lower():
        return WaitingIntent.EMAIL
    upset = emotion is not None and emotion.label in _UPSET and emotion.score >= _UPSET_SCORE
    ping = bool(_PING.search(text)) or said in {"talk to a person", "hello", "hello?"}
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


def human_time(moment: datetime, *, now: datetime, timezone: ZoneInfo) -> str:
    """ "by 15:30 today", "tomorrow around noon", "on Monday around 9:00" — rounded up to 5 minutes, never
    "540 minutes"."""
    local, today = moment.astimezone(timezone), now.astimezone(timezone)
    extra = (-local.minute) % 5 or (5 if local.second or local.microsecond else 0)
    local = (local + timedelta(minutes=extra)).replace(second=0, microsecond=0)
    clock = "noon" if (local.hour, local.minute) == (12, 0) else f"{local.hour}:{local.minute:02d}"
    days = (local.date() - today.date()).days
    if days <= 0:
        return f"by {clock} today"
    if days == 1:
        return f"tomorrow around {clock}"
    if days < 7:
        return f"on {_WEEKDAYS[local.weekday()]} around {clock}"
    return f"on {local.day} {local.strftime('%B')} around {clock}"


def waiting_choices(case: WaitingCase) -> tuple[str, ...]:
    """What the customer can do while waiting; e-mail only when the shop can send it."""
    wait = f"Wait for {case.assignee.first_name}" if case.assignee else "Wait here"
    return (wait, KEEP_CHATTING, *((EMAIL_CHOICE,) if case.mail else ()))


def _first_unsaid(variants: Sequence[str], said: Sequence[str]) -> str | None:
    """The first variant this conversation has not heard (compared without the customer's name)."""
    return next((v for v in variants if not any(_key(v) in earlier for earlier in said)), None)


def _key(sentence: str) -> str:
    """What makes a sentence itself: the words after the name ("I'm sorry, Ana. Waiting…" → "Waiting…")."""
    return sentence.split(_NAME)[-1].strip(" .,") or sentence


_NAME = "{name}"


def _where_they_stand(case: WaitingCase, *, now: datetime, timezone: ZoneInfo) -> str:
    who = case.assignee.first_name if case.assignee else "The team"
    if case.due_at is not None and case.due_at <= now:
        return (f"It's taking longer than I told you, and I'm sorry. I've nudged {who} again, and you'll hear "
                "from us here.")
    if not case.on_shift and case.back_at is not None:
        back = human_time(case.back_at, now=now, timezone=timezone)
        back = f"at {back.removeprefix('by ')}" if back.startswith("by ") else back
        due = f" and will reply {human_time(case.due_at, now=now, timezone=timezone)}" if case.due_at else ""
        return f"{who} isn't working right now: {who} is back {back}{due}. Everything you wrote is with your case."
    if case.due_at is not None:
        when = human_time(case.due_at, now=now, timezone=timezone)
        return f"{who} has your case and will reply {when}."
    return f"{who} has your case and will reply here as soon as possible."


def _where_they_stand_fresh(case: WaitingCase, *, now: datetime, timezone: ZoneInfo, said: Sequence[str]) -> str:
    """Where the case stands, in words this conversation has not heard yet when nothing has changed since."""
    plain = _where_they_stand(case, now=now, timezone=timezone)
    if case.due_at is None or case.assignee is None or case.due_at <= now:
        return plain
    when = human_time(case.due_at, now=now, timezone=timezone)
    who = case.assignee.first_name
    variants = (plain, f"Nothing has changed: {who} will reply {when}.", f"{who} is still due to reply {when}.",
                f"Your reply from {who} is still due {when}.", f"{who} knows you're waiting; {when} at the latest.")
    return next((v for v in variants if not any(v in earlier for earlier in said)), variants[-1])


_OPENINGS = {
    WaitingIntent.PING: ("Yes, I'm here, and your messages reach the team.", "Still here!",
                         "I'm right here.", "You're not forgotten."),
    WaitingIntent.OTHER: ("Thanks, I've added that to your case so nobody has to ask again.",
                          "Got it, that's with your case now.", "Noted, and passed on.", "Thanks, added."),
    WaitingIntent.WAIT: ("Good, you'll stay in line.", "Great, you keep your place.", "Sure."),
    WaitingIntent.KEEP_CHATTING: ("Sure, ask me anything meanwhile: your case stays in line.",
                                  "Of course. Your place in line is kept while we talk.", "Happy to."),
    WaitingIntent.EMAIL: ("E-mail isn't set up for this shop, so the reply will come here.",),
}


def thanks_reply(*, case: WaitingCase, customer: Customer, now: datetime, timezone: ZoneInfo,
                 said: Sequence[str], bot: Bot | None = None, text: str = "") -> Reply:
    """A thank-you, "ok" or 👍 while waiting: a short, warm reply (where the case stands only when that is news).

    "You're welcome" only answers thanks: an "ok" after "Maya will reply by 10:10" gets an acknowledgement.
    """
    use_name = not said_name(said, customer)
    talk = small_talk(text) if text else None
    key = "waiting_ack" if talk is not None and talk.kind == "ack" else "waiting_thanks"
    # Short thanks may come round again once every variant was said ("You're welcome!" is not a form).
    opening = (pick_line(key, bot=bot, said=said, first_name=customer.first_name, use_name=use_name)
               or pick_line(key, bot=bot, said=(), first_name=customer.first_name, use_name=False)
               or "")
    plain = _where_they_stand(case, now=now, timezone=timezone)
    news = not any(plain in earlier for earlier in said)
    stand = _where_they_stand_fresh(case, now=now, timezone=timezone, said=said)
    return Reply(text=f"{opening} {stand}".strip() if news or not opening else opening)


def waiting_reply(intent: WaitingIntent, *, case: WaitingCase, customer: Customer, now: datetime,
                  timezone: ZoneInfo, said: Sequence[str]) -> Reply:
    """The reply to a waiting customer: a fitting opening (never one this conversation heard already),
    where the case stands and the choices. ``said``: the shop's earlier messages in this conversation."""
    if intent is WaitingIntent.THANKS:
        return thanks_reply(case=case, customer=customer, now=now, timezone=timezone, said=said)
    openings = _OPENINGS.get(intent, _OPENINGS[WaitingIntent.OTHER])
    opening = _first_unsaid(openings, said) or ""
    if opening and customer.first_name and intent is WaitingIntent.PING and not said_name(said, customer):
        opening = f"{customer.first_name}, {opening[0].lower()}{opening[1:]}"
    stand = _where_they_stand_fresh(case, now=now, timezone=timezone, said=said)
    if intent is WaitingIntent.KEEP_CHATTING:
        return Reply(text=f"{opening} {stand}".strip())
    choices = () if intent is WaitingIntent.WAIT else waiting_choices(case)
    return Reply(text=f"{opening} {stand}".strip(), choices=choices)


def email_reply(*, case: WaitingCase, address: str | None) -> Reply:
    """ "Email me when it's done": ask for the address once, or confirm the one we have."""
    if not case.mail:
        return Reply(text="E-mail isn't set up for this shop, so the reply will come here.",
                     choices=waiting_choices(case))
    if address is None:
        return Reply(text=EMAIL_ASK)
    who = case.assignee.first_name if case.assignee else "the team"
    return Reply(text=f"Done: I'll e-mail {address} as soon as {who} replies, and you'll see it here too.")


def said_name(said: Sequence[str], customer: Customer) -> bool:
    """Whether the shop's latest message already greeted the customer by name (once is warm, twice is a form)."""
    return bool(said) and bool(customer.first_name) and customer.first_name in said[-1]


def status_line(case: WaitingCase, *, now: datetime, timezone: ZoneInfo, said: Sequence[str]) -> str | None:
    """A short reminder after answering a side question, or ``None`` when nothing changed since it was said."""
    stand = _where_they_stand_fresh(case, now=now, timezone=timezone, said=said)
    return None if any(stand in earlier for earlier in said) else f"(Meanwhile: {stand})"


def escalation_reply(*, case: WaitingCase, customer: Customer, lead: StaffMember | None, now: datetime,
                     timezone: ZoneInfo, said: Sequence[str], already_urgent: bool, feeling: str = "") -> Reply:
    """Upset, or asking again whether anyone is there: acknowledge first, then say honestly what happens now."""
    name = f", {customer.first_name}" if customer.first_name and not said_name(said, customer) else ""
    who = case.assignee.first_name if case.assignee else "the team"
    # Distress is answered as distress (worry, a present gone wrong), not as impatience.
    distress = ("I'm so sorry{name}. I can hear how much this matters to you.",
                "That sounds really upsetting{name}, and I'm sorry.") if feeling == "distress" else ()
    acknowledgements = (*distress, "I'm sorry{name}. Waiting without an answer is frustrating.",
                        "I understand{name}, and I'm sorry it's taking this long.",
                        "You're right to chase this{name}.", "I hear you{name}.")
    opening = (_first_unsaid(acknowledgements, said) or "I'm still here{name}.").format(name=name)
    if already_urgent:
        still = (f"Your case is already marked urgent and {who} knows.",
                 f"{who[:1].upper()}{who[1:]} has your case marked urgent.", f"It's still at the top of {who}'s list.")
        action = _first_unsaid(still, said) or ""
    elif lead is not None and (case.assignee is None or lead.id != case.assignee.id):
        action = f"I've marked your case urgent and told {who} and {lead.first_name}, who leads the team, right now."
    else:
        action = f"I've marked your case urgent and told {who} right now."
    stand = _where_they_stand_fresh(case, now=now, timezone=timezone, said=said)
    return Reply(text=" ".join(part for part in (opening, action, stand) if part), choices=waiting_choices(case))


def minutes_until(moment: datetime, *, now: datetime) -> float:
    """Whole minutes from ``now`` to ``moment`` (0 when it has passed), for the API's ``eta_minutes``."""
    return float(max(0, math.ceil((moment - now).total_seconds() / 60)))
