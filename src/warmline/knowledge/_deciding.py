"""From one question's calibrated candidates to the ``Retrieval`` a turn acts on.

Which passage answers, whether it clears the threshold (the tuned one for FAQ entries, the fixed curve's
midpoint for sections), and whether two near answers make it a question back ("which of these two?").
``KnowledgeBase.search`` gathers the evidence; this decides on it.
"""

from __future__ import annotations

import numpy as np

from warmline.domain import Retrieval, ScoredPassage

from ._evidence import Hits
from ._scoring import SECTION_THRESHOLD, Scorer
from ._state import IndexState, extractive_answer
from .crossval import verdict

__all__ = ["retrieval_for"]


def retrieval_for(query: str, *, state: IndexState, scorer: Scorer, cands: np.ndarray, features: np.ndarray,
                  dense: Hits, k: int) -> Retrieval:
    """The ``k`` likeliest passages for ``query`` and the verdict on them (in scope, ambiguous)."""
    probs = scorer.probabilities(cands, features, state.calibrator)
    top = scorer.choose(cands, probs, state.threshold)
    pair, partner = scorer.pair_probability(cands, features, state.calibrator, probs, top)
    order = [top] + [int(i) for i in np.argsort(-probs) if i != top]
    # An FAQ entry that clears its threshold is preferred over sections, so only another entry rivals it.
    faq_answer = not scorer.is_section[cands[top]] and probs[top] >= state.threshold
    rivals = [i for i in order[1:] if not (faq_answer and scorer.is_section[cands[i]])]
    second = float(probs[rivals[0]]) if rivals else 0.0
    section = bool(scorer.is_section[cands[top]])
    in_scope, ambiguous = verdict(float(probs[top]), second, pair, margin=state.margin,
                                  threshold=SECTION_THRESHOLD if section else state.threshold,
                                  pair_threshold=None if section else state.tuning.get("pair_threshold"))
    if ambiguous and partner >= 0:  # the two answers to choose between come first
        order.remove(partner)
        order.insert(1, partner)
    scored = tuple(ScoredPassage(passage=state.passages[int(cands[i])], score=float(probs[i])) for i in order[:k])
    return Retrieval(query=query, candidates=scored, confidence=float(probs[order[0]]),
                     in_scope=in_scope, ambiguous=ambiguous,
                     answer_text=extractive_answer(state, int(cands[order[0]]), dense))
