"""The HINT3 v1 grouped protocol through the product's own path: ingest, then ``KnowledgeBase.search``.

``knowledge_hint3_grouped.py`` scores at the numpy level and leaves out the ambiguity rule; this script
runs the same folds (same seed and near-duplicate groups) the way ``warmline eval intents`` does: each
fold's training part becomes a bot (one FAQ entry per intent), is ingested with the shipped tuning, and
every held-out sentence goes through ``search``; "no answer" predicts ``NO_NODES_DETECTED``. Out-of-scope
items are weighted to the real test sets' share, as in the grouped script. It also prints the figures with
the "ambiguous" verdicts (a question back between two answers) counted as no answer. ``--reader`` reads
each message as a conversation turn does instead of a bare ``search`` (``warmline eval intents
--as-a-turn``): small talk is never searched, and ``Reader`` applies its speller, its bar on words the
knowledge never uses, and its two-questions split.

    nice .venv/bin/python bench/knowledge_hint3_search.py [--answer-at-least 0.8 | 0] [--reader] [bot ...]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
from knowledge_data import datasets_dir, intents_module
from knowledge_hint3_grouped import BOTS, OOS, OOS_SHARE, embed, figures, fold_items, grouping

from warmline.domain import Thresholds
from warmline.knowledge import KnowledgeBase


def run(bot: str, answer_at_least: float, reader: bool) -> None:
    intents = intents_module()
    pairs = intents.read_intents(datasets_dir() / "hint3" / "v1" / "train" / f"{bot}_train.csv")
    texts = [sentence for sentence, _ in pairs]
    labels = np.array([label for _, label in pairs])
    truth: list[str] = []
    predicted: list[str] = []
    unsure: list[bool] = []  # answered only as one of two that together clear the threshold ("ambiguous")
    thresholds = []
    for train, test, fold_truth in fold_items(labels, grouping(texts, labels, embed(texts), 0.75)):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            intents._write_knowledge([pairs[i] for i in train], root / "knowledge")
            kb = KnowledgeBase(bot_name="hint3", knowledge_dir=root / "knowledge", index_dir=root / "index",
                               answer_at_least=answer_at_least)
            thresholds.append(kb.ingest().threshold)
            search = intents.searcher(kb, as_a_turn=reader)
            for i in test:
                found = search(texts[i])
                predicted.append(found.best.passage.tags[0] if found and found.in_scope and found.best else OOS)
                unsure.append(bool(found and found.ambiguous))
        truth += fold_truth
    truth_a, predicted_a = np.array(truth), np.array(predicted)
    inscope = truth_a != OOS
    share = OOS_SHARE[bot]
    weights = np.where(inscope, (1 - share) / inscope.sum(), share / (~inscope).sum())
    mcc, in_scope, oos_recall = figures(truth_a, predicted_a, weights)
    sure = figures(truth_a, np.where(unsure, OOS, predicted_a), weights)
    print(f"{bot:12} answer at least {answer_at_least}  threshold {np.mean(thresholds):.2f}: MCC {mcc:.3f} "
          f"in-scope {in_scope:.3f} OOS recall {oos_recall:.3f} | ambiguous ({np.mean(unsure):.2f}) as no answer: "
          f"MCC {sure[0]:.3f} in-scope {sure[1]:.3f} OOS recall {sure[2]:.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answer-at-least", type=float, default=Thresholds().answer_at_least,
                        help="the bot file's thresholds.answer_at_least (default: the shipped one; 0: by MCC alone)")
    parser.add_argument("--reader", action="store_true",
                        help="read each message as the product does (small talk, spelling, unknown words)")
    parser.add_argument("bots", nargs="*", default=list(BOTS))
    args = parser.parse_args()
    for bot in args.bots:
        run(bot, args.answer_at_least, args.reader)


if __name__ == "__main__":
    main()
