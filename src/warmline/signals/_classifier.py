"""A classifier over sentence embeddings, learnt from labelled example messages, that explains itself.

Each label scores the mean cosine similarity of its ``k`` closest examples to the message; a softmax with a
low temperature turns the scores into probabilities. The evidence is the closest examples themselves, so
staff can see *why* ("closest to 'ik wil een mens spreken', p .91"). Pure: the embedding function is passed
in (the engine hands over the knowledge layer's model), so signals never import the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from warmline.domain import WarmlineError

from ._examples import LabelledExample

__all__ = ["Embed", "ExampleClassifier", "ExampleReading"]

# Texts in, one L2-normalised row per text out (the knowledge layer's MiniLM model in production).
Embed = Callable[[Sequence[str]], np.ndarray]

_K = 3
_TEMPERATURE = 0.04  # cosine gaps between labels are small (~0.1); this spreads them to usable odds
_SHOWN = 2


@dataclass(frozen=True, slots=True)
class ExampleReading:
    """The most likely label of a message, every label's probability, and the closest examples."""

    label: str
    probability: float
    probabilities: tuple[tuple[str, float], ...]
    nearest: tuple[str, ...]  # closest examples of the winning label, closest first

    def probability_of(self, label: str) -> float:
        """This label's probability (0 when the classifier does not know the label)."""
        return next((p for name, p in self.probabilities if name == label), 0.0)

    def evidence(self, label: str | None = None) -> str:
        """Plain words for staff: which examples the message was closest to, and how sure."""
        name = label or self.label
        closest = "', '".join(self.nearest)
        return f"{name.replace('_', ' ')} (p {self.probability_of(name):.2f}), closest to '{closest}'"


class ExampleClassifier:
    """k-nearest-examples per label with a softmax; trained once from ``examples`` with ``embed``."""

    def __init__(self, examples: Sequence[LabelledExample], *, embed: Embed, k: int = _K,
                 temperature: float = _TEMPERATURE, vectors: np.ndarray | None = None) -> None:
        """``vectors``: the examples' embeddings when already known (one row per example, as ``embed`` makes)."""
        if len({example.label for example in examples}) < 2:
            raise WarmlineError("the signal classifier needs examples of at least two labels")
        self._texts = [example.text for example in examples]
        self._labels = sorted({example.label for example in examples})
        label_of = np.array([self._labels.index(example.label) for example in examples])
        self._members = [np.flatnonzero(label_of == index) for index in range(len(self._labels))]
        self._vectors = np.asarray(embed(self._texts) if vectors is None else vectors, dtype=np.float32)
        if len(self._vectors) != len(self._texts):
            raise WarmlineError(f"{len(self._vectors)} vectors given for {len(self._texts)} examples")
        self._embed = embed
        self._k = k
        self._temperature = temperature

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels it can give."""
        return tuple(self._labels)

    def embed(self, text: str) -> np.ndarray:
        """The message's vector (to read it with several classifiers sharing one model)."""
        return np.asarray(self._embed([text]), dtype=np.float32)[0]

    def read(self, text: str, *, vector: np.ndarray | None = None) -> ExampleReading:
        """The label this message is closest to, with probabilities and the nearest examples."""
        similarity = self._vectors @ (self.embed(text) if vector is None else vector)
        scores = np.empty(len(self._labels), dtype=np.float64)
        best_of: list[np.ndarray] = []
        for index, members in enumerate(self._members):
            close = similarity[members]
            if len(close) > self._k:  # the k closest, found in linear time, then ordered
                nearest = np.argpartition(-close, self._k - 1)[: self._k]
                top = members[nearest[np.argsort(-close[nearest])]]
            else:
                top = members[np.argsort(-close)]
            best_of.append(top)
            scores[index] = float(similarity[top].mean())
        odds = np.exp((scores - scores.max()) / self._temperature)
        probabilities = odds / odds.sum()
        winner = int(np.argmax(probabilities))
        return ExampleReading(
            label=self._labels[winner], probability=round(float(probabilities[winner]), 3),
            probabilities=tuple((name, round(float(p), 3)) for name, p in zip(self._labels, probabilities,
                                                                              strict=True)),
            nearest=tuple(self._texts[i] for i in best_of[winner][:_SHOWN]))
