"""Policy: one explainable decision per inbound message (answer, clarify, delay, handoff), its mode and ETA."""

from ._decide import choose_mode, decide
from ._eta import FIRST_LOOK_MINUTES, Eta, eligible_staff, estimate_eta, person_wait_minutes, round_eta
from ._identifiers import find_emails, find_order_numbers, missing_identifiers
from ._replies import (
    FEEDBACK_CHOICES,
    FEEDBACK_INVITE,
    closing_message,
    comment_thanks,
    duration_phrase,
    feedback_thanks,
    name_prefix,
    when_phrase,
)
from ._waiting import (
    EMAIL_CHOICE,
    KEEP_CHATTING,
    WaitingCase,
    WaitingIntent,
    customer_timezone,
    escalation_reply,
    human_time,
    minutes_until,
    read_waiting_message,
    status_line,
    waiting_choices,
    waiting_reply,
)

__all__ = [
    "EMAIL_CHOICE",
    "FEEDBACK_CHOICES",
    "FEEDBACK_INVITE",
    "FIRST_LOOK_MINUTES",
    "KEEP_CHATTING",
    "Eta",
    "WaitingCase",
    "WaitingIntent",
    "choose_mode",
    "closing_message",
    "comment_thanks",
    "customer_timezone",
    "decide",
    "duration_phrase",
    "eligible_staff",
    "escalation_reply",
    "estimate_eta",
    "feedback_thanks",
    "find_emails",
    "find_order_numbers",
    "human_time",
    "minutes_until",
    "missing_identifiers",
    "name_prefix",
    "person_wait_minutes",
    "read_waiting_message",
    "round_eta",
    "status_line",
    "waiting_choices",
    "waiting_reply",
    "when_phrase",
]
