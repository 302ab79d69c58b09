"""The index as one search reads it: the loaded state, its scorer and what searches look up by key or passage.

Built once per version of the index (a load, an ingest, a learned answer) and swapped in whole, so a search never
mixes two versions, and nothing a search needs is rebuilt per message.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._scoring import Lexical, Scorer
from ._state import IndexState
from ._tuning import key_discounts, sections_of
from .chroma import ExactKeys

__all__ = ["LiveIndex", "live_index"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LiveIndex:
    """What a search reads, swapped as one object so a search never mixes two versions of the index."""

    state: IndexState
    scorer: Scorer
    key_index: dict[str, int]
    exact: ExactKeys | None  # small indexes: the keys' vectors in memory, searched without Chroma
    key_texts: tuple[str, ...]
    key_texts_by_passage: dict[str, tuple[str, ...]]


def live_index(state: IndexState, *, exact: ExactKeys | None) -> LiveIndex:
    """``state`` ready to search: its scorer, and its keys' texts by position and by passage."""
    question_like = np.array([k.question_like for k in state.keys], dtype=bool)
    scorer = Scorer(passage_of=state.passage_of, n_passages=len(state.passages),
                    centroids=state.centroids, classifier=state.classifier,
                    is_section=sections_of(state.passage_of, question_like, len(state.passages)),
                    key_discount=key_discounts(state.keys),
                    lexical=Lexical([k.text for k in state.keys]) if state.keys else None)
    return LiveIndex(state=state, scorer=scorer, key_index={kid: i for i, kid in enumerate(state.key_ids)},
                     exact=exact, key_texts=tuple(key.text for key in state.keys),
                     key_texts_by_passage=_texts_by_passage(state))


def _texts_by_passage(state: IndexState) -> dict[str, tuple[str, ...]]:
    texts: dict[str, list[str]] = {}
    for key, passage in zip(state.keys, state.passage_of, strict=True):
        texts.setdefault(state.passages[int(passage)].id, []).append(key.text)
    return {passage_id: tuple(found) for passage_id, found in texts.items()}
