"""``warmline demo-traffic``: a believable week of customers for the demo shop, through the real engine.

Customers write on the shop's channels during the day; every message goes through the real pipeline
(knowledge, signals, policy, routing, the store), and the team answers handoffs through the real staff
desk — sometimes within the promised time, sometimes late, sometimes a handoff waits so long that it is
re-routed. Only the clock is simulated, so a week happens in seconds and the dashboard has real figures.
The customers answer "Did you like how this went?" on their channel, through the same pipeline.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import random
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from warmline.config.botfile import load_bot
from warmline.config.settings import Settings
from warmline.domain import (
    Action,
    Bot,
    Conversation,
    ConversationState,
    InboundMessage,
    PromiseStatus,
    ValidationError,
)
from warmline.engine.customer.outbound import Outbound
from warmline.engine.customer.pipeline import Pipeline
from warmline.engine.events import EventHub
from warmline.engine.staff.desk import StaffDesk
from warmline.engine.staff.rerouting import HandoffWatcher
from warmline.policy import FEEDBACK_CHOICES
from warmline.runtime.services import open_knowledge
from warmline.store import Store, create_store

__all__ = ["DemoSummary", "run_demo_traffic"]

logger = logging.getLogger(__name__)

# An Instagram-first shop: most people write there, then the web chat, then the rest.
CHANNELS = (("instagram", 5), ("web", 3), ("whatsapp", 2), ("messenger", 1), ("telegram", 1))
NAMES = ("Ana Sousa", "Bram de Vries", "Chloé Martin", "Daan Bakker", "Elif Yılmaz", "Femke Jansen", "Gabriel Costa",
         "Hanna Berg", "Ilse Visser", "Jonas Keller", "Kenji Sato", "Lotte Smit", "Mila Novak", "Noah Peeters",
         "Olga Ivanova", "Priya Nair", "Quinn Murphy", "Rosa Romano", "Sven Lund", "Tess Mulder")
SIMPLE = ("how long does shipping take to germany?", "is the wool itchy? my skin is sensitive",
          "are the mugs dishwasher safe?", "do you ship to the UK?", "when is the studio open?",
          "can I pay with klarna?", "do you sell gift cards?", "how do I track my order",
          "can I pick up my order at the studio?", "do you do gift wrapping?", "how much is shipping?",
          "can I return something I bought on sale?")
UNKNOWN = ("do you have a shop in berlin too?", "can I bring my dog to a workshop?",
           "do you sponsor local football clubs?", "what's the name of the music in your reels?")
CASES = ("my parcel still hasn't arrived, order 10231", "I was charged twice for order 10452",
         "can you make the Wadden sweater in forest green?", "can I swap my sweater for a size M? order 10377",
         "my mug arrived in three pieces, order 10519")
PERSON = ("can I talk to a person please?", "I'd like to speak to someone from the team",
          "This is the third time I'm writing!! my bowl came chipped and nobody helps me. I'm really angry")
STAFF_REPLIES = ("Hi {name}, {me} here — I'm on it. I've checked your order and will sort this out today.",
                 "Thanks for your patience, {name}. {me} here: I've arranged it, you'll get an email shortly.")
KIND_WEIGHTS = (("simple", 10), ("unknown", 2), ("case", 3), ("person", 2))
_DAY_START, _DAY_END = time(8, 30), time(17, 30)


@dataclass(slots=True)
class DemoSummary:
    """What the simulated week contained, for the command to print."""

    since: datetime
    until: datetime
    customers: int = 0
    messages: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    staff_replies: int = 0
    rerouted: int = 0
    feedback: int = 0


class _SimClock:
    """The pipeline's clock, moved by the simulation from one event to the next."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(slots=True)
class _Story:
    """One customer's visit: who, where, what they ask, and what the simulation learned while playing it."""

    sender_id: str
    name: str
    channel: str
    kind: str
    text: str
    conversation_id: str = ""


