"""The word lists reading needs: the countries a text names, by one name each."""

from __future__ import annotations

import pytest

from warmline.knowledge.language import places_named, regions_of_places


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


PRICES = "Belgium and Germany are €7.95; the rest of the EU is €11.95. The US is €24.95, and everywhere else €29.95."


@pytest.mark.parametrize(("text", "regions"), [
    ("how much is shipping to italy?", "the eu"),  # an EU country the answer does not name
    ("and to japan?", "everywhere else in the world"),
    ("how much to germany?", ""),  # named: its own line answers
    ("how much is shipping?", ""),
])
def test_a_country_the_answer_does_not_name_is_its_region(text: str, regions: str) -> None:
    assert regions_of_places(text, written=PRICES) == regions
