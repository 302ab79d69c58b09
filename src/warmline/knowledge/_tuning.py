"""Per-bot tuning at ingest: cross-validation on the bot's own questions and phrasings.

Each fold hides a share of the phrasings (they must still find their entry: in-scope questions) and a
few whole entries (their questions must find *nothing*: simulated out-of-scope questions). The
out-of-fold candidate features train the calibrator; the answer threshold is the one that maximises
the (multi-class) Matthews correlation on those questions, weighting in-scope and out-of-scope equally
because a bot's real traffic mix is unknown; the ambiguity margin is the one that maximises a simple
utility (right answer +1, wrong answer −2, a question back +0.5 when the answer was among the two).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._scoring import Calibrator, Lexical, Scorer, dense_top, fit_classifier

__all__ = ["MIN_MARGIN", "NEAR_DUPLICATE", "Tuning", "build_scorer", "classifier_strength", "near_duplicate_groups",
           "tune", "verdict", "weighted_mcc"]

log = logging.getLogger(__name__)

MIN_QUESTIONS = 16  # fewer question-like keys than this: no cross-validation, defaults
MIN_ENTRIES = 4
N_FOLDS = 5
OOS_SHARE = 0.15  # share of entries hidden whole in each fold
DEFAULT_THRESHOLD = 0.5
DEFAULT_MARGIN = 0.1
CLASSIFIER_CS = (3.0, 10.0, 30.0)  # ties keep the first best, scanning from the strongest prior
PLATEAU = 0.01  # thresholds whose cross-validated MCC is this close to the best are equally good
NEAR_DUPLICATE = 0.75  # phrasings of one entry this similar (cosine) are held out together in CV
MIN_MARGIN = 0.05  # two answers that both clear the threshold this close are a coin flip: ask


def verdict(top: float, second: float, pair: float, *, threshold: float,
            margin: float) -> tuple[bool, bool]:
    """(in_scope, ambiguous) from the best probability, the runner-up's, and the pair's (see Scorer).

    Ambiguous: the top two together clear the threshold against the rest, and there is no clear winner
    (the best alone is below the threshold, or the runner-up clears it too and is within ``margin``).
    """
    clear_winner = top >= threshold and (second < threshold or top - second >= max(margin, MIN_MARGIN))
    ambiguous = pair >= threshold and not clear_winner
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


def classifier_strength(vectors: np.ndarray, passage_of: np.ndarray, question_like: np.ndarray,
                        n_passages: int) -> float | None:
    """The classifier's inverse regularisation C, chosen by 3-fold CV on the phrasings; None = no classifier.

    A classifier only helps when most entries have several phrasings to learn from.
    """
    counts = np.bincount(passage_of[question_like], minlength=n_passages)
    if n_passages > 2000 or int((counts >= 3).sum()) < max(2, n_passages // 2):
        return None
    from sklearn.model_selection import StratifiedKFold

    rows = np.flatnonzero(question_like & (counts[passage_of] >= 3))
    labels = passage_of[rows]
    best_c, best_hits = CLASSIFIER_CS[1], -1
    for c in CLASSIFIER_CS:
        hits = 0
        for train, test in StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(rows, labels):
            clf = fit_classifier(vectors[rows[train]], labels[train], c=c)
            if clf is not None:
                probs = clf.probabilities(vectors[rows[test]], n_passages)
                hits += int((probs.argmax(axis=1) == labels[test]).sum())
        if hits > best_hits:
            best_c, best_hits = c, hits
    return best_c


def sections_of(passage_of: np.ndarray, question_like: np.ndarray, n_passages: int) -> np.ndarray:
    """Passages without any question-like key (Markdown sections)."""
    return np.bincount(passage_of[question_like], minlength=n_passages) == 0


def build_scorer(*, vectors: np.ndarray, texts: list[str], passage_of: np.ndarray, n_passages: int,
                 classifier: float | None, is_section: np.ndarray | None = None,
                 sample_weight: np.ndarray | None = None) -> Scorer:
    """A scorer over these keys (the whole index, or one fold's training part); classifier = its C.

    ``sample_weight`` weighs the keys for the classifier (taught entries, see ``_learned``).
    """
    clf = fit_classifier(vectors, passage_of, c=classifier, sample_weight=sample_weight) if classifier else None
    return Scorer(passage_of=passage_of, n_passages=n_passages,
                  centroids=Scorer.centroids_of(vectors, passage_of, n_passages),
                  lexical=Lexical(texts) if texts else None, classifier=clf, is_section=is_section)


def tune(*, vectors: np.ndarray, texts: list[str], passage_of: np.ndarray, question_like: np.ndarray,
         n_passages: int, classifier: float | None, seed: int = 13,
         progress: Callable[[int, int], None] | None = None, sample_weight: np.ndarray | None = None,
         near_duplicate: float | None = None) -> Tuning:
    """Cross-validate and fit the calibrator, threshold and margin (or fall back to defaults).

    ``near_duplicate``: hold out an entry's phrasings a near-duplicate group at a time (cosine ≥ this,
    see ``near_duplicate_groups``); ``None`` (the default) holds them out one by one. Grouping makes the
    held-out questions as new as real traffic, but it is off by default: on the demo shop it raised
    wrong answers from 1.9% to 2.6% (docs/benchmarks-knowledge.md).
    """
    entries_with_questions = np.unique(passage_of[question_like])
    if int(question_like.sum()) < MIN_QUESTIONS or entries_with_questions.size < MIN_ENTRIES:
        note = (f"only {int(question_like.sum())} questions in {entries_with_questions.size} FAQ entries "
                f"(need {MIN_QUESTIONS} in {MIN_ENTRIES}): default threshold, not cross-validated; "
                "add phrasings to FAQ entries to tune it")
        return Tuning(calibrator=Calibrator.default(), threshold=DEFAULT_THRESHOLD, margin=DEFAULT_MARGIN,
                      tuned=False, note=note)
    is_section = sections_of(passage_of, question_like, n_passages)
    rng = np.random.default_rng(seed)
    groups = (np.arange(passage_of.size) if near_duplicate is None
              else near_duplicate_groups(vectors, passage_of, question_like, similarity=near_duplicate))
    folds = _assign_folds(rng, passage_of, question_like, entries_with_questions, groups=groups)
    feats, labels, weights, query_ids, cand_ids, truths = [], [], [], [], [], []
    for fold, (held_in, held_out_entries) in enumerate(folds):
        hidden = np.isin(passage_of, held_out_entries)
        train = ~hidden & ~held_in
        oos = hidden & question_like
        queries = np.flatnonzero(held_in | oos)
        train_idx = np.flatnonzero(train)
        scorer = build_scorer(vectors=vectors[train_idx], texts=[texts[i] for i in train_idx],
                              passage_of=passage_of[train_idx], n_passages=n_passages,
                              classifier=classifier, is_section=is_section,
                              sample_weight=None if sample_weight is None else sample_weight[train_idx])
        qv = vectors[queries]
        dense = [(train_idx[k], s) for k, s in dense_top(qv, vectors[train_idx])]
        scorer.passage_of = passage_of  # hits are global key indices from here on
        lex = ([(train_idx[k], s) for k, s in scorer.lexical.top([texts[i] for i in queries])]
               if scorer.lexical else [(np.array([], int), np.array([]))] * len(queries))
        n_in, n_out = int(held_in.sum()), int(oos.sum())
        for q, (cands, x) in zip(queries, scorer.features(qv, dense, lex), strict=True):
            truth = -1 if hidden[q] else int(passage_of[q])
            # Out-of-scope and in-scope questions weigh the same in total, whatever their counts.
            w = 0.5 / max(n_out, 1) if truth < 0 else 0.5 / max(n_in, 1)
            feats.append(x)
            labels.append(cands == truth)
            # Sections are scored by a fixed curve, so they do not train the calibrator.
            weights.append(np.where(is_section[cands], 0.0, w))
            cand_ids.append(cands)
            query_ids.append(w)
            truths.append(truth)
        if progress:
            progress(fold + 1, len(folds))
    groups = np.concatenate([np.full(len(c), i) for i, c in enumerate(cand_ids)])
    calibrator = Calibrator.fit(np.vstack(feats), np.concatenate(labels).astype(int),
                                np.concatenate(weights) * len(truths), groups)
    final = Scorer(passage_of=passage_of, n_passages=n_passages, centroids=np.zeros((0, 1)),
                   lexical=None, classifier=None, is_section=is_section)
    probs = [final.probabilities(c, x, calibrator) for c, x in zip(cand_ids, feats, strict=True)]
    sections = [is_section[c] for c in cand_ids]
    return _choose(calibrator, probs, sections, cand_ids, np.array(truths), np.array(query_ids))


def near_duplicate_groups(vectors: np.ndarray, passage_of: np.ndarray, question_like: np.ndarray,
                          *, similarity: float = NEAR_DUPLICATE) -> np.ndarray:
    """A group id per key: an entry's question-like keys chained by cosine ≥ ``similarity`` share one.

    Held-out questions must not have a near-copy left in training: real traffic rarely repeats a
    phrasing, and CV that tests "where is my order" against a kept "where is my order?" makes in-scope
    questions look easy and pushes the tuned threshold far too high (measured on HINT3, see
    docs/benchmarks-knowledge.md).
    """
    group = np.arange(passage_of.size)
    for entry in np.unique(passage_of[question_like]):
        keys = np.flatnonzero((passage_of == entry) & question_like)
        linked = (vectors[keys] @ vectors[keys].T) >= similarity
        for i in range(keys.size):  # union-find over the linked pairs, smallest index as the root
            for j in np.flatnonzero(linked[i, i + 1:]) + i + 1:
                a, b = _root(group, keys[i]), _root(group, keys[j])
                group[max(a, b)] = min(a, b)
    return np.array([_root(group, i) for i in range(group.size)])


def _root(group: np.ndarray, i: int) -> int:
    while group[i] != i:
        i = int(group[i])
    return int(i)


def _assign_folds(rng: np.random.Generator, passage_of: np.ndarray, question_like: np.ndarray,
                  entries: np.ndarray, *, groups: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per fold: a mask of held-out in-scope keys, and the entries hidden whole (out of scope).

    Keys are held out a near-duplicate group at a time; an entry whose phrasings all form one group is
    split key by key instead (otherwise its questions could never be answered in any fold).
    """
    fold_of_key = np.full(passage_of.size, -1)
    for entry in entries:
        keys = np.flatnonzero((passage_of == entry) & question_like)
        if np.count_nonzero(passage_of == entry) < 2:
            continue  # an entry's only key cannot be hidden and still be answerable
        unit_of_key = groups[keys] if np.unique(groups[keys]).size >= 2 else keys
        offset = int(rng.integers(N_FOLDS))  # drawn before the permutation: no groups = the folds of old
        units = rng.permutation(np.unique(unit_of_key))
        fold_of_unit = dict(zip(units.tolist(), ((offset + np.arange(units.size)) % N_FOLDS).tolist(),
                                strict=True))
        fold_of_key[keys] = [fold_of_unit[int(u)] for u in unit_of_key]
    shuffled = rng.permutation(entries)
    per_fold = max(1, round(OOS_SHARE * entries.size))
    folds = []
    for fold in range(N_FOLDS):
        start = (fold * per_fold) % entries.size
        hidden = np.take(shuffled, np.arange(start, start + per_fold), mode="wrap")
        folds.append((fold_of_key == fold, hidden))
    return folds