class _Simulation:
    """The real pipeline and staff desk on a simulated clock, driven by a time-ordered event queue."""

    def __init__(self, *, bot: Bot, pipeline: Pipeline, desk: StaffDesk, watcher: HandoffWatcher, store: Store,
                 clock: _SimClock, rng: random.Random, summary: DemoSummary) -> None:
        self.bot, self.pipeline, self.desk, self.watcher, self.store = bot, pipeline, desk, watcher, store
        self.clock, self.rng, self.summary = clock, rng, summary
        self._queue: list[tuple[datetime, int, Callable[[], Awaitable[None]]]] = []
        self._seq = itertools.count()

    def at(self, moment: datetime, action: Callable[[], Awaitable[None]]) -> None:
        if moment < self.summary.until:  # nothing happens in the future
            heapq.heappush(self._queue, (moment, next(self._seq), action))

    async def run(self) -> None:
        while self._queue:
            moment, _, action = heapq.heappop(self._queue)
            self.clock.now = moment
            self.summary.rerouted += await self.watcher.reroute_overdue()
            await action()

    async def customer_writes(self, story: _Story, text: str, *, counted: bool = True) -> Action:
        """A customer message through the real pipeline; ``counted=False`` for answers to the closing question."""
        result = await self.pipeline.handle(InboundMessage(channel=story.channel, sender_id=story.sender_id,
                                                           text=text, sender_name=story.name,
                                                           received_at=self.clock.now))
        story.conversation_id = result.conversation.id
        if not counted:
            return result.decision.action
        self.summary.messages += 1
        self.summary.actions[result.decision.action.value] += 1
        if result.decision.action in (Action.HANDOFF, Action.DELAY):
            self._plan_staff(story, promised=result.decision.eta_minutes)
        elif result.decision.action is Action.ANSWER and self.rng.random() < 0.45:
            self.at(self.clock.now + timedelta(minutes=1), lambda: self.thanks(story))
        return result.decision.action

    async def thanks(self, story: _Story) -> None:
        """"Thanks, that's all" after an answer: the bot closes warmly and asks whether they liked it."""
        await self.customer_writes(story, self.rng.choice(("Thanks, that's all!", "Perfect, thank you")),
                                   counted=False)
        self.at(self.clock.now + timedelta(minutes=1), lambda: self.feedback(story, staff_id=None))

    def _plan_staff(self, story: _Story, *, promised: float | None) -> None:
        if self.summary.until - self.clock.now < timedelta(hours=3) and self.rng.random() < 0.5:
            return  # came in just now: still waiting when the run ends
        # Usually claimed within the claim timeout; sometimes late, so the watcher re-routes it first.
        claim_after = self.rng.uniform(1, 8) if self.rng.random() < 0.8 else self.rng.uniform(12, 25)
        # Mostly answered within the promise, sometimes late.
        factor = self.rng.uniform(0.3, 0.95) if self.rng.random() < 0.7 else self.rng.uniform(1.1, 2.0)
        reply_after = max(claim_after + 1, (promised or 30.0) * factor)
        self.at(self.clock.now + timedelta(minutes=claim_after), lambda: self.staff_claims(story))
        self.at(self.clock.now + timedelta(minutes=reply_after), lambda: self.staff_answers(story))

    async def staff_claims(self, story: _Story) -> None:
        conversation = await self._owned_by_a_person(story)
        if conversation is not None and conversation.state is ConversationState.QUEUED and conversation.assignee_id:
            await self.desk.claim(conversation.id, staff_id=conversation.assignee_id)

    async def staff_answers(self, story: _Story) -> None:
        conversation = await self._owned_by_a_person(story)
        if conversation is None:
            return
        member = self.desk.member(conversation.assignee_id or self.rng.choice(self.bot.staff).id)
        first = story.name.split()[0]
        text = self.rng.choice(STAFF_REPLIES).format(name=first, me=member.first_name)
        await self.desk.reply(conversation.id, staff_id=member.id, text=text)
        self.summary.staff_replies += 1
        resolve_at = self.clock.now + timedelta(minutes=self.rng.uniform(5, 25))
        self.at(resolve_at, lambda: self.resolve(story, member.id))

    async def resolve(self, story: _Story, staff_id: str) -> None:
        conversation = await self._owned_by_a_person(story)
        if conversation is None:
            return
        await self.desk.resolve(conversation.id, staff_id=staff_id)
        if self.rng.random() < 0.8:
            self.at(self.clock.now + timedelta(minutes=2), lambda: self.feedback(story, staff_id=staff_id))

    async def feedback(self, story: _Story, *, staff_id: str | None) -> None:
        """The customer answers the closing question on their channel (and sometimes adds a word)."""
        promises = await self.store.promises(conversation_id=story.conversation_id)
        kept = all(p.status is not PromiseStatus.BROKEN for p in promises)
        liked = self.rng.random() < (0.9 if kept else 0.45)
        if liked:
            comment = self.rng.choice((None, None, "So quick, thank you!", "Lovely service"))
        elif staff_id is None:
            comment = self.rng.choice((None, "Not quite what I asked"))
        else:
            comment = self.rng.choice((None, "Took a while", "I had to wait longer than I was told"))
        before = len(await self.store.feedback(conversation_id=story.conversation_id))
        await self.customer_writes(story, FEEDBACK_CHOICES[0 if liked else 1], counted=False)
        if comment is not None:
            self.at(self.clock.now + timedelta(minutes=1), lambda: self.comment(story, comment))
        if len(await self.store.feedback(conversation_id=story.conversation_id)) > before:
            self.summary.feedback += 1

    async def comment(self, story: _Story, text: str) -> None:
        await self.customer_writes(story, text, counted=False)

    async def _owned_by_a_person(self, story: _Story) -> Conversation | None:
        conversation = await self.store.get_conversation(story.conversation_id)
        return conversation if conversation.state.human_owns else None


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _stories_of_day(rng: random.Random, day: datetime, *, run_id: str,
                    start_index: int) -> list[tuple[datetime, _Story]]:
    """A day's visitors: more on weekdays, at random minutes of the shop's day (``day`` is local midnight)."""
    count = rng.randint(8, 14) if day.weekday() < 5 else rng.randint(2, 5)
    opening = day.replace(hour=_DAY_START.hour, minute=_DAY_START.minute)
    span = (_DAY_END.hour * 60 + _DAY_END.minute) - (_DAY_START.hour * 60 + _DAY_START.minute)
    stories = []
    for index in range(start_index, start_index + count):
        kind = _pick(rng, KIND_WEIGHTS)
        pool = {"simple": SIMPLE, "unknown": UNKNOWN, "case": CASES, "person": PERSON}[kind]
        story = _Story(sender_id=f"demo-{run_id}-{index}", name=rng.choice(NAMES), channel=_pick(rng, CHANNELS),
                       kind=kind, text=rng.choice(pool))
        stories.append((opening + timedelta(minutes=rng.uniform(0, span)), story))
    return stories


