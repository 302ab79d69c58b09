"""How Warmline sounds: the customer's name, plain words, choices rather than instructions.

No policy-speak ("our policy is…", "as per our terms…"): every text says what we *can* do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from warmline.domain import Bot, Customer, Reply

from ._lines import pick_line

__all__ = [
    "DELAY_CHOICES",
    "FEEDBACK_CHOICES",
    "FEEDBACK_INVITE",
    "UNSURE_CHOICES",
    "closing_message",
    "comment_thanks",
    "duration_phrase",
    "feedback_thanks",
    "name_prefix",
    "promise_phrase",
    "when_phrase",
]

DELAY_CHOICES = ("Wait here", "Email me when it's done", "Keep chatting")
UNSURE_CHOICES = ("Talk to a person", "Ask something else")
# Did they *like* it: yes or no, never a score (DESIGN.md principle 7).
FEEDBACK_CHOICES = ("Yes 👍", "Not really")
FEEDBACK_INVITE = "Anything you'd like to tell us? Just write it here — or not, that's fine."
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def name_prefix(customer: Customer) -> str:
    """ "Anna, " when we know the name, else nothing: the sentence works either way."""
    return f"{customer.first_name}, " if customer.first_name else ""


def capitalised(text: str) -> str:
    """First letter upper-case, the rest untouched (names stay as they are)."""
    return text[:1].upper() + text[1:]


def duration_phrase(minutes: float) -> str:
    """ "about 15 minutes", "about 2 hours", "about a day" — never false precision."""
    if minutes < 90:
        return f"about {round(minutes)} minutes"
    hours = minutes / 60
    if hours < 20:
        whole = round(hours * 2) / 2
        return f"about {whole:g} hours"
    days = round(hours / 24)
    return "about a day" if days <= 1 else f"about {days} days"


def promise_phrase(minutes: float, *, now: datetime, bot: Bot) -> str:
    """A promised wait the way a person says it: "within 7 minutes", "within 25 minutes", "within the hour",
    "by 15:30", "tomorrow morning" — always at or after ``now + minutes``, never earlier (whole minutes up
    to 20, 5-minute steps above, as ``round_eta`` rounds)."""
    if minutes <= 20:
        return f"within {max(2, math.ceil(minutes - 1e-9))} minutes"
    if minutes <= 45:
        return f"within {math.ceil(minutes / 5 - 1e-9) * 5} minutes"
    if minutes <= 60:
        return "within the hour"
    due = bot.business_hours.local(now + timedelta(minutes=minutes))
    today = bot.business_hours.local(now)
    quarter = due + timedelta(minutes=(-due.minute) % 15)
    quarter = quarter.replace(second=0, microsecond=0)
    days_ahead = (quarter.date() - today.date()).days
    if days_ahead <= 0:
        return f"by {quarter.hour}:{quarter.minute:02d}"
    if days_ahead == 1 and quarter.hour < 12:
        return "tomorrow morning"
    if days_ahead == 1:
        return f"by {quarter.hour}:{quarter.minute:02d} tomorrow"
    return f"by {quarter.hour}:{quarter.minute:02d} on {_WEEKDAYS[quarter.weekday()]}"


def when_phrase(moment: datetime, *, now: datetime, bot: Bot) -> str:
    """ "9:00 tomorrow", "14:00 today", "9:00 on Monday" — in the shop's own time zone."""
    local, today = bot.business_hours.local(moment), bot.business_hours.local(now)
    clock = f"{local.hour}:{local.minute:02d}"
    days_ahead = (local.date() - today.date()).days
    if days_ahead <= 0:
        return f"{clock} today"
    if days_ahead == 1:
        return f"{clock} tomorrow"
    if days_ahead < 7:
        return f"{clock} on {_WEEKDAYS[local.weekday()]}"
    return f"{clock} on {local.day} {local.strftime('%B')}"


def delay_text(*, opening: str, eta_phrase: str, back_phrase: str | None) -> str:
    """Honest about delay: after ``opening`` (the person first, then that it needs a person and why), how long."""
    if back_phrase:
        return f"{opening} The team is back at {back_phrase}, and it usually takes {eta_phrase} from then."
    return f"{opening} Right now that takes {eta_phrase}."


def closing_message(*, customer: Customer, bot: Bot, sorted_out: bool = True, said: Sequence[str] = ()) -> Reply:
    """A warm close for a resolved conversation that fits what happened, asking whether they *liked* how it went.

    ``sorted_out``: whether anything was done for them (a person replied, an answer helped); a case closed
    without a word to the customer is never "glad we could sort this out". ``said``: the bot's earlier messages.
    """
    name = customer.first_name
    if sorted_out:
        opening = pick_line("close_sorted", bot=bot, said=said, first_name=name) or "Thanks for your patience!"
    else:
        opening = (pick_line("close_no_news", bot=bot, said=said, first_name=name) or "I've closed this for now.")
        opening += " If anything is still open, just write here and we'll pick it up."
    sign_off = bot.voice.sign_off.strip()
    text = f"{opening} {sign_off} Did you like how this went?" if sign_off else f"{opening} Did you like how this went?"
    return Reply(text=text, choices=FEEDBACK_CHOICES)


def feedback_thanks(*, liked: bool, customer: Customer) -> Reply:
    """A short thanks for the yes or no, leaving room for an optional word (no buttons: nothing to pick)."""
    name = f", {customer.first_name}" if customer.first_name else ""
    opening = (f"Thank you{name}, that's lovely to hear!" if liked
               else f"Thank you for telling us{name}. We'd like to do better.")
    return Reply(text=f"{opening} {FEEDBACK_INVITE}")


def comment_thanks(*, customer: Customer, staff_first_name: str | None) -> Reply:
    """Thanks for the word they left, and who will read it."""
    name = f", {customer.first_name}" if customer.first_name else ""
    who = staff_first_name or "the team"
    return Reply(text=f"Thank you{name}! I've passed that on to {who}.")
