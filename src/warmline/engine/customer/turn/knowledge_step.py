"""The last link of a turn's chain: retrieve from knowledge, score the signals, let the policy decide.

An answer may be rewritten by the LLM from the cited passages; a handoff or delay is routed to a named person
and queued for them before the replies go out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from warmline.domain import (
    Action,
    Assignee,
    Author,
    Bot,
    Conversation,
    Customer,
    Decision,
    Message,
    Reply,
    Retrieval,
    SignalKind,
    Signals,
    TeamSnapshot,
)
from warmline.engine.customer.intake import offered_choices
from warmline.engine.customer.turn.handing_off import HandOff
from warmline.engine.customer.turn.replying import Replier
from warmline.engine.customer.turn.result import TurnResult
from warmline.engine.ports import StageTimings, timed
from warmline.handoff import announce
from warmline.knowledge import (
    KnowledgeBase,
    LanguageGuess,
    Reader,
    each_text_once,
    load_glossary,
    load_language_identifier,
)
from warmline.knowledge.generation import AnswerGenerator
from warmline.policy import decide, has_something_to_pass_on, read_feeling
from warmline.signals import ExampleSignals, compute_signals, named_person, small_talk
from warmline.store import Store

__all__ = ["KnowledgeStep"]

logger = logging.getLogger(__name__)

_NEEDS_A_PERSON = (Action.HANDOFF, Action.DELAY)


def _told_us_something(history: Sequence[Message]) -> bool:
    """Whether the customer's messages (the last one included) say more than "a person, please"."""
    buttons = [choice for m in history if m.author is Author.BOT for choice in m.choices]
    return has_something_to_pass_on([m.text for m in history if m.author is Author.CUSTOMER], buttons=buttons)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Judgement:
    """What the policy decided, with what it read to decide it."""

    decision: Decision
    retrieval: Retrieval
    signals: Signals
    team: TeamSnapshot


