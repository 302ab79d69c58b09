"""The word lists reading needs: the countries a text names, by one name each."""

from __future__ import annotations

import pytest

from warmline.knowledge.language import places_named


@pytest.mark.parametrize(("text", "places"), [
    ("do you ship to mexico", {"mexico"}),
    ("Do you ship to the US?", {"us"}),
    ("is shipping to the States free", {"us"}),
    ("I live in Scotland", {"uk"}),
    ("Belgium or the Netherlands?", {"belgium", "netherlands"}),
    ("how about us", set()),  # the pronoun, not the country
    ("how long does shipping take", set()),
])
def test_the_countries_a_text_names(text: str, places: set[str]) -> None:
    assert places_named(text) == places
