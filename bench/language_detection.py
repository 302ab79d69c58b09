"""Which language each message is read in: function words alone, and with the character n-gram model.

Reads a TSV whose first column is the language and whose last is the text (``bench/signals/multilingual.tsv``
by default: 72 messages written for the signals, not used to build the detector) and prints, for both
readings, how many came out in the right language and which did not.

    .venv/bin/python bench/language_detection.py [FILE]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from unittest import mock

import warmline.knowledge.language._detect as detect
from warmline.knowledge import detect_language

REPO = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "nl", "de", "es", "fr")


def report(name: str, rows: list[tuple[str, str]]) -> None:
    wrong = []
    for language, text in rows:
        guess = detect_language(text, languages=LANGUAGES, default="en")
        if guess.code != language:
            wrong.append(f"  {language} read as {guess.code} (confidence {guess.confidence}): {text!r}")
    print(f"{name}: {len(rows) - len(wrong)}/{len(rows)} in the right language")
    print("\n".join(wrong))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=REPO / "bench" / "signals" / "multilingual.tsv")
    args = parser.parse_args()
    rows = [(line.split("\t")[0], line.split("\t")[-1]) for line in args.file.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    with mock.patch.object(detect, "_by_ngrams", return_value=None):
        report("function words only", rows)
    report("with the n-gram model", rows)


if __name__ == "__main__":
    main()
