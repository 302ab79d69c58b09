"""What one turn returns, the error for a message stored but not answered, and the refusal of a taken id."""

from __future__ import annotations

from dataclasses import dataclass

from warmline.domain import ConflictError, Conversation, Customer, Decision, Message, WarmlineError

__all__ = ["HISTORY_FOR_SIGNALS", "MessageIdTaken", "StoredUnanswered", "TurnResult"]

HISTORY_FOR_SIGNALS = 50  # how many of a conversation's latest messages a turn reads


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnResult:
    """What became of one inbound message."""

    customer: Customer
    conversation: Conversation
    inbound: Message
    decision: Decision
    replies: tuple[Message, ...]
    duplicate: bool = False


class StoredUnanswered(WarmlineError):
    """A message was stored but answering it failed; a platform's retry of it finishes the turn.

    Callers that take batches (webhooks) acknowledge such a message (it is not lost) and go on with the next.
    """

    def __init__(self, message_id: str) -> None:
        super().__init__(f"message {message_id} was stored but could not be answered (see the log)")
        self.message_id = message_id


class MessageIdTaken(ConflictError):
    """A platform message id already stored for another customer: refused, nothing stored.

    Not worth a retry (unlike a busy lock): the same id would be refused again, so a webhook skips it.
    """

    def __init__(self) -> None:
        super().__init__("this message id was already used by another customer")
