"""Policy: one explainable decision per inbound message (answer, clarify, delay, handoff), its mode and ETA."""

from ._decide import choose_mode, decide
from ._eta import FIRST_LOOK_MINUTES, Eta, eligible_staff, estimate_eta, person_wait_minutes, round_eta
from ._eta_model import EtaModel, WaitForecast, fit_eta_model
from ._identifiers import find_emails, find_order_numbers, missing_identifiers
from ._phrases import (
    PHRASES,
    back_at,
    canonical_choice,
    choice_labels,
    duration_in,
    greeting,
    phrase,
    small_talk_reply,
    wait_for_label,
)
from ._replies import (
    FEEDBACK_CHOICES,
    FEEDBACK_INVITE,
    closing_message,
    comment_thanks,
    duration_phrase,
    feedback_thanks,
    name_prefix,
    promise_phrase,
    when_phrase,
)

__all__ = [
    "FEEDBACK_CHOICES",
    "FEEDBACK_INVITE",
    "FIRST_LOOK_MINUTES",
    "PHRASES",
    "Eta",
    "EtaModel",
    "WaitForecast",
    "back_at",
    "canonical_choice",
    "choice_labels",
    "choose_mode",
    "closing_message",
    "comment_thanks",
    "decide",
    "duration_in",
    "duration_phrase",
    "eligible_staff",
    "estimate_eta",
    "feedback_thanks",
    "find_emails",
    "find_order_numbers",
    "fit_eta_model",
    "greeting",
    "missing_identifiers",
    "name_prefix",
    "person_wait_minutes",
    "phrase",
    "promise_phrase",
    "round_eta",
    "small_talk_reply",
    "wait_for_label",
    "when_phrase",
]
