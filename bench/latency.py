"""Latency of simple questions through the whole service, next to the bare retrieval floor.

Runs ``warmline ingest`` and ``warmline serve`` (the demo bot by default) in a temporary data dir on
127.0.0.1, warms up, then times N sequential ``POST /api/v1/messages`` with simple questions; half of
them come from a new customer (a new conversation), the rest from one returning customer. After the
server stops, the same run measures the floor in-process: embedding one query with
``warmline.knowledge.MiniLMEmbeddings`` plus one vector search in the Chroma collection the ingest
wrote. Prints median and p99 of both, their ratio (quality bar: under 2x) and the server's resident
memory after the run (quality bar: under 400 MB).

    .venv/bin/python bench/latency.py [--requests 300] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import REPO, BenchError, ServerProcess, run_ingest, server_env

# Simple questions the demo shop's knowledge answers (phrased as customers do, not as the FAQ does).
SIMPLE_QUESTIONS = (
    "how long does shipping take?",
    "how much is shipping?",
    "do you ship to the UK?",
    "can I pay with PayPal?",
    "do you sell gift cards?",
    "are your mugs dishwasher safe?",
    "is the wool itchy?",
    "do you do gift wrapping?",
    "can I pick up my order at the studio?",
    "how long do I have to return something?",
)
MEDIAN_BAR = 2.0  # DESIGN.md: median under 2x the floor
MEMORY_BAR_MB = 400.0


@dataclass
class Timings:
    """Latencies in milliseconds, with the figures the table shows."""

    samples_ms: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, float | int]:
        """count, median, p99, min, max (ms)."""
        ordered = sorted(self.samples_ms)
        if not ordered:
            return {"count": 0}
        p99 = ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]  # nearest rank
        return {"count": len(ordered), "median_ms": statistics.median(ordered), "p99_ms": p99,
                "min_ms": ordered[0], "max_ms": ordered[-1]}


@dataclass
class ServiceRun:
    """What the HTTP part of the run measured."""

    timings: Timings
    actions: Counter[str]
    errors: Counter[str]
    new_conversations: int
    stopped_early: bool
    rss_mb: float = 0.0
    peak_rss_mb: float = 0.0
    startup_s: float = 0.0
    ingest_s: float = 0.0
    by_question: dict[str, Counter[str]] = field(default_factory=dict)
    by_action: dict[str, Timings] = field(default_factory=dict)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--bot", type=Path, default=REPO / "bots" / "demo-shop.yaml")
    parser.add_argument("--requests", type=int, default=300, help="timed requests (default 300)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first (default 20)")
    parser.add_argument("--max-seconds", type=float, default=300,
                        help="stop timing requests after this long (default 300)")
    parser.add_argument("--k", type=int, default=5, help="passages per vector search in the floor")
    parser.add_argument("--question", action="append", dest="questions",
                        help="a question to ask (repeatable; default: a built-in list)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, help="keep the data here (default: a temp dir)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    return parser.parse_args(argv)


def _customer_id(rng: random.Random, regular: str) -> tuple[str, bool]:
    """Half the requests start a new conversation; the others continue one returning customer's."""
    if rng.random() < 0.5:
        return f"bench-{uuid.uuid4().hex[:12]}", True
    return regular, False


def _ask(client: httpx.Client, customer_id: str, text: str) -> tuple[float, str | None, str | None]:
    """POST one message: (milliseconds, decision action, error)."""
    started = time.perf_counter()
    try:
        response = client.post("/api/v1/messages", json={"customer_id": customer_id, "text": text})
    except httpx.HTTPError as exc:
        return (time.perf_counter() - started) * 1000, None, type(exc).__name__
    elapsed_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        return elapsed_ms, None, f"HTTP {response.status_code}"
    action = (response.json().get("decision") or {}).get("action")
    return elapsed_ms, str(action), None


