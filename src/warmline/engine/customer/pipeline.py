"""The pipeline for one inbound message (DESIGN.md): store first, identify, relay or decide, act.

This is where the layers meet: knowledge retrieves, signals score, policy decides, handoff routes a
named person, the store records every step, and the event hub tells open sockets.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial

from warmline.domain import (
    MAX_TEXT_CHARS,
    Action,
    Assignee,
    Author,
    Bot,
    ChannelIdentity,
    ConflictError,
    ContentKind,
    Conversation,
    ConversationState,
    Customer,
    Decision,
    Handoff,
    InboundMessage,
    Message,
    PostComment,
    Reply,
    Retrieval,
    SignalKind,
    TeamSnapshot,
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
from warmline.engine.customer.live_promise import promise_reply
from warmline.engine.customer.order_answers import OrderAnswers
from warmline.engine.customer.order_book import OrderBook
from warmline.engine.customer.order_live import LiveOrders
from warmline.engine.customer.order_reading import OrderReading
from warmline.engine.customer.ordering import Ordering
from warmline.engine.customer.outbound import Outbound
from warmline.engine.customer.waiting import WaitingRoom
from warmline.engine.estimates import EtaEstimates
from warmline.engine.ports import StageTimings, timed
from warmline.handoff import Routing, announce, route
from warmline.knowledge import KnowledgeBase, LanguageGuess, Reader, conversation_language, load_glossary
from warmline.knowledge.generation import AnswerGenerator
from warmline.policy import canonical_choice, decide, has_something_to_pass_on, read_feeling, small_talk_reply
from warmline.shops import ShopConnector
from warmline.signals import ExampleSignals, compute_signals, small_talk
from warmline.store import Store

__all__ = ["Pipeline", "StoredUnanswered", "TurnResult"]

logger = logging.getLogger(__name__)

_HISTORY_FOR_SIGNALS = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnResult:
    """What became of one inbound message."""

    customer: Customer
    conversation: Conversation
    inbound: Message
    decision: Decision
    replies: tuple[Message, ...]
    duplicate: bool = False


def _told_us_something(history: Sequence[Message]) -> bool:
    """Whether the customer's messages (the last one included) say more than "a person, please"."""
    buttons = [choice for m in history if m.author is Author.BOT for choice in m.choices]
    return has_something_to_pass_on([m.text for m in history if m.author is Author.CUSTOMER], buttons=buttons)


def _in(language: LanguageGuess) -> str:
    """ ", written in Dutch" for a reason, when the language was read from the message itself."""
    return f", written in {language.name}" if language.confidence > 0 else ""


class StoredUnanswered(WarmlineError):
    """A message was stored but answering it failed; a platform's retry of it finishes the turn.

    Callers that take batches (webhooks) acknowledge such a message (it is not lost) and go on with the next.
    """

    def __init__(self, message_id: str) -> None:
        super().__init__(f"message {message_id} was stored but could not be answered (see the log)")
        self.message_id = message_id


