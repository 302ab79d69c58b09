"""BANKING77 few-shot and CLINC150 through the real KnowledgeBase (ingest + search), one FAQ entry per intent.

    .venv/bin/python bench/knowledge_fewshot.py banking77 10     # dnnc_split/train_10 → valid
    .venv/bin/python bench/knowledge_fewshot.py banking77 5
    .venv/bin/python bench/knowledge_fewshot.py clinc150 20      # 20 training sentences per intent

Top-1 accuracy ignores the out-of-scope verdict (the few-shot literature's number); in-scope accuracy
counts a refused answer as wrong (HINT3's definition); OOS recall uses CLINC150's oos_val.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from knowledge_data import datasets_dir

from warmline.cli.eval.intents import label_as_answer
from warmline.knowledge import KnowledgeBase


def banking77(shots: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    root = datasets_dir() / "banking77" / "dnnc_split"

    def pairs(split: str) -> list[tuple[str, str]]:
        texts = (root / split / "seq.in").read_text(encoding="utf-8").splitlines()
        labels = (root / split / "label").read_text(encoding="utf-8").splitlines()
        return list(zip(texts, labels, strict=True))

    return pairs(f"train_{shots}"), pairs("valid")


def clinc150(per_intent: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    data = json.loads((datasets_dir() / "clinc150" / "data_full_train_val.json").read_text())
    rng = random.Random(5)
    by_intent: dict[str, list[str]] = {}
    for text, intent in data["train"]:
        by_intent.setdefault(intent, []).append(text)
    train = [(t, i) for i, texts in sorted(by_intent.items()) for t in rng.sample(texts, per_intent)]
    test = [(t, i) for t, i in data["val"]] + [(t, "oos") for t, _ in data["oos_val"]]
    return train, test


def run(train: list[tuple[str, str]], test: list[tuple[str, str]]) -> None:
    by_label: dict[str, list[str]] = {}
    for text, label in train:
        by_label.setdefault(label, []).append(text)
    entries = [{"question": texts[0], "answer": label_as_answer(label), "phrasings": texts[1:], "tags": [label]}
               for label, texts in by_label.items()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "knowledge"
        folder.mkdir()
        (folder / "intents.yaml").write_text(yaml.safe_dump({"entries": entries}), encoding="utf-8")
        kb = KnowledgeBase(bot_name="bench", knowledge_dir=folder, index_dir=Path(tmp) / "index")
        report = kb.ingest()
        print(f"ingest: {report.passages} entries, {report.keys} keys, {report.seconds:.1f} s, "
              f"threshold {report.threshold:.3f}, classifier {report.classifier}, cv MCC {report.cv_mcc}")
        top1 = answered_right = oos_total = oos_refused = inscope = 0
        times = []
        for text, label in test:
            started = time.perf_counter()
            result = kb.search(text)
            times.append(time.perf_counter() - started)
            predicted = result.best.passage.tags[0] if result.best else None
            if label == "oos":
                oos_total += 1
                oos_refused += not result.in_scope
                continue
            inscope += 1
            top1 += predicted == label
            answered_right += result.in_scope and predicted == label
    print(f"in-scope items {inscope}: top-1 accuracy {100 * top1 / inscope:.2f}%, "
          f"in-scope accuracy (refusals wrong) {100 * answered_right / inscope:.2f}%")
    if oos_total:
        print(f"out-of-scope items {oos_total}: recall {100 * oos_refused / oos_total:.1f}%")
    print(f"search median {1000 * statistics.median(times):.1f} ms")


def main() -> None:
    name, size = sys.argv[1], int(sys.argv[2])
    train, test = banking77(size) if name == "banking77" else clinc150(size)
    print(f"{name} {size}: {len(train)} training sentences, {len(test)} test items")
    run(train, test)


if __name__ == "__main__":
    main()
