"""Which evidence earns its place? HINT3 cross-validation (as knowledge_hint3.py) with parts switched off.

    .venv/bin/python bench/knowledge_ablation.py [bot ...]

Variants: full; no classifier (per-bot logistic regression off); no BM25 (lexical hits empty).
"""

from __future__ import annotations

import sys

import knowledge_hint3
import numpy as np

from warmline.knowledge import _scoring, _tuning


def no_lexical(self: _scoring.Lexical, queries: list[str], n: int = _scoring.N_LEXICAL) -> list[_scoring.Hits]:
    return [(np.array([], dtype=np.int64), np.array([])) for _ in queries]


def main() -> None:
    bots = sys.argv[1:] or knowledge_hint3.BOTS
    real_use, real_top = _tuning.classifier_strength, _scoring.Lexical.top
    variants = {
        "full": lambda: None,
        "no classifier": lambda: setattr(_tuning, "classifier_strength", lambda *a: None),
        "no BM25": lambda: setattr(_scoring.Lexical, "top", no_lexical),
    }
    rows = []
    for name, switch in variants.items():
        _tuning.classifier_strength = real_use
        setattr(_scoring.Lexical, "top", real_top)  # noqa: B010 - mypy forbids assigning a method
        switch()
        for bot in bots:
            m = knowledge_hint3.run(bot)
            rows.append((name, bot, m))
    print("\nvariant        bot          acc   in-acc oos-rec  MCC")
    for name, bot, m in rows:
        print(f"{name:14} {bot:12} {m['accuracy']:.3f} {m['inscope_accuracy']:.3f} {m['oos_recall']:.3f}  "
              f"{m['mcc']:.3f}")


if __name__ == "__main__":
    main()
