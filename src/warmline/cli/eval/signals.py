"""Measure the emotion and "wants a person" signals on public data sets (``warmline eval emotion|handoff``).

- Emotion: GoEmotions (Reddit comments). A comment is *upset* when any of its labels is anger, annoyance,
  disappointment, disapproval or disgust; we predict upset when the emotion score reaches the threshold.
  VADER alone (compound ≤ -0.05) is reported next to it as the baseline.
- Handoff: NLU++ (banking + hotels, intent ``handoff``) and Bitext (intent ``contact_human_agent``) against
  every other example of the same sets. Reported apart, as real shop-bot traffic: HINT3 v2 train (the
  bots' own ``CHAT_WITH_AGENT`` / ``CHAT_WITH_AN_AGENT`` intents vs the rest), which also counts complaints
  and "this is urgent" as wanting an agent — so the signal alone, and the handoff rule (a person asked
  for, or emotion at the handoff threshold), are both shown.

The data sets are read from ``WARMLINE_DATASETS`` (default ``../shared/datasets`` from the repo root);
nothing is copied or shipped.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from warmline.domain import ConfigError, Thresholds
from warmline.signals import emotion_signal, wants_human_signal

__all__ = [
    "BinaryScores",
    "EmotionEvaluation",
    "HandoffEvaluation",
    "datasets_dir",
    "evaluate_emotion",
    "evaluate_handoff",
    "format_emotion",
    "format_handoff",
]

_UPSET_LABELS = frozenset({"anger", "annoyance", "disappointment", "disapproval", "disgust"})
_SWEEP = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
_VADER_NEGATIVE = -0.05  # VADER's own recommended cut for "negative"
_HINT3_AGENT = frozenset({"CHAT_WITH_AGENT", "CHAT_WITH_AN_AGENT"})


@dataclass(frozen=True, slots=True)
class BinaryScores:
    """Precision, recall and F1 of one yes/no prediction against labels."""

    examples: int
    positives: int
    predicted: int
    true_positives: int
    precision: float
    recall: float
    f1: float
    accuracy: float

    @classmethod
    def of(cls, labels: Sequence[bool], predictions: Sequence[bool]) -> BinaryScores:
        """Score ``predictions`` against ``labels`` (same order, same length)."""
        pairs = list(zip(labels, predictions, strict=True))
        tp = sum(1 for label, guess in pairs if label and guess)
        predicted = sum(1 for _, guess in pairs if guess)
        positives = sum(1 for label, _ in pairs if label)
        correct = sum(1 for label, guess in pairs if label == guess)
        precision = tp / predicted if predicted else 0.0
        recall = tp / positives if positives else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(examples=len(pairs), positives=positives, predicted=predicted, true_positives=tp,
                   precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4),
                   accuracy=round(correct / len(pairs), 4) if pairs else 0.0)


@dataclass(frozen=True, slots=True)
class EmotionEvaluation:
    """The emotion signal on GoEmotions: at the policy's threshold, a sweep, and VADER alone."""

    dataset: str
    threshold: float
    scores: BinaryScores
    vader_baseline: BinaryScores
    sweep: tuple[tuple[float, BinaryScores], ...]

    def as_json(self) -> dict[str, Any]:
        """A plain dict for ``--json``."""
        return {"dataset": self.dataset, "threshold": self.threshold, "scores": asdict(self.scores),
                "vader_baseline": asdict(self.vader_baseline),
                "sweep": [{"threshold": t, **asdict(s)} for t, s in self.sweep]}


@dataclass(frozen=True, slots=True)
class HandoffEvaluation:
    """The "wants a person" signal on NLU++ and Bitext, together and per source; HINT3 apart when present."""

    threshold: float
    scores: BinaryScores
    per_source: tuple[tuple[str, BinaryScores], ...]
    real_traffic: tuple[tuple[str, BinaryScores], ...] = ()

    def as_json(self) -> dict[str, Any]:
        """A plain dict for ``--json``."""
        return {"threshold": self.threshold, "scores": asdict(self.scores),
                "per_source": {name: asdict(s) for name, s in self.per_source},
                "real_traffic": {name: asdict(s) for name, s in self.real_traffic}}


def datasets_dir(explicit: Path | None = None) -> Path:
    """Where the data sets are: the argument, ``WARMLINE_DATASETS``, or ``../shared/datasets`` from the repo."""
    if explicit is not None:
        return explicit
    if env := os.environ.get("WARMLINE_DATASETS"):
        return Path(env)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").exists():
            return folder.parent / "shared" / "datasets"
    return Path("../shared/datasets")


def _require(path: Path) -> Path:
    if not path.exists():
        raise ConfigError("data set not found", file=str(path),
                          fix="set WARMLINE_DATASETS to the folder holding goemotions/, nlupp/ and "
                              "bitext_customer_support/")
    return path


