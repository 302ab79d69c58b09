"""Per-bot tuning at ingest: cross-validation on the bot's own questions and phrasings.

The folds (``crossval._folds``) hide a share of the phrasings and a few whole entries; the out-of-fold
candidate features train the calibrator, and ``crossval._choice`` picks the answer threshold and the
ambiguity margin from the held-out questions. A second pass holds phrasings out a near-duplicate group
at a time and lowers the threshold until a share of them is answered (``answer_at_least``). Too few
questions to cross-validate: defaults.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from warmline.domain import ValidationError

from ._learned import is_learned, learned_weights
from ._scoring import Calibrator, Lexical, Scorer, fit_classifier
from ._sources import Document, Key, KeyKind
from ._state import IndexState
from .crossval import (
    DEFAULT_THRESHOLD,
    MIN_MARGIN,
    NEAR_DUPLICATE,
    FoldSet,
    HeldOut,
    Tuning,
    acceptance_threshold,
    assign_folds,
    choose,
    near_duplicate_groups,
    verdict,
    weighted_mcc,
    within,
)
from .ingest._embed import IngestProgress
from .ingest._vectors import KeyVectors, VectorSpool, as_key_vectors, streaming_centroids

__all__ = ["MIN_MARGIN", "NEAR_DUPLICATE", "SENTENCE_DISCOUNT", "Tuning", "build_scorer", "classifier_strength",
           "fit_state", "key_discounts", "near_duplicate_groups", "sections_of", "tune", "verdict", "weighted_mcc"]

log = logging.getLogger(__name__)

MIN_QUESTIONS = 16  # fewer question-like keys than this: no cross-validation, defaults
MIN_ENTRIES = 4
DEFAULT_MARGIN = 0.1
CLASSIFIER_CS = (3.0, 10.0, 30.0)  # ties keep the first best, scanning from the strongest prior
# A small FAQ is cross-validated on several fold draws, pooled: with one draw, which phrasings happened to be
# held out together moved the demo shop's MCC threshold from .16 to .47 and its margin from .18 to .50, so
# adding four phrasings could change how the bot answers half its questions. Above this many question-like
# keys one draw holds enough questions, and more would cost minutes at ingest.
FOLD_DRAWS, FEW_QUESTIONS = 3, 1500
# A sentence key is short: a question sharing one topic word with it lies as near it as a question about it
# lies near a whole paragraph ("do you christmas market this year" .73 to "…for Christmas presents ask us
# before 1 November"). Its cosine counts this much less.
SENTENCE_DISCOUNT = 0.05


def classifier_strength(vectors: np.ndarray | KeyVectors, passage_of: np.ndarray, question_like: np.ndarray,
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
    phrasings = as_key_vectors(vectors).rows(rows)  # at most a few thousand entries' phrasings
    best_c, best_hits = CLASSIFIER_CS[1], -1
    for c in CLASSIFIER_CS:
        hits = 0
        for train, test in StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(rows, labels):
            clf = fit_classifier(phrasings[train], labels[train], c=c)
            if clf is not None:
                probs = clf.probabilities(phrasings[test], n_passages)
                hits += int((probs.argmax(axis=1) == labels[test]).sum())
        if hits > best_hits:
            best_c, best_hits = c, hits
    return best_c


def sections_of(passage_of: np.ndarray, question_like: np.ndarray, n_passages: int) -> np.ndarray:
    """Passages without any question-like key (Markdown sections)."""
    return np.bincount(passage_of[question_like], minlength=n_passages) == 0


def key_discounts(keys: Sequence[Key]) -> np.ndarray | None:
    """What each key's cosine is discounted by: a sentence key (``SENTENCE_DISCOUNT``) alone; ``None`` when
    there are none."""
    discounts = np.array([SENTENCE_DISCOUNT if key.kind == KeyKind.SENTENCE else 0.0 for key in keys])
    return discounts if discounts.any() else None


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


def tune(*, vectors: np.ndarray | KeyVectors, texts: list[str], passage_of: np.ndarray, question_like: np.ndarray,
         n_passages: int, classifier: float | None, seed: int = 13,
         progress: Callable[[int, int], None] | None = None, sample_weight: np.ndarray | None = None,
         near_duplicate: float | None = None, accept_inscope: float | None = None,
         answer_at_least: float | None = None, key_discount: np.ndarray | None = None) -> Tuning:
    """Cross-validate and fit the calibrator, threshold and margin (or fall back to defaults).

    ``near_duplicate``: hold out an entry's phrasings a near-duplicate group at a time (cosine ≥ this,
    see ``near_duplicate_groups``); ``None`` (the default) holds them out one by one. Grouping makes the
    held-out questions as new as real traffic, but it is off by default: on the demo shop it raised
    wrong answers from 1.9% to 2.6% (docs/benchmarks-knowledge.md). ``vectors`` may be a ``VectorSpool``:
    the keys are then read a block at a time, and at most ``MAX_FOLD_QUESTIONS`` questions per fold.

    ``accept_inscope``: instead of the best simulated-out-of-scope MCC, the threshold that this share
    of the held-out *answerable* questions clears (see ``crossval.acceptance_threshold``); ``None``: by MCC.

    ``answer_at_least``: the threshold is lowered, if need be, until this share of the answerable questions
    held out a near-duplicate group at a time (every entry known, as in real traffic) clears it.
    """
    if accept_inscope is not None and not 0.0 < accept_inscope < 1.0:
        raise ValidationError(f"got {accept_inscope}", field="accept_inscope",
                              expected="a share between 0 and 1, e.g. 0.8")
    if answer_at_least is not None and not 0.0 < answer_at_least <= 1.0:
        raise ValidationError(f"got {answer_at_least}", field="answer_at_least",
                              expected="a share above 0 and at most 1, e.g. 0.8")
    keys = as_key_vectors(vectors)
    entries_with_questions = np.unique(passage_of[question_like])
    note = None
    if int(question_like.sum()) < MIN_QUESTIONS or entries_with_questions.size < MIN_ENTRIES:
        note = (f"only {int(question_like.sum())} questions in {entries_with_questions.size} FAQ entries "
                f"(need {MIN_QUESTIONS} in {MIN_ENTRIES}): default threshold, not cross-validated; "
                "add phrasings to FAQ entries to tune it")
    elif not (np.bincount(passage_of[question_like]) >= 2).any():
        # Nothing answerable to hold out: tuned on out-of-scope questions alone, the threshold fell to ~0.
        note = ("no FAQ entry has a second phrasing to hold out: default threshold, not cross-validated; "
                "add phrasings to FAQ entries to tune it")
    if note:
        return Tuning(calibrator=Calibrator.default(), threshold=DEFAULT_THRESHOLD, margin=DEFAULT_MARGIN,
                      tuned=False, note=note)
    fold_set = FoldSet(keys=keys, texts=texts, passage_of=passage_of, question_like=question_like,
                        n_passages=n_passages, classifier=classifier, sample_weight=sample_weight, seed=seed,
                        is_section=sections_of(passage_of, question_like, n_passages), key_discount=key_discount)
    groups = (np.arange(passage_of.size) if near_duplicate is None
              else near_duplicate_groups(keys, passage_of, question_like, similarity=near_duplicate))
    draws = FOLD_DRAWS if int(question_like.sum()) <= FEW_QUESTIONS else 1
    held = HeldOut()
    for draw in range(draws):
        drawn = replace(fold_set, seed=seed + 1000 * draw)
        folds = assign_folds(np.random.default_rng(drawn.seed), passage_of, question_like, entries_with_questions,
                             groups=groups)
        held.extend(drawn.held_out(folds, progress=within(progress, draw=draw, draws=draws)))
    cand_groups = np.concatenate([np.full(len(c), i) for i, c in enumerate(held.cand_ids)])
    calibrator = Calibrator.fit(np.vstack(held.feats), np.concatenate(held.labels).astype(int),
                                np.concatenate(held.weights) * len(held.truths), cand_groups)
    probs = fold_set.probabilities(held, calibrator)
    sections = [fold_set.is_section[c] for c in held.cand_ids]
    at_most = (None if answer_at_least is None else
               _answering(answer_at_least, fold_set=fold_set, calibrator=calibrator, entries=entries_with_questions))
    tuning = choose(calibrator, probs, sections, held.cand_ids, np.array(held.truths),
                    np.array(held.query_weights), accept_inscope=accept_inscope, at_most=at_most)
    if tuning.pair_threshold is None:
        return tuning
    return replace(tuning, note=f"{tuning.note}; lowered from {tuning.pair_threshold:.2f} so that "
                                f"{answer_at_least:.0%} of new wordings of its questions are answered "
                                "(thresholds.answer_at_least)")


def _answering(share: float, *, fold_set: FoldSet, calibrator: Calibrator, entries: np.ndarray) -> float | None:
    """The threshold that ``share`` of the answerable phrasings clear, held out a near-duplicate group at a time
    with every entry known (as new as a customer's wording); ``None`` when no entry has a phrasing to spare."""
    grouped = near_duplicate_groups(fold_set.keys, fold_set.passage_of, fold_set.question_like,
                                    similarity=NEAR_DUPLICATE)
    folds = assign_folds(np.random.default_rng(fold_set.seed), fold_set.passage_of, fold_set.question_like, entries,
                         groups=grouped)
    held = fold_set.held_out([(held_in, np.array([], dtype=np.int64)) for held_in, _ in folds])
    best = [float(p[~fold_set.is_section[c]].max(initial=0.0))
            for p, c in zip(fold_set.probabilities(held, calibrator), held.cand_ids, strict=True)]
    return acceptance_threshold(np.array(best), share) if best else None


def fit_state(*, bot_name: str, model: str, documents: list[Document], keys: list[Key], key_ids: list[str],
              passage_of: np.ndarray, vectors: VectorSpool, progress: IngestProgress, near_duplicate: float | None,
              accept_inscope: float | None, answer_at_least: float | None,
              exact_max_keys: int) -> tuple[IndexState, str]:
    """The index an ingest writes: the scores tuned on the keys' spooled ``vectors``, the classifier, the
    passages' centroids, and the keys' vectors themselves when there are at most ``exact_max_keys``."""
    n = len(documents)
    question_like = np.array([k.question_like for k in keys], dtype=bool)
    texts = [k.text for k in keys]
    classifier = classifier_strength(vectors, passage_of, question_like, n) if keys else None
    weights = learned_weights(passage_of, np.array([is_learned(d.passage.citation.source) for d in documents]))
    tuning = tune(vectors=vectors, texts=texts, passage_of=passage_of, question_like=question_like,
                  n_passages=n, classifier=classifier, sample_weight=weights,
                  near_duplicate=near_duplicate, accept_inscope=accept_inscope, answer_at_least=answer_at_least,
                  key_discount=key_discounts(keys), progress=lambda done, total: progress("tune", done, total))
    # The classifier exists only for a few thousand entries at most (``classifier_strength``).
    clf = (fit_classifier(vectors.rows(np.arange(len(keys))), passage_of, c=classifier, sample_weight=weights)
           if classifier and keys else None)
    kept = vectors.rows(np.arange(len(keys))) if 0 < len(keys) <= exact_max_keys else None
    log.info("ingest of %s: %d passages; %s", bot_name, n, tuning.note)
    state = IndexState(
        bot_name=bot_name, model=model,
        passages=tuple(d.passage for d in documents), hashes=tuple(d.content_hash for d in documents),
        keys=tuple(keys), key_ids=tuple(key_ids), passage_of=passage_of,
        centroids=streaming_centroids(vectors, passage_of, n), classifier=clf, calibrator=tuning.calibrator,
        threshold=tuning.threshold, margin=tuning.margin,
        tuning={"tuned": tuning.tuned, "note": tuning.note, "cv_mcc": tuning.cv_mcc, "classifier_c": classifier,
                "cv_inscope_accuracy": tuning.cv_inscope_accuracy,
                "cv_oos_recall": tuning.cv_oos_recall, "cv_questions": tuning.cv_questions,
                "pair_threshold": tuning.pair_threshold},
        key_vectors=kept)
    return state, tuning.note
