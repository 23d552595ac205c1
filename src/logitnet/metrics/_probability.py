"""How good the predicted probabilities are: ranking (ROC AUC, average precision) and calibration.

Every score is scikit-learn's; two classes are scored on the second (positive) class's
probability, more classes one-vs-rest and macro-averaged.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn import metrics
from sklearn.preprocessing import label_binarize
from sklearn.utils import column_or_1d

from logitnet._validation import check_int, check_option

# How calibration_curve places its bin edges: equal widths, or equal counts of samples.
BIN_STRATEGIES = ("uniform", "quantile")
ROUNDING = 1e-9  # probabilities this far outside [0, 1] are rounding errors, and are clipped


def check_proba(y_true: Any, y_proba: Any, classes: Any = None) -> tuple[np.ndarray, ...]:
    """Return ``(y_true, y_proba, classes)``: labels, one probability column per class, labels.

    A 1-D ``y_proba`` is the positive class's probability of a binary problem.
    """
    y_true = column_or_1d(y_true, warn=False)
    classes = np.unique(y_true) if classes is None else np.asarray(classes)
    proba = np.asarray(y_proba, dtype=np.float64)
    if proba.ndim == 1 and len(classes) == 2:
        proba = np.column_stack([1.0 - proba, proba])
    if proba.shape != (len(y_true), len(classes)):
        raise ValueError(
            "y_proba must have one row per label and one column per class: shape "
            f"({len(y_true)}, {len(classes)}). Got {np.shape(y_proba)} instead."
        )
    if not np.all(np.isfinite(proba)) or proba.min() < -ROUNDING or proba.max() > 1 + ROUNDING:
        raise ValueError(
            f"y_proba must hold probabilities in [0, 1]. Got values from {float(np.min(proba))!r} "
            f"to {float(np.max(proba))!r}."
        )
    return y_true, np.clip(proba, 0.0, 1.0), classes


def roc_auc(y_true: Any, y_proba: Any, classes: Any = None) -> float:
    """Area under the ROC curve: of the positive class, or macro one-vs-rest for more classes.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_proba : array-like of shape (n_samples, n_classes) or (n_samples,)
        Predicted probabilities (a 1-D array is the positive class's, for two classes).
    classes : array-like of shape (n_classes,), default=None
        The label of each column; by default ``y_true``'s sorted labels.

    Returns
    -------
    float
        :func:`sklearn.metrics.roc_auc_score`; NaN when a class is missing from ``y_true``.

    Examples
    --------
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    y_true, proba, classes = check_proba(y_true, y_proba, classes)
    if not np.isin(classes, y_true).all():
        return float("nan")
    if len(classes) == 2:
        return float(metrics.roc_auc_score(y_true == classes[1], proba[:, 1]))
    return float(
        metrics.roc_auc_score(y_true, proba, multi_class="ovr", average="macro", labels=classes)
    )


def average_precision(y_true: Any, y_proba: Any, classes: Any = None) -> float:
    """Average precision (area under the precision-recall curve), macro one-vs-rest.

    Parameters are those of :func:`roc_auc`; the score is
    :func:`sklearn.metrics.average_precision_score`, NaN when a class is missing.

    Examples
    --------
    >>> round(average_precision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 4)
    0.8333
    """
    y_true, proba, classes = check_proba(y_true, y_proba, classes)
    if not np.isin(classes, y_true).all():
        return float("nan")
    if len(classes) == 2:
        return float(metrics.average_precision_score(y_true == classes[1], proba[:, 1]))
    indicator = label_binarize(y_true, classes=classes)
    return float(metrics.average_precision_score(indicator, proba, average="macro"))


def brier_score(y_true: Any, y_proba: Any, classes: Any = None) -> float:
    """Mean squared distance between the probabilities and the true class (lower is better).

    Parameters are those of :func:`roc_auc`; the score is
    :func:`sklearn.metrics.brier_score_loss`: of the positive class for two classes
    (between 0 and 1), summed over the classes for more (between 0 and 2).

    Examples
    --------
    >>> round(brier_score([0, 1], [0.2, 0.6]), 4)
    0.1
    """
    y_true, proba, classes = check_proba(y_true, y_proba, classes)
    if len(classes) == 2:
        return float(metrics.brier_score_loss(y_true == classes[1], proba[:, 1]))
    return float(metrics.brier_score_loss(y_true, proba, labels=classes))


def _bin_edges(p: np.ndarray, n_bins: int, strategy: str) -> np.ndarray:
    """The bin edges :func:`sklearn.calibration.calibration_curve` uses."""
    if strategy == "quantile":
        return np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
    return np.linspace(0.0, 1.0, n_bins + 1)


def calibration_bins(
    is_class: Any, p: Any, *, n_bins: int = 10, strategy: str = "uniform"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The reliability diagram's points, with the number of samples in each bin.

    Parameters
    ----------
    is_class : array-like of shape (n_samples,)
        1 where the sample is in the class (or the prediction is right), else 0.
    p : array-like of shape (n_samples,)
        The predicted probability of that event.
    n_bins : int, default=10
        Number of bins.
    strategy : {"uniform", "quantile"}, default="uniform"
        Bins of equal width, or of equal counts.

    Returns
    -------
    fraction, mean_predicted, counts : ndarray of shape (n_nonempty_bins,)
        :func:`sklearn.calibration.calibration_curve`'s ``prob_true`` and ``prob_pred``, and
        the samples in each of those (non-empty) bins.
    """
    from sklearn.calibration import calibration_curve

    check_int("n_bins", n_bins, min_value=1)
    check_option("strategy", strategy, BIN_STRATEGIES)
    is_class, p = np.asarray(is_class, dtype=np.int64), np.asarray(p, dtype=np.float64)
    fraction, mean_predicted = calibration_curve(is_class, p, n_bins=n_bins, strategy=strategy)
    binids = np.searchsorted(_bin_edges(p, n_bins, strategy)[1:-1], p)
    counts = np.bincount(binids, minlength=n_bins)
    return fraction, mean_predicted, counts[counts > 0]


def expected_calibration_error(
    y_true: Any, y_proba: Any, classes: Any = None, *, n_bins: int = 10
) -> float:
    """How far, on average over the samples, the confidence is from the observed frequency.

    Two classes are binned on the positive class's probability; more classes on the top
    class's probability (the confidence), against whether that class is right. The error is
    the sample-weighted mean over ``n_bins`` equal bins of ``|fraction - mean predicted|``, as
    :func:`sklearn.calibration.calibration_curve` gives them.

    Parameters
    ----------
    y_true, y_proba, classes
        As in :func:`roc_auc`.
    n_bins : int, default=10
        Number of equal bins between 0 and 1.

    Returns
    -------
    float
        Between 0 (perfectly calibrated) and 1.

    Examples
    --------
    >>> round(expected_calibration_error([0, 0, 1, 1], [0.1, 0.1, 0.9, 0.7], n_bins=2), 4)
    0.15
    """
    y_true, proba, classes = check_proba(y_true, y_proba, classes)
    if len(classes) == 2:
        event, p = y_true == classes[1], proba[:, 1]
    else:
        top = np.argmax(proba, axis=1)
        event, p = y_true == classes[top], proba[np.arange(len(proba)), top]
    fraction, mean_predicted, counts = calibration_bins(event, p, n_bins=n_bins)
    return float(np.sum(counts * np.abs(fraction - mean_predicted)) / len(p))


def probability_metrics(y_true: Any, y_proba: Any, classes: Any = None) -> dict[str, float]:
    """``roc_auc``, ``average_precision``, ``brier_score`` and ``expected_calibration_error``.

    Parameters are those of :func:`roc_auc`.

    Returns
    -------
    dict
        The four scores by name, in that order.
    """
    y_true, proba, classes = check_proba(y_true, y_proba, classes)
    return {
        "roc_auc": roc_auc(y_true, proba, classes),
        "average_precision": average_precision(y_true, proba, classes),
        "brier_score": brier_score(y_true, proba, classes),
        "expected_calibration_error": expected_calibration_error(y_true, proba, classes),
    }
