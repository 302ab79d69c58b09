"""Policy: one explainable decision per inbound message (answer, clarify, delay, handoff), its mode and ETA."""

from ._decide import choose_mode, decide
from ._eta import FIRST_LOOK_MINUTES, Eta, eligible_staff, estimate_eta, person_wait_minutes, round_eta
from ._identifiers import find_emails, find_order_numbers, missing_identifiers
from ._replies import closing_message, duration_phrase, name_prefix, when_phrase

__all__ = [
    "FIRST_LOOK_MINUTES",
    "Eta",
    "choose_mode",
    "closing_message",
    "decide",
    "duration_phrase",
    "eligible_staff",
    "estimate_eta",
    "find_emails",
    "find_order_numbers",
    "missing_identifiers",
    "name_prefix",
    "person_wait_minutes",
    "round_eta",
    "when_phrase",
]