async def run_demo_traffic(settings: Settings, *, days: int = 7, seed: int = 7, now: datetime | None = None,
                           force: bool = False) -> DemoSummary:
    """Play ``days`` days of customers up to ``now`` into the configured database; returns what happened.

    Refuses (``ValidationError``, field ``database``) when the database already has conversations, unless
    ``force``: demo customers do not belong in a real shop's figures.
    """
    if not 1 <= days <= 60:
        raise ValidationError("days must be between 1 and 60", field="days", expected="1–60")
    bot = load_bot(settings.bot)
    until = (now or datetime.now(UTC)).astimezone(UTC)
    zone_today = bot.business_hours.local(until).replace(hour=0, minute=0, second=0, microsecond=0)
    first_day = zone_today - timedelta(days=days - 1)
    summary = DemoSummary(since=first_day.astimezone(UTC), until=until)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = create_store(settings.resolved_database_url)
    await store.start()
    try:
        if await store.channels() and not force:
            raise ValidationError("this database already has conversations; demo traffic would mix with them",
                                  field="database", expected="an empty data dir, or --force")
        clock = _SimClock(summary.since)
        knowledge = open_knowledge(settings, bot)
        outbound = Outbound(bot=bot, store=store, events=EventHub(), clock=clock)
        pipeline = Pipeline(bot=bot, store=store, knowledge=knowledge, outbound=outbound, clock=clock)
        desk = StaffDesk(bot=bot, store=store, knowledge=knowledge, outbound=outbound, clock=clock)
        watcher = HandoffWatcher(bot=bot, store=store, outbound=outbound, clock=clock)
        rng = random.Random(seed)
        sim = _Simulation(bot=bot, pipeline=pipeline, desk=desk, watcher=watcher, store=store, clock=clock, rng=rng,
                          summary=summary)
        run_id, index = uuid.uuid4().hex[:8], 0
        for offset in range(days):
            # Local midnight of each day, rebuilt from the date so a DST change keeps days whole.
            day = (first_day + timedelta(days=offset, hours=12)).replace(hour=0)
            for moment, story in _stories_of_day(rng, day, run_id=run_id, start_index=index):
                sim.at(moment.astimezone(UTC), _first_message(sim, story))
                index += 1
        await sim.run()
    finally:
        await store.close()
    return summary


def _first_message(sim: _Simulation, story: _Story) -> Callable[[], Awaitable[None]]:
    async def play() -> None:
        sim.summary.customers += 1
        action = await sim.customer_writes(story, story.text)
        if action is Action.CLARIFY and story.kind == "unknown" and sim.rng.random() < 0.5:
            sim.at(sim.clock.now + timedelta(seconds=40), lambda: _ask_for_person(sim, story))
    return play


async def _ask_for_person(sim: _Simulation, story: _Story) -> None:
    await sim.customer_writes(story, "Talk to a person")

