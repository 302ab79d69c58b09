"""Ingest the demo shop's knowledge folder into a temporary index and show what ingest tuned.

    .venv/bin/python bench/knowledge_demo.py [knowledge folder] [question ...]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from warmline.knowledge import KnowledgeBase

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = ("how long does shipping take to austria", "can I return a sale item", "is the mug dishwasher safe",
             "size chart for cardigans", "do you sell shoes", "what's the weather like")


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "knowledge" / "demo-shop"
    questions = sys.argv[2:] or QUESTIONS
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(bot_name="demo", knowledge_dir=folder, index_dir=Path(tmp))
        report = kb.ingest()
        print(f"{report.passages} passages, {report.keys} keys, {report.seconds:.1f} s; threshold "
              f"{report.threshold:.3f}, margin {report.margin:.2f}, classifier {report.classifier}")
        print(f"cross-validation: MCC {report.cv_mcc}, in-scope accuracy {report.cv_inscope_accuracy}, "
              f"OOS recall {report.cv_oos_recall} ({report.note})")
        for question in questions:
            result = kb.search(question)
            best = result.best
            verdict = "ambiguous" if result.ambiguous else ("answer" if result.in_scope else "no answer")
            print(f"{question!r}: {verdict} {result.confidence:.2f} <- {best.passage.citation if best else '-'}")


if __name__ == "__main__":
    main()
