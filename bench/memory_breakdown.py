"""Where the demo server's resident memory goes: start-up, the first answer, and the embedding model's session.

Part 1 runs the app in-process on a data dir that already has the demo index (e.g. the one
``bench/questions.py --data DIR`` builds): VmRSS after start-up and after each of three messages.
Part 2 creates the bundled model's ONNX session in a fresh process per variant (graph optimisation
options), printing the session's RSS and the median of 100 single-query runs.

    nice .venv/bin/python bench/memory_breakdown.py --data /tmp/wq-data
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VARIANTS = {"as shipped": "", "constant folding off": "fold", "no graph optimisation": "none",
            "no prepacking": "prepack"}


def rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


async def server_steps(data: Path) -> None:
    os.environ["WARMLINE_DATA_DIR"] = str(data)
    os.environ.setdefault("WARMLINE_BOT", str(REPO / "bots" / "demo-shop.yaml"))
    os.environ.setdefault("WARMLINE_ADMIN_TOKEN", uuid.uuid4().hex)
    import httpx

    from warmline.web.factory import create_app

    print(f"imports: {rss_mb()} MB")
    app = create_app()
    async with app.router.lifespan_context(app):
        print(f"after start-up: {rss_mb()} MB")
        headers = {"Authorization": f"Bearer {os.environ['WARMLINE_ADMIN_TOKEN']}"}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
            for text in ("how long does shipping take?", "¿Envían a Estados Unidos?", "is the wool itchy?"):
                reply = await client.post("/api/v1/messages", json={"customer_id": uuid.uuid4().hex, "text": text},
                                          headers=headers)
                print(f"after {text!r} ({reply.json()['decision']['action']}): {rss_mb()} MB")


def session_variant(kind: str) -> None:
    import numpy as np
    import onnxruntime as ort

    from warmline.knowledge.embeddings import MiniLMEmbeddings, _default_model_path

    before = rss_mb()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if kind == "none":
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    if kind == "prepack":
        options.add_session_config_entry("session.disable_prepacking", "1")
    session = ort.InferenceSession(str(_default_model_path()), sess_options=options,
                                   providers=["CPUExecutionProvider"],
                                   disabled_optimizers=["ConstantFolding"] if kind == "fold" else None)
    grown = rss_mb() - before
    tokenizer = MiniLMEmbeddings()._model().tokenizer  # the shipped tokenizer settings
    names = {i.name for i in session.get_inputs()}
    times = []
    for i in range(101):
        encoded = tokenizer.encode_batch([f"how long does shipping take to country number {i}?"])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64)}
        if "token_type_ids" in names:
            feed["token_type_ids"] = np.zeros_like(ids)
        start = time.perf_counter()
        session.run(None, feed)
        times.append(time.perf_counter() - start)
    print(f"+{grown} MB, median {statistics.median(times[1:]) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a data dir with the demo index (part 1)")
    parser.add_argument("--session", choices=[*sorted(set(VARIANTS.values()) - {""}), "shipped"],
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.session:
        session_variant("" if args.session == "shipped" else args.session)
        return
    if args.data:
        asyncio.run(server_steps(args.data))
    for name, kind in VARIANTS.items():
        out = subprocess.run([sys.executable, __file__, "--session", kind or "shipped"], capture_output=True,
                             text=True, check=True).stdout.strip().splitlines()[-1]
        print(f"model session, {name}: {out}")


if __name__ == "__main__":
    main()
