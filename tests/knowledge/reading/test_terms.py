"""The words a question and a passage are compared by: stemmed, without function words."""

from __future__ import annotations

import pytest

from warmline.knowledge.reading._terms import function_or_general, stem, substance_in_common, title_words_asked


@pytest.mark.parametrize(("question", "title"), [
    ("how do I dry it afterwards", "Drying knitwear"), ("can it be dried in the sun", "Drying knitwear"),
    ("I'm knitting one myself", "Can I buy your knitting patterns?"), ("was it shipped", "Shipping"),
    ("which sizes", "Size guide"), ("the glazes", "Glaze"), ("two dresses", "Dress"),
])
def test_a_title_word_in_another_form_is_asked(question: str, title: str) -> None:
    assert title_words_asked(question, title)


@pytest.mark.parametrize(("question", "title"), [("do you need it", "Needles"), ("any news", "Newsletter")])
def test_a_word_is_not_cut_into_another(question: str, title: str) -> None:
    assert not title_words_asked(question, title)


def test_a_clitic_is_no_word_and_a_single_letter_is_a_size() -> None:
    assert substance_in_common("what's the chest width of an M?", "| M | 104 cm |") == {"m"}
    assert not substance_in_common("what's new", "there's a shelf")


def test_words_that_name_nothing_of_their_own_are_set_apart() -> None:
    assert function_or_general("the")
    assert function_or_general("please")
    assert not function_or_general("kiln")
    assert stem("washing") == stem("washed") == "wash"
