"""How a fold's held-out rows score each alpha of a path, the way ``cv.glmnet`` scores them.

``"deviance"`` and ``"misclassification"`` are weighted means over the fold's rows (lower is
better); ``"roc_auc"`` is the fold's weighted area under the ROC curve (higher is better), and
so is any scikit-learn scorer. :func:`summarize` turns the folds' scores into ``cv.glmnet``'s
``cvm`` and ``cvsd``, and :func:`choose` picks its ``lambda.min`` and ``lambda.1se``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.metrics import get_scorer, get_scorer_names, roc_auc_score

from logitnet._validation import check_option

PROB_MIN = 1e-5  # cv.glmnet clips probabilities to [1e-5, 1 - 1e-5] before the deviance


def probabilities(X: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """Class probabilities at every alpha: ``(n_alphas, n_rows, n_classes)``."""
    Z = np.einsum("ij,akj->aik", X, coef) + intercept[:, None, :]
    if coef.shape[1] == 1:
        p = 1.0 / (1.0 + np.exp(-Z[..., 0]))
        return np.stack([1.0 - p, p], axis=-1)
    Z -= Z.max(axis=-1, keepdims=True)
    P = np.exp(Z)
    return P / P.sum(axis=-1, keepdims=True)


def deviance(P: np.ndarray, codes: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Weighted mean of ``-2 log p(own class)``, probabilities clipped as cv.glmnet does."""
    own = np.clip(P[:, np.arange(len(codes)), codes], PROB_MIN, 1.0 - PROB_MIN)
    return -2.0 * np.log(own) @ s / s.sum()


def misclassification(P: np.ndarray, codes: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Weighted share of rows whose most probable class is not their own (ties: the later)."""
    binary = P.shape[-1] == 2
    predicted = (P[..., 1] >= 0.5).astype(int) if binary else P.argmax(axis=-1)
    return (predicted != codes) @ s / s.sum()


def roc_auc(P: np.ndarray, codes: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The fold's weighted ROC AUC at each alpha (one-vs-rest, macro, for several classes)."""
    if P.shape[-1] == 2:
        return np.array([roc_auc_score(codes, p[:, 1], sample_weight=s) for p in P])
    labels = np.arange(P.shape[-1])
    return np.array(
        [roc_auc_score(codes, p, sample_weight=s, multi_class="ovr", labels=labels) for p in P]
    )


# name -> (score of each alpha from the probabilities, lower is better)
SCORINGS: dict[str, tuple[Callable, bool]] = {
    "deviance": (deviance, True),
    "misclassification": (misclassification, True),
    "roc_auc": (roc_auc, False),
}


def check_scoring(scoring: Any) -> Any:
    """A name of :data:`SCORINGS`, a scikit-learn scorer name, or a callable scorer."""
    if callable(scoring) or (isinstance(scoring, str) and scoring in SCORINGS):
        return scoring
    if isinstance(scoring, str) and scoring in get_scorer_names():
        return get_scorer(scoring)
    return check_option("scoring", scoring, list(SCORINGS))


def lower_is_better(scoring: Any) -> bool:
    """Whether smaller scores are better (the losses of :data:`SCORINGS`)."""
    return isinstance(scoring, str) and SCORINGS[scoring][1]


def summarize(scores: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``cv.glmnet``'s ``cvm`` and ``cvsd`` from the folds' scores (folds × alphas).

    The mean is weighted by each fold's total weight; ``cvsd`` is the standard error of that
    mean, ``sqrt(weighted mean of (score - cvm)² / (folds - 1))``.
    """
    weights = weights / weights.sum()
    mean = weights @ scores
    spread = weights @ (scores - mean) ** 2
    return mean, np.sqrt(spread / (len(scores) - 1))


def choose(
    alphas: np.ndarray, mean: np.ndarray, se: np.ndarray, lower: bool
) -> tuple[float, float]:
    """``(alpha_min, alpha_1se)`` as ``cv.glmnet`` picks ``lambda.min`` and ``lambda.1se``.

    ``alpha_min``: the largest alpha with the best mean score. ``alpha_1se``: the largest alpha
    whose mean score is within one standard error of that best.
    """
    loss = mean if lower else -mean
    best = loss <= loss.min()
    at_min = int(np.flatnonzero(best)[np.argmax(alphas[best])])
    within = loss <= loss[at_min] + se[at_min]
    return float(alphas[best].max()), float(alphas[within].max())
