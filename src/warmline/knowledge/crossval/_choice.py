"""The answer threshold and the clarify margin chosen from cross-validation's held-out questions.

The threshold maximises the (multi-class) Matthews correlation on those questions, weighting in-scope and
out-of-scope equally because a bot's real traffic mix is unknown (or is the one a given share of the
answerable questions clears); the margin maximises a simple utility (right answer +1, wrong answer −2, a
question back +0.5 when the answer was among the two). ``verdict`` applies both to a live question.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._scoring import Calibrator

__all__ = ["DEFAULT_THRESHOLD", "MIN_MARGIN", "Tuning", "acceptance_threshold", "choose", "verdict",
           "weighted_mcc"]

DEFAULT_THRESHOLD = 0.5
PLATEAU = 0.01  # thresholds whose cross-validated MCC is this close to the best are equally good
MARGIN_PLATEAU = 0.02  # margins whose utility is this close to the best (per question it applies to) are too
MIN_MARGIN = 0.05  # two answers that both clear the threshold this close are a coin flip: ask


def verdict(top: float, second: float, pair: float, *, threshold: float, margin: float,
            pair_threshold: float | None = None) -> tuple[bool, bool]:
    """(in_scope, ambiguous) from the best probability, the runner-up's, and the pair's (see Scorer).

    Ambiguous: the top two together clear the threshold against the rest, and there is no clear winner
    (the best alone is below the threshold, or the runner-up clears it too and is within ``margin``).
    ``pair_threshold``: what the pair must clear when the best alone does not, if more than ``threshold``
    (a threshold lowered to answer more questions does not turn more out-of-scope ones into a question back).
    """
    clear_winner = top >= threshold and (second < threshold or top - second >= max(margin, MIN_MARGIN))
    pair_limit = threshold if top >= threshold or pair_threshold is None else max(threshold, pair_threshold)
    ambiguous = pair >= pair_limit and not clear_winner
    return top >= threshold or ambiguous, ambiguous


@dataclass(frozen=True, slots=True)
class Tuning:
    """What ingest learned about this bot's scores."""

    calibrator: Calibrator
    threshold: float
    margin: float
    tuned: bool
    note: str
    cv_mcc: float | None = None
    cv_inscope_accuracy: float | None = None
    cv_oos_recall: float | None = None
    cv_questions: int = 0
    pair_threshold: float | None = None  # the threshold by MCC, when ``answer_at_least`` lowered ``threshold``


def choose(calibrator: Calibrator, probs: list[np.ndarray], sections: list[np.ndarray],
            cands: list[np.ndarray], truths: np.ndarray, weights: np.ndarray, *,
            accept_inscope: float | None = None, at_most: float | None = None) -> Tuning:
    """The FAQ answer threshold and the clarify margin from the held-out questions; ``at_most`` caps the
    threshold (the one a required share of answerable questions clears)."""
    best = [_best(p, c, ~s) for p, c, s in zip(probs, cands, sections, strict=True)]
    faq_p, faq_c = np.array([b[0] for b in best]), np.array([b[1] for b in best])

    def predict(t: float) -> np.ndarray:
        # FAQ decisions only: a section answering a hidden entry's question may well be right (the care
        # guide for a hidden "how do I wash it?"), so counting it either way would bias the threshold.
        return np.where(faq_p >= t, faq_c, -1)

    grid = np.unique(np.quantile(faq_p, np.linspace(0, 1, 201)))
    scores = np.array([weighted_mcc(truths, predict(t), weights) for t in grid])
    # The middle of the near-best plateau, not its noisiest peak: a few hundred questions are few.
    threshold = (float(np.median(grid[scores >= scores.max() - PLATEAU])) if accept_inscope is None
                 else acceptance_threshold(faq_p[truths >= 0], accept_inscope))
    pair_threshold = None
    if at_most is not None and at_most < threshold:
        threshold, pair_threshold = at_most, threshold
    answered = predict(threshold)
    mcc = weighted_mcc(truths, answered, weights)
    top = faq_p
    second, in_top2 = [], []
    for p, c, chosen, truth in zip(probs, cands, answered, truths, strict=True):
        rest = p[c != chosen]
        second.append(rest.max() if rest.size else 0.0)
        in_top2.append(truth == chosen or (rest.size > 0 and truth == c[c != chosen][np.argmax(rest)]))
    inscope = truths >= 0
    second_a = np.array(second)
    # Only two answerable candidates compete for the margin (as in ``verdict``).
    margin = _choose_margin(top, second_a, answered == truths, np.array(in_top2),
                            (answered >= 0) & (second_a >= threshold))
    return Tuning(calibrator=calibrator, threshold=threshold, margin=margin, tuned=True,
                  note=f"cross-validated on {truths.size} held-out questions "
                       f"({int((~inscope).sum())} simulated out-of-scope)",
                  cv_mcc=mcc, cv_inscope_accuracy=float((answered == truths)[inscope].mean()),
                  cv_oos_recall=float((answered[~inscope] == -1).mean()) if (~inscope).any() else None,
                  cv_questions=int(truths.size), pair_threshold=pair_threshold)


