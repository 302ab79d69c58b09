"""Where one answered message spends its time: each stage of the pipeline timed on its own, in process.

Ingests the demo shop into a temporary data dir, then for N new customers asking a simple question runs
the same steps as ``Pipeline.handle`` one by one (store, knowledge, signals, policy, store) and prints the
median of each. Then the two store operations of a whole turn, as the pipeline calls them: ``receive`` (a new
customer's first message: customer, identity, conversation, message, history read back) and ``add_messages``
(the reply, its decision, in one transaction), each timed from the event loop (the hop to the store's thread
included). Then it counts the database transactions and statements of whole turns through
``Pipeline.handle`` (SQLAlchemy's ``begin`` and ``before_cursor_execute`` events): a figure that does not
depend on the machine's load. Offline, talks to nothing, exits by itself.

    .venv/bin/python bench/pipeline_stages.py [--bot bots/demo-shop.yaml] [--n 80]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from warmline.config import Settings
from warmline.domain import (
    Action,
    Author,
    ChannelIdentity,
    Decision,
    InboundMessage,
    Message,
    TeamSnapshot,
    new_id,
)
from warmline.engine.customer.turn.result import HISTORY_FOR_SIGNALS
from warmline.policy import decide
from warmline.runtime.services import Services
from warmline.signals import compute_signals
from warmline.store.database import _direct

QUESTION = "how long does shipping take?"


async def measure(bot: Path, n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as data:
        services = await Services.start(Settings(bot=bot, data_dir=Path(data)))
        try:
            medians = await _stages(services, n)
            return {**medians, **await _turn_operations(services, n), **await _round_trips(services)}
        finally:
            await services.stop()


async def _stages(services: Services, n: int) -> dict[str, float]:
    store, timings = services.store, defaultdict(list)
    for i in range(20):  # warm caches, compiled statements and the ONNX session
        await services.pipeline.handle(InboundMessage(channel="api", sender_id=f"warm-{i}", text=QUESTION))

    def timed(name: str, started: float) -> None:
        timings[name].append(time.perf_counter() - started)

    for i in range(n):
        begin = t = time.perf_counter()
        customer = await store.customer_for_identity(ChannelIdentity(channel="api", external_id=f"bench-{i}"))
        timed("store: customer for identity", t)
        t = time.perf_counter()
        conversation = await store.current_conversation(customer_id=customer.id, channel="api")
        timed("store: current conversation", t)
        t = time.perf_counter()
        inbound, _ = await store.add_message(Message(id=new_id(), conversation_id=conversation.id,
                                                     author=Author.CUSTOMER, text=QUESTION, channel="api",
                                                     created_at=datetime.now(UTC)))
        timed("store: add message", t)
        t = time.perf_counter()
        history = await store.messages(conversation.id, limit=50)
        timed("store: history", t)
        t = time.perf_counter()
        retrieval = services.knowledge.search(QUESTION)
        timed("knowledge: search", t)
        t = time.perf_counter()
        signals = compute_signals(text=QUESTION, history=history[:-1], customer=customer, bot=services.bot,
                                  now=datetime.now(UTC))
        timed("signals", t)
        t = time.perf_counter()
        decision = decide(text=QUESTION, customer=customer, conversation=conversation, history=history[:-1],
                          retrieval=retrieval, signals=signals, bot=services.bot, team=TeamSnapshot(),
                          now=datetime.now(UTC))
        timed("policy", t)
        t = time.perf_counter()
        decision = await store.add_decision(replace(decision, conversation_id=conversation.id,
                                                    message_id=inbound.id, created_at=datetime.now(UTC)))
        timed("store: add decision", t)
        t = time.perf_counter()
        await services.outbound.send(conversation, decision.replies, author=Author.BOT)
        timed("store: reply", t)
        timed("total", begin)
    return {name: statistics.median(values) * 1000 for name, values in timings.items()}


async def _turn_operations(services: Services, n: int) -> dict[str, float]:
    """Medians of the turn's two store operations, ``receive`` and ``add_messages``, over ``n`` new customers."""
    store, timings = services.store, defaultdict(list)
    for i in range(n + 20):  # the first 20 warm up
        now = datetime.now(UTC)
        started = time.perf_counter()
        arrival = await store.receive(
            Message(id=new_id(), conversation_id="", author=Author.CUSTOMER, text=QUESTION, channel="api",
                    created_at=now),
            identity=ChannelIdentity(channel="api", external_id=f"operations-{i}"), history=HISTORY_FOR_SIGNALS)
        received = time.perf_counter()
        reply = Message(id=new_id(), conversation_id=arrival.conversation.id, author=Author.BOT,
                        text="Orders ship within 2 working days.", channel="api", created_at=now)
        await store.add_messages([reply], decision=Decision(
            action=Action.ANSWER, reasons=("bench",), confidence=0.9, conversation_id=arrival.conversation.id,
            message_id=arrival.message.id))
        if i >= 20:
            timings["store operation: receive (new customer)"].append(received - started)
            timings["store operation: add_messages (reply + decision)"].append(time.perf_counter() - received)
    return {name: statistics.median(values) * 1000 for name, values in timings.items()}


@contextmanager
def _counting() -> Iterator[Counter[str]]:
    """Transactions begun and statements sent (BEGIN included) on any engine meanwhile: through SQLAlchemy's
    execution layer, and straight on SQLite's connection (``store/database/_direct.py``)."""
    counts: Counter[str] = Counter()

    def begin(connection: Any) -> None:
        counts["transactions"] += 1

    def statement(*_: Any) -> None:
        counts["statements"] += 1

    run_directly = _direct._Sqlite._cursor

    def direct(self: Any, *args: Any) -> Any:
        counts["statements"] += 1
        return run_directly(self, *args)

    event.listen(Engine, "begin", begin)
    event.listen(Engine, "before_cursor_execute", statement)
    _direct._Sqlite._cursor = direct  # type: ignore[method-assign, assignment]
    try:
        yield counts
    finally:
        _direct._Sqlite._cursor = run_directly  # type: ignore[method-assign]
        event.remove(Engine, "begin", begin)
        event.remove(Engine, "before_cursor_execute", statement)


async def _round_trips(services: Services) -> dict[str, float]:
    """Transactions and statements of one answered turn, for a new and for a returning customer."""
    figures: dict[str, float] = {}
    for who in ("new customer", "returning customer"):
        with _counting() as counts:
            turn = await services.pipeline.handle(InboundMessage(channel="api", sender_id="rounds", text=QUESTION))
        assert turn.decision.action.value == "answer", turn.decision
        figures[f"turn, {who}: transactions"] = counts["transactions"]
        figures[f"turn, {who}: statements"] = counts["statements"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bot", type=Path, default=Path("bots/demo-shop.yaml"))
    parser.add_argument("--n", type=int, default=80)
    args = parser.parse_args()
    medians = asyncio.run(measure(args.bot, args.n))
    for name, value in medians.items():
        if name.startswith("turn,"):
            print(f"{name:<44} {value:7.0f}")
        else:
            print(f"{name:<44} {value:7.2f} ms")


if __name__ == "__main__":
    main()
