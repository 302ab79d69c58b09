"""The words of one version of the index: read once, and which of them few passages say."""

from __future__ import annotations

from warmline.domain import Citation, Passage
from warmline.knowledge.reading._index_words import index_words


def _passage(number: int, text: str) -> Passage:
    return Passage(id=f"p{number}", question=None, text=text, citation=Citation(source="guide.md", title=f"T{number}"))


PASSAGES = (*(_passage(n, f"Every order ships from the studio. Section {n}.") for n in range(80)),
            _passage(80, "Bring your own needles to the workshop."))


def test_a_word_few_passages_say_is_rare_and_one_every_page_says_is_not() -> None:
    words = index_words(PASSAGES, ("how much is shipping?",), known=None)

    assert words.rare("needl")  # stemmed, as ``terms`` reads a question
    assert not words.rare("order")
    assert {"needles", "shipping", "studio"} <= words.vocabulary  # keys' words too, as written


def test_the_words_are_read_again_only_for_another_version_of_the_index() -> None:
    keys = ("how much is shipping?",)
    words = index_words(PASSAGES, keys, known=None)

    assert index_words(PASSAGES, keys, known=words) is words
    taught = index_words((*PASSAGES, _passage(81, "We gift wrap in linen.")), keys, known=words)
    assert taught is not words
    assert "linen" in taught.vocabulary
