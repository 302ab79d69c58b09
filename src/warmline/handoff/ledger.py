"""The promise ledger's rules (DESIGN principle 8), as pure functions: when to nudge the person who
made a promise, what honest new time to give when it was broken, and the words for customer and staff.

The app's ``PromiseKeeper`` runs these on a timer against the store; nothing here does I/O. That includes
the early update: when the queue or a shift change makes the bot's ETA unlikely to hold, the customer
hears a new time, once, with the reason, before it breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from warmline.domain import Author, Bot, Promise, StaffMember
from warmline.policy import EtaModel, promise_phrase, round_eta, seems_away, when_phrase

__all__ = ["BrokenPromise", "EarlyUpdate", "broken_promise", "early_update", "kept_on_time", "lead_alert",
           "nudge_at", "nudge_text"]

_DEFAULT_SPAN = timedelta(minutes=20)
_MIN_NUDGE_LEAD = timedelta(minutes=1)
_MAX_NUDGE_LEAD = timedelta(minutes=15)
_MIN_EXTENSION = timedelta(minutes=15)
_MAX_EXTENSION = timedelta(hours=1)
_AFTER_SHIFT_START = timedelta(minutes=30)


def _span(promise: Promise) -> timedelta:
    if promise.created_at is None or promise.due_at <= promise.created_at:
        return _DEFAULT_SPAN
    return promise.due_at - promise.created_at


def nudge_at(promise: Promise) -> datetime:
    """When to remind the owner: a quarter of the promise's span before it falls due (1–15 minutes)."""
    lead = min(_MAX_NUDGE_LEAD, max(_MIN_NUDGE_LEAD, _span(promise) / 4))
    return promise.due_at - lead


def kept_on_time(promise: Promise, *, now: datetime) -> bool:
    """Whether keeping the promise at ``now`` is on time (True: kept; False: kept late, i.e. broken)."""
    return now <= promise.due_at


@dataclass(frozen=True, slots=True, kw_only=True)
class BrokenPromise:
    """What to do about a promise that fell due unkept: tell the customer, and the new promise."""

    customer_text: str
    new_due_at: datetime
    new_text: str


def broken_promise(promise: Promise, *, owner: StaffMember | None, bot: Bot, now: datetime,
                   customer_first_name: str = "") -> BrokenPromise:
    """An apology with a new, realistic time: half the original wait again (15–60 minutes) while the owner is
    on shift; if they are off shift, half an hour into their next shift."""
    extension = min(_MAX_EXTENSION, max(_MIN_EXTENSION, _span(promise) / 2))
    new_due = now + extension
    if owner is not None and owner.shifts and not owner.on_shift(now):
        back = owner.next_on_shift(now)
        if back is not None:
            new_due = back + _AFTER_SHIFT_START
    who = owner.first_name if owner else "the team"
    when = when_phrase(new_due, now=now, bot=bot)
    was_due = when_phrase(promise.due_at, now=now, bot=bot)
    greeting = f"{customer_first_name}, " if customer_first_name else ""
    what = _what_was_promised(promise, who=who)
    text = (f"{greeting}I'm sorry: we told you {what} by {was_due}, and that hasn't happened yet. "
            f"I don't want to leave you guessing: {who} will get back to you by {when} at the latest. "
            "Everything you've told us is already with them.")
    return BrokenPromise(customer_text=text[0].upper() + text[1:], new_due_at=new_due,
                         new_text=f"{who} replies (new time, after a missed one)")


def _what_was_promised(promise: Promise, *, who: str) -> str:
    if promise.source is Author.STAFF:
        return f"{who} would get back to you"
    return f"{who} would reply"


def nudge_text(promise: Promise, *, customer_name: str, bot: Bot, now: datetime) -> str:
    """The reminder for the promise's owner, before it falls due."""
    minutes = max(0, round((promise.due_at - now).total_seconds() / 60))
    return (f"Reminder: {customer_name} was promised \u201c{promise.text}\u201d by "
            f"{when_phrase(promise.due_at, now=now, bot=bot)} (in {minutes} min). "
            "A short reply keeps the promise, even if it's only an update.")


