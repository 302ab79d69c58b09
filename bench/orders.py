"""Order questions against the demo shop's order history, and the cost of an order look-up at 100k orders.

Part 1 seeds the demo shop (``warmline orders demo``'s generator, seed 7) into a temporary SQLite store
and asks the order step (``OrderAnswers``, what the pipeline runs before the knowledge answer) a
scripted set of questions: owners who give the number with their email or postcode (status, arrival,
return), strangers who give someone else's number alone or with a wrong email, made-up numbers, and
stock questions. Each answer is checked against the record: right, wrong, or left to a person (the
policy); every stranger reply is searched for the order's carrier, tracking link, items and email
(a leak). Part 2 writes N synthetic orders (default 100 000) and times the step for a verified status
question and for a message with no order in it.

    nice .venv/bin/python bench/orders.py [--orders 100000] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from warmline.cli.demo_shop import demo_orders, demo_products, read_demo_customers
from warmline.config.botfile import load_bot
from warmline.domain import Action, ChannelIdentity, Order, OrderItem, OrderStage
from warmline.engine.customer.order_answers import OrderAnswers
from warmline.engine.customer.order_book import OrderBook
from warmline.store import SqlStore

ROOT = Path(__file__).resolve().parents[1]
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


async def lookup_cost(store: SqlStore, answers: OrderAnswers, *, count: int, runs: int = 200) -> dict[str, Any]:
    rng = random.Random(100)
    started = time.perf_counter()
    batch: list[Order] = []
    for n in range(count):
        created = NOW - timedelta(days=rng.randint(1, 2000))
        batch.append(Order(number=f"BX-{n:06d}", customer_id=None, email=f"b{n}@example.org", postcode="1021 AB",
                           created_at=created, paid_at=created, fulfilled_at=NOW - timedelta(days=1),
                           carrier="PostNL", tracking_url=f"https://t.example/{n}",
                           items=(OrderItem(title="Moss mug", price=28.0),), total=28.0))
        if len(batch) == 2000:
            await store.upsert_orders(batch)
            batch = []
    if batch:
        await store.upsert_orders(batch)
    loaded = time.perf_counter() - started
    customer, conversation = await _visitor(store, "timer")
    verified, plain = [], []
    for _ in range(runs):
        n = rng.randrange(count)
        t = time.perf_counter()
        await answers.respond(customer=customer, conversation=conversation,
                              text=f"has BX-{n:06d} shipped? b{n}@example.org")
        verified.append(time.perf_counter() - t)
        t = time.perf_counter()
        await answers.respond(customer=customer, conversation=conversation, text="do you ship to Belgium?")
        plain.append(time.perf_counter() - t)
    return {"orders_in_store": await store.count_orders(), "load_seconds": round(loaded, 1),
            "verified_lookup_ms_median": round(statistics.median(verified) * 1000, 2),
            "verified_lookup_ms_p90": round(sorted(verified)[int(runs * 0.9)] * 1000, 2),
            "no_order_message_ms_median": round(statistics.median(plain) * 1000, 3)}


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
            result["lookup"] = await lookup_cost(store, answers, count=args.orders)
        finally:
            await store.close()
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    outcome = asyncio.run(main(arguments))
    print(json.dumps(outcome, indent=2))
