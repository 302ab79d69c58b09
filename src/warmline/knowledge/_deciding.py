"""From one question's calibrated candidates to the ``Retrieval`` a turn acts on.

Which passage answers, whether it clears the threshold (the tuned one for FAQ entries, the fixed curve's
midpoint for sections), and whether two near answers make it a question back ("which of these two?").
``KnowledgeBase.search`` gathers the evidence; this decides on it. What ``Reader`` adds knowing the
question's words is in ``reading/settling/``.
"""

from __future__ import annotations

import numpy as np

from warmline.domain import Retrieval, ScoredPassage

from ._evidence import Hits
from ._scoring import FEATURES, SECTION_MARGIN, SECTION_THRESHOLD, Scorer
from ._state import IndexState, extractive_answer
from .crossval import verdict

__all__ = ["SURE_SECTION", "retrieval_for"]

# A section this sure (its paragraph's cosine .56, well past the curve's midpoint) answers even when an FAQ
# question lies nearer: "how many hours does it take to knit one jumper?" is the page on handmade pieces
# (.99), not "How long does a made-to-order piece take?" (.08). On the seen question sets: +7 right, 0 wrong;
# at .7, 2 wrong more.
SURE_SECTION = 0.8


def retrieval_for(query: str, *, state: IndexState, scorer: Scorer, cands: np.ndarray, features: np.ndarray,
                  dense: Hits, k: int) -> Retrieval:
    """The ``k`` likeliest passages for ``query`` and the verdict on them (in scope, ambiguous)."""
    probs = scorer.probabilities(cands, features, state.calibrator)
    top = scorer.choose(cands, probs, state.threshold)
    pair, partner = scorer.pair_probability(cands, features, state.calibrator, probs, top)
    order = [top] + [int(i) for i in np.argsort(-probs) if i != top]
    section = bool(scorer.is_section[cands[top]])
    # An FAQ entry that clears its threshold is preferred over sections, so only another entry rivals it.
    faq_answer = not section and probs[top] >= state.threshold
    rivals = [i for i in order[1:] if not (faq_answer and scorer.is_section[cands[i]])
              and not (section and _clearly_further(scorer, cands, features, top, i))]
    second = float(probs[rivals[0]]) if rivals else 0.0
    in_scope, ambiguous = verdict(float(probs[top]), second, pair, margin=state.margin,
                                  threshold=SECTION_THRESHOLD if section else state.threshold,
                                  pair_threshold=None if section else state.tuning.get("pair_threshold"))
    if section and probs[top] < SURE_SECTION and _nearer_a_question(scorer, cands, features, top):
        in_scope, ambiguous = False, False
    if ambiguous and partner >= 0:  # the two answers to choose between come first
        order.remove(partner)
        order.insert(1, partner)
    scored = tuple(ScoredPassage(passage=state.passages[int(cands[i])], score=float(probs[i])) for i in order[:k])
    return Retrieval(query=query, candidates=scored, confidence=float(probs[order[0]]),
                     in_scope=in_scope, ambiguous=ambiguous,
                     answer_text=extractive_answer(state, int(cands[order[0]]), dense))


def _clearly_further(scorer: Scorer, cands: np.ndarray, features: np.ndarray, top: int, other: int) -> bool:
    """Whether section ``other`` is clearly further from the question than section ``top``: no rival then.

    Sections are scored by a fixed curve of their cosine, which flattens near 1: two guides' sections that
    both fit ("How our sweaters fit" .86, "Sweater and cardigan measurements" .76 for "how long is a size M
    sweater, shoulder to hem?") are within the FAQ's tuned margin though their cosines are .11 apart. The
    cosines tell them apart; only sections nearly as near as the best make it a question back.
    """
    dense = features[:, FEATURES.index("dense")]
    return bool(scorer.is_section[cands[other]] and dense[top] - dense[other] >= SECTION_MARGIN)


def _nearer_a_question(scorer: Scorer, cands: np.ndarray, features: np.ndarray, top: int) -> bool:
    """Whether one of the shop's FAQ questions is nearer the question than the section ``top`` is.

    The shop wrote that entry for questions like this one; when even it is not sure enough to answer, a
    guide's paragraph that is further away is no better ("Kann ich später bezahlen?" is not the custom-order
    prices). On the demo shop's eight question sets this set aside 6 wrong section answers and no right one.
    Not asked of a section that is sure on its own (``SURE_SECTION``).
    """
    dense = features[:, FEATURES.index("dense")]
    questions = ~scorer.is_section[cands]
    return bool(questions.any() and dense[questions].max() > dense[top])