class Pipeline:
    """Turns an ``InboundMessage`` into stored messages, a stored decision and replies."""

    def __init__(self, *, bot: Bot, store: Store, knowledge: KnowledgeBase, outbound: Outbound,
                 clock: Callable[[], datetime], generator: AnswerGenerator | None = None,
                 ordering: Ordering | None = None, estimates: EtaEstimates | None = None,
                 waiting: WaitingRoom | None = None, shops: Sequence[ShopConnector] = (),
                 timings: StageTimings | None = None) -> None:
        self._bot = bot
        self._timings = timings  # what each stage of a turn took (retrieve, signals, policy, store)
        self._estimates = estimates  # the ETA learned from the shop's history, once there is enough
        self._generator = generator
        self._store = store
        self._knowledge = knowledge
        self._outbound = outbound
        self._clock = clock
        self._feedback = FeedbackCollector(bot=bot, store=store, knowledge=knowledge, clock=clock)
        self._orders = OrderAnswers(bot=bot, store=store, clock=clock, router=self._route,
                                    live=LiveOrders(shops=shops, book=OrderBook(store=store)) if shops else None)
        self._linker = IdentityLinker(store=store)
        self._reader = Reader(knowledge, glossary=load_glossary(bot.phrasebook.glossary()),
                              knowledge_language=bot.knowledge_language)
        # Wishes, upset, case types by example, on the knowledge layer's embedding model.
        self._examples = ExampleSignals(embed=knowledge.embed_texts, case_types=bot.case_types,
                                        embed_examples=knowledge.embed_kept)
        # A queued case is still a conversation: every message gets an honest reply until a person joins.
        self.waiting = waiting or WaitingRoom(bot=bot, store=store, knowledge=knowledge, clock=clock)
        # One customer's messages are handled in order, even when they arrive concurrently.
        self._ordering = ordering or Ordering()  # across workers when it is backed by Redis

    async def prepare(self) -> None:
        """Make ready what the first message would otherwise wait for (reading by example: seconds, the first
        time on a data dir; read from it afterwards)."""
        await asyncio.to_thread(self._examples.prepare)

    async def handle(self, inbound: InboundMessage) -> TurnResult:
        """Store, identify, then relay to the human in charge or let the bot decide and reply."""
        identity = ChannelIdentity(channel=inbound.channel, external_id=inbound.sender_id)
        key = f"{identity.channel}:{identity.external_id}"
        async with self._ordering.hold(key):
            # Identify, open the conversation and store the message in one transaction (stored before acknowledged).
            with timed(self._timings, "store"):
                arrival = await self._store.receive(Message(
                    id=new_id(), conversation_id="", author=Author.CUSTOMER, text=inbound.text,
                    channel=inbound.channel, created_at=self._clock(),
                    external_id=inbound.platform_message_id, post=inbound.comment),
                    identity=identity, name=inbound.sender_name, customer_id=inbound.shop_customer_id)
            customer, conversation, stored = arrival.customer, arrival.conversation, arrival.message
            if not arrival.created:
                if conversation.customer_id != customer.id:
                    raise ConflictError("this message id was already used by another customer")
                if await self._was_decided(stored):
                    return await self._replay(customer, conversation, stored)
                # Stored, but the process stopped before deciding (a crash): this retry finishes the turn.
                logger.info("message %s was stored but never answered; handling it now", stored.id)
            try:
                return await self._after_storing(customer, conversation, stored, inbound)
            except WarmlineError:
                raise  # an expected refusal (a conflict, bad input): the caller maps it to its status
            except Exception as exc:
                logger.exception("answering stored message %s failed", stored.id)
                raise StoredUnanswered(stored.id) from exc

    async def _after_storing(self, customer: Customer, conversation: Conversation, stored: Message,
                             inbound: InboundMessage) -> TurnResult:
        """Everything after the message is safely stored: link, relay or decide, reply."""
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
                return await self._reply_directly(customer, conversation, stored, said.reply, reason=said.reason)
        if conversation.state is ConversationState.RESOLVED:
            conversation = await self._store.set_state(
                conversation.id, state=ConversationState.BOT, expected={ConversationState.RESOLVED})
        if (conversation.state is ConversationState.QUEUED and inbound.kind not in SILENT_KINDS
                and inbound.comment is None):
            return await self._wait(customer, conversation, readable)
        if conversation.state.human_owns or inbound.kind in SILENT_KINDS or (
                inbound.comment is not None and inbound.kind is ContentKind.EDIT):
            # An edited comment was answered already, and has no private reply left (one per comment).
            return await self._relay(customer, conversation, stored)
        if inbound.kind not in (ContentKind.TEXT, ContentKind.EDIT) and is_placeholder(inbound.text):
            return await self._reply_directly(customer, conversation, stored, unreadable_reply(
                inbound.kind, bot=self._bot), reason=f"sent {inbound.kind.value}, which the assistant can't read")
        if inbound.comment is not None and inbound.kind is ContentKind.TEXT:
            ignored = ignore_reason(self._bot.comments, text=inbound.text)
            if ignored is not None:
                return await self._stay_silent(customer, conversation, stored, reason=f"not answered: {ignored}")
            turn = await self._keyword_reply(customer, conversation, stored, inbound.comment)
            if turn is not None:
                return turn
        if is_greeting_command(inbound.text):
            greeting = Reply(text=self._bot.voice.greet(customer.first_name))
            return await self._reply_directly(customer, conversation, stored, greeting,
                                              reason="opened the chat")
        return await self._respond(customer, conversation, readable, orders=orders)

    async def _keyword_reply(self, customer: Customer, conversation: Conversation, inbound: Message,
                             comment: PostComment) -> TurnResult | None:
        """A comment with a keyword of the bot file's rules gets that rule's reply (within its limit)."""
        if not self._bot.comments.keywords:
            return None
        history = await self._store.messages(conversation.id, limit=_HISTORY_FOR_SIGNALS)
        rule = keyword_rule_for(self._bot.comments, text=inbound.text, comment=comment, history=history)
        if rule is None:
            return None
        return await self._reply_directly(customer, conversation, inbound, Reply(text=rule.reply),
                                          reason=f"commented {rule.keyword!r} under post {comment.post_id}: "
                                                 "the bot file's keyword rule answers")

    async def _reply_directly(self, customer: Customer, conversation: Conversation, inbound: Message,
                              reply: Reply, *, reason: str, action: Action | None = None) -> TurnResult:
        """A reply that needs no retrieval or policy (a greeting, "I can't open photos", thanks for feedback)."""
        decision = Decision(
            action=action or (Action.CLARIFY if reply.choices else Action.ANSWER), reasons=(reason,), confidence=1.0,
            replies=(reply,), conversation_id=conversation.id, message_id=inbound.id, created_at=self._clock())
        replies = await self._outbound.send(conversation, decision.replies, author=Author.BOT, decision=decision)
        return TurnResult(customer=customer, conversation=conversation, inbound=inbound,
                          decision=decision, replies=replies)

    async def _send_decided(self, customer: Customer, conversation: Conversation, inbound: Message,
                            decision: Decision) -> TurnResult:
        """Send the replies of a decision made before retrieval (an order answer), recording it."""
        decision = replace(decision, conversation_id=conversation.id, message_id=inbound.id, created_at=self._clock())
        replies = await self._outbound.send(conversation, decision.replies, author=Author.BOT, decision=decision)
        return TurnResult(customer=customer, conversation=conversation, inbound=inbound,
                          decision=decision, replies=replies)

    async def _respond(self, customer: Customer, conversation: Conversation, inbound: Message, *,
                       orders: OrderReading | None = None) -> TurnResult:
        now = self._clock()
        with timed(self._timings, "store"):
            history = await self._store.messages(conversation.id, limit=_HISTORY_FOR_SIGNALS)
        chosen = chosen_text(inbound.text, history[:-1])  # as the customer saw it: the language to answer in
        text = canonical_choice(chosen)  # a translated button means what the English one means
        if text != inbound.text:
            inbound = replace(inbound, text=text)
        closing = self._feedback.bot_closing(text=text, history=history[:-1], customer=customer, now=now)
        if closing is not None:  # "thanks, that's all" right after an answer: the bot resolves it warmly
            conversation = await self._store.set_state(conversation.id, state=ConversationState.RESOLVED,
                                                       expected={ConversationState.BOT})
            self._outbound.publish_state(conversation)
            return await self._reply_directly(customer, conversation, inbound, closing, action=Action.ANSWER,
                                              reason="thanked right after an answer: closed the conversation warmly")
        earlier = [m.text for m in history[:-1] if m.author is Author.CUSTOMER]
        language = conversation_language(chosen, earlier=earlier, languages=self._bot.languages,
                                         default=self._bot.knowledge_language)
        talk = small_talk(text)
        if talk is not None:  # "hi", "thanks!", "👍", "Ask something else": a reply of its own, no search
            reply = small_talk_reply(talk.kind, bot=self._bot, language=language.code, first_name=customer.first_name,
                                     first_turn=not any(m.author is Author.BOT for m in history))
            return await self._reply_directly(customer, conversation, inbound, reply,
                                              reason=f"small talk ({talk.kind}): '{talk.evidence}'{_in(language)}")
        ordered = await self._orders.respond(customer=customer, conversation=conversation, text=inbound.text,
                                             reading=orders)
        if ordered is not None:  # an order or stock question settled from the shop's own data
            if ordered.action is Action.DELAY:  # the order system is down: queued for the named person
                conversation = await self._hand_off(conversation, ordered, now=now)
            return await self._send_decided(customer, conversation, inbound, ordered)
        previous = next((t for t in reversed(earlier) if small_talk(t) is None), None)
        # Embedding and searching is the heaviest CPU work of a turn: a worker thread does it, so the event loop
        # keeps serving other customers, /healthz and the staff inbox meanwhile.
        with timed(self._timings, "retrieve"):
            retrieval = await asyncio.to_thread(self._reader.read, inbound.text, language=language.code,
                                                previous=previous)
        with timed(self._timings, "signals"):
            signals = await asyncio.to_thread(  # the example classifier embeds the message too
                partial(compute_signals, text=inbound.text, history=history[:-1], customer=customer, bot=self._bot,
                        now=now, examples=self._examples))
        with timed(self._timings, "policy"):
            decision = decide(text=inbound.text, customer=customer, conversation=conversation,
                              history=history[:-1], retrieval=retrieval, signals=signals, bot=self._bot,
                              team=TeamSnapshot(), now=now, language=language.code)
        team = TeamSnapshot()
        if decision.action in (Action.HANDOFF, Action.DELAY):
            # The team's workload only shapes the wait we promise, never the action, so the store is asked
            # for it only when a person is involved (most messages are answered without one).
            team = await self._store.team_snapshot(customer_id=customer.id)
            decision = decide(text=inbound.text, customer=customer, conversation=conversation,
                              history=history[:-1], retrieval=retrieval, signals=signals, bot=self._bot,
                              team=team, now=now, language=language.code)
        if decision.action is Action.ANSWER and self._generator is not None:
            decision = await self._compose(decision, retrieval=retrieval, text=inbound.text, customer=customer)
        if decision.action in (Action.HANDOFF, Action.DELAY):
            routing = route(bot=self._bot, customer=customer, case_type=decision.case_type, team=team, now=now,
                            eta_model=self._estimates.current if self._estimates else None)
            if decision.action is Action.HANDOFF:
                decision = announce(decision, routing, customer=customer, bot=self._bot, language=language.code,
                                    feeling=read_feeling(inbound.text, emotion=signals.get(SignalKind.EMOTION)),
                                    said=[m.text for m in history[:-1] if m.author is Author.BOT],
                                    told_us_something=_told_us_something(history))
            elif routing.assignee is not None and decision.assignee is None:
                # (A policy that already named the skilled person, back later, keeps them: the customer chose.)
                # A delay keeps the policy's explanation (what has to happen, why, how long) and queues the
                # case for the person who will do it, so it shows in their inbox or Slack.
                decision = replace(decision, assignee=Assignee(id=routing.assignee.id, name=routing.assignee.name))
            due_at = routing.due_at(now) if decision.action is Action.HANDOFF else None
            conversation = await self._hand_off(conversation, decision, now=now, due_at=due_at)
        decision = replace(decision, conversation_id=conversation.id, message_id=inbound.id, created_at=now,
                           replies=self.waiting.offerable(decision.replies))
        with timed(self._timings, "store"):
            replies = await self._outbound.send(conversation, decision.replies, author=Author.BOT,
                                                decision=decision)
        return TurnResult(customer=customer, conversation=conversation, inbound=inbound,
                          decision=decision, replies=replies)

    async def _route(self, customer: Customer, case_type: str | None) -> Routing:
        """Who takes a case of this type now, and how soon (for a step that decides before the policy)."""
        team = await self._store.team_snapshot(customer_id=customer.id)
        return route(bot=self._bot, customer=customer, case_type=case_type, team=team, now=self._clock(),
                     eta_model=self._estimates.current if self._estimates else None)

    async def _compose(self, decision: Decision, *, retrieval: Retrieval, text: str,
                       customer: Customer) -> Decision:
        """Let the LLM write the answer from the retrieved passages; keep the extractive one if it declines."""
        assert self._generator is not None
        generated = await self._generator.compose(question=text, retrieval=retrieval,
                                                  customer_name=customer.first_name or None)
        if generated.declined:
            logger.info("LLM declined (%s); keeping the extractive answer", generated.reason)
            return decision
        first, *rest = decision.replies or (Reply(text=""),)
        answer = replace(first, text=generated.text, citations=generated.citations)
        return replace(decision, replies=(answer, *rest), citations=generated.citations,
                       reasons=(*decision.reasons, "answer written by the LLM from the cited passages"))

    async def _hand_off(self, conversation: Conversation, decision: Decision, *, now: datetime,
                        due_at: datetime | None = None) -> Conversation:
        """Queue the conversation for the named person and record what the customer was promised.

        ``due_at``: the time the customer was told, when it is not simply ``now`` plus the decision's ETA.
        """
        if decision.assignee is None:
            return conversation
        await self._store.add_handoff(Handoff(
            id=new_id(), conversation_id=conversation.id, assignee_id=decision.assignee.id,
            reasons=decision.reasons, case_type=decision.case_type, eta_minutes=decision.eta_minutes,
            created_at=now))
        owner = self._bot.staff_member(decision.assignee.id)
        if due_at is None and decision.eta_minutes is not None:
            due_at = now + timedelta(minutes=decision.eta_minutes)
        if due_at is not None and owner is not None:
            await promise_reply(self._store, conversation_id=conversation.id, owner=owner, at=now, due_at=due_at)
        conversation = await self._store.set_state(
            conversation.id, state=ConversationState.QUEUED, assignee_id=decision.assignee.id,
            expected={ConversationState.BOT})
        self._outbound.publish_state(conversation, eta_minutes=decision.eta_minutes)
        return conversation

    async def _wait(self, customer: Customer, conversation: Conversation, inbound: Message) -> TurnResult:
        """The case waits for a person: the message reaches them, and the customer hears where it stands."""
        history = await self._store.messages(conversation.id, limit=_HISTORY_FOR_SIGNALS)
        text = chosen_text(inbound.text, history[:-1])  # "2" on a text-only channel: the second choice
        if text != inbound.text:
            inbound = replace(inbound, text=text)
        decision = await self.waiting.turn(customer=customer, conversation=conversation, inbound=inbound,
                                           history=history[:-1])
        decision = replace(decision, conversation_id=conversation.id, message_id=inbound.id, created_at=self._clock())
        replies = await self._outbound.send(conversation, decision.replies, author=Author.BOT, decision=decision)
        return TurnResult(customer=customer, conversation=conversation, inbound=inbound,
                          decision=decision, replies=replies)

    async def _relay(self, customer: Customer, conversation: Conversation, inbound: Message) -> TurnResult:
        """A person owns the conversation: the bot stays silent and the staff side sees the message."""
        owner = self._outbound.assignee(conversation)
        return await self._stay_silent(customer, conversation, inbound,
                                       reason=f"{owner.name if owner else 'a person'} is handling this conversation")

    async def _stay_silent(self, customer: Customer, conversation: Conversation, inbound: Message, *,
                           reason: str) -> TurnResult:
        """Record why the bot says nothing to this message; staff see it with the conversation."""
        decision = Decision(
            action=Action.RELAY, confidence=1.0, reasons=(reason,), assignee=self._outbound.assignee(conversation),
            conversation_id=conversation.id, message_id=inbound.id, created_at=self._clock())
        decision = await self._store.add_decision(decision)
        return TurnResult(customer=customer, conversation=conversation, inbound=inbound,
                          decision=decision, replies=())

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