class KnowledgeStep:
    """Answers, clarifies, delays or hands off a message from what the knowledge folder says."""

    def __init__(self, *, bot: Bot, store: Store, knowledge: KnowledgeBase, hand_off: HandOff, replier: Replier,
                 offerable: Callable[[Sequence[Reply]], tuple[Reply, ...]],
                 generator: AnswerGenerator | None = None, timings: StageTimings | None = None) -> None:
        self._bot = bot
        self._store = store
        self._knowledge = knowledge
        self._reading_ahead: set[asyncio.Task[object]] = set()
        self._hand_off = hand_off
        self._replier = replier
        self._offerable = offerable  # the waiting room's filter: no button it cannot honour later
        self._generator = generator
        self._timings = timings  # what each stage of a turn took (retrieve, signals, policy, store)
        self._reader = Reader(knowledge, glossary=load_glossary(bot.phrasebook.glossary()),
                              knowledge_language=bot.knowledge_language)
        # Wishes, upset, case types by example, on the knowledge layer's embedding model.
        self._examples = ExampleSignals(embed=knowledge.embed_texts, case_types=bot.case_types,
                                        embed_examples=knowledge.embed_kept)

    def prepare(self) -> None:
        """Embed (or read back) the signals' examples and load the language identifier now, so the first
        message does not wait for them."""
        self._examples.prepare()
        if len(self._bot.languages) > 1:
            load_language_identifier()

    def read_ahead(self, text: str) -> None:
        """Start embedding the customer's message on a worker thread while the turn stores it. Inside the turn's
        ``each_text_once`` the search then takes that vector, or waits for the rest of its run."""
        if not text.strip() or small_talk(text) is not None:
            return  # answered without a search
        task: asyncio.Task[object] = asyncio.create_task(asyncio.to_thread(self._knowledge.embed_texts, [text]))
        self._reading_ahead.add(task)  # a task nobody holds may be collected before it ends
        task.add_done_callback(self._read_ahead_done)

    def _read_ahead_done(self, task: asyncio.Task[object]) -> None:
        self._reading_ahead.discard(task)
        if not task.cancelled() and task.exception() is not None:  # the search embeds the message itself
            logger.debug("embedding the message ahead of the search failed: %s", task.exception())

    async def answer(self, customer: Customer, conversation: Conversation, inbound: Message, *,
                     history: Sequence[Message], language: LanguageGuess, previous: Sequence[str],
                     now: datetime) -> TurnResult:
        """Decide on ``inbound`` (the last of ``history``) in ``language`` and send the replies."""
        judged = await self._judge(customer, conversation, inbound, history=history, language=language,
                                   previous=previous, now=now)
        decision = judged.decision
        if decision.action is Action.ANSWER and self._generator is not None:
            decision = await self._compose(decision, retrieval=judged.retrieval, text=inbound.text,
                                           customer=customer)
        if decision.action in _NEEDS_A_PERSON:
            decision, conversation = await self._to_a_person(
                decision, customer=customer, conversation=conversation, judged=judged, history=history,
                text=inbound.text, language=language, now=now)
        decision = replace(decision, replies=self._offerable(decision.replies))
        with timed(self._timings, "store"):
            return await self._replier.send(customer, conversation, inbound, decision, at=now)

    async def _judge(self, customer: Customer, conversation: Conversation, inbound: Message, *,
                     history: Sequence[Message], language: LanguageGuess, previous: Sequence[str],
                     now: datetime) -> _Judgement:
        """Retrieve, score and decide (asking the store for the team only when a person is involved)."""
        earlier = history[:-1]
        offered = offered_choices(earlier)

        def read_and_score() -> tuple[Retrieval, Signals]:
            with timed(self._timings, "retrieve"):
                retrieval = (self._reader.chosen(inbound.text, offered=offered, language=language.code)
                             or self._reader.read(inbound.text, language=language.code, previous=previous))
            with timed(self._timings, "signals"):
                english = self._reader.in_english(inbound.text, language=language.code)
                return retrieval, compute_signals(text=inbound.text, history=earlier, customer=customer,
                                                  bot=self._bot, now=now, examples=self._examples,
                                                  english=english)

        # Embedding, searching and scoring are the heaviest CPU work of a turn: a worker thread does them (one hop),
        # so the event loop keeps serving other customers, /healthz and the staff inbox meanwhile.
        with each_text_once():  # the example classifier reads the message too: one model run for both
            retrieval, signals = await asyncio.to_thread(read_and_score)
        policy = partial(decide, text=inbound.text, customer=customer, conversation=conversation, history=earlier,
                         retrieval=retrieval, signals=signals, bot=self._bot, now=now, language=language.code)
        with timed(self._timings, "policy"):
            decision = policy(team=TeamSnapshot())
        team = TeamSnapshot()
        if decision.action in _NEEDS_A_PERSON:
            # The team's workload only shapes the wait we promise, never the action, so the store is asked
            # for it only when a person is involved (most messages are answered without one).
            team = await self._store.team_snapshot(customer_id=customer.id)
            decision = policy(team=team)
        return _Judgement(decision=decision, retrieval=retrieval, signals=signals, team=team)

    async def _to_a_person(self, decision: Decision, *, customer: Customer, conversation: Conversation,
                           judged: _Judgement, history: Sequence[Message], text: str, language: LanguageGuess,
                           now: datetime) -> tuple[Decision, Conversation]:
        """Name the person who takes the case, tell the customer (a handoff) and queue it for them."""
        # "let me talk to Ines please": the case goes to Ines, on shift or when she is back.
        wish = decision.action is Action.HANDOFF
        name = named_person(text, [m.first_name for m in self._bot.staff]) if wish else None
        asked_for = next((m for m in self._bot.staff if name and m.first_name == name), None)
        routing = self._hand_off.routing(customer, case_type=decision.case_type, team=judged.team, now=now,
                                         asked_for=asked_for)
        if decision.action is Action.HANDOFF:
            decision = announce(decision, routing, customer=customer, bot=self._bot, language=language.code,
                                feeling=read_feeling(text, emotion=judged.signals.get(SignalKind.EMOTION)),
                                said=[m.text for m in history[:-1] if m.author is Author.BOT],
                                told_us_something=_told_us_something(history))
        elif routing.assignee is not None and decision.assignee is None:
            # (A policy that already named the skilled person, back later, keeps them: the customer chose.)
            # A delay keeps the policy's explanation (what has to happen, why, how long) and queues the
            # case for the person who will do it, so it shows in their inbox or Slack.
            decision = replace(decision, assignee=Assignee(id=routing.assignee.id, name=routing.assignee.name))
        due_at = routing.due_at(now) if decision.action is Action.HANDOFF else None
        return decision, await self._hand_off.queue(conversation, decision, now=now, due_at=due_at)

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
