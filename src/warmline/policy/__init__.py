"""Policy: one explainable decision per inbound message (answer, clarify, delay, handoff), its mode and ETA."""

from ._decide import choose_mode, decide
from ._eta import FIRST_LOOK_MINUTES, Eta, eligible_staff, estimate_eta, person_wait_minutes, round_eta
from ._eta_model import EtaModel, WaitForecast, fit_eta_model
from ._identifiers import find_emails, find_order_numbers, missing_identifiers
from ._order_questions import (
    OrderQuestion,
    asks_about_own_order,
    find_shop_order_numbers,
    mentions_postcode,
    read_order_question,
    stock_matches,
)
from ._order_replies import (
    arrival_text,
    expected_arrival,
    order_citation,
    product_citation,
    return_text,
    status_text,
    stock_text,
    verify_request,
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
    "Eta",
    "EtaModel",
    "OrderQuestion",
    "WaitForecast",
    "arrival_text",
    "asks_about_own_order",
    "choose_mode",
    "closing_message",
    "comment_thanks",
    "decide",
    "duration_phrase",
    "eligible_staff",
    "estimate_eta",
    "expected_arrival",
    "feedback_thanks",
    "find_emails",
    "find_order_numbers",
    "find_shop_order_numbers",
    "fit_eta_model",
    "mentions_postcode",
    "missing_identifiers",
    "name_prefix",
    "order_citation",
    "person_wait_minutes",
    "product_citation",
    "promise_phrase",
    "read_order_question",
    "return_text",
    "round_eta",
    "status_text",
    "stock_matches",
    "stock_text",
    "verify_request",
    "when_phrase",
]