def lead_alert(promise: Promise, *, owner: StaffMember | None, customer_name: str, new_due_at: datetime | None,
               bot: Bot, now: datetime) -> str:
    """What a lead hears when a promise was broken: after the customer was told the new time, or (``None``)
    when the conversation is no longer with a person and nobody wrote to the customer."""
    who = owner.name if owner else promise.owner_id
    text = (f"Broken promise: {who} had promised {customer_name} \u201c{promise.text}\u201d by "
            f"{when_phrase(promise.due_at, now=now, bot=bot)}.")
    if new_due_at is None:
        return text + " The conversation is no longer with a person, so the customer was not written to."
    return text + f" The customer has been told, with a new time: {when_phrase(new_due_at, now=now, bot=bot)}."


_UNLIKELY = 0.5  # update early once keeping the promise is less likely than breaking it


@dataclass(frozen=True, slots=True, kw_only=True)
class EarlyUpdate:
    """A new time for a promise that has become unlikely to hold, and why, told before it breaks."""

    customer_text: str
    new_due_at: datetime
    new_text: str
    reason: str


def early_update(promise: Promise, *, owner: StaffMember | None, bot: Bot, now: datetime, ahead: float,
                 eta_model: EtaModel | None, customer_first_name: str = "",
                 quiet_minutes: float | None = None) -> EarlyUpdate | None:
    """An early update for the bot's open ETA when it is now unlikely to hold, else ``None``.

    Unlikely: the owner's shift has ended and they are back only after the promised time, or (with a
    learned ``eta_model``) the chance of a first reply in the time left, with ``ahead`` cases before
    this one, has dropped under one half. ``quiet_minutes`` (since the owner last acted): an owner quiet
    while holding this case seems away, and the chance is read from past waits for someone in that state.
    The new time is the estimate at the bot's ``promise_confidence``.
    """
    if promise.source is not Author.BOT or owner is None or promise.due_at <= now:
        return None
    first = owner.first_name
    if not bot.on_shift(owner, now):
        if promise.created_at is None or not bot.on_shift(owner, promise.created_at):
            return None  # promised while they were off: the time already counts their return
        back = bot.next_on_shift(owner, now)
        if back is not None and back + _AFTER_SHIFT_START <= promise.due_at:
            return None
        if back is None:
            return None  # nobody knows when: the broken-promise path will say so honestly
        new_due = back + _AFTER_SHIFT_START
        reason = f"{first}'s shift has ended and {first} is back at {when_phrase(back, now=now, bot=bot)}"
        said = f"by {when_phrase(new_due, now=now, bot=bot)}"
    elif eta_model is not None:
        left = (promise.due_at - now).total_seconds() / 60
        holding = ahead + 1  # this case is theirs too
        if eta_model.probability_within(owner_id=owner.id, ahead=ahead, at=now, minutes=left,
                                        quiet_minutes=quiet_minutes, holding=holding) >= _UNLIKELY:
            return None
        forecast = eta_model.forecast(owner_id=owner.id, owner_name=first, case_type=None, ahead=ahead, at=now,
                                      confidence=bot.thresholds.promise_confidence, quiet_minutes=quiet_minutes,
                                      holding=holding)
        minutes = round_eta(forecast.promise_minutes)
        new_due = now + timedelta(minutes=minutes)
        # The customer hears that their person stepped away, not for how long they have been quiet.
        away = seems_away(quiet_minutes=quiet_minutes, holding=holding)
        reason = f"{first} has stepped away for a moment" if away else forecast.reasons[0]  # "seven people are …"
        said = promise_phrase(minutes, now=now, bot=bot)
    else:
        return None
    greeting = f"{customer_first_name}, a" if customer_first_name else "A"
    was_due = when_phrase(promise.due_at, now=now, bot=bot)
    text = (f"{greeting} quick update before it's due: {reason}, so {first} won't make it by {was_due}. "
            f"Rather than leave you guessing, here's a new time: {first} will be with you {said}.")
    return EarlyUpdate(customer_text=text, new_due_at=new_due, reason=reason,
                       new_text=f"{first} replies (updated early: {reason})")
