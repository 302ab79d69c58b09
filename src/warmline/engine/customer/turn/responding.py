"""The chain a customer message goes through when the bot may answer it.

In order: a thank-you right after an answer closes the conversation warmly; small talk gets a reply of its
own; an order or stock question is settled from the shop's own data; anything else goes to knowledge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from warmline.domain import Action, Author, Bot, Conversation, ConversationState, Customer, Message
from warmline.engine.customer.feedback import FeedbackCollector
from warmline.engine.customer.intake import chosen_text, offered_choices, reply_language
from warmline.engine.customer.order_answers import OrderAnswers
from warmline.engine.customer.order_reading import OrderReading
from warmline.engine.customer.outbound import Outbound
from warmline.engine.customer.turn.handing_off import HandOff
from warmline.engine.customer.turn.knowledge_step import KnowledgeStep
from warmline.engine.customer.turn.replying import Replier
from warmline.engine.customer.turn.result import TurnResult
from warmline.knowledge import LanguageGuess
from warmline.policy import canonical_choice, small_talk_reply
from warmline.signals import questions_asked, small_talk
from warmline.store import Store

__all__ = ["Responder"]


def _in(language: LanguageGuess) -> str:
    """ ", written in Dutch" for a reason, when the language was read from the message itself."""
    return f", written in {language.name}" if language.confidence > 0 else ""


class Responder:
    """Runs one message through the chain: warm close → small talk → orders → knowledge."""

    def __init__(self, *, bot: Bot, store: Store, outbound: Outbound, clock: Callable[[], datetime],
                 feedback: FeedbackCollector, orders: OrderAnswers, hand_off: HandOff, replier: Replier,
                 knowledge: KnowledgeStep) -> None:
        self._bot = bot
        self._store = store
        self._outbound = outbound
        self._clock = clock
        self._feedback = feedback
        self._orders = orders
        self._hand_off = hand_off
        self._replier = replier
        self._knowledge = knowledge

    async def respond(self, customer: Customer, conversation: Conversation, inbound: Message, *,
                      history: Sequence[Message], orders: OrderReading | None = None) -> TurnResult:
        """Reply to ``inbound`` (the last of ``history``, the conversation's last messages) with the first link
        of the chain that has something to say."""
        now = self._clock()
        chosen = chosen_text(inbound.text, history[:-1])  # as the customer saw it: the language to answer in
        text = canonical_choice(chosen)  # a translated button means what the English one means
        if text != inbound.text:
            inbound = replace(inbound, text=text)
        closing = self._feedback.bot_closing(text=text, history=history[:-1], customer=customer, now=now)
        if closing is not None:  # "thanks, that's all" right after an answer: the bot resolves it warmly
            conversation = await self._store.set_state(conversation.id, state=ConversationState.RESOLVED,
                                                       expected={ConversationState.BOT})
            self._outbound.publish_state(conversation)
            return await self._replier.directly(customer, conversation, inbound, closing, action=Action.ANSWER,
                                                reason="thanked right after an answer: closed the conversation "
                                                       "warmly")
        earlier = [m.text for m in history[:-1] if m.author is Author.CUSTOMER]
        language = reply_language(chosen, earlier=earlier, bot=self._bot, offered=offered_choices(history[:-1]))
        talk = small_talk(text)
        if talk is not None:  # "hi", "thanks!", "👍", "Ask something else": a reply of its own, no search
            reply = small_talk_reply(talk.kind, bot=self._bot, language=language.code, first_name=customer.first_name,
                                     first_turn=not any(m.author is Author.BOT for m in history))
            return await self._replier.directly(customer, conversation, inbound, reply,
                                                reason=f"small talk ({talk.kind}): '{talk.evidence}'{_in(language)}")
        ordered = await self._orders.respond(customer=customer, conversation=conversation, text=inbound.text,
                                             reading=orders, language=language.code)
        if ordered is not None:  # an order or stock question settled from the shop's own data
            if ordered.action is Action.DELAY:  # the order system is down: queued for the named person
                conversation = await self._hand_off.queue(conversation, ordered, now=now)
            return await self._replier.send(customer, conversation, inbound, ordered)
        previous = questions_asked(earlier)
        return await self._knowledge.answer(customer, conversation, inbound, history=history, language=language,
                                            previous=previous, now=now)
