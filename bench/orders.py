"""Order questions against the demo shop's order history, and the cost of an order look-up at 100k orders.

Part 1 seeds the demo shop (``warmline orders demo``'s generator, seed 7) into a temporary SQLite store
and asks the order step (``OrderAnswers``, what the pipeline runs before the knowledge answer) a
scripted set of questions: owners who give the number with their email or postcode (status, arrival,
return), strangers who give someone else's number alone or with a wrong email, made-up numbers, and
stock questions. Each answer is checked against the record: right, wrong, or left to a person (the
policy); every stranger reply is searched for the order's carrier, tracking link, items and email
(a leak). Part 2 runs the whole service (``Services``, the demo bot, its knowledge indexed) on SQLite and
on PostgreSQL (a throwaway local server, as the tests start one, or ``--postgres-url``), twice side by side:
one store with N synthetic orders (default 100 000), one with none. Knowledge questions from new customers
go to the two in turn (one each, so the machine's drift lands in both samples alike): the difference of
the two medians is what the orders add to an answer. Then, on the store with the orders, the median of a
verified order question (number and email, new customers) and
of the same customers' next question about that order ("where is my order MS-…?", already proven), each
with its database work per turn (transactions and statements, counted with SQLAlchemy's engine events:
a figure the machine's load does not change); then the order step alone: a
verified question about an order the conversation had not named yet (one read, one write), the follow-up
about the same order (one read), a message with no order in it (no read), and, as the floor, one empty
read transaction on the same store (what any round trip costs on this machine at that moment).

    nice .venv/bin/python bench/orders.py [--orders 100000] [--runs 100] [--postgres-url URL] [--no-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy import text as sql_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _infra import throwaway_postgres

from warmline.cli.demo_shop import demo_orders, demo_products, read_demo_customers
from warmline.config import Settings
from warmline.config.botfile import load_bot
from warmline.domain import Action, ChannelIdentity, InboundMessage, Order, OrderItem, OrderStage, new_id
from warmline.engine.customer.order_answers import OrderAnswers
from warmline.engine.customer.order_book import OrderBook
from warmline.runtime.services import Services
from warmline.store import SqlStore

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE_QUESTION = "how long does shipping take?"  # answered from the knowledge: no order in it
NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)


async def _visitor(store: SqlStore, name: str) -> tuple[Any, Any]:
    customer = await store.customer_for_identity(ChannelIdentity(channel="webchat", external_id=name))
    return customer, await store.current_conversation(customer_id=customer.id, channel="webchat")


def _right(order: Order, kind: str, text: str, *, window_days: int) -> bool:
    """Whether the reply says what the record says."""
    if order.number not in text:
        return False
    if kind == "return":
        if order.delivered_at is None:
            return "hasn't been delivered" in text
        return text.startswith("Yes") == (order.delivered_at + timedelta(days=window_days) >= NOW)
    stage = order.stage
    if stage is OrderStage.SHIPPED:
        return bool(order.tracking_url) and str(order.tracking_url) in text
    if stage is OrderStage.DELIVERED:
        return "delivered" in text
    if stage is OrderStage.PAID:
        return "hasn't shipped" in text or "being made" in text
    return "payment" in text or "cancelled" in text


async def scripted(store: SqlStore, answers: OrderAnswers, orders: list[Order], *, window_days: int) -> dict[str, Any]:
    rng = random.Random(16)
    owners = rng.sample(orders, 60)
    tally: Counter[str] = Counter()
    leaks = 0
    asks = {"status": "where is my order {n}? {proof}", "arrival": "when will {n} arrive? {proof}",
            "return": "can I still return it? order {n}, {proof}"}
    for i, order in enumerate(owners):
        kind = ("status", "arrival", "return")[i % 3]
        proof = order.email if i % 2 == 0 else order.postcode
        customer, conversation = await _visitor(store, f"owner-{i}")
        decision = await answers.respond(customer=customer, conversation=conversation,
                                         text=asks[kind].format(n=order.number, proof=proof))
        if decision is None or decision.action is not Action.ANSWER:
            tally["to a person (left to the policy)" if decision is None else "asked to verify (wrong)"] += 1
        elif _right(order, kind, decision.replies[0].text, window_days=window_days):
            tally["answered correctly"] += 1
        else:
            tally["answered wrongly"] += 1
    probes = 0
    for i, order in enumerate(rng.sample(orders, 40)):
        wrong = "" if i % 2 else "stranger@example.net"
        customer, conversation = await _visitor(store, f"stranger-{i}")
        decision = await answers.respond(customer=customer, conversation=conversation,
                                         text=f"has {order.number} shipped? {wrong}")
        probes += 1
        said = " ".join(r.text for r in decision.replies) if decision else ""
        secrets = [s for s in (order.carrier, order.tracking_url, order.email, *(it.title for it in order.items)) if s]
        leaks += any(secret in said for secret in secrets)
    made_up_same = 0
    for i in range(10):
        customer, conversation = await _visitor(store, f"guesser-{i}")
        decision = await answers.respond(customer=customer, conversation=conversation,
                                         text=f"has MS-{90000 + i} shipped?")
        reference = await answers.respond(customer=customer, conversation=conversation,
                                          text=f"has {orders[i].number} shipped?")
        made_up_same += bool(decision and reference and decision.replies == reference.replies)
    stock_right = 0
    stock_questions = [("is the Noord cardigan in Blue / M in stock?", "Noord cardigan"),
                       ("is the moss mug in Sand in stock?", "Moss mug"),
                       ("is the haven beanie sold out?", "Haven beanie"),
                       ("do you have the Wadden sweater in Oat L in stock", "Wadden sweater"),
                       ("is the bud vase in stock?", "Bud vase")]
    for question, title in stock_questions:
        customer, conversation = await _visitor(store, "stock")
        decision = await answers.respond(customer=customer, conversation=conversation, text=question)
        stock_right += bool(decision and title in decision.replies[0].text)
    return {"owner_questions": len(owners), "owner_outcomes": dict(tally), "stranger_probes": probes,
            "leaks": leaks, "made_up_numbers_same_reply": f"{made_up_same}/10",
            "stock_questions": len(stock_questions), "stock_answered": stock_right,
            "total_questions": len(owners) + probes + 20 + len(stock_questions)}


def _ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


async def _empty_read(store: SqlStore) -> None:
    async with store._db.read() as session:  # the floor: one round trip, nothing looked up
        await session.execute(sql_text("select 1"))


async def _load(store: SqlStore, count: int) -> float:
    """Write ``count`` synthetic shipped orders (MS-000000 …, the demo bot's number format); seconds taken."""
    rng = random.Random(100)
    started = time.perf_counter()
    shipped = datetime.now(UTC) - timedelta(days=1)  # on their way, not late, whatever day the bench runs
    batch: list[Order] = []
    for n in range(count):
        created = shipped - timedelta(days=rng.randint(1, 2000))
        batch.append(Order(number=f"MS-{n:06d}", customer_id=None, email=f"b{n}@example.org", postcode="1021 AB",
                           created_at=created, paid_at=created, fulfilled_at=shipped,
                           carrier="PostNL", tracking_url=f"https://t.example/{n}",
                           items=(OrderItem(title="Moss mug", price=28.0),), total=28.0))
        if len(batch) == 2000:
            await store.upsert_orders(batch)
            batch = []
    if batch:
        await store.upsert_orders(batch)
    return time.perf_counter() - started


class StatementCount:
    """Database work on the store's engine, counted with SQLAlchemy's events: transactions begun and
    statements sent (each statement, ``BEGIN`` and ``COMMIT`` is one round trip to the database;
    counting them does not depend on how loaded the machine is)."""

    def __init__(self, store: SqlStore) -> None:
        engine = store._db._engine
        assert engine is not None, "the store is not started"
        self.transactions = self.statements = 0
        self.per_turn: dict[str, dict[str, float]] = {}  # medians by kind of turn, noted by ``_turns``
        event.listen(engine.sync_engine, "begin", self._begin)
        event.listen(engine.sync_engine, "before_cursor_execute", self._statement)

    def _begin(self, *_: Any) -> None:
        self.transactions += 1

    def _statement(self, _connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's explicit BEGIN is counted as the transaction
            self.statements += 1

    def snapshot(self) -> tuple[int, int]:
        return self.transactions, self.statements


async def _turns(services: Services, texts: list[str], *, who: str,
                 counter: StatementCount | None = None, kind: str = "") -> list[float]:
    """The whole pipeline (store, identify, decide, reply) for each text from customer ``who``-i (new, unless
    the same ``who`` wrote before); seconds each. ``counter``: notes (and prints) the median transactions and
    statements per turn of this ``kind``."""
    spent, work = [], []
    for i, text in enumerate(texts):
        before = counter.snapshot() if counter else (0, 0)
        t = time.perf_counter()
        await services.pipeline.handle(InboundMessage(channel="webchat", sender_id=f"{who}-{i}", text=text))
        spent.append(time.perf_counter() - t)
        if counter:
            after = counter.snapshot()
            work.append((after[0] - before[0], after[1] - before[1]))
    if counter:
        transactions, statements = (statistics.median(w[k] for w in work) for k in (0, 1))
        print(f"{kind}: {transactions:g} transactions, {statements:g} statements per turn (median of {len(work)})",
              file=sys.stderr)
        counter.per_turn[kind] = {"transactions": transactions, "statements": statements}
    return spent


async def _alternately(empty: Services, loaded: Services, text: str, *, runs: int) -> tuple[list[float], list[float]]:
    """``text`` from new customers, one turn on the store without orders, then one on the store with them,
    ``runs`` times: taking them in turn puts the machine's drift into both samples alike."""
    on_empty: list[float] = []
    on_loaded: list[float] = []
    for i in range(runs):
        on_empty += await _turns(empty, [text], who=f"side-empty-{i}")
        on_loaded += await _turns(loaded, [text], who=f"side-loaded-{i}")
    return on_empty, on_loaded


async def step_cost(store: SqlStore, answers: OrderAnswers, *, count: int, runs: int) -> dict[str, Any]:
    """The order step alone: a verified question, its follow-up, a message with no order, and the floor."""
    rng = random.Random(7)
    customer, conversation = await _visitor(store, "timer")
    verified, follow_up, plain, floor = [], [], [], []
    for _ in range(runs):
        n = rng.randrange(count)
        t = time.perf_counter()
        first = await answers.respond(customer=customer, conversation=conversation,
                                      text=f"has MS-{n:06d} shipped? b{n}@example.org")
        verified.append(time.perf_counter() - t)
        t = time.perf_counter()
        again = await answers.respond(customer=customer, conversation=conversation, text="when will it arrive?")
        follow_up.append(time.perf_counter() - t)
        if not (first and again and first.action is again.action is Action.ANSWER):
            raise RuntimeError(f"MS-{n:06d} was not answered from the store: {first} / {again}")
        t = time.perf_counter()
        await answers.respond(customer=customer, conversation=conversation, text="do you ship to Belgium?")
        plain.append(time.perf_counter() - t)
        t = time.perf_counter()
        await _empty_read(store)
        floor.append(time.perf_counter() - t)
    return {"step_verified_new_order_ms": _ms(verified),
            "step_verified_new_order_p90_ms": round(sorted(verified)[int(runs * 0.9)] * 1000, 2),
            "step_follow_up_same_order_ms": _ms(follow_up),
            "step_no_order_message_ms": round(statistics.median(plain) * 1000, 3),
            "empty_read_transaction_ms": _ms(floor)}


async def lookup_on(url: str, empty_url: str, *, data_dir: Path, count: int, runs: int) -> dict[str, Any]:
    """Answer medians through the whole pipeline on the database at ``url`` with ``count`` orders written,
    side by side with the same service on ``empty_url`` (no orders), and the order step's own cost."""
    def settings(database_url: str) -> Settings:
        return Settings(bot=ROOT / "bots" / "demo-shop.yaml", data_dir=data_dir, database_url=database_url)

    loaded = await Services.start(settings(url))
    empty = await Services.start(settings(empty_url))
    try:
        store = loaded.store
        assert isinstance(store, SqlStore), "the bench times the SQL store"
        loaded_in = await _load(store, count)
        counter = StatementCount(store)
        for services in (empty, loaded):  # compiled statements, the ONNX session, SQLite's page cache
            await _turns(services, [KNOWLEDGE_QUESTION] * 20, who="warm")
        without, with_orders = await _alternately(empty, loaded, KNOWLEDGE_QUESTION, runs=runs)
        await _turns(loaded, [KNOWLEDGE_QUESTION] * 20, who="counted", counter=counter, kind="knowledge answer")
        rng = random.Random(11)
        asked = [rng.randrange(count) for _ in range(runs)]
        ordered = await _turns(loaded, [f"has MS-{n:06d} shipped? b{n}@example.org" for n in asked], who="owner",
                               counter=counter, kind="verified order question, new customer")
        # The same customers again, in the conversation where they proved the order: the turn.
        proven = await _turns(loaded, [f"where is my order MS-{n:06d}?" for n in asked], who="owner",
                              counter=counter, kind="proven order, follow-up")
        answers = OrderAnswers(bot=loaded.bot, store=store, clock=lambda: datetime.now(UTC))
        step = await step_cost(store, answers, count=count, runs=runs)
        return {"orders_in_store": await store.count_orders(), "load_seconds": round(loaded_in, 1),
                "knowledge_answer_ms_no_orders": _ms(without), f"knowledge_answer_ms_{count}_orders": _ms(with_orders),
                "knowledge_answer_added_ms": round(_ms(with_orders) - _ms(without), 2),
                f"order_answer_ms_{count}_orders": _ms(ordered),
                f"proven_order_follow_up_ms_{count}_orders": _ms(proven),
                "proven_order_follow_up_p90_ms": round(sorted(proven)[int(runs * 0.9)] * 1000, 2),
                "database_work_per_turn": counter.per_turn,
                **step}
    finally:
        await empty.stop()
        await loaded.stop()


async def _create_database(server_url: str, name: str) -> str:
    """A new, empty database ``name`` on the PostgreSQL server at ``server_url``; its URL."""
    connection = await asyncpg.connect(server_url)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


async def _on_postgres(server_url: str, *, data_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    suffix = new_id()[:8]  # a server given on the command line may hold an earlier run's databases
    loaded = await _create_database(server_url, f"bench_orders_{suffix}")
    empty = await _create_database(server_url, f"bench_empty_{suffix}")
    return await lookup_on(loaded, empty, data_dir=data_dir, count=args.orders, runs=args.runs)


async def main(args: argparse.Namespace) -> dict[str, Any]:
    bot = load_bot(ROOT / "bots" / "demo-shop.yaml")
    _, orders = demo_orders(read_demo_customers(ROOT / "knowledge" / "demo-shop" / "customers.csv"), now=NOW)
    with tempfile.TemporaryDirectory() as folder:
        store = SqlStore(f"sqlite:///{folder}/bench.db", clock=lambda: NOW)
        await store.start()
        try:
            book = OrderBook(store=store)
            await book.save_many(orders)
            for product in demo_products():
                await book.save_product(product)
            stored = [replace(o, email=o.email.lower() if o.email else None) for o in orders]
            answers = OrderAnswers(bot=bot, store=store, clock=lambda: NOW)
            result = {"demo_orders": len(orders), **await scripted(store, answers, stored,
                                                                   window_days=bot.orders.return_window_days)}
        finally:
            await store.close()
        data_dir = Path(folder) / "data"  # the demo knowledge is indexed once, for both backends
        cost = {"sqlite": await lookup_on(f"sqlite:///{folder}/lookup.db", f"sqlite:///{folder}/empty.db",
                                          data_dir=data_dir, count=args.orders, runs=args.runs)}
        if args.postgres_url:
            cost["postgresql"] = await _on_postgres(args.postgres_url, data_dir=data_dir, args=args)
        elif not args.no_postgres:
            with throwaway_postgres() as url:
                cost["postgresql"] = await _on_postgres(url, data_dir=data_dir, args=args)
    result["lookup"] = cost
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--postgres-url", help="a PostgreSQL server (postgresql://user@host:port/db) on which "
                                               "part 2 creates its two databases, instead of a throwaway local one")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--runs", type=int, default=100, help="timed messages of each kind")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    outcome = asyncio.run(main(arguments))
    print(json.dumps(outcome, indent=2))