def load_goemotions(root: Path, *, split: str = "dev") -> list[tuple[str, bool]]:
    """GoEmotions ``split`` as (text, upset) pairs."""
    folder = _require(root / "goemotions")
    names = (folder / "emotions.txt").read_text(encoding="utf-8").split()
    upset_ids = {str(i) for i, name in enumerate(names) if name in _UPSET_LABELS}
    rows: list[tuple[str, bool]] = []
    with _require(folder / f"{split}.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            text, labels, *_ = line.rstrip("\n").split("\t")
            rows.append((text, bool(upset_ids & set(labels.split(",")))))
    return rows


def load_handoff(root: Path) -> list[tuple[str, bool, str]]:
    """NLU++ (all folds, both domains) and Bitext as (text, wants a person, source)."""
    rows: list[tuple[str, bool, str]] = []
    for fold in sorted(_require(root / "nlupp" / "data").glob("*/fold*.json")):
        for example in json.loads(fold.read_text(encoding="utf-8")):
            rows.append((example["text"], "handoff" in example.get("intents", []), "nlupp"))
    bitext = _require(root / "bitext_customer_support" / "Bitext_Sample_Customer_Support_Training_Dataset.csv")
    with bitext.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            rows.append((record["instruction"], record["intent"] == "contact_human_agent", "bitext"))
    return rows


def load_hint3_agent(root: Path) -> list[tuple[str, bool]]:
    """HINT3 v2 train (all bots) as (text, the bot's own "chat with an agent" intent); empty if absent."""
    rows: list[tuple[str, bool]] = []
    for path in sorted((root / "hint3" / "v2" / "train").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += [(r["sentence"], r["label"] in _HINT3_AGENT) for r in csv.DictReader(handle)]
    return rows


def _scores_at(labels: Sequence[bool], values: Sequence[float], threshold: float) -> BinaryScores:
    return BinaryScores.of(labels, [value >= threshold for value in values])


def evaluate_emotion(*, root: Path | None = None, split: str = "dev", threshold: float | None = None,
                     limit: int | None = None) -> EmotionEvaluation:
    """Precision/recall/F1 of "upset" on GoEmotions ``split`` at ``threshold`` (default: fast-lane threshold)."""
    rows = load_goemotions(datasets_dir(root), split=split)[:limit]
    labels = [upset for _, upset in rows]
    values = [emotion_signal(text=text).score for text, _ in rows]
    cut = Thresholds().fast_lane_emotion if threshold is None else threshold
    vader = _vader_compounds(text for text, _ in rows)
    return EmotionEvaluation(
        dataset=f"goemotions/{split}", threshold=cut, scores=_scores_at(labels, values, cut),
        vader_baseline=BinaryScores.of(labels, [c <= _VADER_NEGATIVE for c in vader]),
        sweep=tuple((t, _scores_at(labels, values, t)) for t in _SWEEP))


def _vader_compounds(texts: Iterable[str]) -> list[float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return [float(analyzer.polarity_scores(text)["compound"]) for text in texts]


def evaluate_handoff(*, root: Path | None = None, threshold: float | None = None) -> HandoffEvaluation:
    """Precision/recall/F1 of "wants a person" on NLU++ + Bitext at ``threshold`` (default: the bot's)."""
    folder = datasets_dir(root)
    rows = load_handoff(folder)
    cut = Thresholds().wants_human if threshold is None else threshold
    predict: Callable[[str], bool] = lambda text: wants_human_signal(text=text).score >= cut  # noqa: E731
    guesses = [predict(text) for text, _, _ in rows]
    per_source = tuple(
        (source, BinaryScores.of([r[1] for r in rows if r[2] == source],
                                 [g for r, g in zip(rows, guesses, strict=True) if r[2] == source]))
        for source in ("nlupp", "bitext"))
    return HandoffEvaluation(threshold=cut, scores=BinaryScores.of([r[1] for r in rows], guesses),
                             per_source=per_source, real_traffic=_real_traffic(folder, cut))


def _real_traffic(root: Path, cut: float) -> tuple[tuple[str, BinaryScores], ...]:
    rows = load_hint3_agent(root)
    if not rows:
        return ()
    labels = [wants for _, wants in rows]
    asked = [wants_human_signal(text=text).score >= cut for text, _ in rows]
    upset = Thresholds().handoff_emotion
    rule = [a or emotion_signal(text=text).score >= upset for a, (text, _) in zip(asked, rows, strict=True)]
    return (("hint3 signal", BinaryScores.of(labels, asked)), ("hint3 handoff", BinaryScores.of(labels, rule)))


def _line(name: str, scores: BinaryScores) -> str:
    # Kept under 80 columns: the CLI prints through rich, which wraps at the terminal width.
    return (f"{name:<16} P {scores.precision:.3f}  R {scores.recall:.3f}  F1 {scores.f1:.3f}  "
            f"acc {scores.accuracy:.3f}  {scores.true_positives}/{scores.predicted} of "
            f"{scores.positives}/{scores.examples}")


def format_emotion(result: EmotionEvaluation) -> str:
    """Human-readable table for the terminal."""
    lines = [f"emotion 'upset' on {result.dataset} (hits/predicted of positives/examples)",
             _line(f"warmline @ {result.threshold:.2f}", result.scores),
             _line("VADER alone", result.vader_baseline), "sweep:"]
    lines += [_line(f"  @ {t:.2f}", s) for t, s in result.sweep]
    return "\n".join(lines)


def format_handoff(result: HandoffEvaluation) -> str:
    """Human-readable table for the terminal."""
    lines = [f"wants a person @ {result.threshold:.2f} (hits/predicted of positives/examples)",
             _line("all", result.scores)]
    lines += [_line(name, scores) for name, scores in result.per_source]
    if result.real_traffic:
        lines.append("real shop-bot traffic (HINT3 v2 train, CHAT_WITH_AGENT intents):")
        lines += [_line(f"  {name}", scores) for name, scores in result.real_traffic]
    return "\n".join(lines)
