"""HINT3 v2 (train sets only) by cross-validation, through `evaluate_intents` (the real search path).

Each of 5 folds holds out ~20% of every remaining intent's sentences (in-scope test items) and ~20% of
the intents whole (their sentences become NO_NODES_DETECTED test items); across the folds every intent
is hidden once. The knowledge base tunes itself by its own inner cross-validation on each fold's
training part only. Prints per-bot means over the folds next to the best published MCC (v1 test sets).

    .venv/bin/python bench/knowledge_hint3.py [bot ...]
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from knowledge_data import datasets_dir, intents_module

_intents = intents_module()
OUT_OF_SCOPE, evaluate_intents, read_intents = (_intents.OUT_OF_SCOPE, _intents.evaluate_intents,
                                                _intents.read_intents)

BOTS = ("sofmattress", "curekart", "powerplay11")
PUBLISHED_BEST_MCC = {"sofmattress": ("Dialogflow", 0.638), "curekart": ("Haptik", 0.603),
                      "powerplay11": ("Haptik", 0.425)}
FOLDS = 5


def folds(pairs: list[tuple[str, str]], seed: int = 7
          ) -> Iterator[tuple[list[tuple[str, str]], list[tuple[str, str]]]]:
    rng = random.Random(seed)
    labels = sorted({label for _, label in pairs})
    rng.shuffle(labels)
    hidden_of = {label: i % FOLDS for i, label in enumerate(labels)}
    fold_of_item: dict[int, int] = {}
    by_label: dict[str, list[int]] = {}
    for i, (_, label) in enumerate(pairs):
        by_label.setdefault(label, []).append(i)
    for items in by_label.values():
        rng.shuffle(items)
        offset = rng.randrange(FOLDS)
        for j, i in enumerate(items):
            fold_of_item[i] = (offset + j) % FOLDS
    for fold in range(FOLDS):
        train, test = [], []
        for i, (sentence, label) in enumerate(pairs):
            if hidden_of[label] == fold:
                test.append((sentence, OUT_OF_SCOPE))
            elif fold_of_item[i] == fold:
                test.append((sentence, label))
            else:
                train.append((sentence, label))
        yield train, test


def write(path: Path, pairs: list[tuple[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sentence", "label"])
        writer.writerows(pairs)
    return path


def run(bot: str) -> dict[str, float]:
    pairs = read_intents(datasets_dir() / "hint3" / "v2" / "train" / f"{bot}_train.csv")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, (train, test) in enumerate(folds(pairs)):
            result = evaluate_intents(train=write(Path(tmp) / f"train{n}.csv", train),
                                      test=write(Path(tmp) / f"test{n}.csv", test), work_dir=Path(tmp))
            results.append(result)
            print(f"  {bot} fold {n}: n={result.n} oos={result.n_oos} acc={result.accuracy:.3f} "
                  f"in={result.inscope_accuracy:.3f} oos_recall={result.oos_recall:.3f} "
                  f"mcc={result.mcc:.3f} thr={result.threshold:.2f} {result.ms_per_query:.1f} ms/q",
                  flush=True)
    return {name: statistics.mean(getattr(r, name) for r in results)
            for name in ("accuracy", "inscope_accuracy", "oos_recall", "mcc", "ms_per_query")}


def main() -> None:
    bots = sys.argv[1:] or BOTS
    rows = [(bot, run(bot)) for bot in bots]
    print("\nbot          acc   in-acc oos-rec  MCC   ms/q | best published MCC (v1 test)")
    for bot, m in rows:
        name, mcc = PUBLISHED_BEST_MCC[bot]
        print(f"{bot:12} {m['accuracy']:.3f} {m['inscope_accuracy']:.3f} {m['oos_recall']:.3f}  "
              f"{m['mcc']:.3f} {m['ms_per_query']:5.1f} | {name} {mcc:.3f}")


if __name__ == "__main__":
    main()
