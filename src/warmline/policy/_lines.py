"""The bot's own sentences around a wait — answering the person, the delay, the handoff, the close — as a small
library of variants per situation and mood, in the shop's voice.

Acknowledge before process: the first sentence of a delay or handoff answers the person (the present that
won't arrive, the third time of asking, the disappointment), then comes what happens. A conversation never
hears the same variant twice: each pick skips what the bot already said (compared without the customer's
name). Shipped defaults below; a shop rewords any situation in its bot file (``voice.lines``). Placeholders:
``{name}`` (" Anna"), ``{comma_name}`` (", Anna"), ``{what}`` (what the team does), ``{who}`` (a first name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from warmline.domain import Bot, Signal

__all__ = ["LINES", "Feeling", "acknowledgement", "delay_opening", "has_something_to_pass_on", "is_emotional",
           "pick_line", "read_feeling"]

LINES: dict[str, tuple[str, ...]] = {
    "ack_present": ("Oh no{comma_name}, and it was meant as a present. I'm so sorry.",
                    "I'm sorry{comma_name}: a present should arrive as a joy, not like this.",
                    "That's such a shame with a present{comma_name}, and I'm sorry.",
                    "I know a present matters{comma_name}, so I'm really sorry about this."),
    "ack_again": ("I'm sorry you've had to ask again{comma_name}. That shouldn't happen.",
                  "You shouldn't have to ask more than once{comma_name}, and I'm sorry you did.",
                  "Having to chase this again isn't fair on you{comma_name}, and I'm sorry.",
                  "I'm sorry{comma_name}: once should have been enough."),
    "ack_angry": ("I understand why you're upset{comma_name}, and I'm sorry.",
                  "You have every reason to be annoyed{comma_name}, and I'm sorry.",
                  "I'm sorry{comma_name}. That's not the experience you should have with us.",
                  "I hear you{comma_name}, and I'm sorry this happened."),
    "ack_worried": ("I can hear this is worrying you{comma_name}, and I'm sorry.",
                    "That sounds stressful{comma_name}. Let's get it sorted.",
                    "I'm sorry{comma_name}, I know this is a worry."),
    "ack_disappointed": ("Oh no{comma_name}, that's disappointing, and I'm sorry.",
                         "I'm sorry{comma_name}, that's not how it should have gone.",
                         "That's a real letdown{comma_name}, and I'm sorry.",
                         "What a shame{comma_name}. I'm sorry."),
    "ack_hurried": ("I'll keep it short{comma_name}.", "Here's the short version{comma_name}.",
                    "Straight to the point{comma_name}."),
    "ack_relaxed": ("Thanks{comma_name}.", "Thanks for telling me{comma_name}.",
                    "Happy to help with this{comma_name}."),
    "delay_intro": ("This one needs a person on our side: {what}.",
                    "A person on our team takes this on: {what}.",
                    "This is one for a person on the team: {what}.",
                    "Someone on the team has to do this: {what}."),
    "passed_on": ("I've passed on everything, so you won't have to repeat yourself.",
                  "Everything you've told me is with them, so there's nothing to repeat.",
                  "They have all you've written here already."),
    "waiting_thanks": ("You're welcome{comma_name}!", "My pleasure{comma_name}.", "Anytime{comma_name}!",
                       "Glad to{comma_name}."),
    "waiting_ack": ("Good{comma_name}.", "Alright{comma_name}.", "Great{comma_name}."),
    "close_sorted": ("Glad we could sort this out{comma_name}!", "Good to have this sorted{comma_name}!",
                     "That's settled then{comma_name}!"),
    "close_no_news": ("I've closed this conversation for now{comma_name}.",
                      "This conversation is closed for now{comma_name}."),
    "not_sure_again": ("That one's beyond me too{comma_name}. A person from the team can help: shall I bring "
                       "someone in?",
                       "I can't answer that one myself either{comma_name}. Shall I ask someone from the team?",
                       "Still not something I can answer well{comma_name}. A person from the team can, if you like."),
}

_PRESENT = re.compile(r"\b(?:present|gift|birthday|anniversary|christmas|wedding)\b", re.IGNORECASE)
_AGAIN = re.compile(
    r"\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th|umpteenth) time\b|\bagain\b|\bonce more\b|"
    r"\balready (?:asked|wrote|written|told|emailed|messaged)\b|\bstill (?:haven't|hasn't|not|no|nothing)\b|"
    r"\bkeep (?:asking|writing)\b", re.IGNORECASE)
_LETDOWN = re.compile(
    r":\(|:-\(|☹|😞|😢|😭|💔|\bdisappoint\w*|\bsad(?:ly)?\b|\bshame\b|\bchip(?:ped)?\b|\bbroken\b|\bbroke\b|"
    r"\bcrack(?:ed)?\b|\bdamaged?\b|\btorn\b|\bruined\b|\bnever (?:arrived|came)\b|\bwon'?t arrive\b|"
    r"\bnot (?:arrive|come) in time\b|\btoo late\b|\blost\b", re.IGNORECASE)
_ANGRY = frozenset({"anger", "frustration"})
_WORRIED = frozenset({"distress", "fear", "sadness"})
_UPSET_ENOUGH = 0.4


class Feeling(StrEnum):
    """What the first sentence answers, strongest first: the person before the process."""

    PRESENT = "present"  # a present that broke or won't arrive
    AGAIN = "again"  # the second or third time of asking
    ANGRY = "angry"
    WORRIED = "worried"
    DISAPPOINTED = "disappointed"
    HURRIED = "hurried"
    RELAXED = "relaxed"


def read_feeling(text: str, *, emotion: Signal | None) -> Feeling:
    """The feeling a delay or handoff reply must answer first (``emotion``: the message's emotion signal)."""
    label = emotion.label if emotion is not None and emotion.score > 0 else ""
    upset = emotion is not None and emotion.score >= _UPSET_ENOUGH and label in _ANGRY | _WORRIED
    letdown = bool(_LETDOWN.search(text))
    if _PRESENT.search(text) and (letdown or upset):
        return Feeling.PRESENT
    if _AGAIN.search(text):
        return Feeling.AGAIN
    if upset:
        return Feeling.ANGRY if label in _ANGRY else Feeling.WORRIED
    if letdown:
        return Feeling.DISAPPOINTED
    if label == "urgency":
        return Feeling.HURRIED
    return Feeling.RELAXED


def is_emotional(feeling: Feeling) -> bool:
    """Whether the reply must open by answering a feeling (not with process, not with a plain thanks)."""
    return feeling not in (Feeling.HURRIED, Feeling.RELAXED)


def _normal(text: str, first_name: str) -> str:
    """Words only, lower case, without the customer's name: what makes a sentence itself."""
    if first_name:
        text = text.replace(first_name, " ")
    return " ".join(re.findall(r"[\w']+", text.lower()))


def _heard(sentence: str, *, said: Sequence[str], first_name: str) -> bool:
    mine = _normal(sentence, first_name)
    if not mine:
        return False
    for earlier in said:
        parts = [_normal(p, first_name) for p in re.split(r"(?<=[.!?:])\s+|\n+", earlier)]
        if mine in parts or (len(mine.split()) >= 4 and mine in _normal(earlier, first_name)):
            return True
    return False


def pick_line(key: str, *, bot: Bot | None, said: Sequence[str], first_name: str = "", use_name: bool = True,
              **values: str) -> str | None:
    """The first variant for situation ``key`` this conversation has not heard (the shop's own first), filled
    in; ``None`` when every variant was said already (the caller leaves the sentence out or words it plainly).
    ``use_name=False`` leaves the name out (said just before), still comparing without it.
    """
    variants = (bot.voice.own_lines(key) if bot is not None else None) or LINES[key]
    named = first_name if use_name else ""
    fields = {"name": f" {named}" if named else "", "comma_name": f", {named}" if named else "", **values}
    for variant in variants:
        text = variant
        for field, value in fields.items():
            text = text.replace("{" + field + "}", value)
        text = text[:1].upper() + text[1:]
        if not _heard(text, said=said, first_name=first_name):
            return text
    return None


def acknowledgement(feeling: Feeling, *, bot: Bot | None, said: Sequence[str], first_name: str = "") -> str:
    """The sentence that answers the person first ("" when every variant of it was said already)."""
    return pick_line(f"ack_{feeling.value}", bot=bot, said=said, first_name=first_name) or ""


def delay_opening(feeling: Feeling, *, what: str, bot: Bot | None, said: Sequence[str], first_name: str = "") -> str:
    """The first sentences of a delay: the person first when they feel something, then that a person on the
    team has to do ``what`` (never a variant this conversation heard)."""
    intro = (pick_line("delay_intro", bot=bot, said=said, first_name=first_name, what=what)
             or f"{what[:1].upper()}{what[1:]}.")
    ack = "" if feeling is Feeling.RELAXED else acknowledgement(feeling, bot=bot, said=said, first_name=first_name)
    if ack:
        return f"{ack} {intro}"
    return f"{first_name}, {intro[:1].lower()}{intro[1:]}" if first_name else intro


_ASKING_FOR_A_PERSON = re.compile(
    r"\b(?:can|could|may|pls|please|i|i'd|want|need|would|like|to|talk|speak|chat|with|a|an|the|real|actual|"
    r"human|person|someone|somebody|anyone|agent|representative|staff|team|people|hi|hello|hey|now|just|"
    r"let|me|get|give|connect|put|through)\b", re.IGNORECASE)


def has_something_to_pass_on(texts: Sequence[str], *, buttons: Sequence[str] = ()) -> bool:
    """Whether the customer told us anything beyond asking for a person (so "I've passed on everything" is
    true); ``buttons``: the choices they may have tapped, which say nothing about their case."""
    tapped = {b.casefold() for b in buttons}
    for text in texts:
        if text.strip().casefold() in tapped or text.strip().casefold().startswith("wait for "):
            continue
        if len(re.findall(r"\w{2,}", _ASKING_FOR_A_PERSON.sub(" ", text))) >= 2:
            return True
    return False
