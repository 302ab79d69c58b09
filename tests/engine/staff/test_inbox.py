"""The inbox order: waiting cases by priority (urgent, then the promise due first), then the rest by activity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from warmline.domain import Conversation, ConversationState
from warmline.engine.staff.inbox import InboxEntry, inbox_order

NOW = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


def _entry(name: str, state: ConversationState, *, urgent: bool = False, due_in: int | None = None,
           active_ago: int = 0) -> InboxEntry:
    conversation = Conversation(id=name, customer_id=name, channel="api", state=state,
                                updated_at=NOW - timedelta(minutes=active_ago))
    due = NOW + timedelta(minutes=due_in) if due_in is not None else None
    return InboxEntry(conversation=conversation, urgent=urgent, promise_due_at=due)


def test_urgent_waiting_cases_first_then_the_promise_due_soonest_then_the_rest_by_activity() -> None:
    entries = [
        _entry("with-maya", ConversationState.WITH_HUMAN, active_ago=1),
        _entry("due-later", ConversationState.QUEUED, due_in=40, active_ago=0),
        _entry("no-promise", ConversationState.QUEUED, active_ago=0),
        _entry("urgent", ConversationState.QUEUED, urgent=True, due_in=60, active_ago=30),
        _entry("due-soon", ConversationState.QUEUED, due_in=5, active_ago=20),
        _entry("resolved", ConversationState.RESOLVED, active_ago=5),
    ]

    order = [e.conversation.id for e in inbox_order(entries)]

    assert order == ["urgent", "due-soon", "due-later", "no-promise", "with-maya", "resolved"]