def acceptance_threshold(inscope_top: np.ndarray, share: float) -> float:
    """The threshold that ``share`` of the held-out answerable questions' best FAQ probabilities clear.

    Why not the MCC on simulated out-of-scope questions: hidden intents look nothing like real
    out-of-scope traffic, and on HINT3's held-out sets the MCC-tuned threshold refused most answerable
    questions (docs/benchmarks-knowledge.md). The answerable side is what cross-validation *can* show.
    """
    return float(np.quantile(inscope_top, 1.0 - share)) if inscope_top.size else DEFAULT_THRESHOLD


def weighted_mcc(truths: np.ndarray, predicted: np.ndarray, weights: np.ndarray) -> float:
    """The multi-class Matthews correlation with sample weights (as scikit-learn's ``matthews_corrcoef``).

    Computed from the weighted confusion matrix directly: the threshold scan calls it a few hundred
    times per ingest, and scikit-learn's input checks cost more than the arithmetic.
    """
    labels, codes = np.unique(np.concatenate([truths, predicted]), return_inverse=True)
    n = labels.size
    confusion = np.bincount(codes[:truths.size] * n + codes[truths.size:], weights=weights,
                            minlength=n * n).reshape(n, n)
    true_sums, predicted_sums = confusion.sum(axis=1), confusion.sum(axis=0)
    total = float(confusion.sum())
    covariance = float(np.trace(confusion)) * total - float(true_sums @ predicted_sums)
    spread = (total**2 - float(true_sums @ true_sums)) * (total**2 - float(predicted_sums @ predicted_sums))
    return covariance / float(np.sqrt(spread)) if spread > 0 else 0.0


def _best(probs: np.ndarray, cands: np.ndarray, mask: np.ndarray) -> tuple[float, int]:
    if not mask.any():
        return 0.0, -1
    i = int(np.argmax(np.where(mask, probs, -1.0)))
    return float(probs[i]), int(cands[i])


def _choose_margin(top: np.ndarray, second: np.ndarray, correct: np.ndarray, in_top2: np.ndarray,
                   answered: np.ndarray) -> float:
    """The clarify margin in the middle of the near-best plateau of its utility (right +1, wrong −2, a question
    back +½ when the right answer is one of the two, else −½). The utility is flat over a wide range of
    margins, so its first maximum moved from .18 to .50 with the fold draw alone on the demo shop."""
    margins = np.linspace(0, 0.5, 26)
    utilities = np.empty(margins.size)
    for i, margin in enumerate(margins):
        clarify = answered & (top - second < margin)
        utilities[i] = (np.where(correct, 1.0, -2.0)[answered & ~clarify].sum()
                        + np.where(in_top2, 0.5, -0.5)[clarify].sum())
    near_best = utilities >= utilities.max() - MARGIN_PLATEAU * max(1, int(answered.sum()))
    return float(np.median(margins[near_best]))
