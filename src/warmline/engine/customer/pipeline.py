"""The pipeline for one inbound message (DESIGN.md): store first, identify, relay or decide, act.

This is where the layers meet: knowledge retrieves, signals score, policy decides, handoff routes a
named person, the store records every step, and the event hub tells open sockets.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from warmline.domain import (
    MAX_TEXT_CHARS,
    Action,
    Author,
    Bot,
    ChannelIdentity,
    ContentKind,
    Conversation,
    ConversationState,
    Customer,
    Decision,
    InboundMessage,
    Message,
    PostComment,
    Reply,
    WarmlineError,
    new_id,
)
from warmline.engine.customer.comments import ignore_reason, keyword_rule_for
from warmline.engine.customer.feedback import FeedbackCollector
from warmline.engine.customer.intake import (
    SILENT_KINDS,
    chosen_text,
    is_greeting_command,
    is_placeholder,
    unreadable_reply,
)
from warmline.engine.customer.linking import IdentityLinker
from warmline.engine.customer.order_answers import OrderAnswers
from warmline.engine.customer.order_book import OrderBook
from warmline.engine.customer.order_live import LiveOrders
from warmline.engine.customer.ordering import Ordering
from warmline.engine.customer.outbound import Outbound
from warmline.engine.customer.turn import (
    HISTORY_FOR_SIGNALS,
    HandOff,
    KnowledgeStep,
    MessageIdTaken,
    Replier,
    Responder,
    StoredUnanswered,
    TurnResult,
)
from warmline.engine.customer.waiting import WaitingRoom
from warmline.engine.estimates import EtaEstimates
from warmline.engine.ports import StageTimings, timed
from warmline.knowledge import KnowledgeBase, each_text_once
from warmline.knowledge.generation import AnswerGenerator
from warmline.shops import ShopConnector
from warmline.store import Store

__all__ = ["MessageIdTaken", "Pipeline", "StoredUnanswered", "TurnResult"]

logger = logging.getLogger(__name__)


class Pipeline:
    """Turns an ``InboundMessage`` into stored messages, a stored decision and replies."""

    def __init__(self, *, bot: Bot, store: Store, knowledge: KnowledgeBase, outbound: Outbound,
                 clock: Callable[[], datetime], generator: AnswerGenerator | None = None,
                 ordering: Ordering | None = None, estimates: EtaEstimates | None = None,
                 waiting: WaitingRoom | None = None, shops: Sequence[ShopConnector] = (),
                 timings: StageTimings | None = None) -> None:
        self._bot = bot
        self._timings = timings  # what each stage of a turn took (retrieve, signals, policy, store)
        self._store = store
        self._outbound = outbound
        self._clock = clock
        self._feedback = FeedbackCollector(bot=bot, store=store, knowledge=knowledge, clock=clock)
        self._replier = Replier(store=store, outbound=outbound, clock=clock)
        hand_off = HandOff(bot=bot, store=store, outbound=outbound, clock=clock, estimates=estimates)
        orders = OrderAnswers(bot=bot, store=store, clock=clock, router=hand_off.route,
                              live=LiveOrders(shops=shops, book=OrderBook(store=store)) if shops else None)
        self._orders = orders
        self._linker = IdentityLinker(store=store)
        # A queued case is still a conversation: every message gets an honest reply until a person joins.
        self.waiting = waiting or WaitingRoom(bot=bot, store=store, knowledge=knowledge, clock=clock)
        self._knowledge_step = KnowledgeStep(bot=bot, store=store, knowledge=knowledge, hand_off=hand_off,
                                             replier=self._replier, offerable=self.waiting.offerable,
                                             generator=generator, timings=timings)
        self._responder = Responder(
            bot=bot, store=store, outbound=outbound, clock=clock, feedback=self._feedback, orders=orders,
            hand_off=hand_off, replier=self._replier, knowledge=self._knowledge_step)
        # One customer's messages are handled in order, even when they arrive concurrently.
        self._ordering = ordering or Ordering()  # across workers when it is backed by Redis

    async def prepare(self) -> None:
        """Make ready what the first message would otherwise wait for (reading by example: seconds, the first
        time on a data dir; read from it afterwards)."""
        await asyncio.to_thread(self._knowledge_step.prepare)

    async def handle(self, inbound: InboundMessage) -> TurnResult:
        """Store, identify, then relay to the human in charge or let the bot decide and reply."""
        identity = ChannelIdentity(channel=inbound.channel, external_id=inbound.sender_id)
        async with self._ordering.hold(f"{identity.channel}:{identity.external_id}"):
            with each_text_once():  # the message is embedded once a turn, starting while it is stored
                self._knowledge_step.read_ahead(inbound.text[:MAX_TEXT_CHARS])
                return await self._handle_in_order(inbound, identity)

    async def _handle_in_order(self, inbound: InboundMessage, identity: ChannelIdentity) -> TurnResult:
        """``handle`` once this customer's earlier messages are done."""
        # Identify, open the conversation and store the message in one transaction (stored before acknowledged).
        with timed(self._timings, "store"):
            arrival = await self._store.receive(Message(
                id=new_id(), conversation_id="", author=Author.CUSTOMER, text=inbound.text,
                channel=inbound.channel, created_at=self._clock(),
                external_id=inbound.platform_message_id, post=inbound.comment),
                identity=identity, name=inbound.sender_name, customer_id=inbound.shop_customer_id,
                history=HISTORY_FOR_SIGNALS)
        customer, conversation, stored = arrival.customer, arrival.conversation, arrival.message
        if not arrival.created:
            if conversation.customer_id != customer.id:
                raise MessageIdTaken
            if await self._was_decided(stored):
                return await self._replay(customer, conversation, stored)
            # Stored, but the process stopped before deciding (a crash): this retry finishes the turn.
            logger.info("message %s was stored but never answered; handling it now", stored.id)
        try:
            return await self._after_storing(customer, conversation, stored, inbound,
                                             recent=arrival.recent if arrival.created else None)
        except WarmlineError:
            raise  # an expected refusal (a conflict, bad input): the caller maps it to its status
        except Exception as exc:
            logger.exception("answering stored message %s failed", stored.id)
            raise StoredUnanswered(stored.id) from exc

    async def _after_storing(self, customer: Customer, conversation: Conversation, stored: Message,
                             inbound: InboundMessage, *, recent: Sequence[Message] | None) -> TurnResult:
        """Everything after the message is safely stored: link, relay or decide, reply. ``recent``: the
        conversation's last messages as the arrival read them (``None``: read them when needed)."""
        identity = ChannelIdentity(channel=inbound.channel, external_id=inbound.sender_id)
        self._outbound.publish_message(conversation, stored)
        readable = stored
        if len(inbound.text) > MAX_TEXT_CHARS:
            # Stored whole for staff (and relayed whole); the bot reads only the start, so one huge message
            # (an e-mail, a pasted log) costs no more to read and decide on than a long ordinary one.
            logger.info("message %s has %d characters: the bot reads the first %d", stored.id, len(inbound.text),
                        MAX_TEXT_CHARS)
            inbound = replace(inbound, text=inbound.text[:MAX_TEXT_CHARS])
            readable = replace(stored, text=inbound.text)
        orders = await self._orders.read(conversation=conversation, text=inbound.text)  # once, for link and answer
        customer, conversation = await self._linker.link(customer, conversation, identity, inbound, orders=orders)
        if conversation.state is ConversationState.RESOLVED and inbound.kind is ContentKind.TEXT:
            # "Did you like how this went?" answered (or the optional word after it): stays resolved.
            said = await self._feedback.after_closing(customer=customer, conversation=conversation,
                                                     message=readable)
            if said is not None:
                return await self._replier.directly(customer, conversation, stored, said.reply, reason=said.reason)
        if conversation.state is ConversationState.RESOLVED:
            conversation = await self._store.set_state(
                conversation.id, state=ConversationState.BOT, expected={ConversationState.RESOLVED})
        if (conversation.state is ConversationState.QUEUED and inbound.kind not in SILENT_KINDS
                and inbound.comment is None):
            return await self._wait(customer, conversation, readable,
                                    history=await self._history(conversation, stored, recent))
        if conversation.state.human_owns or inbound.kind in SILENT_KINDS or (
                inbound.comment is not None and inbound.kind is ContentKind.EDIT):
            # An edited comment was answered already, and has no private reply left (one per comment).
            return await self._replier.relay(customer, conversation, stored)
        if inbound.kind not in (ContentKind.TEXT, ContentKind.EDIT) and is_placeholder(inbound.text):
            return await self._replier.directly(customer, conversation, stored, unreadable_reply(
                inbound.kind, bot=self._bot), reason=f"sent {inbound.kind.value}, which the assistant can't read")
        if inbound.comment is not None and inbound.kind is ContentKind.TEXT:
            ignored = ignore_reason(self._bot.comments, text=inbound.text)
            if ignored is not None:
                return await self._replier.silent(customer, conversation, stored, reason=f"not answered: {ignored}")
            turn = await self._keyword_reply(customer, conversation, stored, inbound.comment)
            if turn is not None:
                return turn
        if is_greeting_command(inbound.text):
            greeting = Reply(text=self._bot.voice.greet(customer.first_name))
            return await self._replier.directly(customer, conversation, stored, greeting,
                                                reason="opened the chat")
        return await self._responder.respond(customer, conversation, readable, orders=orders,
                                             history=await self._history(conversation, stored, recent))

    async def _history(self, conversation: Conversation, stored: Message,
                       recent: Sequence[Message] | None) -> Sequence[Message]:
        """The conversation's last messages, the arrival's read if linking left the message where it was."""
        if recent is not None and conversation.id == stored.conversation_id:
            return recent
        with timed(self._timings, "store"):
            return await self._store.messages(conversation.id, limit=HISTORY_FOR_SIGNALS)

    async def _keyword_reply(self, customer: Customer, conversation: Conversation, inbound: Message,
                             comment: PostComment) -> TurnResult | None:
        """A comment with a keyword of the bot file's rules gets that rule's reply (within its limit)."""
        if not self._bot.comments.keywords:
            return None
        history = await self._store.messages(conversation.id, limit=HISTORY_FOR_SIGNALS)
        rule = keyword_rule_for(self._bot.comments, text=inbound.text, comment=comment, history=history)
        if rule is None:
            return None
        return await self._replier.directly(customer, conversation, inbound, Reply(text=rule.reply),
                                            reason=f"commented {rule.keyword!r} under post {comment.post_id}: "
                                                   "the bot file's keyword rule answers")

    async def _wait(self, customer: Customer, conversation: Conversation, inbound: Message, *,
                    history: Sequence[Message]) -> TurnResult:
        """The case waits for a person: the message reaches them, and the customer hears where it stands."""
        text = chosen_text(inbound.text, history[:-1])  # "2" on a text-only channel: the second choice
        if text != inbound.text:
            inbound = replace(inbound, text=text)
        decision = await self.waiting.turn(customer=customer, conversation=conversation, inbound=inbound,
                                           history=history[:-1])
        return await self._replier.send(customer, conversation, inbound, decision)

    async def _was_decided(self, inbound: Message) -> bool:
        return any(d.message_id == inbound.id for d in await self._store.decisions(inbound.conversation_id))

    async def _replay(self, customer: Customer, conversation: Conversation, inbound: Message) -> TurnResult:
        """A platform retried a message we already handled: answer with what we did then, do nothing new."""
        decisions = [d for d in await self._store.decisions(conversation.id) if d.message_id == inbound.id]
        messages = await self._store.messages(conversation.id)
        after = messages[next(i for i, m in enumerate(messages) if m.id == inbound.id) + 1:]
        replies = []
        for message in after:
            if message.author is Author.CUSTOMER:
                break
            replies.append(message)
        decision = decisions[-1] if decisions else Decision(
            action=Action.RELAY, reasons=("already received",), confidence=1.0)
        return TurnResult(customer=customer, conversation=conversation, inbound=inbound,
                          decision=decision, replies=tuple(replies), duplicate=True)
