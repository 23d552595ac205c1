"""Per-sample weights from ``sample_weight`` and ``class_weight``, normalized to sum to 1."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.utils.class_weight import compute_class_weight

from logitnet._validation import check_class_weight
from logitnet.linear._checks import check_vector


def class_weights(
    class_weight: Any, classes: np.ndarray, codes: np.ndarray, sample_weight: Any = None
) -> np.ndarray:
    """Weight of each class, in the order of ``classes`` (all ones for ``None``).

    ``"balanced"`` gives class ``k`` the weight ``total / (n_classes * total_k)``, where the
    totals are sums of ``sample_weight`` (counts without it), as scikit-learn does.
    """
    check_class_weight(class_weight, classes)
    if class_weight is None:
        return np.ones(len(classes))
    if isinstance(class_weight, str):
        return compute_class_weight(
            "balanced", classes=np.arange(len(classes)), y=codes, sample_weight=sample_weight
        )
    return np.array([float(class_weight.get(c, 1.0)) for c in classes.tolist()])


def class_multipliers(class_weight: Any, classes: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Each class's weight divided by the stream's total weight, so the weights sum to 1."""
    codes = np.arange(len(classes))
    cw = class_weights(class_weight, classes, codes, totals)
    total = float(cw @ totals)
    if total <= 0:
        raise ValueError("The sample weights (times the class weights) must not all be zero.")
    return cw / total


def sample_weights(
    sample_weight: Any, class_weight: Any, classes: np.ndarray, codes: np.ndarray
) -> np.ndarray:
    """Combined weight of each sample, normalized to sum to 1."""
    n = len(codes)
    s = np.ones(n) if sample_weight is None else _check_sample_weight(sample_weight, n)
    s = s * class_weights(class_weight, classes, codes, s)[codes]
    total = s.sum()
    if total <= 0:
        raise ValueError("The sample weights (times the class weights) must not all be zero.")
    return s / total


def _check_sample_weight(sample_weight: Any, n_samples: int) -> np.ndarray:
    """Return ``sample_weight`` as finite, non-negative float64 weights, one per sample."""
    if np.isscalar(sample_weight):
        sample_weight = np.full(n_samples, sample_weight)
    s = check_vector(sample_weight, "sample_weight", n_samples, what="weights (one per sample)")
    if np.any(s < 0):
        raise ValueError(f"sample_weight must be >= 0. Got a minimum of {s.min()!r}.")
    return s.astype(np.float64)
