"""How knowledge grows: ingest time, query p50/p99 and memory at 1k, 10k and 100k chunks.

Each size runs in a fresh child process (so its memory is its own): it writes a synthetic FAQ of N
entries (one question and one answer each, from a fixed word list and a fixed seed, so every run
indexes the same text), ingests it with ``KnowledgeBase`` (the bundled embedding model, Chroma
embedded by default, or the server at ``--chroma-url``), then times ``--queries`` searches (half
rephrase an entry, half ask about nothing in it) and reads its resident memory (VmRSS, peak VmHWM).

    .venv/bin/python bench/knowledge_scaling.py [--sizes 1000,10000,100000] [--queries 200] [--json]

``--hashed-vectors`` swaps the model for deterministic pseudo-random unit vectors (one per text, from its
CRC32): the ingest's own memory and time (reading, batching, Chroma, spool, tuning) at sizes the model
would take an hour to embed on a shared machine. Its query times are not the product's (no model).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import rss_kib

PRODUCTS = ("mug", "scarf", "sweater", "blanket", "teapot", "bowl", "candle", "vase", "apron", "tote", "cushion",
            "plate", "jar", "rug", "lamp", "basket", "glove", "hat", "sock", "throw")
MATERIALS = ("wool", "linen", "cotton", "stoneware", "porcelain", "oak", "beeswax", "glass", "jute", "alpaca")
TOPICS = ("care", "washing", "sizing", "shipping", "returns", "warranty", "colours", "gift wrapping", "repairs",
          "stock", "pre-orders", "engraving", "materials", "origin", "packaging")
VERBS = ("wash", "clean", "store", "order", "return", "repair", "engrave", "wrap", "ship", "exchange")
OFF_TOPIC = ("do you sell bicycles?", "what is the capital of peru?", "can you fix my car?",
             "is it going to rain tomorrow?", "do you offer mortgages?", "how do I learn the violin?")


def _entry(rng: random.Random, n: int) -> dict[str, str]:
    product, material, topic, verb = (rng.choice(PRODUCTS), rng.choice(MATERIALS), rng.choice(TOPICS),
                                      rng.choice(VERBS))
    return {"question": f"How do I {verb} the {material} {product} model {n}? ({topic})",
            "answer": f"For the {material} {product} (model {n}): {verb} it following our {topic} guide; "
                      f"it takes {rng.randint(1, 14)} days and costs {rng.randint(0, 40)} euros."}


def _hashed_embeddings() -> Any:
    import zlib

    import numpy as np
    from langchain_core.embeddings import Embeddings

    class HashedEmbeddings(Embeddings):
        """A unit vector per text, seeded by its CRC32: no model, the same text gives the same vector."""

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            rows = np.array([np.random.default_rng(zlib.crc32(t.encode())).normal(size=384) for t in texts])
            return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).tolist()

        def embed_query(self, text: str) -> list[float]:
            return self.embed_documents([text])[0]

    return HashedEmbeddings()


def child(size: int, queries: int, chroma_url: str | None, hashed: bool = False) -> dict[str, Any]:
    """Ingest ``size`` chunks and time searches, in this process."""
    from warmline.knowledge import KnowledgeBase

    rng = random.Random(8)
    entries = [_entry(rng, n) for n in range(size)]
    with tempfile.TemporaryDirectory(prefix="warmline-kscale-") as tmp:
        folder = Path(tmp) / "knowledge"
        folder.mkdir()
        (folder / "faq.yaml").write_text(yaml.safe_dump({"entries": entries}), encoding="utf-8")
        base = KnowledgeBase(bot_name=f"scale-{size}", knowledge_dir=folder, index_dir=Path(tmp) / "index",
                             chroma_url=chroma_url, embeddings=_hashed_embeddings() if hashed else None)
        rss_before = rss_kib(_pid())[0]
        started = time.perf_counter()
        report = base.ingest()
        ingest_s = time.perf_counter() - started
        asked = [entries[rng.randrange(size)]["question"].replace("How do I", "how can i").rstrip("?")
                 if i % 2 == 0 else OFF_TOPIC[i % len(OFF_TOPIC)] for i in range(queries)]
        for question in asked[:10]:
            base.search(question)  # warm-up
        took = []
        for question in asked:
            t0 = time.perf_counter()
            base.search(question)
            took.append(time.perf_counter() - t0)
        took.sort()
        rss, peak = rss_kib(_pid())
    return {"chunks": size, "keys": report.keys, "ingest_s": round(ingest_s, 1),
            "per_1k_chunks_s": round(1000 * ingest_s / size, 1),
            "query_p50_ms": round(1000 * took[len(took) // 2], 2),
            "query_p99_ms": round(1000 * took[min(len(took) - 1, int(0.99 * len(took)))], 2),
            "rss_mb": round(rss / 1024, 1), "peak_mb": round(peak / 1024, 1),
            "rss_before_ingest_mb": round(rss_before / 1024, 1), "vectors": "hashed" if hashed else "model"}


def _pid() -> int:
    import os

    return os.getpid()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--chroma-url", default=None, help="a Chroma server instead of the embedded index")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per size")
    parser.add_argument("--hashed-vectors", action="store_true", help="no model: see the module docstring")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.queries, args.chroma_url, args.hashed_vectors)))
        return 0
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"  {size} chunks ...", file=sys.stderr, flush=True)
        command = [sys.executable, __file__, "--child", str(size), "--queries", str(args.queries),
                   *(["--chroma-url", args.chroma_url] if args.chroma_url else []),
                   *(["--hashed-vectors"] if args.hashed_vectors else [])]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, check=False)
        except subprocess.TimeoutExpired:
            results.append({"chunks": size, "error": f"not finished within {args.timeout:.0f} s"})
            continue
        if done.returncode != 0:
            results.append({"chunks": size, "error": done.stderr.strip().splitlines()[-1:]})
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'chunks':>7} {'ingest s':>9} {'s/1k':>6} {'p50 ms':>7} {'p99 ms':>7} {'RSS MB':>7} {'peak MB':>8}")
    for r in results:
        if "error" in r:
            print(f"{r['chunks']:>7}  {r['error']}")
            continue
        print(f"{r['chunks']:>7} {r['ingest_s']:>9} {r['per_1k_chunks_s']:>6} {r['query_p50_ms']:>7}"
              f" {r['query_p99_ms']:>7} {r['rss_mb']:>7} {r['peak_mb']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
