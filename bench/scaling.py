"""Throughput, latency and memory of the embedded default (1 and 2 workers) and of PostgreSQL + Redis (1, 2, 4).

One run, one machine, same load for every configuration:

1. ``warmline ingest`` of the demo shop into a temporary data dir (the index every configuration reads).
2. Throwaway PostgreSQL and Redis on 127.0.0.1 (``bench/_infra.py``, the tests' own helpers).
3. For each configuration — ``embedded`` (SQLite, no Redis: what ``warmline serve`` runs on a fresh
   machine) with ``--embedded-workers`` 1 and 2 (several share events and ordering through the data dir),
   and ``pg+redis`` with ``--workers`` 1, 2 and 4 — start ``warmline serve``, warm every worker up,
   then run ``--clients`` concurrent closed-loop clients for ``--seconds``, each sending
   ``POST /api/v1/messages`` with simple questions (a new customer, on a new connection, every
   ``--turns`` messages). Records answered messages/s, p50/p99 latency, errors (no 200), the server's
   resident memory (all processes summed), and ``lost``: messages answered with 200 that their
   conversation does not hold when read back through ``GET /api/v1/conversations/{id}`` afterwards.
4. Memory per open conversation: on ``embedded`` ×1 and ``pg+redis`` ×1, open ``--sockets`` web-chat
   WebSockets (one conversation each, history received, one message answered) and divide the growth
   of resident memory by their number.

The load generator runs on the same 2 cores as the server, so the figures are lower bounds.

    .venv/bin/python bench/scaling.py [--seconds 20] [--clients 8] [--embedded-workers 1,2] [--workers 1,2,4]
                                      [--sockets 200] [--json]

``--json`` prints one JSON line per configuration (``msgs_per_s``, ``p50_ms``, ``p99_ms``, ``rss_mb``,
``lost`` among its fields).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _infra import throwaway_postgres, throwaway_redis
from _server import REPO, BenchError, ServerProcess, log_tail, run_ingest, server_env, warmline_command

QUESTIONS = ("how long does shipping take?", "how much is shipping?", "do you ship to the UK?",
             "can I pay with PayPal?", "do you sell gift cards?", "are your mugs dishwasher safe?",
             "do you do gift wrapping?", "how long do I have to return something?")


class Workers(ServerProcess):
    """``warmline serve --workers N`` (plain ``serve`` for one)."""

    def __init__(self, *, workers: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workers = workers

    def start(self) -> None:
        """Start the server with N workers and wait until ``/healthz`` answers."""
        import subprocess

        command = [*warmline_command(), "serve", "--bot", str(self.bot), "--host", "127.0.0.1",
                   "--port", str(self.port), *(["--workers", str(self.workers)] if self.workers > 1 else [])]
        started = time.perf_counter()
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(command, env=self.env, cwd=self.env["WARMLINE_DATA_DIR"],
                                             stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                             start_new_session=True)
        self._wait_ready(started)
        self.startup_seconds = time.perf_counter() - started


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class _KeepAlive:
    """One keep-alive HTTP/1.1 connection that POSTs JSON. The load generator shares the server's two
    cores, so it has to cost little: httpx spends about a millisecond of CPU a request, this a tenth."""

    def __init__(self, base: str) -> None:
        url = httpx.URL(base)
        self._host, self._port = url.host, url.port or 80
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self._host, self._port)
        reader, writer = self._streams
        payload = json.dumps(body).encode()
        writer.write(f"POST {path} HTTP/1.1\r\nHost: {self._host}:{self._port}\r\nContent-Type: application/json"
                     f"\r\nContent-Length: {len(payload)}\r\n\r\n".encode() + payload)
        status_line = await reader.readline()
        if not status_line:
            self.close()
            self._streams = None
            raise ConnectionResetError(f"POST {path}: the server closed the connection before answering")
        status = int(status_line.split()[1])
        length = None
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if length is None:
            raise BenchError(f"POST {path}: a response without Content-Length")
        return status, json.loads(await reader.readexactly(length))

    def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()


async def _load(base: str, *, clients: int, seconds: float, turns: int) -> dict[str, Any]:
    latencies: list[float] = []
    acknowledged: Counter[str] = Counter()  # conversation id -> messages answered with 200
    errors = closed = 0
    deadline = time.perf_counter() + seconds

    async def client(n: int) -> None:
        nonlocal errors, closed
        questions = itertools.cycle(QUESTIONS[n % len(QUESTIONS):] + QUESTIONS[:n % len(QUESTIONS)])
        http = _KeepAlive(base)
        sent = 0
        customer = f"bench-{uuid.uuid4().hex[:10]}"
        while time.perf_counter() < deadline:
            if sent and sent % turns == 0:  # a new customer is a new client: its own connection
                customer = f"bench-{uuid.uuid4().hex[:10]}"
                http.close()
                http = _KeepAlive(base)
            started = time.perf_counter()
            try:
                status, answer = await http.post("/api/v1/messages", {"customer_id": customer,
                                                                      "text": next(questions)})
            except (ConnectionError, asyncio.IncompleteReadError):  # counted, and the next message reconnects
                errors, closed, sent = errors + 1, closed + 1, sent + 1
                continue
            if status == 200:
                latencies.append(time.perf_counter() - started)
                acknowledged[answer["conversation_id"]] += 1
            else:
                errors += 1
            sent += 1
        http.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.perf_counter() - started
    return {"requests": len(latencies), "errors": errors, "closed": closed, "seconds": round(elapsed, 1),
            "rps": round(len(latencies) / elapsed, 1), "msgs_per_s": round(len(latencies) / elapsed, 1),
            "lost": await _lost(base, acknowledged),
            "p50_ms": round(1000 * _pct(latencies, 0.50), 1), "p99_ms": round(1000 * _pct(latencies, 0.99), 1),
            "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else None}


async def _lost(base: str, acknowledged: Counter[str]) -> int:
    """Messages answered with 200 that their conversation does not hold afterwards (the guarantee: stored
    before acknowledged). Every conversation of the run is read back through the API."""
    lost = 0
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        for conversation_id, answered in acknowledged.items():
            response = await http.get(f"/api/v1/conversations/{conversation_id}")
            response.raise_for_status()
            stored = sum(1 for m in response.json()["messages"] if m["author"] == "customer")
            lost += max(0, answered - stored)
    return lost


async def _sockets(port: int, count: int) -> list[Any]:
    opened = []
    for n in range(count):
        ws = await websockets.connect(f"ws://127.0.0.1:{port}/ws/chat?session_id=mem-{uuid.uuid4().hex[:8]}-{n}")
        await ws.recv()  # history
        await ws.send(json.dumps({"type": "message", "text": "how long does shipping take?", "client_id": "m"}))
        while json.loads(await ws.recv()).get("message", {}).get("author") != "bot":
            pass
        opened.append(ws)
    return opened


def _measure(name: str, *, workers: int, bot: Path, env: dict[str, str], logs: Path, args: argparse.Namespace,
             sockets: bool) -> dict[str, Any]:
    print(f"  {name} ×{workers} ...", file=sys.stderr, flush=True)
    with Workers(workers=workers, bot=bot, env=env, log_path=logs / f"{name}-{workers}.log",
                 startup_timeout=300) as server:
        # Warm every worker (each loads the embedding model on its first question).
        asyncio.run(_load(server.base_url, clients=4 * workers, seconds=args.warmup * workers, turns=3))
        result = asyncio.run(_load(server.base_url, clients=args.clients, seconds=args.seconds, turns=args.turns))
        if result["closed"]:  # why the server hung up is in its log
            print(f"  {result['closed']} connections closed by the server; its log ends:\n"
                  f"{log_tail(logs / f'{name}-{workers}.log', 40)}", file=sys.stderr)
        rss, peak = server.memory_kib()
        result.update(config=name, workers=workers, rss_mb=round(rss / 1024, 1), peak_mb=round(peak / 1024, 1),
                      startup_s=round(server.startup_seconds, 1))
        if sockets and args.sockets:
            async def hold() -> float:
                before = server.memory_kib()[0]
                opened = await _sockets(server.port, args.sockets)
                await asyncio.sleep(1.0)
                after = server.memory_kib()[0]
                for ws in opened:
                    await ws.close()
                return (after - before) / args.sockets

            result["kib_per_open_conversation"] = round(asyncio.run(hold()), 1)
    return result


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bot", type=Path, default=REPO / "bots" / "demo-shop.yaml")
    parser.add_argument("--seconds", type=float, default=20.0, help="load per configuration")
    parser.add_argument("--warmup", type=float, default=6.0, help="warm-up seconds per worker")
    parser.add_argument("--clients", type=int, default=8, help="concurrent closed-loop clients")
    parser.add_argument("--turns", type=int, default=4, help="messages per customer before a new one")
    parser.add_argument("--embedded-workers", default="1,2",
                        help="worker counts on the embedded default (SQLite, no Redis: events and ordering shared "
                             "through the data dir)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts on PostgreSQL + Redis ('' for none)")
    parser.add_argument("--sockets", type=int, default=200, help="open web-chat conversations for memory")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    bot = args.bot.resolve()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="warmline-scaling-") as tmp:
        root = Path(tmp)
        logs = root / "logs"
        logs.mkdir()
        print("ingest ...", file=sys.stderr, flush=True)
        base_env = server_env(root / "data")
        (root / "data").mkdir()
        run_ingest(bot, env=base_env, log_path=logs / "ingest.log")
        # One client address sends everything: the per-source and per-customer rate limits would refuse it.
        unlimited = {"RATE_LIMIT_PER_SOURCE": "0", "RATE_LIMIT_PER_CUSTOMER": "0"}
        for workers in _counts(args.embedded_workers):  # a database of its own each
            embedded = server_env(root / "data", DATABASE_URL=f"sqlite:///{root / f'embedded-{workers}.sqlite3'}",
                                  **unlimited)
            results.append(_measure("embedded", workers=workers, bot=bot, env=embedded, logs=logs, args=args,
                                    sockets=workers == 1))
        if not _counts(args.workers):
            return _report(results, args)
        with throwaway_postgres() as postgres, throwaway_redis() as redis:
            for workers in _counts(args.workers):
                env = server_env(root / "data", DATABASE_URL=postgres, REDIS_URL=redis, **unlimited)
                results.append(_measure("pg+redis", workers=workers, bot=bot, env=env, logs=logs, args=args,
                                        sockets=workers == 1))
    return _report(results, args)


def _counts(text: str) -> list[int]:
    return [int(count) for count in text.split(",") if count.strip()]


def _report(results: list[dict[str, Any]], args: argparse.Namespace) -> int:
    if args.json:
        for r in results:  # one JSON line per configuration
            print(json.dumps(r))
        return 0
    print(f"{args.clients} clients × {args.seconds:.0f} s each, POST /api/v1/messages, simple questions")
    print(f"{'config':<10} {'workers':>7} {'msgs/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'lost':>5}"
          f" {'RSS MB':>7} {'KiB/open conv':>13}")
    for r in results:
        per_conv = r.get("kib_per_open_conversation", "")
        print(f"{r['config']:<10} {r['workers']:>7} {r['msgs_per_s']:>7} {r['p50_ms']:>8} {r['p99_ms']:>8}"
              f" {r['errors']:>6} {r['lost']:>5} {r['rss_mb']:>7} {per_conv!s:>13}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