class Floor:
    """The bare retrieval cost: embed one query + one Chroma vector search, in this process."""

    def __init__(self, index_root: Path, *, k: int) -> None:
        try:
            from warmline.knowledge import MiniLMEmbeddings
        except ImportError:  # not re-exported (yet)
            from warmline.knowledge.embeddings import MiniLMEmbeddings
        # Registers Warmline's Chroma embedding function by name (importing warmline.knowledge did, before).
        with contextlib.suppress(ImportError):
            import warmline.knowledge.chroma._function  # noqa: F401
        self.embeddings = MiniLMEmbeddings()
        self.collection = _open_collection(index_root)
        self.k = k
        self.timings = Timings()

    def once(self, question: str) -> float:
        """Milliseconds for one embedding + one search."""
        started = time.perf_counter()
        vector = self.embeddings.embed_query(question)
        self.collection.query(query_embeddings=[vector], n_results=self.k)
        return (time.perf_counter() - started) * 1000


def _open_collection(index_root: Path) -> Any:
    """The Chroma collection under <index_root>/<bot>/chroma (the largest, if there are several)."""
    import chromadb
    from chromadb.config import Settings

    paths = sorted(index_root.glob("*/chroma"))
    if not paths:
        raise BenchError(f"no Chroma index under {index_root}; did the ingest write one?")
    client = chromadb.PersistentClient(path=str(paths[0]), settings=Settings(anonymized_telemetry=False))
    collections = [client.get_collection(c if isinstance(c, str) else c.name)
                   for c in client.list_collections()]
    if not collections:
        raise BenchError(f"the Chroma index at {paths[0]} has no collection")
    return max(collections, key=lambda c: c.count())


def measure(args: argparse.Namespace, data_dir: Path, questions: list[str]) -> tuple[ServiceRun, Timings]:
    """Ingest, then time service requests and floor samples in turns, so both see the same machine
    load; read the server's memory; stop it."""
    env = server_env(data_dir)
    ingest_s = run_ingest(args.bot, env=env, log_path=data_dir / "ingest.log")
    # The floor reads its own copy of the index, so two processes never share one Chroma directory.
    shutil.copytree(data_dir / "index", data_dir / "floor-index")
    floor = Floor(data_dir / "floor-index", k=args.k)
    for question in questions * 3:  # warm up: model load, caches
        floor.once(question)
    rng = random.Random(args.seed)
    run = ServiceRun(Timings(), Counter(), Counter(), new_conversations=0, stopped_early=False,
                     ingest_s=ingest_s)
    with ServerProcess(bot=args.bot, env=env, log_path=data_dir / "serve.log") as server, \
            httpx.Client(base_url=server.base_url, timeout=30) as client:
        run.startup_s = server.startup_seconds
        for i in range(args.warmup):
            _ask(client, f"bench-warmup-{i % 3}", questions[i % len(questions)])
        deadline = time.perf_counter() + args.max_seconds
        for i in range(args.requests):
            if time.perf_counter() > deadline:
                run.stopped_early = True
                break
            question = questions[i % len(questions)]
            customer_id, is_new = _customer_id(rng, "bench-regular")
            run.new_conversations += is_new
            elapsed_ms, action, error = _ask(client, customer_id, question)
            floor.timings.samples_ms.append(floor.once(question))
            if error:
                run.errors[error] += 1
                continue
            run.timings.samples_ms.append(elapsed_ms)
            run.actions[action or "?"] += 1
            run.by_action.setdefault(action or "?", Timings()).samples_ms.append(elapsed_ms)
            run.by_question.setdefault(question, Counter())[action or "?"] += 1
        rss, peak = server.memory_kib()
        run.rss_mb, run.peak_rss_mb = rss / 1024, peak / 1024
    return run, floor.timings


