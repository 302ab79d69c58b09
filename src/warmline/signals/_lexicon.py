"""The support-specific lexicon: cues of anger, frustration, distress, urgency, and asking for a person.

Each cue is a regular expression with a weight in [0, 1] (how strongly it alone signals the emotion).
Weights were set by hand and checked against GoEmotions dev, NLU++ and Bitext (docs/benchmarks-signals.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["EMOTION_CUES", "HUMAN_CUES", "NOT_HUMAN_CUES", "PROBLEM_CUES", "PROBLEM_WORDS", "PROFANITY",
           "SHORT_REQUEST", "Cue"]


@dataclass(frozen=True, slots=True)
class Cue:
    """One pattern, the emotion it signals, and how strongly."""

    label: str
    weight: float
    pattern: re.Pattern[str]


def _cues(label: str, weight: float, *phrases: str) -> list[Cue]:
    return [Cue(label, weight, re.compile(rf"\b(?:{phrase})\b", re.IGNORECASE)) for phrase in phrases]


PROFANITY = re.compile(
    r"\b(?:f+u+c+k\w*|wtf|sh[i1]t\w*|bullshit|crap\w*|damn\w*|goddamn\w*|bloody|hell|ass(?:hole)?s?|"
    r"bastards?|bitch\w*|piss(?:ed)?|screw (?:you|this|it)|fudge off|effing|frigging)\b",
    re.IGNORECASE,
)

EMOTION_CUES: tuple[Cue, ...] = tuple(
    _cues("anger", 0.75, r"furious", r"livid", r"outraged?", r"infuriat\w+", r"pissed off",
          r"absolutely ridiculous", r"completely unacceptable", r"how dare", r"scam(?:mers?|med)?",
          r"rip[- ]?off", r"thie(?:f|ves)", r"disgrace(?:ful)?", r"disgust\w*")
    + _cues("anger", 0.6, r"angry", r"mad at", r"unacceptable", r"ridiculous", r"outrageous", r"appall\w+",
            r"pathetic", r"useless", r"incompetent\w*", r"terrible", r"horrible", r"awful", r"worst",
            r"shameful", r"hate", r"hated", r"sick (?:and tired )?of", r"fed up", r"had enough",
            r"stupid", r"idiot\w*", r"nonsense", r"lies", r"lying", r"liars?", r"(?:this is|what) a joke")
    + _cues("anger", 0.55, r"cancel (?:my|the) (?:account|subscription|membership|contract)",
            r"close my account", r"never (?:order|buy|shop)\w* (?:from you |here )?again",
            r"take my (?:business|money) elsewhere", r"(?:bad|negative|1[- ]star) review",
            r"report you", r"(?:my )?lawyer", r"charge ?back", r"trading standards")
    + _cues("frustration", 0.55, r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time",
            r"how many times", r"(?:still|yet) (?:not|no|nothing|haven'?t|hasn'?t|isn'?t|didn'?t|waiting)",
            r"keep (?:asking|telling|getting|saying)", r"again and again", r"over and over",
            r"nobody (?:answers|replies|responds|has|is|helps|cares)", r"no one (?:answers|replies|helps|cares)",
            r"(?:nobody|no one) (?:got|gets) back", r"no (?:reply|response|answer)",
            r"waiting (?:for )?(?:weeks|days|ages|forever|so long)", r"(?:weeks|days|ages) (?:ago|now|later)",
            r"not working", r"doesn'?t work", r"does not work", r"still broken", r"not (?:good|ok|okay) enough",
            r"wast(?:e|ed|ing) (?:my )?time", r"annoy\w*", r"frustrat\w*", r"irritat\w*")
    + _cues("frustration", 0.45, r"disappoint\w*", r"unhappy", r"not happy", r"upset", r"fail(?:ed|s)? to",
            r"messed up", r"mess", r"bad", r"lousy", r"unbelievable", r"ugh+", r"really\?+",
            r"(?:wrong|late|broken|missing|damaged|lost) again")
    + _cues("distress", 0.55, r"desperate\w*", r"panic\w*", r"devastat\w*", r"in tears", r"crying",
            r"heartbroken", r"can'?t afford", r"terrified", r"begging")
    + _cues("distress", 0.4, r"worried", r"anxious", r"stress(?:ed|ful)?", r"please help",
            r"don'?t know what to do", r"at a loss")
    + _cues("distress", 0.3, r"scared", r"sad", r"afraid", r"nervous", r"help me")
    + _cues("urgency", 0.45, r"urgent\w*", r"emergency", r"asap", r"as soon as possible", r"immediately",
            r"right now", r"right away", r"straight away", r"time[- ]sensitive")
    + _cues("urgency", 0.25, r"today", r"tonight", r"tomorrow", r"hurry", r"quick(?:ly)?", r"need it by",
            r"before (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)",
            r"deadline", r"running out of time")
)

# What went wrong, said as a fact ("the sweater came in the wrong colour", "the mug arrived chipped"): a
# problem to solve, not a feeling. Alone it is no reason for the fast lane or an urgent handoff; the words
# the customer adds ("ridiculous", "!!", "third time") are. VADER reads these words as negative too, so the
# emotion signal reads the tone without them (``PROBLEM_WORDS``).
PROBLEM_CUES: tuple[Cue, ...] = tuple(
    _cues("problem", 0.2, r"wrong", r"broken", r"damaged", r"torn", r"ripped", r"cracked", r"chipped",
          r"stained", r"faulty", r"defective", r"missing", r"lost", r"delayed", r"mistake", r"error",
          r"never (?:arrived|came|got|received)", r"(?:didn'?t|hasn'?t|has not|did not) (?:arrive|come|get|receive)d?",
          r"complain\w*", r"problem", r"issue")
)
PROBLEM_WORDS = re.compile("|".join(cue.pattern.pattern for cue in PROBLEM_CUES), re.IGNORECASE)

# "Talk to a person": explicit wishes for a human, and their weights.
_SWEAR = r"(?:(?:damn|bloody|goddamn|fucking|freaking|frigging) )?"
_PERSON = (r"(?:human|person|people|agent|operator|representative|rep|manager|supervisor|somebody|someone|"
           r"staff|employee|worker|human being|assistant|team member|colleague|executive|owner|founder|boss)")
_A = r"(?:a |an |the |your |some |one of your )?"
_KIND = r"(?:real |actual |live |normal |human |proper |other |another |bank |shop |store )*"

HUMAN_CUES: tuple[Cue, ...] = tuple(
    _cues("wants_human", 0.95,
          rf"(?:talk|speak|chat|get through|be put through)\w* (?:to|with) {_A}{_SWEAR}{_KIND}{_PERSON}",
          rf"(?:talk|speak|chat)\w* (?:to|with) another {_PERSON}",
          r"(?:want|need|prefer|like|rather|get|give|have|with|to|for) (?:a |an |some |to talk to a |to speak to a )?"
          r"(?:real|actual|live|human) (?:person|human|agent|being|representative)",
          rf"(?:put|pass|transfer|connect|get|escalate)\w* (?:me )?(?:through )?(?:to|with) "
          rf"{_A}{_SWEAR}{_KIND}{_PERSON}",
          r"(?:talk|speak|chat|transfer me|connect me|put me through)\w* (?:to|with) (?:the |your |a )?(?:\w+ )?"
          r"(?:team|department|desk|reception)",
          r"(?:give|get|find|fetch) me (?:a |an |the |your )?(?:real |actual )?"
          r"(?:human|person|manager|agent|supervisor|someone|somebody)",
          # "pls get me someone from customer service"
          r"(?:get|give|find|fetch|want|need|put|send)\w* (?:me )?(?:to |through to )?(?:someone|somebody|a person) "
          r"(?:from|of|in) (?:the |your )?(?:customer )?(?:service|support|care|team|staff)",
          r"get (?:me )?(?:someone|somebody) (?:to|who)",
          # "could maya or someone get back to me, it's a bit complicated"
          # (not "when will someone get back to me?": that asks how long replies take)
          r"(?:can|could|would|please|pls|or|and) (?:someone|somebody|anyone|one of you|a person) (?:\w+ )?"
          r"(?:get|come) back to (?:me|us)",
          r"(?:can|could) (?:i|we) (?:talk|speak|chat) (?:to|with) (?:someone|somebody|anyone|anybody)",
          r"(?:talk|speak|chat|help|get|reach|ask|pass|put|transfer)\w*(?:\s+\S+){0,3}\s+"
          r"(?:someone|somebody|anyone) else",
          r"(?:a|an|any) human", r"non[- ]?robotic",
          r"(?:stop|quit|enough) (?:talking|chatting) (?:to|with) (?:a |the |you|bots?|machines?)",
          r"(?:not|don'?t want to) (?:talk|speak|chat)\w* (?:to|with) (?:a |the )?(?:bot|robot|machine|you)",
          r"(?:with|to) a machine", r"are you (?:a )?(?:real|bot|robot|human|person)",
          r"call me back", r"phone me", r"ring me", r"give me a (?:call|ring|phone call)",
          # "can someone actually call me": only a person can
          r"(?:can|could|would|will|please|pls) (?:someone|somebody|anyone|one of you|you(?: guys)?) "
          r"(?:\w+ )?(?:call|phone|ring) (?:me|us)\b",
          # "can he message me directly?", said of the person just named
          r"(?:can|could|would|will) (?:he|she|they) (?:please |just |maybe |also )?"
          r"(?:message|text|email|e-mail|dm|write to|write|call|phone|ring|contact|reach) (?:me|us)\b")
    + _cues("wants_human", 0.45, r"(?:real|actual|live|human) (?:person|human|agent|being|representative)")
    + _cues("wants_human", 0.7,
            rf"contact\w* {_A}{_SWEAR}{_KIND}{_PERSON}",
            r"(?:talk|speak|chat)\w* (?:to|with) (?:a |an )?(?:assistant|somebody|someone|anyone)",
            rf"(?:reach|call|ring) {_A}{_KIND}(?:agent|manager|operator|somebody|someone)",
            r"this (?:conversation|chat|bot) is (?:not working|useless|stupid|going nowhere)",
            r"not (?:leading|going) anywhere",
            r"you (?:can'?t|cannot|aren'?t|are not) (?:help|helping|helpful)",
            r"(?:don'?t|do not) (?:want to )?(?:talk|speak) to you", r"bot is (?:stupid|useless)")
)

# A short message that is little more than "live agent?" / "human please" is a request for one.
SHORT_REQUEST = re.compile(
    r"^\W*(?:\w+\W+){0,3}(?:live agent|live person|real person|human|agent|operator|representative|"
    r"someone real)(?:\W+\w+){0,3}\W*$",
    re.IGNORECASE,
)

# Phrases that *mention* a person without asking for one ("no, you don't need to transfer me").
NOT_HUMAN_CUES: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b(?:don'?t|do not|no need to) (?:need to )?(?:transfer|pass|put|connect) me\b", re.IGNORECASE),
    re.compile(r"\bno,? (?:thanks|thank you),? (?:i|the bot)\b", re.IGNORECASE),
)
