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
from knowledge_hint3_grouped import BOTS, embed, grouped_figures, grouping


def sentences(bot: str) -> tuple[list[str], np.ndarray]:
    pairs = intents_module().read_intents(datasets_dir() / "hint3" / "v1" / "train" / f"{bot}_train.csv")
    return [s for s, _ in pairs], np.array([label for _, label in pairs])


def scored(bot: str, texts: list[str], labels: np.ndarray, vectors: np.ndarray) -> str:
    tuned, _, best_t, oracle = grouped_figures(bot, vectors=vectors, texts=texts, labels=labels,
                                               groups=grouping(texts, labels, embed(texts), 0.75))
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
