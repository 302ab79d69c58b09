"""The end of a conversation: "Did you like how this went?", the customer's yes or no, and an optional word.

A resolved conversation's closing question offers two choices (``FEEDBACK_CHOICES``). The answer —
tapped on any channel, a number on text-only ones, or typed ("yes!", "not really") — is stored as
``Feedback`` (per conversation, channel and the person who handled it) and thanked with an invitation
to say more. Only the very next message, and only soon, can be that word; a new question is never
taken for one, so the customer is never stuck in a feedback mode: it goes to the bot as usual.

A conversation the bot handled alone is closed the same way when the customer thanks it right after
an answer ("thanks, that's all"), at most once a week per conversation.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from warmline.domain import (
    Author,
    Bot,
    Conversation,
    Customer,
    Feedback,
    HandoffStatus,
    Message,
    Reply,
    SignalKind,
)
from warmline.engine.customer.intake import chosen_text
from warmline.knowledge import KnowledgeBase
from warmline.policy import FEEDBACK_CHOICES, FEEDBACK_INVITE, closing_message, comment_thanks, feedback_thanks
from warmline.signals import compute_signals
from warmline.store import Store

__all__ = ["FeedbackCollector", "FeedbackTurn", "is_thanks", "read_choice", "reads_like_question"]

logger = logging.getLogger(__name__)

COMMENT_WINDOW = timedelta(minutes=30)  # a word after the thanks counts as feedback only this soon
ASK_AGAIN_AFTER = timedelta(days=7)  # a conversation closed by the bot is asked at most this often
_LOOKBACK = 50
_WORD = re.compile(r"[\w']+")
_YES = {"yes", "yeah", "yep", "yup", "ya", "sure", "definitely", "absolutely", "loved it", "love it", "liked it",
        "i did", "very much", "it was great", "great", "👍", "❤️", "😊", "🙂"}
_NO = {"no", "nope", "nah", "not really", "not at all", "meh", "not great", "i didn't", "👎", "🙁", "😞"}
_QUESTION_OPENERS = {"what", "whats", "what's", "when", "where", "which", "who", "whom", "whose", "why", "how",
                     "can", "could", "do", "does", "did", "is", "are", "will", "would", "should", "may",
                     "have", "has", "any", "wie", "wat", "waar", "wanneer", "hoe", "kan"}
_COMMENT_WORDS = {"thank", "thanks", "thx", "great", "good", "lovely", "love", "loved", "nice", "helpful",
                  "friendly", "kind", "quick", "fast", "slow", "rude", "awesome", "amazing", "perfect",
                  "excellent", "brilliant", "super", "wonderful", "appreciate", "appreciated", "bad", "terrible",
                  "awful", "worst", "best", "happy", "unhappy", "disappointed", "disappointing", "service",
                  "experience", "patient", "took", "long", "easy", "smooth", "sweet", "pleasant", "annoying"}
_GREETINGS = {"hi", "hello", "hey", "hiya", "hallo", "hoi", "morning", "evening"}
_THANKS = {"thanks", "thank", "thx", "ty", "cheers", "dank", "danke", "merci", "bedankt"}
_THANKS_FILLER = _THANKS | {"you", "u", "so", "very", "much", "a", "lot", "that", "that's", "thats", "it", "all",
                            "helps", "helped", "great", "perfect", "ok", "okay", "got", "bye", "awesome", "lovely",
                            "brilliant", "super", "nice", "for", "the", "help", "good", "cool", "many", "je", "wel",
                            "just", "needed", "i", "what", "was", "is", "fine", "now", "clear", "goodbye", "again"}


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedbackTurn:
    """What to answer to a message that was feedback, and why (for the stored decision)."""

    reply: Reply
    reason: str


def _normal(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").strip(" .!,;:-").split())


def read_choice(text: str) -> tuple[bool | None, str]:
    """(liked, what else they wrote) from a tapped or typed answer; liked is ``None`` if it is neither."""
    normal = _normal(text)
    for choice, liked in zip(FEEDBACK_CHOICES, (True, False), strict=True):
        if normal == _normal(choice):
            return liked, ""
    for phrases, liked in ((_NO, False), (_YES, True)):  # "not really" before "really"-free yes words
        for phrase in sorted(phrases, key=len, reverse=True):
            if normal == phrase or re.match(rf"{re.escape(phrase)}\b[\s,.!;:\-—]+", normal):
                return liked, normal[len(phrase):].strip(" ,.!;:-—")
    return None, ""


def reads_like_question(text: str) -> bool:
    """A question mark, or a question's first word ("how…", "can…"): a new question, not a comment."""
    words = _WORD.findall(text.casefold())
    return "?" in text or (bool(words) and words[0] in _QUESTION_OPENERS)


def is_thanks(text: str) -> bool:
    """ "Thanks, that's all!", "perfect, thank you" — thanks and nothing else to answer."""
    words = _WORD.findall(_normal(text))
    return (0 < len(words) <= 10 and "?" not in text and any(w in _THANKS for w in words)
            and all(w in _THANKS_FILLER for w in words))


