"""Soak: thousands of customer messages over minutes, across channels, with the platforms misbehaving.

Runs the whole service in-process (``Services`` + the FastAPI app over ASGI) against local fakes of
the Telegram Bot API and Meta's Graph API (Messenger, Instagram, WhatsApp), plus the direct HTTP API
as the web channel. Customers write concurrently; each customer's messages are sent one after the
other, and each customer asks distinct questions, so every reply can be matched to its question.
Platform webhooks are sometimes delivered twice (as platforms do on a slow acknowledgement). While
it runs, the fakes answer some sends with 500/502, some with 429 + Retry-After, and stall some
longer than the delivery timeout (a timeout).

At the end it waits for the outbox to drain and prints throughput and, per channel, the replies the
store queued against what reached the fakes: lost, duplicated and out-of-order (all must be 0), plus
customer messages stored twice or never answered. Exit status 1 if any is not 0.

    .venv/bin/python bench/soak.py            # ~3000 messages, a few minutes
    .venv/bin/python bench/soak.py --quick    # ~400 messages, under a minute
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import logging
import random
import socket
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests._shop import write_test_bot
from tests.channels import fake_graph, fake_telegram

from warmline.config import Settings
from warmline.runtime.services import Services
from warmline.web import create_app

APP_SECRET = "soak-app-secret-0123"
QUESTIONS = ("how long does shipping take?", "can I pay with paypal?", "when are you open?",
             "do you ship to the US?", "can I return an item?")
CHANNELS = ("telegram", "messenger", "instagram", "whatsapp", "web")
LEASE_SECONDS = 6.0  # so a stalled send (a timeout) is given up after 2 s and retried


def _text_of(body: Any) -> str:
    """The visible text of a Graph API send (Messenger/Instagram ``message.text``, WhatsApp ``text.body``)."""
    if isinstance(body, dict):
        for key in ("text", "body", "message"):
            value = body.get(key)
            if isinstance(value, str):
                return value
            found = _text_of(value)
            if found:
                return found
        return _text_of(body.get("interactive"))
    return ""


class RecordingGraph(fake_graph.FakeGraph):
    """The Graph fake, also noting which requests it answered 200 (only those delivered anything)."""

    def __init__(self) -> None:
        super().__init__()
        self.ok: list[bool] = []

    async def _handle(self, request: Any) -> Any:
        index = len(self.requests)
        self.ok.append(False)
        response = await super()._handle(request)
        self.ok[index] = response.status_code == 200
        return response


@contextlib.asynccontextmanager
async def running_graph() -> AsyncIterator[RecordingGraph]:
    """Serve a ``RecordingGraph`` on 127.0.0.1 (as ``fake_graph.running_fake_graph`` does)."""
    fake = RecordingGraph()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    fake.url = f"http://127.0.0.1:{sock.getsockname()[1]}/v21.0"
    config = uvicorn.Config(fake.app, log_level="critical", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event for "started"
        await asyncio.sleep(0.01)
    try:
        yield fake
    finally:
        server.should_exit = True
        await task


class Customer:
    """One customer on one channel: distinct questions, sent one after the other."""

    def __init__(self, channel: str, number: int, messages: int) -> None:
        self.channel = channel
        self.sender = f"{1_000_000 + number}" if channel != "whatsapp" else f"3161{number:07d}"
        questions = list(QUESTIONS)
        random.shuffle(questions)
        self.questions = questions[:messages]


class Soak:
    """Drives customers at the app and injects faults at the fakes."""

    def __init__(self, client: httpx.AsyncClient, tg: fake_telegram.FakeTelegram, graph: RecordingGraph,
                 *, duplicate_rate: float) -> None:
        self.client, self.tg, self.graph = client, tg, graph
        self.duplicate_rate = duplicate_rate
        self.web_unanswered = 0  # web chat messages whose response carried no reply
        self.sent = Counter[str]()
        self.faults = Counter[str]()
        self.ids = itertools.count(1)

    async def post(self, customer: Customer, text: str) -> None:
        n = next(self.ids)
        if customer.channel == "web":
            response = await self.client.post("/api/v1/messages", json={"customer_id": customer.sender, "text": text})
            response.raise_for_status()
            self.web_unanswered += not response.json()["replies"]
            return
        if customer.channel == "telegram":
            request = fake_telegram.make_text_update(int(customer.sender), text, message_id=n, update_id=n)
            path = "/webhooks/telegram"
        else:
            request = fake_graph.signed_request(APP_SECRET, fake_graph.text_event(
                customer.channel, customer.sender, text, f"mid.soak{n}", timestamp_ms=int(time.time() * 1000)))
            path = "/webhooks/meta"
        for _ in range(2 if random.random() < self.duplicate_rate else 1):  # a platform retrying its webhook
            response = await self.client.post(path, content=request.body, headers=dict(request.headers))
            response.raise_for_status()

    async def customer(self, customer: Customer) -> None:
        for question in customer.questions:
            await self.post(customer, question)
            self.sent[customer.channel] += 1

    async def faults_loop(self, stop: asyncio.Event) -> None:
        """Every so often: a 500/502, a 429 with Retry-After, or a stall past the send timeout."""
        while not stop.is_set():
            await asyncio.sleep(random.uniform(0.1, 0.4))
            # At most one fault waiting per fake, so faults track the traffic instead of piling up.
            tg_free = not self.tg._failures.get("sendMessage")
            graph_free = not self.graph._script
            kinds = [k for k, free in (("tg500", tg_free), ("tg429", tg_free), ("graph500", graph_free),
                                       ("graph429", graph_free), ("graph_timeout", graph_free)) if free]
            if not kinds:
                continue
            kind = random.choice(kinds)
            if kind == "tg500":
                self.tg.fail_next("sendMessage", status=502)
            elif kind == "tg429":
                self.tg.fail_next("sendMessage", status=429, retry_after=1)
            elif kind == "graph500":
                self.graph.fail_next(500, code=2, message="temporary")
            elif kind == "graph429":
                self.graph.fail_next(429, code=4, message="rate limited", headers={"Retry-After": "1"})
            else:  # the platform times out: no answer before our send timeout, then a 504
                self.graph._script.append(fake_graph._Scripted(504, {"error": {"message": "timeout", "code": 2}},
                                                               delay=LEASE_SECONDS / 3 + 1))
            self.faults[kind] += 1


def _delivered(tg: fake_telegram.FakeTelegram, graph: RecordingGraph) -> dict[str, list[str]]:
    """What reached each recipient, in arrival order (successful sends only)."""
    out: dict[str, list[str]] = defaultdict(list)
    for call in tg.calls_to("sendMessage"):
        if call.status == 200:
            out[str(call.params["chat_id"])].append(call.params["text"])
    for request, ok in zip(graph.requests, graph.ok, strict=False):
        body = request.json if isinstance(request.json, dict) else {}
        if not ok or request.method != "POST" or "sender_action" in body or not request.path.endswith("/messages"):
            continue
        out[str(body.get("to") or body.get("recipient", {}).get("id"))].append(_text_of(body))
    return out


def _compare(expected: list[str], delivered: list[str]) -> tuple[int, int, int]:
    """(lost, duplicated, out of order) for one recipient."""
    seen: list[int] = []
    duplicated = 0
    for text in delivered:
        index = next((i for i, e in enumerate(expected) if e[:40] in text), None)
        if index is None or index in seen:
            duplicated += 1
            continue
        seen.append(index)
    lost = len(expected) - len(seen)
    out_of_order = sum(1 for a, b in itertools.pairwise(seen) if b < a)
    return lost, duplicated, out_of_order


async def run(messages: int, concurrency: int, duplicate_rate: float) -> int:
    logging.basicConfig(level=logging.ERROR)
    root = Path(tempfile.mkdtemp(prefix="warmline-soak-"))
    bot = write_test_bot(root)
    database = root / "soak.sqlite3"
    async with fake_telegram.FakeTelegram() as tg, running_graph() as graph:
        settings = Settings(
            bot=bot, data_dir=root / "data", database_url=f"sqlite:///{database}",
            telegram_token=fake_telegram.TOKEN, telegram_secret=fake_telegram.SECRET, telegram_api_url=tg.api_url,
            meta_app_secret=APP_SECRET, meta_verify_token="verify-me-soak", meta_page_token="PAGE-TOKEN-SOAK",
            meta_api_url=graph.url, whatsapp_token="WA-TOKEN-SOAK", whatsapp_phone_id=fake_graph.PHONE_NUMBER_ID,
            delivery_lease_seconds=LEASE_SECONDS, rate_limit_per_customer=0, rate_limit_per_source=0)
        services = await Services.start(settings)
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(services=services)),
                                   base_url="http://warmline.soak", timeout=60)
        soak = Soak(client, tg, graph, duplicate_rate=duplicate_rate)
        per_customer = len(QUESTIONS)
        customers = [Customer(CHANNELS[n % len(CHANNELS)], n, per_customer)
                     for n in range(-(-messages // per_customer))]
        queue: asyncio.Queue[Customer] = asyncio.Queue()
        for customer in customers:
            queue.put_nowait(customer)

        async def worker() -> None:
            while not queue.empty():
                await soak.customer(queue.get_nowait())

        stop = asyncio.Event()
        faults = asyncio.create_task(soak.faults_loop(stop))
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        accepted = time.perf_counter() - started
        stop.set()
        await faults
        while _undelivered(database):  # noqa: ASYNC110 - polling the database, nothing to wait on
            await asyncio.sleep(0.25)
        drained = time.perf_counter() - started
        await client.aclose()
        await services.stop()
        delivered = _delivered(tg, graph)

    expected = _queued(database)
    total_sent = sum(soak.sent.values())
    rows = []
    totals = Counter[str]()
    for channel in CHANNELS:
        lost = duplicated = out_of_order = 0
        if channel == "web":  # answered in the HTTP response itself (no outbox): lost = a turn with no reply
            lost = soak.web_unanswered
        for customer in (c for c in customers if c.channel == channel and channel != "web"):
            result = _compare(expected.get(customer.sender, []), delivered.get(customer.sender, []))
            lost, duplicated, out_of_order = lost + result[0], duplicated + result[1], out_of_order + result[2]
        rows.append((channel, soak.sent[channel], lost, duplicated, out_of_order))
        totals.update(lost=lost, duplicated=duplicated, out_of_order=out_of_order)
    stored_twice, unanswered, parked, retried = _inbound_checks(database)
    print(f"soak: {total_sent} customer messages ({len(customers)} customers, {concurrency} at a time, "
          f"{duplicate_rate:.0%} of webhooks delivered twice)")
    print(f"faults injected at the fakes: {dict(sorted(soak.faults.items()))}")
    print(f"accepted in {accepted:.1f} s ({total_sent / accepted:.1f} msg/s); outbox drained at {drained:.1f} s "
          f"({total_sent / drained:.1f} msg/s end to end); {retried} delivery attempts retried, {parked} parked")
    print(f"{'channel':<10} {'messages':>8} {'lost':>5} {'dup':>5} {'order':>6}")
    for channel, sent, lost, duplicated, out_of_order in rows:
        print(f"{channel:<10} {sent:>8} {lost:>5} {duplicated:>5} {out_of_order:>6}")
    print(f"totals: lost {totals['lost']}, duplicated {totals['duplicated']}, out of order {totals['out_of_order']}; "
          f"customer messages stored twice {stored_twice}, never answered {unanswered}")
    bad = totals["lost"] + totals["duplicated"] + totals["out_of_order"] + stored_twice + unanswered + parked
    return 1 if bad else 0


def _rows(database: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as connection:
        return list(connection.execute(sql))


def _undelivered(database: Path) -> int:
    return int(_rows(database, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND NOT parked")[0][0])


def _queued(database: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for (raw,) in _rows(database, "SELECT message FROM outbox ORDER BY seq"):
        message = json.loads(raw)
        out[str(message["recipient_id"])].append(message["text"])
    return out


def _inbound_checks(database: Path) -> tuple[int, int, int, int]:
    twice = _rows(database, "SELECT COUNT(*) FROM (SELECT external_id FROM messages WHERE external_id IS NOT NULL "
                            "GROUP BY channel, external_id HAVING COUNT(*) > 1)")[0][0]
    unanswered = _rows(database, "SELECT COUNT(*) FROM messages m WHERE m.author = 'customer' AND NOT EXISTS "
                                 "(SELECT 1 FROM decisions d WHERE d.message_id = m.id)")[0][0]
    parked = _rows(database, "SELECT COUNT(*) FROM outbox WHERE parked")[0][0]
    retried = _rows(database, "SELECT COALESCE(SUM(attempts - 1), 0) FROM outbox WHERE delivered_at IS NOT NULL")[0][0]
    return int(twice), int(unanswered), int(parked), int(retried)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=48, help="customers writing at the same time")
    parser.add_argument("--duplicates", type=float, default=0.05, help="share of webhooks delivered twice")
    parser.add_argument("--quick", action="store_true", help="400 messages, for a smoke run")
    args = parser.parse_args()
    messages = 400 if args.quick else args.messages
    sys.exit(asyncio.run(run(messages, args.concurrency, args.duplicates)))


if __name__ == "__main__":
    main()
