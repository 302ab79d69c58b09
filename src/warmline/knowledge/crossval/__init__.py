"""Ingest's cross-validation: which questions each fold holds out, and the threshold and margin they choose.

``_folds`` draws the folds (near-duplicate phrasings held out together, a few entries hidden whole as
simulated out-of-scope questions); ``_choice`` turns the held-out questions' probabilities into the answer
threshold and the clarify margin (by the weighted Matthews correlation, or an acceptance share) and holds
``verdict``, the rule retrieval applies them with; ``_held_out`` scores each fold's held-out questions with a
scorer built on the rest. ``knowledge._tuning`` runs the folds.
"""

from ._choice import (
    DEFAULT_THRESHOLD,
    MIN_MARGIN,
    Tuning,
    acceptance_threshold,
    choose,
    verdict,
    weighted_mcc,
)
from ._folds import N_FOLDS, NEAR_DUPLICATE, assign_folds, near_duplicate_groups
from ._held_out import MAX_FOLD_QUESTIONS, FoldSet, HeldOut, within

__all__ = ["DEFAULT_THRESHOLD", "MAX_FOLD_QUESTIONS", "MIN_MARGIN", "NEAR_DUPLICATE", "N_FOLDS", "FoldSet", "HeldOut",
           "Tuning", "acceptance_threshold", "assign_folds", "choose", "near_duplicate_groups", "verdict",
           "weighted_mcc", "within"]
