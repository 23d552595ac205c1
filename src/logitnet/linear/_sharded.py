"""Fit a LogisticRegression on this rank's rows, every rank taking the same solver steps.

The objective is :class:`~logitnet.linear._streamed.StreamedObjective` over one chunk, this
rank's rows, with an all-reduce of each pass's sums: the fit a scan gets in a process group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet._group import all_reduce
from logitnet._validation import validate_X_y
from logitnet.linear._streamed import StreamedObjective
from logitnet.linear._weights import class_weights

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from logitnet.linear._logistic import LogisticRegression, Resume
    from logitnet.streaming import Scan


def fit_sharded(
    estimator: LogisticRegression,
    X: ArrayLike,
    y: ArrayLike,
    classes: np.ndarray,
    resume: Resume | None = None,
) -> LogisticRegression:
    """Fit ``estimator`` on this rank's ``X``, ``y``; ``classes`` are those of every rank.

    The model equals the one :meth:`LogisticRegression.fit` gives on every rank's rows at
    once: the weights are normalized by the total over every rank, and each pass's sums are
    all-reduced before the solver uses them. ``resume(w0, options) -> (w0, options)`` may
    start the solver from a checkpoint (``logitnet.distributed``'s ``resume_solver``).
    """
    estimator._check_params()
    X, y = validate_X_y(estimator, X, y, reset=True)
    codes = np.searchsorted(classes, y)
    s = _weights(estimator.class_weight, classes, codes)
    rows = [(np.ascontiguousarray(X), codes, s)]
    objective = StreamedObjective(
        lambda: rows,
        X.shape[1],
        len(classes),
        estimator._l2_alpha(),
        estimator.fit_intercept,
        curvature=estimator._solver() in ("newton", "cd"),
        reduce=all_reduce,
        exact_hessian_max=None,
    )
    return estimator._solve(objective, classes, resume)


def fit_scan_resumed(
    estimator: LogisticRegression, scan: Scan, resume: Resume | None
) -> LogisticRegression:
    """``estimator.fit(scan)``, the solver started through ``resume`` (a checkpoint's hook)."""
    estimator._check_params()
    return estimator._fit_scan(scan, None, None, resume)


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
