"""The tuning step of an ingest alone, at corpus sizes the model would take an hour to embed here.

The 100k-chunk ingest peaked at 7.2 GB in tuning (every held-out question scored against every key at
once). This runs only that step, as ``KnowledgeBase.ingest`` does: N keys' vectors (random unit vectors,
one FAQ question each, texts from ``knowledge_scaling``'s generator) are spooled to a file in batches,
then ``tune`` and the centroids read them back a block at a time. Each size runs in a fresh process;
it prints the peak memory (VmHWM) before and after tuning and the tuning time.

    nice .venv/bin/python bench/ingest_tuning_memory.py [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import rss_kib
from knowledge_scaling import _entry


def child(size: int) -> dict[str, Any]:
    import numpy as np

    from warmline.knowledge._tuning import tune
    from warmline.knowledge.ingest import VectorSpool, streaming_centroids

    rng = random.Random(8)
    texts = [_entry(rng, n)["question"] for n in range(size)]
    passage_of = np.arange(size)
    vectors = np.random.default_rng(8)
    with tempfile.TemporaryDirectory(prefix="warmline-tune-") as tmp:
        spool = VectorSpool(Path(tmp) / "v.f32", dimension=384)
        for start in range(0, size, 256):
            rows = vectors.normal(size=(min(256, size - start), 384)).astype(np.float32)
            spool.append(rows / np.linalg.norm(rows, axis=1, keepdims=True))
        before = rss_kib(os.getpid())[1]
        started = time.perf_counter()
        tuning = tune(vectors=spool, texts=texts, passage_of=passage_of, question_like=np.ones(size, dtype=bool),
                      n_passages=size, classifier=None)
        streaming_centroids(spool, passage_of, size)
        took = time.perf_counter() - started
        peak = rss_kib(os.getpid())[1]
    return {"keys": size, "tune_s": round(took, 1), "cv_questions": tuning.cv_questions,
            "peak_before_tuning_mb": round(before / 1024, 1), "peak_after_tuning_mb": round(peak / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child)))
        return 0
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run([sys.executable, __file__, "--child", str(size)], capture_output=True, text=True,
                              check=False)
        print(done.stdout.strip().splitlines()[-1] if done.returncode == 0 else done.stderr.strip()[-300:],
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