def _choose(calibrator: Calibrator, probs: list[np.ndarray], sections: list[np.ndarray],
            cands: list[np.ndarray], truths: np.ndarray, weights: np.ndarray) -> Tuning:
    """The FAQ answer threshold and the clarify margin from the held-out questions."""
    best = [_best(p, c, ~s) for p, c, s in zip(probs, cands, sections, strict=True)]
    faq_p, faq_c = np.array([b[0] for b in best]), np.array([b[1] for b in best])

    def predict(t: float) -> np.ndarray:
        # FAQ decisions only: a section answering a hidden entry's question may well be right (the care
        # guide for a hidden "how do I wash it?"), so counting it either way would bias the threshold.
        return np.where(faq_p >= t, faq_c, -1)

    grid = np.unique(np.quantile(faq_p, np.linspace(0, 1, 201)))
    scores = np.array([weighted_mcc(truths, predict(t), weights) for t in grid])
    # The middle of the near-best plateau, not its noisiest peak: a few hundred questions are few.
    threshold = float(np.median(grid[scores >= scores.max() - PLATEAU]))
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
                  cv_questions=int(truths.size))


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
    best_margin, best_utility = 0.0, -np.inf
    for margin in np.linspace(0, 0.5, 26):
        clarify = answered & (top - second < margin)
        utility = (np.where(correct, 1.0, -2.0)[answered & ~clarify].sum()
                   + np.where(in_top2, 0.5, -0.5)[clarify].sum())
        if utility > best_utility + 1e-9:
            best_margin, best_utility = float(margin), utility
    return best_margin
