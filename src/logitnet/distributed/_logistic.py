"""Fit a LogisticRegression on this rank's rows, every rank taking the same solver steps."""

from __future__ import annotations

from typing import Any

import numpy as np

from logitnet._validation import validate_X_y
from logitnet.distributed._group import all_reduce
from logitnet.distributed._objective import ShardedObjective
from logitnet.distributed._solver_checkpoint import resume_solver
from logitnet.linear._objective import BinaryObjective, MultinomialObjective
from logitnet.linear._solvers import SOLVERS
from logitnet.linear._weights import class_weights


def fit_logistic(
    estimator: Any, X: Any, y: Any, classes: np.ndarray, checkpoint: Any = None
) -> Any:
    """Fit ``estimator`` on this rank's ``X``, ``y``; ``classes`` are those of every rank.

    The model equals the one :meth:`LogisticRegression.fit` gives on every rank's rows at
    once: the weights are normalized by the total over every rank, and each pass's sums are
    all-reduced before the solver uses them. With ``checkpoint`` (a
    :class:`~logitnet.distributed._resume.Checkpointing`, or a folder and its settings), the
    solver resumes from the folder's iterate when its settings are the same, and rank 0
    writes one after each iteration (see ``_solver_checkpoint.resume_solver``).
    """
    estimator._check_params()
    X, y = validate_X_y(estimator, X, y, reset=True)
    codes = np.searchsorted(classes, y)
    s = _weights(estimator.class_weight, classes, codes)
    objective = ShardedObjective(_local(estimator, np.ascontiguousarray(X), codes, s, classes),
                                 estimator._l2_alpha())  # fmt: skip
    start, options = resume_solver(
        checkpoint, estimator._start(objective, classes), estimator._options()
    )
    result = SOLVERS[estimator._solver()](objective, start, options)
    estimator._store(objective, result, classes)
    estimator._warn_if_short(objective, result)
    return estimator


def _local(estimator: Any, X: np.ndarray, codes: np.ndarray, s: np.ndarray, classes: np.ndarray):
    """This rank's objective, without the penalty (added once, after the sum)."""
    if len(classes) == 2:
        return BinaryObjective(X, codes.astype(np.float64), s, 0.0, estimator.fit_intercept)
    return MultinomialObjective(X, codes, s, 0.0, estimator.fit_intercept, len(classes))


def _weights(class_weight: Any, classes: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Each row's class weight, divided by the total weight of every rank's rows."""
    counts = all_reduce(np.bincount(codes, minlength=len(classes)))
    if isinstance(class_weight, str):  # "balanced", from the counts of every rank
        per_class = counts.sum() / (len(classes) * np.maximum(counts, 1))
    else:
        per_class = class_weights(class_weight, classes, codes)
    s = per_class[codes]
    total = all_reduce(np.array([s.sum()]))[0]
    if total <= 0:
        raise ValueError("The class weights must not all be zero.")
    return s / total
