"""Settling which passage answers a question, knowing its words, and refusing one that does not: what
``Reader`` adds to the knowledge base's verdict. A tie settled by a title, a name, a place, a material, a
price, a phrase or the rarer words (``_names``, ``_phrases``, ``_hyphenated``, ``_prices``, ``_asked``); a
guide's section read for what it says (``_sections``); a question about what the knowledge never says, or
a measure, an age, a language or a choice it does not give, refused (``_refusing``). Pure."""

from __future__ import annotations

from ._asked import (
    settled_by_thing_asked,
    settled_by_who,
)
from ._hyphenated import (
    settled_by_term,
)
from ._names import (
    about_the_follow_up,
    asked_of_the_answer_before,
    narrowed_by_context,
    next_named,
    settled_by_material,
    settled_by_name,
    settled_by_place,
    settled_by_section_title,
    settled_by_title,
    with_substance_shared,
    with_words_shared,
)
from ._phrases import (
    settled_by_choice,
    settled_by_phrase,
    settled_by_rarer_words,
)
from ._prices import (
    settled_by_price,
)
from ._refusing import (
    barred_by_kind_asked,
    barred_by_unknown_words,
    focused_on_the_question,
    unbarred_by_what_is_told,
)
from ._sections import (
    on_the_page,
    said_beside,
    section_over_a_case,
    section_taken_back,
    section_titled_as_asked,
)

__all__ = [
    "about_the_follow_up",
    "asked_of_the_answer_before",
    "barred_by_kind_asked",
    "barred_by_unknown_words",
    "focused_on_the_question",
    "narrowed_by_context",
    "next_named",
    "on_the_page",
    "said_beside",
    "section_over_a_case",
    "section_taken_back",
    "section_titled_as_asked",
    "settled_by_choice",
    "settled_by_material",
    "settled_by_name",
    "settled_by_phrase",
    "settled_by_place",
    "settled_by_price",
    "settled_by_rarer_words",
    "settled_by_section_title",
    "settled_by_term",
    "settled_by_thing_asked",
    "settled_by_title",
    "settled_by_who",
    "unbarred_by_what_is_told",
    "with_substance_shared",
    "with_words_shared",
]