class FeedbackCollector:
    """Reads the customer's answer to the closing question and their optional word; stores ``Feedback``."""

    def __init__(self, *, bot: Bot, store: Store, knowledge: KnowledgeBase, clock: Callable[[], datetime]) -> None:
        self._bot = bot
        self._store = store
        self._knowledge = knowledge
        self._clock = clock

    async def after_closing(self, *, customer: Customer, conversation: Conversation,
                            message: Message) -> FeedbackTurn | None:
        """The customer wrote to a resolved conversation: their feedback, or ``None`` (the bot answers)."""
        history = await self._store.messages(conversation.id, limit=_LOOKBACK)
        before = [m for m in history if m.id != message.id]
        if not before or before[-1].author is Author.CUSTOMER:
            return None  # only the message right after ours can answer it
        last = before[-1]
        if last.choices == FEEDBACK_CHOICES:
            return await self._answer(customer, conversation, message, before)
        if FEEDBACK_INVITE in last.text:
            return await self._comment(customer, conversation, message, before)
        return None

    def bot_closing(self, *, text: str, history: Sequence[Message], customer: Customer, now: datetime) -> Reply | None:
        """Thanks right after the bot's answer closes the conversation warmly (asking, unless asked lately)."""
        if not is_thanks(text):
            return None
        last = next((m for m in reversed(history) if m.author is not Author.CUSTOMER), None)
        if last is None or last.author is not Author.BOT or not last.citations:
            return None  # not right after an answer from the knowledge base
        if any(m.choices == FEEDBACK_CHOICES and now - m.created_at < ASK_AGAIN_AFTER for m in history):
            name = f", {customer.first_name}" if customer.first_name else ""
            return Reply(text=f"You're welcome{name}! {self._bot.voice.sign_off.strip()}".strip())
        return closing_message(customer=customer, bot=self._bot,
                               said=[m.text for m in history if m.author is Author.BOT])

    async def _answer(self, customer: Customer, conversation: Conversation, message: Message,
                      before: list[Message]) -> FeedbackTurn | None:
        liked, rest = read_choice(chosen_text(message.text, before))
        if liked is None or (rest and not self._reads_like_comment(rest, customer=customer, history=before)):
            return None
        staff_id = await self._handled_by(conversation, customer, before)
        await self._store.save_feedback(Feedback(
            id=message.id, conversation_id=conversation.id, channel=conversation.channel, liked=liked,
            comment=message.text.strip() if rest else None, staff_id=staff_id, created_at=self._clock()))
        verdict = "liked how it went" if liked else "did not like how it went"
        if rest:
            return FeedbackTurn(reply=comment_thanks(customer=customer, staff_first_name=self._first_name(staff_id)),
                                reason=f"feedback: {verdict}, with a comment")
        return FeedbackTurn(reply=feedback_thanks(liked=liked, customer=customer),
                            reason=f"feedback: {verdict}; invited an optional word")

    async def _comment(self, customer: Customer, conversation: Conversation, message: Message,
                       before: list[Message]) -> FeedbackTurn | None:
        stored = await self._store.feedback(conversation_id=conversation.id)
        latest = stored[-1] if stored else None
        now = self._clock()
        if latest is None or latest.comment is not None or latest.created_at is None:
            return None
        if now - latest.created_at > COMMENT_WINDOW:
            return None
        liked, rest = read_choice(message.text)
        if liked is not None and not rest:  # an older button tapped again: they changed their mind
            await self._store.save_feedback(replace(latest, liked=liked))
            return FeedbackTurn(reply=feedback_thanks(liked=liked, customer=customer),
                                reason="feedback: changed their answer")
        if not self._reads_like_comment(message.text, customer=customer, history=before):
            return None
        await self._store.save_feedback(replace(latest, comment=message.text.strip()))
        return FeedbackTurn(reply=comment_thanks(customer=customer, staff_first_name=self._first_name(latest.staff_id)),
                            reason="feedback: left a comment")

    def _reads_like_comment(self, text: str, *, customer: Customer, history: Sequence[Message]) -> bool:
        """A word about how it went, not a new question: question cues and the signals say "new question",
        comment words or a staff name say "comment", else the knowledge base decides (an answer = question)."""
        words = _WORD.findall(text.casefold())
        if reads_like_question(text) or (words and words[0] in _GREETINGS and len(words) <= 3):
            return False  # a question, or a new "hello": the start of something new
        th = self._bot.thresholds
        signals = compute_signals(text=text, history=history, customer=customer, bot=self._bot, now=self._clock())
        if (signals.score(SignalKind.WANTS_HUMAN) >= th.wants_human
                or signals.score(SignalKind.COMPLEXITY) >= th.delay_complexity):
            return False  # "my mug arrived broken", "I want to talk to someone": a new case
        names = {m.first_name.casefold() for m in self._bot.staff}
        if set(words) & (_COMMENT_WORDS | names):
            return True
        retrieval = self._knowledge.search(text)
        return not (retrieval.in_scope and not retrieval.ambiguous)

    async def _handled_by(self, conversation: Conversation, customer: Customer,
                          before: list[Message]) -> str | None:
        """Who handled what is being closed: the last staff reply since the previous closing question, else
        the person whose handoff was resolved; ``None`` when the bot handled it alone."""
        closing = len(before) - 1
        start = next((i + 1 for i in range(closing - 1, -1, -1) if before[i].choices == FEEDBACK_CHOICES), 0)
        episode = before[start:closing]
        staff = next((m.staff_id for m in reversed(episode) if m.author is Author.STAFF and m.staff_id), None)
        if staff is not None or not episode:
            return staff
        handoffs = await self._store.handoffs(customer_id=customer.id, statuses={HandoffStatus.RESOLVED})
        since = episode[0].created_at
        return next((h.assignee_id for h in handoffs if h.conversation_id == conversation.id
                     and h.created_at is not None and h.created_at >= since), None)

    def _first_name(self, staff_id: str | None) -> str | None:
        member = self._bot.staff_member(staff_id) if staff_id else None
        return member.first_name if member else None
