"""build_context(): what the person taking over sees, so nobody repeats themselves."""

from __future__ import annotations

from datetime import UTC, date, datetime

from warmline.domain import (
    Action,
    Author,
    Citation,
    ConversationOrder,
    Customer,
    Decision,
    Message,
    Order,
    OrderItem,
    Passage,
    Retrieval,
    ScoredPassage,
)
from warmline.handoff import build_context

NOW = datetime(2026, 11, 18, 10, tzinfo=UTC)
ANNA = Customer(id="c", name="Anna de Vries", email="anna@example.com", customer_since=date(2017, 3, 1),
                orders_count=62, lifetime_value=3400.0, tier="gold", payments_on_time=62)


def _message(author: Author, text: str) -> Message:
    return Message(id=text[:8], conversation_id="v", author=author, text=text, channel="web", created_at=NOW)


HISTORY = (
    _message(Author.CUSTOMER, "Hi, my mug from order #10234 arrived broken"),
    _message(Author.BOT, "I'm sorry! Could you send a photo?"),
    _message(Author.CUSTOMER, "Sent. You can also reach me at anna.work@example.com"),
)


def _retrieval(in_scope: bool) -> Retrieval:
    passage = Passage(id="p", text="We replace broken pieces for free.",
                      citation=Citation(source="faq/returns.yaml", title="Broken on arrival"))
    return Retrieval(query="q", candidates=(ScoredPassage(passage=passage, score=0.8),), confidence=0.8,
                     in_scope=in_scope, answer_text="We replace broken pieces for free.")


def test_customer_summary_lines() -> None:
    context = build_context(customer=ANNA, history=HISTORY, decisions=(), retrieval=None)
    assert context.customer_lines[0] == "Anna de Vries · anna@example.com"
    assert context.customer_lines[1] == (
        "customer since 2017 · 62 orders · €3,400 · gold · 62 payments on time, none late")


def test_wants_identifiers_and_reasons() -> None:
    decisions = (Decision(action=Action.DELAY, reasons=("needs a person",), confidence=0.8),
                 Decision(action=Action.HANDOFF, reasons=("strong anger", "needs a person"), confidence=0.9))
    context = build_context(customer=ANNA, history=HISTORY, decisions=decisions, retrieval=None)
    assert context.wants[0].startswith("Latest: “Sent.")
    assert context.wants[1] == "Before that: “Hi, my mug from order #10234 arrived broken”"
    assert context.identifiers == ("#10234", "anna.work@example.com")
    assert context.reasons == ("strong anger", "needs a person")


def test_knowledge_and_suggested_reply() -> None:
    context = build_context(customer=ANNA, history=HISTORY, decisions=(), retrieval=_retrieval(True))
    assert context.knowledge == ("faq/returns.yaml › Broken on arrival: We replace broken pieces for free.",)
    assert context.suggested_reply.startswith("Hi Anna, thanks for waiting. I have order #10234 in front of me.")
    assert "We replace broken pieces for free." in context.suggested_reply


def test_unsure_knowledge_is_flagged_and_not_suggested() -> None:
    context = build_context(customer=Customer(id="c"), history=(), decisions=(), retrieval=_retrieval(False))
    assert "not confident" in context.knowledge[0]
    assert "We replace" not in context.suggested_reply
    assert context.customer_lines[1] == "new customer"
    assert context.wants == ()


def test_the_packet_lists_the_conversations_order_first_with_its_tracking_and_whether_it_was_proved() -> None:
    older = Order(number="MS-1000", customer_id="c", created_at=datetime(2025, 1, 5, tzinfo=UTC), total=20.0)
    named = Order(number="MS-1042", customer_id="c", created_at=datetime(2026, 11, 10, tzinfo=UTC),
                  paid_at=datetime(2026, 11, 10, tzinfo=UTC), fulfilled_at=datetime(2026, 11, 11, tzinfo=UTC),
                  carrier="PostNL", tracking_number="3SABC", tracking_url="https://track.example/3SABC",
                  items=(OrderItem(title="Moss mug", variant="Sand"),), total=28.0)

    proved = build_context(customer=ANNA, history=HISTORY, decisions=(), retrieval=None, orders=(older, named),
                           about=ConversationOrder(order_key="MS-1042", verified_by="anna@example.com"))
    named_only = build_context(customer=ANNA, history=HISTORY, decisions=(), retrieval=None, orders=(named,),
                               about=ConversationOrder(order_key="MS-1042"))

    assert proved.orders[0] == ("MS-1042: shipped · ordered 10 Nov 2026 · shipped 11 Nov 2026 · PostNL 3SABC "
                                "https://track.example/3SABC · Moss mug (Sand) · EUR 28.00 · this conversation's "
                                "order, verified by anna@example.com")
    assert proved.orders[1].startswith("MS-1000: placed · ordered 5 Jan 2025")
    assert named_only.orders[0].endswith("NOT verified: the customer has not proved it is theirs")
    assert build_context(customer=ANNA, history=HISTORY, decisions=(), retrieval=None).orders == ()
