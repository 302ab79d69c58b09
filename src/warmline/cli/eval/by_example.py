"""The signals read by example next to the keyword baseline, in one run (``warmline eval handoff|emotion``).

Three predictions per message: *keywords* (the lexicon alone, as before), *examples* (the embedding
classifier trained on the shipped examples only, ``signals/_examples.py``) and *combined* (what the
pipeline uses: ``compute_signals`` with the classifier). The public data sets are English; the per-language
figures come from ``bench/signals/multilingual.tsv``, written for this project.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from warmline.domain import Thresholds
from warmline.knowledge import MiniLMEmbeddings
from warmline.signals import (
    ExampleSignals,
    MessageReading,
    emotion_signal,
    wants_human_signal,
    with_upset,
    with_wish,
)

from .signals import BinaryScores, datasets_dir, load_goemotions, load_handoff

__all__ = [
    "Comparison",
    "compare",
    "emotion_comparisons",
    "format_comparison",
    "handoff_comparisons",
    "load_multilingual",
    "per_language",
    "read_all",
]

MULTILINGUAL_SET = Path("bench/signals/multilingual.tsv")
# The pipeline's cuts for "the classifier decides" (signals/_by_example.py).
_WISH_P, _UPSET_P = 0.9, 0.8


@dataclass(frozen=True, slots=True)
class Comparison:
    """One slice of data (a data set or a language): keywords, examples, combined."""

    name: str
    keywords: BinaryScores
    examples: BinaryScores
    combined: BinaryScores

    def as_json(self) -> dict[str, Any]:
        """A plain dict for ``--json``."""
        return {"name": self.name, "keywords": asdict(self.keywords), "examples": asdict(self.examples),
                "combined": asdict(self.combined)}


def read_all(texts: Sequence[str]) -> list[MessageReading]:
    """Every text read by the shipped-example classifier (one embedding batch)."""
    model = MiniLMEmbeddings()
    signals = ExampleSignals(embed=lambda batch: model.embed_array(list(batch)))
    vectors = model.embed_array(list(texts))
    return [signals.read_vector(text, vector) for text, vector in zip(texts, vectors, strict=True)]


def compare(name: str, *, kind: str, texts: Sequence[str], labels: Sequence[bool],
            readings: Sequence[MessageReading]) -> Comparison:
    """Scores of the three predictions for ``kind`` ("handoff" or "emotion") on these labelled texts."""
    thresholds = Thresholds()
    keywords: list[bool] = []
    combined: list[bool] = []
    examples: list[bool] = []
    for text, reading in zip(texts, readings, strict=True):
        general = reading.general
        if kind == "handoff":
            words = wants_human_signal(text=text)
            keywords.append(words.score >= thresholds.wants_human)
            examples.append(general.label == "wants_human" and general.probability >= _WISH_P)
            combined.append(with_wish(words, reading).score >= thresholds.wants_human)
        else:
            emotion = emotion_signal(text=text)
            keywords.append(emotion.score >= thresholds.fast_lane_emotion)
            examples.append(general.label == "upset" and general.probability >= _UPSET_P)
            combined.append(with_upset(emotion, reading).score >= thresholds.fast_lane_emotion)
    return Comparison(name=name, keywords=BinaryScores.of(labels, keywords),
                      examples=BinaryScores.of(labels, examples), combined=BinaryScores.of(labels, combined))


def load_multilingual(path: Path = MULTILINGUAL_SET) -> list[tuple[str, str, str]]:
    """(language, label, text) rows of the per-language set; ``#`` lines are comments."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        return [(row[0], row[1], row[2]) for row in csv.reader(lines, delimiter="\t")]


def per_language(*, kind: str, path: Path = MULTILINGUAL_SET) -> list[Comparison]:
    """The three predictions per language on the per-language set (label ``wants_human`` or ``upset``)."""
    rows = load_multilingual(path)
    readings = read_all([text for _, _, text in rows])
    wanted = "wants_human" if kind == "handoff" else "upset"
    out: list[Comparison] = []
    for language in dict.fromkeys(language for language, _, _ in rows):
        picked = [(text, label == wanted, reading) for (lang, label, text), reading in zip(rows, readings,
                                                                                           strict=True)
                  if lang == language]
        out.append(compare(language, kind=kind, texts=[p[0] for p in picked], labels=[p[1] for p in picked],
                           readings=[p[2] for p in picked]))
    return out


def format_comparison(title: str, rows: Sequence[Comparison]) -> str:
    """One block: per slice, keywords / examples / combined."""
    lines = [title]
    for row in rows:
        for name, scores in (("keywords", row.keywords), ("examples", row.examples), ("combined", row.combined)):
            lines.append(f"{row.name + ' ' + name:<18} P {scores.precision:.3f}  R {scores.recall:.3f}  "
                         f"F1 {scores.f1:.3f}  {scores.true_positives}/{scores.predicted} of "
                         f"{scores.positives}/{scores.examples}")
    return "\n".join(lines)


def handoff_comparisons(root: Path | None = None) -> list[Comparison]:
    """NLU++ + Bitext (together and apart), then each language of the per-language set."""
    rows = load_handoff(datasets_dir(root))
    readings = read_all([text for text, _, _ in rows])
    slices = [("all", lambda source: True), ("nlupp", lambda source: source == "nlupp"),
              ("bitext", lambda source: source == "bitext")]
    out = []
    for name, keep in slices:
        picked = [(row, reading) for row, reading in zip(rows, readings, strict=True) if keep(row[2])]
        out.append(compare(name, kind="handoff", texts=[r[0] for r, _ in picked], labels=[r[1] for r, _ in picked],
                           readings=[reading for _, reading in picked]))
    return out + per_language(kind="handoff")


def emotion_comparisons(root: Path | None = None, *, split: str = "dev") -> list[Comparison]:
    """GoEmotions ``split``, then each language of the per-language set."""
    rows = load_goemotions(datasets_dir(root), split=split)
    texts = [text for text, _ in rows]
    goemotions = compare(f"goemotions/{split}", kind="emotion", texts=texts, labels=[u for _, u in rows],
                         readings=read_all(texts))
    return [goemotions, *per_language(kind="emotion")]
