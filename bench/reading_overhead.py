"""What reading a message costs on top of one knowledge search (issue 14): language, glossary, typos,
follow-ups, two questions, composition — timed in turns with a bare ``KnowledgeBase.search`` in one process.

    nice .venv/bin/python bench/reading_overhead.py --index /tmp/kbdemo [--rounds 3]

``--index`` is an index folder of the demo shop (made by the first run when missing: a few minutes).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from warmline.domain import KnowledgeError
from warmline.knowledge import KnowledgeBase, Reader, detect_language

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = ("how long does shipping take?", "how much is shipping to belgium", "do you ship to the UK?",
             "can I pay with PayPal?", "is the wool itchy?", "how lnog does shiping take",
             "Hoe lang duurt de verzending binnen Nederland?", "Wie viel kostet der Versand nach Deutschland?",
             "¿Puedo devolver un jersey?", "Quels sont vos horaires ?",
             "Do you offer gift wrapping? Also, how long does delivery take to Berlin?")
LANGUAGES = ("en", "nl", "de", "es", "fr")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    knowledge = KnowledgeBase(bot_name="demo-shop", knowledge_dir=REPO / "knowledge" / "demo-shop",
                              index_dir=args.index)
    try:
        knowledge.load()
    except KnowledgeError:  # no index yet: build it
        knowledge.ingest()
    reader = Reader(knowledge)
    bare: dict[str, list[float]] = {}
    read: dict[str, list[float]] = {}
    for _ in range(args.rounds + 1):  # the first round warms up and is dropped
        for question in QUESTIONS:
            language = detect_language(question, languages=LANGUAGES, default="en").code
            started = time.perf_counter()
            knowledge.search(question)
            middle = time.perf_counter()
            reader.read(question, language=language)
            done = time.perf_counter()
            bare.setdefault(question, []).append((middle - started) * 1000)
            read.setdefault(question, []).append((done - middle) * 1000)
    print(f"{'question':60} {'search ms':>10} {'read ms':>8}")
    for question in QUESTIONS:
        print(f"{question[:60]:60} {statistics.median(bare[question][1:]):>10.1f} "
              f"{statistics.median(read[question][1:]):>8.1f}")
    all_bare = [t for q in QUESTIONS for t in bare[q][1:]]
    all_read = [t for q in QUESTIONS for t in read[q][1:]]
    print(f"\nmedian over all: search {statistics.median(all_bare):.1f} ms, read {statistics.median(all_read):.1f} ms "
          f"({statistics.median(all_read) / statistics.median(all_bare):.2f}x)")


if __name__ == "__main__":
    main()