def report(run: ServiceRun, floor: Timings, *, k: int) -> dict[str, Any]:
    """Every figure of the run, as one JSON-able dict."""
    service, base = run.timings.summary(), floor.summary()
    answered = run.by_action.get("answer", Timings()).summary()

    def over_floor(summary: dict[str, Any]) -> float | None:
        if summary.get("median_ms") and base.get("median_ms"):
            return float(summary["median_ms"]) / float(base["median_ms"])
        return None

    ratio, answer_ratio = over_floor(service), over_floor(answered)
    return {
        "service": service, "floor": base, "median_ratio": ratio,
        "answer_median_ratio": answer_ratio,
        "service_by_action": {a: t.summary() for a, t in sorted(run.by_action.items())},
        # The bar is about instant answers: relayed or clarified requests do not count for it.
        "median_bar": MEDIAN_BAR, "median_ok": answer_ratio is not None and answer_ratio < MEDIAN_BAR,
        "floor_k": k,
        "rss_mb": run.rss_mb, "peak_rss_mb": run.peak_rss_mb, "memory_bar_mb": MEMORY_BAR_MB,
        "memory_ok": 0 < run.rss_mb < MEMORY_BAR_MB,
        "actions": dict(run.actions), "errors": dict(run.errors),
        "actions_by_question": {q: dict(c) for q, c in run.by_question.items()},
        "new_conversations": run.new_conversations, "stopped_early": run.stopped_early,
        "ingest_s": run.ingest_s, "startup_s": run.startup_s,
    }


def print_table(result: dict[str, Any]) -> None:
    def ms(summary: dict[str, Any], key: str) -> str:
        return f"{summary[key]:9.2f}" if key in summary else f"{'-':>9}"

    service, floor = result["service"], result["floor"]
    print(f"{'':34}{'n':>6}{'median ms':>11}{'p99 ms':>10}")
    print(f"{'POST /api/v1/messages (service)':34}{service['count']:>6}  "
          f"{ms(service, 'median_ms')}{ms(service, 'p99_ms')}")
    for action, summary in result["service_by_action"].items():
        print(f"{'  decision = ' + action:34}{summary['count']:>6}  "
              f"{ms(summary, 'median_ms')}{ms(summary, 'p99_ms')}")
    print(f"{'embed 1 query + 1 Chroma search':34}{floor['count']:>6}  "
          f"{ms(floor, 'median_ms')}{ms(floor, 'p99_ms')}")
    def times(ratio: float | None) -> str:
        return "n/a" if ratio is None else f"{ratio:.2f}x"

    verdict = "ok" if result["median_ok"] else "OVER"
    print(f"median / floor, all requests:      {times(result['median_ratio'])}")
    print(f"median / floor, decision = answer: {times(result['answer_median_ratio'])} "
          f"(bar < {MEDIAN_BAR:.0f}x: {verdict})")
    if result["actions"].get("relay"):
        print("note: a customer was handed to a person, so their later messages were relayed "
              "(no retrieval); see the decision rows")
    verdict = "ok" if result["memory_ok"] else "OVER"
    print(f"server memory after the run: {result['rss_mb']:.0f} MB resident, peak "
          f"{result['peak_rss_mb']:.0f} MB (bar < {MEMORY_BAR_MB:.0f} MB: {verdict})")
    print(f"decisions: {result['actions']}  errors: {result['errors'] or 0}  "
          f"new conversations: {result['new_conversations']}"
          + ("  (stopped early: --max-seconds reached)" if result["stopped_early"] else ""))
    not_answered = {q: a for q, a in result["actions_by_question"].items() if set(a) != {"answer"}}
    for question, actions in not_answered.items():
        print(f"  not always answered: {question!r} -> {actions}")
    print(f"ingest {result['ingest_s']:.1f} s, server ready in {result['startup_s']:.1f} s")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.bot = args.bot.resolve()
    questions = args.questions or list(SIMPLE_QUESTIONS)
    with tempfile.TemporaryDirectory(prefix="warmline-bench-") as tmp:
        data_dir = (args.data_dir or Path(tmp)).resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            run, floor = measure(args, data_dir, questions)
        except BenchError as exc:
            print(f"bench failed: {exc}", file=sys.stderr)
            return 2
    result = report(run, floor, k=args.k)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 1 if run.errors and not run.timings.samples_ms else 0


if __name__ == "__main__":
    sys.exit(main())
