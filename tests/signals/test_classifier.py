"""ExampleClassifier: the closest examples per label decide, with probabilities and the examples as evidence."""

from __future__ import annotations

import pytest

from warmline.domain import WarmlineError
from warmline.signals import ExampleClassifier, LabelledExample

from ._fake_embed import bag_of_words

_EXAMPLES = (
    LabelledExample("talk to a person please", "wants_human"),
    LabelledExample("put me through to an agent", "wants_human"),
    LabelledExample("how long does shipping take", "other"),
    LabelledExample("what sizes do you have", "other"),
)


def test_the_label_of_the_closest_examples_wins_with_evidence() -> None:
    classifier = ExampleClassifier(_EXAMPLES, embed=bag_of_words)
    reading = classifier.read("can I talk to a person")
    assert reading.label == "wants_human"
    assert reading.probability > 0.9
    assert reading.nearest[0] == "talk to a person please"
    assert "closest to 'talk to a person please'" in reading.evidence()
    assert abs(sum(p for _, p in reading.probabilities) - 1.0) < 0.01


def test_an_ordinary_question_reads_as_other() -> None:
    reading = ExampleClassifier(_EXAMPLES, embed=bag_of_words).read("how long does shipping to Spain take")
    assert reading.label == "other"
    assert reading.probability_of("wants_human") < 0.1
    assert reading.probability_of("no such label") == 0.0


def test_one_label_is_not_enough_to_classify() -> None:
    with pytest.raises(WarmlineError, match="at least two labels"):
        ExampleClassifier(_EXAMPLES[:2], embed=bag_of_words)
