"""The by-example comparison: keywords, examples and combined scored on the same labelled texts."""

from __future__ import annotations

from pathlib import Path

from signals._fake_embed import bag_of_words
from warmline.cli.eval.by_example import MULTILINGUAL_SET, compare, load_multilingual
from warmline.signals import ExampleSignals, LabelledExample

_REPO = Path(__file__).parents[3]


def test_the_per_language_set_has_wishes_upset_and_ordinary_messages_in_five_languages() -> None:
    rows = load_multilingual(_REPO / MULTILINGUAL_SET)
    assert {language for language, _, _ in rows} == {"en", "nl", "de", "es", "fr"}
    for language in ("en", "nl", "de", "es", "fr"):
        assert {label for lang, label, _ in rows if lang == language} == {"wants_human", "upset", "none"}


def test_examples_find_a_wish_the_keywords_miss_and_combined_keeps_both() -> None:
    wish = "liever contact met een collega van jullie"  # a wish the keyword lists do not know
    texts = [wish, "let me talk to a human", "how long does shipping take"]
    signals = ExampleSignals(embed=bag_of_words, extra=(LabelledExample(wish, "wants_human"),))
    result = compare("nl", kind="handoff", texts=texts, labels=[True, True, False],
                     readings=[signals.read(text) for text in texts])
    assert result.keywords.true_positives == 1
    assert result.examples.true_positives >= 1
    assert result.combined.true_positives == 2
    assert result.combined.predicted == 2
