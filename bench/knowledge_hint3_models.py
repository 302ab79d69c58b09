"""Another embedding model under the grouped HINT3 v1 protocol (``knowledge_hint3_grouped.py``), side by side.

The folds and near-duplicate groups come from the shipped MiniLM vectors, so every model is scored on the
same held-out questions; tuning and scoring are the shipped ones, only the vectors change. The other
model's vectors are read from ``DIR/<bot>.npy`` (one L2-normalised row per train-CSV sentence, in file
order), made by whatever can run that model, e.g. sentence-transformers in a separate environment::

    python -c "import json,sys,numpy as np; from sentence_transformers import SentenceTransformer as S; \\
      m=S(sys.argv[1]); [np.save(f'{sys.argv[2]}/{b}.npy', m.encode(t, normalize_embeddings=True)) \\
      for b,t in json.load(open(sys.argv[3])).items()]" MODEL_DIR DIR texts.json

(``--texts texts.json`` writes the sentences per bot for that.) ``--concat`` also scores MiniLM and the other
model's vectors side by side in one vector.

    nice .venv/bin/python bench/knowledge_hint3_models.py --texts /tmp/texts.json
    nice .venv/bin/python bench/knowledge_hint3_models.py --vectors DIR [--concat] [bot ...]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from knowledge_data import datasets_dir, intents_module
from knowledge_hint3_grouped import BOTS, OOS, OOS_SHARE, embed, figures, fold_items, score_fold

from warmline.knowledge._tuning import near_duplicate_groups


def sentences(bot: str) -> tuple[list[str], np.ndarray]:
    pairs = intents_module().read_intents(datasets_dir() / "hint3" / "v1" / "train" / f"{bot}_train.csv")
    return [s for s, _ in pairs], np.array([label for _, label in pairs])


def scored(bot: str, texts: list[str], labels: np.ndarray, vectors: np.ndarray) -> str:
    base = embed(texts)
    names = sorted(set(labels.tolist()))
    groups = near_duplicate_groups(base, np.array([names.index(x) for x in labels]),
                                   np.ones(len(texts), dtype=bool), similarity=0.75)
    truth: list[str] = []
    tops: list[tuple[float, str, float]] = []
    for train, test, fold_truth in fold_items(labels, groups):
        threshold, fold_tops = score_fold(vectors, texts, labels, train, test, tune_group=None)
        truth += fold_truth
        tops += [(p, label, threshold) for p, label in fold_tops]
    truth_a = np.array(truth)
    inscope = truth_a != OOS
    share = OOS_SHARE[bot]
    weights = np.where(inscope, (1 - share) / inscope.sum(), share / (~inscope).sum())

    def at(threshold: float | None) -> np.ndarray:
        return np.array([label if p >= (t if threshold is None else threshold) else OOS for p, label, t in tops])

    tuned = figures(truth_a, at(None), weights)
    best_t = max(np.linspace(0, 1, 101), key=lambda t: figures(truth_a, at(float(t)), weights)[0])
    oracle = figures(truth_a, at(float(best_t)), weights)
    return (f"tuned: MCC {tuned[0]:.3f} in-scope {tuned[1]:.3f} OOS recall {tuned[2]:.3f} | "
            f"oracle t={best_t:.2f}: MCC {oracle[0]:.3f} in-scope {oracle[1]:.3f} OOS recall {oracle[2]:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, help="write the train sentences per bot to this JSON file and stop")
    parser.add_argument("--vectors", type=Path, help="folder with <bot>.npy of the other model")
    parser.add_argument("--concat", action="store_true", help="also score MiniLM and the other model together")
    parser.add_argument("bots", nargs="*", default=list(BOTS))
    args = parser.parse_args()
    if args.texts:
        args.texts.write_text(json.dumps({bot: sentences(bot)[0] for bot in args.bots}), encoding="utf-8")
        return
    if args.vectors is None:
        parser.error("--vectors DIR is needed (or --texts FILE to prepare it)")
    for bot in args.bots:
        texts, labels = sentences(bot)
        other = np.load(args.vectors / f"{bot}.npy").astype(np.float32)
        if other.shape[0] != len(texts):
            parser.error(f"{args.vectors / bot}.npy has {other.shape[0]} rows for {len(texts)} sentences")
        print(f"{bot:12} MiniLM    {scored(bot, texts, labels, embed(texts))}", flush=True)
        print(f"{bot:12} other     {scored(bot, texts, labels, other)}", flush=True)
        if args.concat:
            both = np.hstack([embed(texts), other])
            both /= np.linalg.norm(both, axis=1, keepdims=True)
            print(f"{bot:12} both      {scored(bot, texts, labels, both.astype(np.float32))}", flush=True)


if __name__ == "__main__":
    main()
