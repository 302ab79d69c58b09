"""Case types read in the customer's language: the demo shop's cases in Dutch, German, Spanish and French.

Reads each message of ``bench/signals/cases-multilingual.tsv`` (written for this project, held out from any
tuning) the way a turn does — the word-based complexity signal with the case types read by example on the
knowledge's embedding model — and prints, per language, how many got the right case type (or none), and
how many ordinary questions were opened as a case. Needs the demo shop's index, e.g. the one
``bench/questions.py --data DIR`` builds.

    nice .venv/bin/python bench/case_types_languages.py --data /tmp/wq-data [--show-misses]
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from warmline.config import load_bot
from warmline.domain import Customer, SignalKind
from warmline.knowledge import KnowledgeBase, load_glossary
from warmline.signals import ExampleSignals, compute_signals

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "bench" / "signals" / "cases-multilingual.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a data dir with the demo shop's index")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    bot = load_bot(REPO / "bots" / "demo-shop.yaml")
    knowledge = KnowledgeBase(bot_name=bot.name, knowledge_dir=REPO / "knowledge" / "demo-shop",
                              index_dir=args.data / "index" / bot.name)
    knowledge.load()
    examples = ExampleSignals(embed=knowledge.embed_texts, case_types=bot.case_types)
    glossary = load_glossary(bot.phrasebook.glossary())
    rows = [line.rstrip("\n").split("\t") for line in CASES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    opened_on_a_question = 0
    for language, expected, text in rows:
        signals = compute_signals(text=text, history=(), customer=Customer(id="bench"), bot=bot,
                                  now=datetime.now(UTC), examples=examples,
                                  english=glossary.to_english(text, language))  # as a turn reads it
        complexity = signals.get(SignalKind.COMPLEXITY)
        # a case is opened (the turn waits for a person) at the bot file's delay_complexity, as in the app
        opened = complexity is not None and complexity.score >= bot.thresholds.delay_complexity
        got = complexity.label if opened and complexity is not None and complexity.label else "none"
        total[language] += 1
        right[language] += got == expected
        opened_on_a_question += expected == "none" and got != "none"
        if got != expected and args.show_misses:
            print(f"  [{language}] expected {expected}, read {got}: {text!r}")
    for language in total:
        print(f"{language}: {right[language]}/{total[language]} right")
    print(f"all: {sum(right.values())}/{len(rows)} right; ordinary questions opened as a case: "
          f"{opened_on_a_question}/{sum(1 for row in rows if row[1] == 'none')}")


if __name__ == "__main__":
    main()
