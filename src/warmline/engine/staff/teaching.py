"""What "Add to knowledge" teaches by default: the customer's question the bot could not answer, and the
staff reply that answered it.

Pure: it reads a conversation's messages and decisions. The question is the latest customer message
before the staff reply that the bot did not answer itself (it said it wasn't sure, queued it or handed
it off), skipping taps on the bot's own buttons, requests for a person and thanks; a message that reads
like a question wins over one that doesn't. The answer is the latest reply of the person teaching
(anyone's, if they wrote none), without a greeting that names the customer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from warmline.domain import Action, Author, Bot, Decision, Message, ValidationError
from warmline.engine.customer.feedback import is_thanks, reads_like_question
from warmline.engine.customer.intake import is_placeholder
from warmline.signals import wants_human_signal

__all__ = ["Lesson", "find_lesson", "without_greeting"]

_NOT_ANSWERED = {Action.CLARIFY, Action.DELAY, Action.HANDOFF, Action.RELAY}


@dataclass(frozen=True, slots=True, kw_only=True)
class Lesson:
    """A question and the answer to learn for it."""

    question: str
    answer: str


def without_greeting(answer: str, first_name: str) -> str:
    """ "Hi Anna! Yes, we engrave…" → "Yes, we engrave…": a knowledge entry must not greet one customer."""
    if not first_name:
        return answer.strip()
    pattern = rf"^\s*(?:(?:hi|hey|hello|dear|hallo|hoi)\s+)?{re.escape(first_name)}\s*[,!.:;—-]\s*"
    stripped = re.sub(pattern, "", answer, count=1, flags=re.IGNORECASE).strip()
    return (stripped[:1].upper() + stripped[1:]) if stripped else answer.strip()


def _tapped(message: Message, earlier: Sequence[Message]) -> bool:
    shop = next((m for m in reversed(earlier) if m.author is not Author.CUSTOMER), None)
    return shop is not None and message.text.strip() in shop.choices


def find_lesson(messages: Sequence[Message], decisions: Sequence[Decision], *, staff_id: str, bot: Bot,
                customer_first_name: str = "", question: str | None = None,
                answer: str | None = None) -> Lesson:
    """The lesson for this conversation; given ``question``/``answer`` override what is found.

    ``ValidationError`` names what is missing when the conversation has no such exchange.
    """
    replies = [i for i, m in enumerate(messages) if m.author is Author.STAFF]
    own = [i for i in replies if messages[i].staff_id == staff_id]
    anchor = (own or replies or [len(messages)])[-1]
    if answer is None:
        if not replies:
            raise ValidationError("nobody from the team has replied in this conversation yet: there is no "
                                  "answer to add", field="answer", expected="a staff reply, or an answer")
        answer = without_greeting(messages[anchor].text, customer_first_name)
    if question is None:
        question = _question(messages[:anchor], decisions, bot=bot)
    question, answer = " ".join(question.split()), answer.strip()
    if not question:
        raise ValidationError("the question is empty", field="question", expected="the customer's question")
    if not answer:
        raise ValidationError("the answer is empty", field="answer", expected="the answer to teach")
    return Lesson(question=question, answer=answer)


def _question(before: Sequence[Message], decisions: Sequence[Decision], *, bot: Bot) -> str:
    action = {d.message_id: d.action for d in decisions if d.message_id}
    ranked: list[tuple[int, int, str]] = []
    for index, message in enumerate(before):
        if (message.author is not Author.CUSTOMER or action.get(message.id) not in _NOT_ANSWERED
                or is_placeholder(message.text) or is_thanks(message.text) or _tapped(message, before[:index])):
            continue
        if wants_human_signal(text=message.text).score >= bot.thresholds.wants_human:
            continue  # "can I talk to a person?" is no question for the knowledge base
        ranked.append((1 if reads_like_question(message.text) else 0, index, message.text))
    if not ranked:
        raise ValidationError("this conversation has no customer question the bot could not answer",
                              field="question", expected="the question to teach")
    return max(ranked)[2]
