"""search() latency at 30, 300 and 3,000 FAQ entries, next to the floor measured in the same run.

Floor = embed one query + the nearest-key search search() runs (``dense_hits``: in memory up to 10,000 keys,
a Chroma query above; the two things search() cannot avoid). Entries are
built from CLINC150 training sentences (a question and two phrasings each); queries are 300 CLINC150
validation sentences, each timed as floor then search(), interleaved so both see the same machine.

    .venv/bin/python bench/knowledge_latency.py [sizes ...]
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml
from knowledge_data import datasets_dir

from warmline.knowledge import KnowledgeBase


def entries(n: int, data: dict) -> list[dict]:
    by_intent: dict[str, list[str]] = {}
    for text, intent in data["train"]:
        by_intent.setdefault(intent, []).append(text)
    intents = sorted(by_intent)
    out = []
    for i in range(n):
        texts = by_intent[intents[i % len(intents)]]
        j = (i // len(intents)) * 3
        out.append({"question": texts[j], "answer": f"answer {i}", "phrasings": texts[j + 1:j + 3]})
    return out


def pct(values: list[float], q: float) -> float:
    return 1000 * float(np.percentile(values, q))


def main() -> None:
    sizes = [int(s) for s in sys.argv[1:]] or [30, 300, 3000]
    data = json.loads((datasets_dir() / "clinc150" / "data_full_train_val.json").read_text())
    queries = [text for text, _ in data["val"][::10]][:300]
    print("entries  keys  ingest_s | search median  p99 | floor median  p99 | ratio of medians")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "knowledge"
            folder.mkdir()
            (folder / "faq.yaml").write_text(yaml.safe_dump({"entries": entries(n, data)}), encoding="utf-8")
            kb = KnowledgeBase(bot_name=f"latency{n}", knowledge_dir=folder, index_dir=Path(tmp) / "index")
            report = kb.ingest()
            for q in queries[:20]:  # warm up caches and lazy imports
                kb.search(q)
            floor, search = [], []
            for q in queries:
                started = time.perf_counter()
                kb.dense_hits(kb.embed_query(q))
                floor.append(time.perf_counter() - started)
                started = time.perf_counter()
                kb.search(q)
                search.append(time.perf_counter() - started)
            print(f"{n:7} {report.keys:5} {report.seconds:9.1f} | {pct(search, 50):10.2f} ms {pct(search, 99):5.2f} "
                  f"| {pct(floor, 50):9.2f} ms {pct(floor, 99):5.2f} | "
                  f"{statistics.median(search) / statistics.median(floor):.2f}x", flush=True)


if __name__ == "__main__":
    main()
