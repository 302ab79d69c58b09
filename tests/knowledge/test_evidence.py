"""BM25 over the key texts, written out in numpy: the same scores as ``bm25s`` (the library it replaced)."""

from __future__ import annotations

import bm25s
import numpy as np
import pytest

from warmline.knowledge._evidence import Lexical, _tokens

KEYS = (
    "How long does shipping take within the Netherlands?",
    "Shipping to Belgium and Germany takes 2-4 working days; shipping elsewhere in Europe 3-7.",
    "Can I return a sweater? Returns are free within 30 days.",
    "Our wool is merino: soft, not itchy, and machine washable at 30 degrees.",
    "Gift cards come in 25, 50 and 100 euros and never expire.",
    "We accept PayPal, iDEAL, Visa and Mastercard.",
    "the and of",  # no content words: indexed as one dummy token
    "Gift wrapping is free: choose it at checkout, and add a card with your own words.",
    "Mugs are dishwasher safe; the glaze is food safe.",
)


def _reference(texts: tuple[str, ...]) -> tuple[bm25s.BM25, set[str]]:
    documents = [_tokens(t) for t in texts]
    reference = bm25s.BM25()
    reference.index([d or ["\x00"] for d in documents], show_progress=False)
    return reference, {token for d in documents for token in d}


@pytest.mark.parametrize("query", ["how long does shipping take", "shipping shipping costs", "gift card wrapping",
                                   "is the wool itchy", "pay with paypal or ideal", "free returns within days"])
def test_every_key_scores_what_bm25s_scores(query: str) -> None:
    reference, vocabulary = _reference(KEYS)
    tokens = [t for t in _tokens(query) if t in vocabulary]
    mine = Lexical(KEYS)
    expected = reference.get_scores(tokens)
    got = mine._scores([mine._vocabulary[t] for t in tokens])
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_the_top_keys_are_ranked_best_first_and_unrelated_keys_left_out() -> None:
    [(keys, scores)] = Lexical(KEYS).top(["gift wrapping please"])
    assert keys[0] == 7  # the gift-wrapping key: both words
    assert list(scores) == sorted(scores, reverse=True)
    assert set(keys) == {4, 7}  # only the keys that share a word with the question


def test_a_question_with_no_known_word_finds_nothing() -> None:
    [(keys, scores)] = Lexical(KEYS).top(["bonjour"])
    assert keys.size == 0
    assert scores.size == 0
